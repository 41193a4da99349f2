// A worker actor: a nact mailbox plus our lifecycle. Restart happens in place (Akka / nact `reset`
// semantics): same ref, queued messages kept, the failing message dropped. While the worker is down,
// a gate holds the mailbox and new messages are stashed (bounded) or dead-lettered.
// The phase lives in one Lifecycle (lifecycle.ts); everything of one incarnation (state, stop
// request, handler in flight, timers) lives on its WorkerContext. The supervisor drives start,
// suspendForRestart, restart and stop from its serial queue; the worker reports its own crash or
// normal exit with childExited, tagged with the incarnation number.
// A message sent with a receipt settles it exactly once: 'handled' when its receive settles, 'dropped' when
// it becomes a dead letter.
import type { CellHost, ChildCell, RestartCause, SystemCore } from './core.js';
import { Fifo } from '../../lib/core/fifo.js';
import type { IncarnationTimer } from './incarnation-timers.js';
import { attempt, Gate, isThenable, TIMED_OUT, withTimeout, type Outcome } from './isolate.js';
import { Lifecycle } from './lifecycle.js';
import { MonitorSet } from './monitor.js';
import type { Mailbox } from './nact-engine.js';
import { publicRef, RefImpl, type DownListener, type RefTarget, type RequestWatch } from './refs.js';
import type { ActorDef, ChildStatus, ExitReason, Receipt, Shutdown } from './types.js';
import { WorkerContext, type IncarnationHost } from './worker-context.js';

interface Envelope {
  readonly message: unknown;
  readonly sender: RefImpl | undefined;
  /** Arrived while the worker was down: counts against the stash capacity until handled. */
  readonly stashed: boolean;
  /** Handled or dead-lettered: must not be handled again. */
  done: boolean;
  /** The sender's receipt, cleared once called (exactly once). */
  receipt: Receipt | undefined;
  /** An ask waiting on this message: told if handling it crashes the actor. */
  readonly watch?: RequestWatch | undefined;
  /** Sent by a timer of that incarnation: dropped unless both are still current. */
  readonly timer?: { readonly ctx: WorkerContext<unknown>; readonly timer: IncarnationTimer } | undefined;
}

export class WorkerCell<S, M> implements ChildCell, RefTarget, IncarnationHost<M> {
  readonly kind = 'worker';
  readonly ref: RefImpl;
  exitReason: ExitReason | undefined;
  private readonly life: Lifecycle;
  private ctx: WorkerContext<M>;
  private incarnations = 0;
  /** Mirror of the envelopes posted to nact and not yet picked up: what a stop must dead-letter. */
  private readonly queue = new Fifo<Envelope>();
  private waiting: Envelope | undefined;
  private gate: Gate | undefined = new Gate();
  private mailbox: Mailbox<Envelope>;
  private generation = 0;
  private stashed = 0;
  /** The envelope whose async receive is running (its receipt waits for it). */
  private inFlight: Envelope | undefined;
  private ending: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private readonly monitors = new MonitorSet();

  constructor(
    path: string,
    private readonly def: ActorDef<S, M>,
    private readonly host: CellHost,
  ) {
    this.ref = new RefImpl(path, this, false);
    this.life = new Lifecycle(path);
    this.ctx = this.newContext();
    this.mailbox = this.openMailbox();
  }

  get core(): SystemCore {
    return this.host.core;
  }

  get alive(): boolean {
    return !this.life.is('dead');
  }

  get incarnation(): number {
    return this.ctx.number;
  }

  status(): ChildStatus {
    return this.life.status();
  }

  addMonitor(listener: DownListener): void {
    this.monitors.add(listener);
  }

  removeMonitor(listener: DownListener): void {
    this.monitors.remove(listener);
  }

