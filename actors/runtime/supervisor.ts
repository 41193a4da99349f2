// A supervisor: an ordered list of children (start order), a restart strategy, restart intensity,
// optional backoff and auto-shutdown. Every signal it gets (a child's exit, a restart timer, stop,
// suspend and restart from its parent, start/terminate/restart/delete child) is an operation on its
// one SerialQueue, as on an OTP supervisor's mailbox, so no two decisions interleave. Only `kill`
// (a forced, untrappable end) acts at once; queued work then finds the supervisor dead and does
// nothing. Its phase is a Lifecycle; it is not a nact actor: it owns no mailbox, only its children.
import { BackoffTracker } from './backoff.js';
import type { NormalizedChildSpec, NormalizedSupervisorSpec } from './child-spec.js';
import type { CellHost, ChildCell, RestartCause, SystemCore } from './core.js';
import {
  ChildExistsError,
  ChildNotFoundError,
  ChildRunningError,
  StartFailedError,
  SupervisorGaveUpError,
  SupervisorStoppedError,
  describeReason,
} from './errors.js';
import { childInfo, countNodes, isActive, newChildNode, nodeStatus, shouldRestart, type ChildNode } from './child-node.js';
import { IntensityWindow } from './intensity.js';
import { TIMED_OUT, withTimeout } from './isolate.js';
import { Lifecycle } from './lifecycle.js';
import { MonitorSet } from './monitor.js';
import { publicRef, RefImpl, type DownListener, type RefTarget } from './refs.js';
import { RestartTimers } from './restart-timers.js';
import { SerialQueue } from './serial.js';
import type { ChildCounts, ChildInfo, ChildStatus, ExitReason, Receipt, Shutdown, StashPolicy } from './types.js';
import { WorkerCell } from './worker.js';

/** Who a supervisor reports its own exit to: its parent supervisor, or the system for the root. */
export interface SupervisorParent {
  childExited(cell: ChildCell, reason: ExitReason, incarnation: number): void;
}

type StartOutcome = { ok: true } | { ok: false; error: unknown };

export class SupervisorCell implements ChildCell, RefTarget, CellHost {
  readonly kind = 'supervisor';
  readonly ref: RefImpl;
  exitReason: ExitReason | undefined;
  /** Set when this supervisor reached its restart intensity (what the system reports for the root). */
  gaveUp: SupervisorGaveUpError | undefined;
  private readonly life: Lifecycle;
  private incarnations = 1;
  private children = new Map<string, ChildNode>();
  private readonly intensity: IntensityWindow;
  private readonly ops = new SerialQueue();
  private readonly restartTimers = new RestartTimers();
  private readonly monitors = new MonitorSet();
  private stopping: Promise<void> | undefined;

  constructor(
    path: string,
    private readonly spec: NormalizedSupervisorSpec,
    private readonly parent: SupervisorParent,
    readonly core: SystemCore,
  ) {
    this.ref = new RefImpl(path, this, true);
    this.life = new Lifecycle(path);
    this.intensity = new IntensityWindow(spec.intensity, spec.periodMs);
  }

  get alive(): boolean {
    return !this.life.is('dead');
  }

  get incarnation(): number {
    return this.incarnations;
  }

  get strategy(): NormalizedSupervisorSpec['strategy'] {
    return this.spec.strategy;
  }

  get autoShutdown(): NormalizedSupervisorSpec['autoShutdown'] {
    return this.spec.autoShutdown;
  }

  /** Restarts waiting on a timer (for tests: 0 once stopped). */
  get pendingRestarts(): number {
    return this.restartTimers.size;
  }

  status(): ChildStatus {
    return this.life.status();
  }

  stashPolicy(): StashPolicy {
    return this.spec.stash;
  }

  tell(message: unknown, sender: RefImpl | undefined, receipt?: Receipt): void {
    // Supervisors have no protocol (SupervisorRef accepts `never`); only an unchecked cast gets here.
    this.core.deadLetter(this.ref, message, sender, this.alive ? 'discarded' : 'stopped', receipt);
  }

