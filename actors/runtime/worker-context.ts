// One incarnation of a worker: its ActorContext, and everything that must die with it (the state,
// the stop request, the handler in flight, the timers). A restart makes a new one, so nothing of a
// crashed incarnation (a pending ctx.stop(), a timer) can leak into the next.
import type { Logger } from '../../lib/log.js';
import { IncarnationTimers, type IncarnationTimer } from './incarnation-timers.js';
import { publicRef, publicSupervisorRef, type RefImpl } from './refs.js';
import type { ActorContext, ActorRef, AnyRef, SupervisorRef, TimerHandle } from './types.js';

/** What the incarnation is doing now: a stop request waits for `init` or a handler to return. */
export type Activity = 'init' | 'idle' | 'handling';

export interface IncarnationHost<M> {
  /** `ctx.stop()` was called (the worker decides when it takes effect). */
  stopRequested(ctx: WorkerContext<M>): void;
  /** A timer of this incarnation fired: deliver `message` to the actor itself. */
  timerFired(ctx: WorkerContext<M>, message: unknown, timer: IncarnationTimer): void;
}

export class WorkerContext<M> implements ActorContext<M> {
  readonly self: ActorRef<M>;
  readonly parent: SupervisorRef;
  sender: AnyRef | undefined = undefined;
  /** Numbered from 1 per worker: a child exit is only acted on if it is the current incarnation's. */
  readonly number: number;
  activity: Activity = 'init';
  /** ctx.stop() was called inside init or a handler: exit normally once it returns. */
  stopPending = false;
  /** The incarnation's state (set once init succeeded) and whether onStop/onRestart has yet to see it. */
  state: unknown = undefined;
  hasState = false;
  /** The running init, or the async receive in flight (a stop waits for it). */
  initializing: Promise<unknown> | undefined;
  receiving: Promise<void> | undefined;
  private readonly controller = new AbortController();
  private readonly timers: IncarnationTimers;
  private isEnded = false;
  private logger: Logger | undefined;

  constructor(
    ref: RefImpl,
    parent: RefImpl,
    number: number,
    private readonly baseLog: Logger,
    private readonly host: IncarnationHost<M>,
  ) {
    this.self = publicRef<M>(ref);
    this.parent = publicSupervisorRef(parent);
    this.number = number;
    this.timers = new IncarnationTimers((message, timer) => this.host.timerFired(this, message, timer));
  }

  get path(): string {
    return this.self.path;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The incarnation is over: late results of its work are ignored. */
  get ended(): boolean {
    return this.isEnded;
  }

  /** Timers holding an OS timer (0 once ended). */
  get timerCount(): number {
    return this.timers.size;
  }

  get log(): Logger {
    // Created lazily: a winston child per actor is not free and most actors never log.
    return (this.logger ??= this.baseLog.child({ actor: this.path }));
  }

  stop(): void {
    this.host.stopRequested(this);
  }

  sendAfter(delayMs: number, message: M, key?: string): TimerHandle {
    return this.timers.sendAfter(delayMs, message, key);
  }

  every(intervalMs: number, message: M, key?: string): TimerHandle {
    return this.timers.every(intervalMs, message, key);
  }

  cancelTimer(key: string): void {
    this.timers.cancel(key);
  }

  /** End the incarnation: timers cancelled, signal aborted with `reason`. Idempotent. */
  end(reason: unknown): void {
    if (this.isEnded) return;
    this.isEnded = true;
    this.timers.cancelAll();
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