  tell(message: unknown, sender: RefImpl | undefined, receipt?: Receipt, watch?: RequestWatch): void {
    switch (this.life.phase) {
      case 'starting':
      case 'running':
        this.enqueue({ message, sender, stashed: false, done: false, receipt, watch });
        return;
      case 'suspended':
      case 'restarting': {
        const policy = this.host.stashPolicy();
        if (policy === 'deadLetter') return this.core.deadLetter(this.ref, message, sender, 'restarting', receipt);
        if (this.stashed >= policy.capacity) return this.core.deadLetter(this.ref, message, sender, 'stashFull', receipt);
        this.stashed++;
        this.enqueue({ message, sender, stashed: true, done: false, receipt, watch });
        return;
      }
      case 'stopping':
      case 'dead':
        this.core.deadLetter(this.ref, message, sender, 'stopped', receipt);
        return;
      default:
        assertNever(this.life.phase);
    }
  }

  mailboxSize(): number {
    if (this.life.is('dead')) return 0;
    return this.queue.length + (this.waiting !== undefined && !this.waiting.done ? 1 : 0);
  }

  // ---- driven by the supervisor (from its serial queue) ------------------------------------------

  async start(): Promise<void> {
    const outcome = await this.runInit();
    if (!outcome.ok) {
      this.finish({ type: 'crash', error: outcome.error });
      throw outcome.error;
    }
  }

  async restart(): Promise<{ ok: true } | { ok: false; error: unknown }> {
    if (!this.life.is('suspended')) return { ok: false, error: new Error(`cannot restart ${this.ref.path}: it is ${this.life.phase}`) };
    this.life.to('restarting');
    const outcome = await this.runInit();
    if (outcome.ok) return { ok: true };
    if (this.life.is('restarting')) this.life.to('suspended');
    return { ok: false, error: outcome.error };
  }

  async suspendForRestart(cause: RestartCause, shutdown: Shutdown): Promise<void> {
    if (this.life.is('running')) this.suspend();
    else if (!this.life.is('suspended')) return;
    await this.endIncarnation(cause, shutdown);
  }

