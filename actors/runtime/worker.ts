// A worker actor: a nact mailbox plus our lifecycle. Restart happens in place (Akka / nact `reset`
// semantics): same ref, queued messages kept, the failing message dropped. While the worker is down,
// a gate holds the mailbox and new messages are stashed (bounded) or dead-lettered.
// A message sent with a receipt settles it exactly once: 'handled' when its receive settles, 'dropped' when
// it becomes a dead letter.
import { cellStatus, type CellState } from './child-node.js';
import type { CellHost, ChildCell, RestartCause, SystemCore } from './core.js';
import { Fifo } from '../../lib/core/fifo.js';
import { attempt, Gate, isThenable, TIMED_OUT, withTimeout, type Outcome } from './isolate.js';
import { MonitorSet } from './monitor.js';
import type { Mailbox } from './nact-engine.js';
import { publicRef, RefImpl, type DownListener, type RefTarget } from './refs.js';
import type { ActorDef, ChildStatus, ExitReason, Receipt, Shutdown } from './types.js';
import { WorkerContext } from './worker-context.js';

interface Envelope {
  readonly message: unknown;
  readonly sender: RefImpl | undefined;
  /** Arrived while the worker was down: counts against the stash capacity until handled. */
  readonly stashed: boolean;
  /** Handled or dead-lettered: must not be handled again. */
  done: boolean;
  /** The sender's receipt, cleared once called (exactly once). */
  receipt: Receipt | undefined;
}


export class WorkerCell<S, M> implements ChildCell, RefTarget {
  readonly kind = 'worker';
  readonly ref: RefImpl;
  exitReason: ExitReason | undefined;
  private current: CellState = 'starting';
  private state: S | undefined;
  /** The current incarnation has state that its onStop/onRestart has not seen yet. */
  private hasState = false;
  private ctx: WorkerContext<M>;
  /** Mirror of the envelopes posted to nact and not yet picked up: what a stop must dead-letter. */
  private readonly queue = new Fifo<Envelope>();
  private waiting: Envelope | undefined;
  private gate: Gate | undefined = new Gate();
  private mailbox: Mailbox<Envelope>;
  private generation = 0;
  private stashed = 0;
  private receiving: Promise<void> | undefined;
  /** The envelope whose async receive is running (its receipt waits for it). */
  private inFlight: Envelope | undefined;
  private initializing: Promise<unknown> | undefined;
  private handling = false;
  private stopRequested = false;
  private inInit = false;
  private ending: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private readonly monitors = new MonitorSet();

  constructor(
    path: string,
    private readonly def: ActorDef<S, M>,
    private readonly host: CellHost,
  ) {
    this.ref = new RefImpl(path, this, false);
    this.ctx = this.newContext();
    this.mailbox = this.openMailbox();
  }

  get core(): SystemCore {
    return this.host.core;
  }

  get alive(): boolean {
    return this.current !== 'dead';
  }

  status(): ChildStatus {
    return cellStatus(this.current);
  }

  addMonitor(listener: DownListener): void {
    this.monitors.add(listener);
  }

  removeMonitor(listener: DownListener): void {
    this.monitors.remove(listener);
  }

  tell(message: unknown, sender: RefImpl | undefined, receipt?: Receipt): void {
    switch (this.current) {
      case 'starting':
      case 'running':
        this.enqueue({ message, sender, stashed: false, done: false, receipt });
        return;
      case 'suspended': {
        const policy = this.host.stashPolicy();
        if (policy === 'deadLetter') return this.host.core.deadLetter(this.ref, message, sender, 'restarting', receipt);
        if (this.stashed >= policy.capacity) return this.host.core.deadLetter(this.ref, message, sender, 'stashFull', receipt);
        this.stashed++;
        this.enqueue({ message, sender, stashed: true, done: false, receipt });
        return;
      }
      case 'stopping':
      case 'dead':
        this.host.core.deadLetter(this.ref, message, sender, 'stopped', receipt);
        return;
      default:
        assertNever(this.current);
    }
  }

