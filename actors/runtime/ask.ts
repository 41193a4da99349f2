// Request/reply: `ask` sends a message carrying a one-shot reply ref and waits for the answer.
// Unlike nact's `query`, ids come from a counter (never collide), the promise rejects as soon as the
// target stops (ActorDownError), and a reply after the ask settled is dropped as a dead letter.
import type { SystemCore } from './core.js';
import { ActorDownError, AskTimeoutError, InvalidArgumentError } from './errors.js';
import { MonitorSet } from './monitor.js';
import { internal, publicRef, RefImpl, type DownListener, type RefTarget } from './refs.js';
import type { ActorRef, ExitReason } from './types.js';

const MAX_TIMEOUT_MS = 2_147_483_647;
let lastAskId = 0;

/** The target behind an ask's reply ref: accepts one message, then is dead. */
class ReplySlot implements RefTarget {
  ref!: RefImpl;
  exitReason: ExitReason | undefined;
  private monitors: MonitorSet | undefined;

  constructor(
    readonly core: SystemCore,
    private readonly onReply: (value: unknown) => void,
  ) {}

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  tell(message: unknown, sender: RefImpl | undefined): void {
    if (this.exitReason !== undefined) {
      this.core.deadLetter(this.ref, message, sender, 'lateReply');
      return;
    }
    this.onReply(message);
  }

  close(): void {
    if (this.exitReason !== undefined) return;
    this.exitReason = 'normal';
    this.monitors?.fire({ type: 'down', ref: publicRef<never>(this.ref), reason: 'normal' });
  }

  addMonitor(listener: DownListener): void {
    (this.monitors ??= new MonitorSet()).add(listener);
  }

  removeMonitor(listener: DownListener): void {
    this.monitors?.remove(listener);
  }
}

/**
 * Send `make(replyTo)` to `target` and wait for the first message sent to `replyTo`.
 * Rejects with AskTimeoutError after `timeoutMs`, with ActorDownError as soon as the target stops
 * for good (or at once if it is already dead). Type the reply with `ask<Msg, Reply>(...)`.
 */
export function ask<M, R>(target: ActorRef<M>, make: (replyTo: ActorRef<R>) => NoInfer<M>, timeoutMs: number): Promise<R> {
  const ref = internal(target as ActorRef<never>, 'ask target');
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    return Promise.reject(new InvalidArgumentError('timeoutMs', `must be an integer in [1, ${MAX_TIMEOUT_MS}] ms`));
  }
  const destination = ref.target;
  if (!destination.alive) return Promise.reject(new ActorDownError(ref.path, destination.exitReason ?? 'noproc'));
  const id = ++lastAskId;
  return new Promise<R>((resolve, reject) => {
    const settle = (): void => {
      slot.close();
      clearTimeout(timer);
      destination.removeMonitor(onDown);
    };
    const onDown: DownListener = (down) => {
      settle();
      reject(new ActorDownError(ref.path, down.reason));
    };
    const slot = new ReplySlot(destination.core, (value) => {
      settle();
      resolve(value as R);
    });
    slot.ref = new RefImpl(`${ref.path}#ask-${id}`, slot, false);
    const timer = setTimeout(() => {
      settle();
      reject(new AskTimeoutError(ref.path, timeoutMs));
    }, timeoutMs);
    destination.addMonitor(onDown);
    let message: M;
    try {
      message = make(publicRef<R>(slot.ref));
    } catch (error) {
      settle();
      reject(error);
      return;
    }
    destination.tell(message, undefined);
  });
}