  stop(reason: ExitReason, shutdown: Shutdown): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.life.is('dead')) return Promise.resolve();
    this.life.to('stopping');
    this.gate ??= new Gate();
    this.stopping = this.endIncarnation({ type: 'stop', reason }, shutdown).then((ended) => {
      this.finish(ended === 'ok' ? reason : ended);
    });
    return this.stopping;
  }

  kill(): void {
    this.ctx.end('killed');
    this.finish('killed');
  }

  // ---- what the incarnation asks of its cell -------------------------------------------------------

  stopRequested(ctx: WorkerContext<M>): void {
    if (ctx.ended || ctx !== this.ctx) return;
    // Inside init or a handler: exit once it returns, so its new state is what onStop sees.
    if (ctx.activity !== 'idle') ctx.stopPending = true;
    else this.exitNormally(ctx);
  }

  timerFired(ctx: WorkerContext<M>, message: unknown, timer: IncarnationTimer): void {
    if (ctx !== this.ctx || ctx.ended || !this.life.is('starting', 'running', 'restarting')) return;
    this.enqueue({ message, sender: undefined, stashed: false, done: false, receipt: undefined, timer: { ctx: ctx as WorkerContext<unknown>, timer } });
  }

  // ---- mailbox -------------------------------------------------------------------------------------

  private newContext(): WorkerContext<M> {
    return new WorkerContext<M>(this.ref, this.host.ref, ++this.incarnations, this.core.log, this);
  }

  private openMailbox(): Mailbox<Envelope> {
    const generation = this.generation;
    return this.core.engine.mailbox<Envelope>((envelope) => this.handle(envelope, generation));
  }

  private enqueue(envelope: Envelope): void {
    this.queue.push(envelope);
    this.mailbox.post(envelope);
  }

  private handle(envelope: Envelope, generation: number): void | Promise<void> {
    if (generation !== this.generation) return;
    this.queue.shift();
    if (this.gate) return this.waitThenProcess(envelope, generation);
    return this.process(envelope);
  }

  private async waitThenProcess(envelope: Envelope, generation: number): Promise<void> {
    this.waiting = envelope;
    while (this.gate) await this.gate.promise;
    if (generation !== this.generation || envelope.done) return;
    this.waiting = undefined;
    return this.process(envelope);
  }

  private process(envelope: Envelope): void | Promise<void> {
    envelope.done = true;
    if (envelope.stashed) this.stashed--;
    if (!this.life.is('running')) {
      this.deadLetter(envelope, 'discarded');
      return;
    }
    const ctx = this.ctx;
    // A cancelled timer's message, or one of an earlier incarnation, is never handled.
    if (envelope.timer && (envelope.timer.ctx !== ctx || !envelope.timer.timer.active)) return;
    ctx.sender = envelope.sender === undefined ? undefined : publicRef<never>(envelope.sender);
    ctx.activity = 'handling';
    let result: S | Promise<S>;
    try {
      result = this.def.receive(ctx.state as S, envelope.message as M, ctx);
    } catch (error) {
      ctx.activity = 'idle';
      this.crashed(ctx, error, envelope);
      this.handled(envelope);
      return;
    }
    if (!isThenable(result)) {
      ctx.activity = 'idle';
      ctx.state = result;
      this.afterMessage(ctx);
      this.handled(envelope);
      return;
    }
    const receiving = Promise.resolve(result).then(
      (next) => {
        if (!this.leaveHandler(ctx, receiving)) return this.handled(envelope);
        if (!ctx.ended) {
          ctx.state = next;
          this.afterMessage(ctx);
        }
        this.handled(envelope);
      },
      (error: unknown) => {
        // An abandoned handler's ctx has ended: crashed() only logs it.
        this.leaveHandler(ctx, receiving);
        this.crashed(ctx, error, envelope);
        this.handled(envelope);
      },
    );
    ctx.receiving = receiving;
    this.inFlight = envelope;
    return receiving;
  }

  /** An async receive settled. False if it was abandoned by a forced end (the cell has moved on). */
  private leaveHandler(ctx: WorkerContext<M>, receiving: Promise<void>): boolean {
    if (ctx.receiving !== receiving) return false;
    ctx.activity = 'idle';
    ctx.receiving = undefined;
    this.inFlight = undefined;
    return true;
  }

  private handled(envelope: Envelope): void {
    const receipt = envelope.receipt;
    if (receipt === undefined) return;
    envelope.receipt = undefined;
    this.core.settleReceipt(this.ref, receipt, 'handled');
  }

  private deadLetter(envelope: Envelope, reason: 'discarded'): void {
    const receipt = envelope.receipt;
    envelope.receipt = undefined;
    this.core.deadLetter(this.ref, envelope.message, envelope.sender, reason, receipt);
  }

  // ---- the incarnation ending by itself ------------------------------------------------------------

  private afterMessage(ctx: WorkerContext<M>): void {
    if (!ctx.stopPending) return;
    ctx.stopPending = false;
    this.exitNormally(ctx);
  }

  private exitNormally(ctx: WorkerContext<M>): void {
    if (ctx.ended || ctx !== this.ctx || !this.life.is('running')) return;
    this.suspend();
    this.host.childExited(this, 'normal', ctx.number);
  }

  private crashed(ctx: WorkerContext<M>, error: unknown, envelope: Envelope): void {
    envelope.watch?.requestCrashed(error);
    if (ctx.ended || ctx !== this.ctx || !this.life.is('running')) {
      // Work of an incarnation that is already ending (e.g. being stopped): nothing to restart.
      this.core.log.warn('actor failed while stopping', { path: this.ref.path, error });
      return;
    }
    this.suspend();
    this.host.childExited(this, { type: 'crash', error }, ctx.number);
  }

  private suspend(): void {
    this.life.to('suspended');
    this.gate ??= new Gate();
  }

  private runInit(): Promise<Outcome<S>> {
    const ctx = (this.ctx = this.newContext());
    const work = Promise.resolve(attempt(() => this.def.init(ctx))).then((outcome) => {
      ctx.initializing = undefined;
      ctx.activity = 'idle';
      if (!outcome.ok) {
        // A failed init ends its incarnation: timers it set die with it.
        ctx.end({ type: 'crash', error: outcome.error });
        return outcome;
      }
      if (ctx.ended) return outcome;
      ctx.state = outcome.value;
      ctx.hasState = true;
      if (this.life.is('starting', 'restarting')) {
        this.life.to('running');
        this.openGate();
        // ctx.stop() called by init: exit normally once the start (or restart) has completed.
        if (ctx.stopPending) setImmediate(() => this.afterMessage(ctx));
      }
      // Otherwise it is being stopped: onStop still gets the state (the stop awaits `initializing`).
      return outcome;
    });
    ctx.initializing = work;
    return work;
  }

  private openGate(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.open();
  }

  /** Wait for in-flight work, run the hook within `shutdown`, end the incarnation. 'ok' or why it was forced. */
  private endIncarnation(cause: RestartCause, shutdown: Shutdown): Promise<'ok' | ExitReason> {
    const run = this.ending.then(() => this.doEnd(cause, shutdown));
    this.ending = run;
    return run;
  }

  private async doEnd(cause: RestartCause, shutdown: Shutdown): Promise<'ok' | ExitReason> {
    const ctx = this.ctx;
    if (ctx.ended) return 'ok';
    if (shutdown === 'brutal') return this.force(ctx);
    const work = (async (): Promise<Outcome<void> | undefined> => {
      while (ctx.initializing || ctx.receiving) await (ctx.initializing ?? ctx.receiving);
      if (!ctx.hasState || ctx.ended) return undefined;
      ctx.hasState = false;
      const state = ctx.state as S;
      return attempt(() =>
        cause.type === 'crash' ? this.def.onRestart?.(state, cause.error, ctx) : this.def.onStop?.(state, cause.reason, ctx),
      );
    })();
    const outcome = await withTimeout(work, shutdown);
    if (outcome === TIMED_OUT) {
      this.core.log.warn('actor did not stop in time: forced', { path: this.ref.path, shutdownMs: shutdown });
      return this.force(ctx);
    }
    ctx.end(cause.type === 'crash' ? cause.error : cause.reason);
    if (outcome && !outcome.ok) {
      const phase = cause.type === 'crash' ? 'onRestart' : 'onStop';
      this.core.log.error(`${phase} threw`, { path: this.ref.path, error: outcome.error });
      this.core.emit({ type: 'childCrashed', path: this.ref.path, error: outcome.error, phase });
      return { type: 'crash', error: outcome.error };
    }
    return 'ok';
  }

  /** Forced end: abort, and if a handler is stuck, abandon its nact mailbox for a fresh one. */
  private force(ctx: WorkerContext<M>): ExitReason {
    ctx.hasState = false;
    ctx.end('killed');
    if (ctx.receiving || ctx.activity === 'handling') {
      // The abandoned handler consumed its message: its receipt is due now, not whenever (if ever) it settles.
      if (this.inFlight !== undefined) this.handled(this.inFlight);
      this.inFlight = undefined;
      ctx.receiving = undefined;
      ctx.activity = 'idle';
      const pending = this.queue.drain();
      if (this.waiting && !this.waiting.done) pending.unshift(this.waiting);
      this.waiting = undefined;
      this.mailbox.close();
      this.generation++;
      this.mailbox = this.openMailbox();
      for (const envelope of pending) this.enqueue(envelope);
    }
    ctx.initializing = undefined;
    return 'killed';
  }

  private finish(reason: ExitReason): void {
    if (this.life.is('dead')) return;
    this.life.to('dead');
    this.exitReason = reason;
    this.ctx.end(reason);
    const pending = this.queue.drain();
    if (this.waiting && !this.waiting.done) pending.unshift(this.waiting);
    this.waiting = undefined;
    this.mailbox.close();
    this.openGate();
    // Killed mid-handler: as in force(), the abandoned message counts as handled.
    if (this.inFlight !== undefined) this.handled(this.inFlight);
    this.inFlight = undefined;
    for (const envelope of pending) {
      envelope.done = true;
      this.deadLetter(envelope, 'discarded');
    }
    this.monitors.fire({ type: 'down', ref: publicRef<never>(this.ref), reason });
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}
