// Timers owned by one incarnation of a worker (Erlang's send_after, Akka's TimerScheduler): each
// delivers a message to the actor itself, and all of them die with the incarnation, so a restart or
// stop never leaves a ping or a silence check behind. A message of a cancelled timer that is
// already queued is not delivered (as in Akka).
import { InvalidArgumentError } from './errors.js';
import type { TimerHandle } from './types.js';

const MAX_TIMER_MS = 2_147_483_647; // setTimeout wraps above 2^31-1 ms: reject instead.


export class IncarnationTimer implements TimerHandle {
  private handle: ReturnType<typeof setTimeout> | undefined;
  private live = true;

  constructor(
    readonly key: string | undefined,
    private readonly owner: IncarnationTimers,
  ) {}

  /** Still valid: a queued message of this timer may be handled. */
  get active(): boolean {
    return this.live;
  }

  arm(handle: ReturnType<typeof setTimeout>): void {
    this.handle = handle;
  }

  /** A single-shot timer fired: it holds no OS timer any more but its message is still valid. */
  fired(): void {
    this.handle = undefined;
    this.owner.forget(this);
  }

  cancel(): void {
    if (!this.live) return;
    this.live = false;
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
    this.owner.forget(this);
  }
}

export class IncarnationTimers {
  private readonly timers = new Set<IncarnationTimer>();
  private readonly byKey = new Map<string, IncarnationTimer>();
  private closed = false;

  constructor(private readonly deliver: (message: unknown, timer: IncarnationTimer) => void) {}

  /** Timers holding an OS timer now (for tests: 0 once the incarnation ended). */
  get size(): number {
    return this.timers.size;
  }

  sendAfter(delayMs: number, message: unknown, key: string | undefined): TimerHandle {
    checkDelay(delayMs, 'delayMs', 0);
    const timer = this.create(key);
    if (!timer.active) return timer;
    timer.arm(
      setTimeout(() => {
        timer.fired();
        this.deliver(message, timer);
      }, delayMs),
    );
    return timer;
  }

  every(intervalMs: number, message: unknown, key: string | undefined): TimerHandle {
    checkDelay(intervalMs, 'intervalMs', 1);
    const timer = this.create(key);
    if (!timer.active) return timer;
    timer.arm(setInterval(() => this.deliver(message, timer), intervalMs));
    return timer;
  }

  cancel(key: string): void {
    this.byKey.get(key)?.cancel();
  }

  /** The incarnation ended: cancel everything, and refuse new timers. */
  cancelAll(): void {
    this.closed = true;
    for (const timer of [...this.timers]) timer.cancel();
  }

  forget(timer: IncarnationTimer): void {
    this.timers.delete(timer);
    if (timer.key !== undefined && this.byKey.get(timer.key) === timer) this.byKey.delete(timer.key);
  }

  private create(key: string | undefined): IncarnationTimer {
    if (key !== undefined && typeof key !== 'string') throw new InvalidArgumentError('key', 'must be a string');
    const timer = new IncarnationTimer(key, this);
    if (this.closed) {
      timer.cancel();
      return timer;
    }
    // A key names one timer: starting another with the same key replaces it (Akka).
    if (key !== undefined) {
      this.byKey.get(key)?.cancel();
      this.byKey.set(key, timer);
    }
    this.timers.add(timer);
    return timer;
  }
}

function checkDelay(ms: unknown, field: string, min: number): void {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < min || ms > MAX_TIMER_MS) {
    throw new InvalidArgumentError(field, `must be an integer number of ms in [${min}, ${MAX_TIMER_MS}]`);
  }
}
