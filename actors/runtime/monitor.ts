// Death-watch: `monitor(ref, onDown)` delivers exactly one Down when the target stops for good.
import { childLogger } from '../../lib/log.js';
import { internal, type DownListener } from './refs.js';
import type { AnyRef, Down } from './types.js';

const log = childLogger('runtime');

/** The monitors of one target. Fired once, at death, synchronously (so watchers see the death first). */
export class MonitorSet {
  private listeners: Set<DownListener> | undefined;

  add(listener: DownListener): void {
    (this.listeners ??= new Set()).add(listener);
  }

  remove(listener: DownListener): void {
    this.listeners?.delete(listener);
  }

  get size(): number {
    return this.listeners?.size ?? 0;
  }

  fire(down: Down): void {
    const listeners = this.listeners;
    this.listeners = undefined;
    if (!listeners) return;
    for (const listener of listeners) {
      if (typeof listener === 'function') listener(down);
      else listener.onDown(down);
    }
  }
}

/**
 * Watch `target`: `onDown` is called exactly once with `{ref, reason}` when it stops for good, or
 * soon (a microtask) if it is already dead. A restart is not a death. Returns a cancel function.
 * A throw in `onDown` is logged, never propagated.
 */
export function monitor(target: AnyRef, onDown: (down: Down) => void): () => void {
  const ref = internal(target, 'monitor target');
  let active = true;
  const listener: DownListener = (down) => {
    if (!active) return;
    active = false;
    try {
      onDown(down);
    } catch (error) {
      log.error('monitor callback threw', { target: ref.path, error });
    }
  };
  if (!ref.target.alive) {
    const reason = ref.target.exitReason ?? 'noproc';
    queueMicrotask(() => listener({ type: 'down', ref: target, reason }));
    return () => {
      active = false;
    };
  }
  ref.target.addMonitor(listener);
  return () => {
    if (!active) return;
    active = false;
    ref.target.removeMonitor(listener);
  };
}