  mailboxSize(): number {
    return 0;
  }

  addMonitor(listener: DownListener): void {
    this.monitors.add(listener);
  }

  removeMonitor(listener: DownListener): void {
    this.monitors.remove(listener);
  }

  // ---- lifecycle as a child (driven by the parent) -------------------------------------------------

  async start(): Promise<void> {
    // The phase changes inside the operation: a child exit queued meanwhile must find us running.
    const outcome = await this.ops.run(async () => {
      const started = await this.startStaticChildren();
      if (!started.ok) this.finish({ type: 'crash', error: started.error });
      else if (this.life.is('starting')) this.life.to('running');
      return started;
    });
    if (!outcome.ok) throw outcome.error;
  }

  restart(): Promise<StartOutcome> {
    if (this.ops.closed) return Promise.resolve({ ok: false, error: new SupervisorStoppedError(this.ref.path) });
    return this.ops.run(async () => {
      if (!this.life.is('suspended')) return { ok: false, error: new SupervisorStoppedError(this.ref.path) };
      this.life.to('restarting');
      this.incarnations++;
      this.gaveUp = undefined;
      const outcome = await this.startStaticChildren();
      if (!this.life.is('restarting')) return outcome.ok ? { ok: false, error: new SupervisorStoppedError(this.ref.path) } : outcome;
      this.life.to(outcome.ok ? 'running' : 'suspended');
      return outcome;
    });
  }

  async suspendForRestart(_cause: RestartCause, shutdown: Shutdown): Promise<void> {
    const suspended = this.ops
      .run(async () => {
        if (this.life.is('running')) this.life.to('suspended');
        else if (!this.life.is('suspended')) return;
        this.restartTimers.cancelAll();
        await this.stopChildren('shutdown');
      })
      .catch(() => undefined); // refused: it is being stopped for good, which is more than a suspend
    const done = await withTimeout(suspended, shutdown === 'brutal' ? 0 : shutdown);
    if (done === TIMED_OUT) this.killChildren();
  }