  mailboxSize(): number {
    if (this.current === 'dead') return 0;
    return this.queue.length + (this.waiting !== undefined && !this.waiting.done ? 1 : 0);
  }

  async start(): Promise<void> {
    const outcome = await this.runInit();
    if (!outcome.ok) {
      this.finish({ type: 'crash', error: outcome.error });
      throw outcome.error;
    }
  }

  restart(): Promise<{ ok: true } | { ok: false; error: unknown }> {
    return this.runInit().then((outcome) => (outcome.ok ? { ok: true } : { ok: false, error: outcome.error }));
  }

  async suspendForRestart(cause: RestartCause, shutdown: Shutdown): Promise<void> {
    if (this.current === 'dead' || this.current === 'stopping') return;
    this.suspend();
    await this.endIncarnation(cause, shutdown);
  }

  stop(reason: ExitReason, shutdown: Shutdown): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.current === 'dead') return Promise.resolve();
    this.current = 'stopping';
    this.gate ??= new Gate();
    this.stopping = this.endIncarnation({ type: 'stop', reason }, shutdown).then((ended) => {
      this.finish(ended === 'ok' ? reason : ended);
    });
    return this.stopping;
  }

  kill(): void {
    this.ctx.ended = true;
    this.ctx.controller.abort('killed');
    this.finish('killed');
  }

  private newContext(): WorkerContext<M> {
    return new WorkerContext<M>(this.ref, this.host.ref, this.host.core.log, (ctx) => this.requestStop(ctx));
  }

  private openMailbox(): Mailbox<Envelope> {
    const generation = this.generation;
    return this.host.core.engine.mailbox<Envelope>((envelope) => this.handle(envelope, generation));
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
    if (this.current !== 'running') {
      this.deadLetter(envelope, 'discarded');
      return;
    }
    const ctx = this.ctx;
    ctx.sender = envelope.sender === undefined ? undefined : publicRef<never>(envelope.sender);
    this.handling = true;
    let result: S | Promise<S>;
    try {
      result = this.def.receive(this.state as S, envelope.message as M, ctx);
    } catch (error) {
      this.handling = false;
      this.crashed(ctx, error);
      this.handled(envelope);
      return;
    }
    if (!isThenable(result)) {
      this.handling = false;
      this.state = result;
      this.afterMessage(ctx);
      this.handled(envelope);
      return;
    }
    const receiving = Promise.resolve(result).then(
      (next) => {
        if (!this.leaveHandler(receiving)) return this.handled(envelope);
        if (!ctx.ended) {
          this.state = next;
          this.afterMessage(ctx);
        }
        this.handled(envelope);
      },
      (error: unknown) => {
        // An abandoned handler's ctx has ended: crashed() only logs it.
        this.leaveHandler(receiving);
        this.crashed(ctx, error);
        this.handled(envelope);
      },
    );
    this.receiving = receiving;
    this.inFlight = envelope;
    return receiving;
  }

  /** An async receive settled. False if it was abandoned by a forced end (the cell has moved on). */
  private leaveHandler(receiving: Promise<void>): boolean {
    if (this.receiving !== receiving) return false;
    this.handling = false;
    this.receiving = undefined;
    this.inFlight = undefined;
    return true;
  }

  private handled(envelope: Envelope): void {
    const receipt = envelope.receipt;
    if (receipt === undefined) return;
    envelope.receipt = undefined;
    this.host.core.settleReceipt(this.ref, receipt, 'handled');
  }

  private deadLetter(envelope: Envelope, reason: 'discarded'): void {
    const receipt = envelope.receipt;
    envelope.receipt = undefined;
    this.host.core.deadLetter(this.ref, envelope.message, envelope.sender, reason, receipt);
  }

  private afterMessage(ctx: WorkerContext<M>): void {
    if (!this.stopRequested) return;
    this.stopRequested = false;
    this.exitNormally(ctx);
  }

  private requestStop(ctx: WorkerContext<M>): void {
    if (ctx.ended || ctx !== this.ctx) return;
    // Inside a handler (or init): exit once it returns, so its new state is what onStop sees.
    if (this.handling || this.inInit) this.stopRequested = true;
    else this.exitNormally(ctx);
  }

  private exitNormally(ctx: WorkerContext<M>): void {
    if (ctx.ended || this.current !== 'running') return;
    this.suspend();
    this.host.childExited(this, 'normal');
  }

  private crashed(ctx: WorkerContext<M>, error: unknown): void {
    if (ctx.ended || this.current !== 'running') {
      // Work of an incarnation that is already ending (e.g. being stopped): nothing to restart.
      this.host.core.log.warn('actor failed while stopping', { path: this.ref.path, error });
      return;
    }
    this.suspend();
    this.host.childExited(this, { type: 'crash', error });
  }

  private suspend(): void {
    this.current = 'suspended';
    this.gate ??= new Gate();
  }

  private runInit(): Promise<Outcome<S>> {
    const ctx = (this.ctx = this.newContext());
    this.inInit = true;
    const work = Promise.resolve(attempt(() => this.def.init(ctx))).then((outcome) => {
      this.initializing = undefined;
      this.inInit = false;
      if (!outcome.ok || ctx.ended) return outcome;
      if (this.current === 'starting' || this.current === 'suspended') {
        this.state = outcome.value;
        this.hasState = true;
        this.current = 'running';
        this.openGate();
        // ctx.stop() called by init: exit normally once the start (or restart) has completed.
        if (this.stopRequested) setImmediate(() => this.afterMessage(ctx));
      } else {
        // Stopped while init ran: onStop still gets the state (the stop awaits `initializing`).
        this.state = outcome.value;
        this.hasState = true;
      }
      return outcome;
    });
    this.initializing = work;
    return work;
  }

  private openGate(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.open();
  }

  /** Wait for in-flight work, run the hook within `shutdown`, abort the signal. 'ok' or why it was forced. */
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
      while (this.initializing || this.receiving) await (this.initializing ?? this.receiving);
      if (!this.hasState || ctx !== this.ctx) return undefined;
      this.hasState = false;
      const state = this.state as S;
      return attempt(() =>
        cause.type === 'crash' ? this.def.onRestart?.(state, cause.error, ctx) : this.def.onStop?.(state, cause.reason, ctx),
      );
    })();
    const outcome = await withTimeout(work, shutdown);
    if (outcome === TIMED_OUT) {
      this.host.core.log.warn('actor did not stop in time: forced', { path: this.ref.path, shutdownMs: shutdown });
      return this.force(ctx);
    }
    ctx.ended = true;
    ctx.controller.abort(cause.type === 'crash' ? cause.error : cause.reason);
    if (outcome && !outcome.ok) {
      const phase = cause.type === 'crash' ? 'onRestart' : 'onStop';
      this.host.core.log.error(`${phase} threw`, { path: this.ref.path, error: outcome.error });
      this.host.core.emit({ type: 'childCrashed', path: this.ref.path, error: outcome.error, phase });
      return { type: 'crash', error: outcome.error };
    }
    return 'ok';
  }

  /** Forced end: abort, and if a handler is stuck, abandon its nact mailbox for a fresh one. */
  private force(ctx: WorkerContext<M>): ExitReason {
    ctx.ended = true;
    this.hasState = false;
    ctx.controller.abort('killed');
    if (this.receiving || this.handling) {
      // The abandoned handler consumed its message: its receipt is due now, not whenever (if ever) it settles.
      if (this.inFlight !== undefined) this.handled(this.inFlight);
      this.inFlight = undefined;
      this.receiving = undefined;
      this.handling = false;
      const pending = this.queue.drain();
      if (this.waiting && !this.waiting.done) pending.unshift(this.waiting);
      this.waiting = undefined;
      this.mailbox.close();
      this.generation++;
      this.mailbox = this.openMailbox();
      for (const envelope of pending) this.enqueue(envelope);
    }
    this.initializing = undefined;
    return 'killed';
  }

  private finish(reason: ExitReason): void {
    if (this.current === 'dead') return;
    this.current = 'dead';
    this.exitReason = reason;
    this.ctx.ended = true;
    if (!this.ctx.signal.aborted) this.ctx.controller.abort(reason);
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