  stop(reason: ExitReason, shutdown: Shutdown): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.life.is('dead')) return Promise.resolve();
    const stopped = this.ops.run(() => this.doStop(reason)).catch((error: unknown) => {
      this.core.log.error('supervisor failed to stop cleanly: killing its subtree', { path: this.ref.path, error });
      this.kill();
    });
    // Operations asked for from now on (say, by a child's onStop) are refused instead of waiting behind the stop.
    this.ops.close(() => new SupervisorStoppedError(this.ref.path));
    this.stopping = withTimeout(stopped, shutdown === 'brutal' ? 0 : shutdown).then((done) => {
      if (done !== TIMED_OUT) return;
      this.core.log.warn('supervisor did not stop in time: killing its subtree', { path: this.ref.path });
      this.kill();
    });
    return this.stopping;
  }

  kill(): void {
    this.ops.close(() => new SupervisorStoppedError(this.ref.path));
    this.restartTimers.cancelAll();
    this.killChildren();
    this.finish('killed');
  }

  private async doStop(reason: ExitReason): Promise<void> {
    if (this.life.is('dead')) return;
    this.life.to('stopping');
    this.restartTimers.cancelAll();
    await this.stopChildren('shutdown');
    this.finish(reason);
  }

  // ---- operations (public API goes through these) --------------------------------------------------

  startChild(spec: NormalizedChildSpec): Promise<RefImpl> {
    return this.ops.run(async () => {
      this.assertRunning();
      if (this.children.has(spec.id)) throw new ChildExistsError(this.ref.path, spec.id);
      const node = this.newNode(spec, true);
      this.children.set(spec.id, node);
      try {
        return await this.startNode(node);
      } catch (error) {
        if (this.children.get(spec.id) === node) this.children.delete(spec.id);
        throw error;
      }
    });
  }

  terminateChild(id: string): Promise<void> {
    return this.ops.run(async () => {
      this.assertRunning();
      const node = this.node(id);
      await this.stopNode(node, 'shutdown');
      // OTP: a temporary child's spec is not kept once it stops.
      if (node.spec.restart === 'temporary') this.children.delete(id);
    });
  }

  restartChild(id: string): Promise<RefImpl> {
    return this.ops.run(async () => {
      this.assertRunning();
      const node = this.node(id);
      const status = nodeStatus(node);
      if (status !== 'stopped' && status !== 'failed') throw new ChildRunningError(this.ref.path, id);
      node.backoff?.reset();
      return this.startNode(node);
    });
  }

  deleteChild(id: string): Promise<void> {
    return this.ops.run(async () => {
      this.assertRunning();
      const node = this.node(id);
      const status = nodeStatus(node);
      if (status !== 'stopped' && status !== 'failed') throw new ChildRunningError(this.ref.path, id);
      this.children.delete(id);
    });
  }

  whichChildren(): ChildInfo[] {
    return [...this.children.values()].map(childInfo);
  }

  countChildren(): ChildCounts {
    return countNodes(this.children.values());
  }

  lookupChild(id: string): RefImpl | undefined {
    const cell = this.children.get(id)?.cell;
    return cell?.alive ? cell.ref : undefined;
  }

  /** Why lookupChild(id) found nothing, in words. */
  describeMissingChild(id: string): string {
    const node = this.children.get(id);
    if (!node) return `no such child '${id}' under ${this.ref.path}`;
    return `child '${id}' of ${this.ref.path} is ${nodeStatus(node)}`;
  }

  // ---- failure handling ----------------------------------------------------------------------------

  /** A child's incarnation ended by itself. Decided in order with every other operation. */
  childExited(cell: ChildCell, reason: ExitReason, incarnation: number): void {
    if (typeof reason !== 'string') {
      this.core.log.error('actor crashed', { path: cell.ref.path, error: reason.error });
      this.core.emit({ type: 'childCrashed', path: cell.ref.path, error: reason.error, phase: 'receive' });
    }
    // A stopping supervisor stops every child anyway: a late exit needs no decision.
    if (this.ops.closed) return;
    void this.ops
      .run(async () => {
        const node = this.nodeOf(cell);
        // An exit of an incarnation that is already gone (a newer one runs) is stale, as an EXIT from an old pid.
        if (!node || cell.incarnation !== incarnation) return;
        await this.onChildExit(node, reason, node.startedAt);
      })
      .catch((error: unknown) => {
        this.core.log.error('supervisor failed to handle a child exit', { path: this.ref.path, error });
      });
  }

  private async onChildExit(node: ChildNode, reason: ExitReason, runningSince: number | undefined): Promise<void> {
    if (!this.life.is('running')) return;
    node.startedAt = undefined;
    if (!shouldRestart(node.spec.restart, reason)) {
      await this.stopNode(node, reason);
      this.core.emit({ type: 'childStopped', path: node.cell?.ref.path ?? this.childPath(node), reason });
      if (node.spec.restart === 'temporary') this.children.delete(node.spec.id);
      if (node.spec.significant) await this.checkAutoShutdown(node);
      return;
    }
    const now = Date.now();
    if (!this.intensity.record(now)) return this.giveUp(node, reason);
    let delayMs = 0;
    if (node.backoff) {
      const delay = node.backoff.onFailure(now, runningSince, this.core.random);
      if (delay === undefined) return this.permanentFailure(node, reason);
      delayMs = delay;
    }
    await this.applyStrategy(node, reason, delayMs);
  }

  private async applyStrategy(failed: ChildNode, reason: ExitReason, delayMs: number): Promise<void> {
    const order = [...this.children.values()];
    const group =
      this.spec.strategy === 'oneForOne' ? [failed] : this.spec.strategy === 'oneForAll' ? order : order.slice(order.indexOf(failed));
    const cause: RestartCause = typeof reason === 'string' ? { type: 'stop', reason } : { type: 'crash', error: reason.error };
    await failed.cell?.suspendForRestart(cause, failed.spec.shutdown);
    for (const sibling of [...group].reverse()) {
      if (!this.life.is('running')) return;
      if (sibling === failed || nodeStatus(sibling) !== 'running' || !sibling.cell) continue;
      if (sibling.spec.restart === 'temporary') {
        // OTP: temporary children are never restarted, not even when a sibling's failure takes them down.
        await this.stopNode(sibling, 'shutdown');
        this.children.delete(sibling.spec.id);
        continue;
      }
      sibling.startedAt = undefined;
      await sibling.cell.suspendForRestart({ type: 'stop', reason: 'shutdown' }, sibling.spec.shutdown);
    }
    // Killed while the hooks ran: no timer may outlive the supervisor.
    if (!this.life.is('running')) return;
    const ids = group.filter((node) => this.children.get(node.spec.id) === node).map((node) => node.spec.id);
    this.restartTimers.schedule(ids, delayMs, (due) => {
      void this.ops.run(() => this.restartGroup(due, delayMs)).catch((error: unknown) => {
        if (error instanceof SupervisorStoppedError) return;
        this.core.log.error('supervisor failed to restart children', { path: this.ref.path, error });
      });
    });
  }

  private async restartGroup(ids: readonly string[], delayMs: number): Promise<void> {
    for (const id of ids) {
      if (!this.life.is('running')) return;
      const node = this.children.get(id);
      if (!node || !node.cell || nodeStatus(node) !== 'restarting') continue;
      const cell = node.cell;
      const outcome = await cell.restart();
      if (!this.life.is('running')) return;
      if (!outcome.ok) {
        this.core.log.error('actor failed to restart', { path: cell.ref.path, error: outcome.error });
        this.core.emit({ type: 'childCrashed', path: cell.ref.path, error: outcome.error, phase: 'init' });
        // A failed restart is a failure like any other: intensity, backoff and strategy apply again (the
        // strategy reschedules the rest of the group). It never ran, so it cannot count as healthy time...
        await this.onChildExit(node, { type: 'crash', error: outcome.error }, undefined);
        // ...and unless the child failed for good, the rescheduled group carries on from here.
        if (node.ended !== 'failed') return;
        continue;
      }
      node.startedAt = Date.now();
      node.restarts++;
      this.core.emit({ type: 'childRestarted', path: cell.ref.path, attempt: node.restarts, delayMs });
    }
  }

  private async permanentFailure(node: ChildNode, reason: ExitReason): Promise<void> {
    this.core.log.error('actor failed too many times in a row: not restarting it', { path: this.childPath(node), reason: describeReason(reason) });
    await node.cell?.stop(reason, node.spec.shutdown);
    this.restartTimers.cancelFor(node.spec.id);
    node.ended = 'failed';
    this.core.emit({ type: 'childGaveUp', path: this.childPath(node), reason });
  }

  private async giveUp(failed: ChildNode, reason: ExitReason): Promise<void> {
    this.core.log.error('supervisor reached its restart intensity: shutting down', {
      path: this.ref.path,
      intensity: this.spec.intensity,
      periodMs: this.spec.periodMs,
    });
    this.gaveUp = new SupervisorGaveUpError(this.ref.path, this.intensity.count, this.spec.periodMs, reason);
    this.core.emit({ type: 'supervisorGaveUp', path: this.ref.path, restarts: this.intensity.count, periodMs: this.spec.periodMs });
    await this.exitSelf(failed, reason);
  }

  private async checkAutoShutdown(exited: ChildNode): Promise<void> {
    if (this.spec.autoShutdown === 'never') return;
    if (this.spec.autoShutdown === 'allSignificant') {
      for (const node of this.children.values()) if (node.spec.significant && isActive(node)) return;
    }
    this.core.emit({ type: 'autoShutdown', path: this.ref.path, trigger: exited.spec.id });
    await this.exitSelf(undefined, 'shutdown');
  }

  /** Stop every child (reverse start order), then tell the parent we exited with reason 'shutdown'. */
  private async exitSelf(failed: ChildNode | undefined, failedReason: ExitReason): Promise<void> {
    this.life.to('suspended');
    this.restartTimers.cancelAll();
    await this.stopChildren('shutdown', failed, failedReason);
    this.parent.childExited(this, 'shutdown', this.incarnations);
  }

  // ---- helpers -------------------------------------------------------------------------------------

  private async startStaticChildren(): Promise<StartOutcome> {
    this.children = new Map();
    this.intensity.clear();
    for (const spec of this.spec.children) {
      if (this.life.is('dead')) break;
      const node = this.newNode(spec, false);
      this.children.set(spec.id, node);
      try {
        await this.startNode(node);
      } catch (error) {
        // OTP: a child that fails to start makes the supervisor stop what it started, in reverse.
        await this.stopChildren('shutdown');
        return { ok: false, error };
      }
    }
    if (this.life.is('dead')) return { ok: false, error: new SupervisorStoppedError(this.ref.path) };
    return { ok: true };
  }

  private async startNode(node: ChildNode): Promise<RefImpl> {
    const path = this.childPath(node);
    const cell: ChildCell =
      node.spec.kind === 'worker' ? new WorkerCell(path, node.spec.def, this) : new SupervisorCell(path, node.spec.sup, this, this.core);
    node.cell = cell;
    node.ended = undefined;
    try {
      await cell.start();
    } catch (error) {
      node.ended = 'stopped';
      throw error instanceof StartFailedError ? error : new StartFailedError(path, error);
    }
    if (this.life.is('stopping', 'dead')) {
      // Killed while the child started: it must not outlive us.
      await cell.stop('shutdown', node.spec.shutdown);
      node.ended = 'stopped';
      throw new SupervisorStoppedError(this.ref.path);
    }
    node.startedAt = Date.now();
    return cell.ref;
  }

  private newNode(spec: NormalizedChildSpec, dynamic: boolean): ChildNode {
    return newChildNode(spec, dynamic, this.spec.backoff ? new BackoffTracker(this.spec.backoff) : undefined);
  }

  private async stopNode(node: ChildNode, reason: ExitReason): Promise<void> {
    this.restartTimers.cancelFor(node.spec.id);
    const cell = node.cell;
    if (cell && node.ended === undefined) await cell.stop(reason, node.spec.shutdown);
    if (node.ended === undefined) node.ended = 'stopped';
    node.startedAt = undefined;
  }

  /** Depth-first, reverse start order, each child awaited (with its own shutdown timeout). */
  private async stopChildren(reason: ExitReason, failed?: ChildNode, failedReason?: ExitReason): Promise<void> {
    for (const node of [...this.children.values()].reverse()) {
      await this.stopNode(node, node === failed && failedReason !== undefined ? failedReason : reason);
    }
  }

  private killChildren(): void {
    for (const node of [...this.children.values()].reverse()) {
      node.cell?.kill();
      node.ended ??= 'stopped';
      node.startedAt = undefined;
    }
  }

  private finish(reason: ExitReason): void {
    if (this.life.is('dead')) return;
    this.life.to('dead');
    this.exitReason = reason;
    this.monitors.fire({ type: 'down', ref: publicRef<never>(this.ref), reason });
  }

  private assertRunning(): void {
    if (!this.life.is('running')) throw new SupervisorStoppedError(this.ref.path);
  }

  private childPath(node: ChildNode): string {
    return `${this.ref.path}/${node.spec.id}`;
  }

  private node(id: string): ChildNode {
    const node = this.children.get(id);
    if (!node) throw new ChildNotFoundError(this.ref.path, id);
    return node;
  }

  private nodeOf(cell: ChildCell): ChildNode | undefined {
    const id = cell.ref.path.slice(this.ref.path.length + 1);
    const node = this.children.get(id);
    return node?.cell === cell ? node : undefined;
  }
}
