// A supervisor: an ordered list of children (start order), a restart strategy, restart intensity,
// optional backoff and auto-shutdown. Its decisions run one at a time (SerialQueue); restarts are
// scheduled on timers/setImmediate (RestartTimers). It is not a nact actor: it owns no mailbox, only
// its children's cells.
import { BackoffTracker } from './backoff.js';
import type { NormalizedChildSpec, NormalizedSupervisorSpec } from './child-spec.js';
import type { CellHost, ChildCell, RestartCause, SystemCore } from './core.js';
import { ChildExistsError, ChildNotFoundError, ChildRunningError, StartFailedError, SupervisorStoppedError, describeReason } from './errors.js';
import { cellStatus, childInfo, countNodes, isActive, newChildNode, shouldRestart, type CellState, type ChildNode } from './child-node.js';
import { IntensityWindow } from './intensity.js';
import { TIMED_OUT, withTimeout } from './isolate.js';
import { MonitorSet } from './monitor.js';
import { publicRef, RefImpl, type DownListener, type RefTarget } from './refs.js';
import { RestartTimers } from './restart-timers.js';
import { SerialQueue } from './serial.js';
import type { ChildCounts, ChildInfo, ChildStatus, ExitReason, Receipt, Shutdown, StashPolicy } from './types.js';
import { WorkerCell } from './worker.js';

/** Who a supervisor reports its own exit to: its parent supervisor, or the system for the root. */
export interface SupervisorParent {
  childExited(cell: ChildCell, reason: ExitReason): void;
}

export class SupervisorCell implements ChildCell, RefTarget, CellHost {
  readonly kind = 'supervisor';
  readonly ref: RefImpl;
  exitReason: ExitReason | undefined;
  private current: CellState = 'starting';
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
    this.intensity = new IntensityWindow(spec.intensity, spec.periodMs);
  }

  get alive(): boolean {
    return this.current !== 'dead';
  }

  get strategy(): NormalizedSupervisorSpec['strategy'] {
    return this.spec.strategy;
  }

  get autoShutdown(): NormalizedSupervisorSpec['autoShutdown'] {
    return this.spec.autoShutdown;
  }

  status(): ChildStatus {
    return cellStatus(this.current);
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

  // ---- lifecycle as a child --------------------------------------------------------------------

  async start(): Promise<void> {
    const outcome = await this.ops.run(() => this.startStaticChildren());
    if (!outcome.ok) {
      this.finish({ type: 'crash', error: outcome.error });
      throw outcome.error;
    }
  }

  restart(): Promise<{ ok: true } | { ok: false; error: unknown }> {
    return this.ops.run(async () => {
      if (this.current !== 'suspended') return { ok: false, error: new SupervisorStoppedError(this.ref.path) };
      this.current = 'starting';
      return this.startStaticChildren();
    });
  }

  async suspendForRestart(_cause: RestartCause, shutdown: Shutdown): Promise<void> {
    if (this.current !== 'running' && this.current !== 'starting') return;
    this.current = 'suspended';
    this.restartTimers.cancelAll();
    const done = await withTimeout(this.stopChildren('shutdown'), shutdown === 'brutal' ? 0 : shutdown);
    if (done === TIMED_OUT) this.killChildren();
  }

  stop(reason: ExitReason, shutdown: Shutdown): Promise<void> {
    if (this.stopping) return this.stopping;
    if (this.current === 'dead') return Promise.resolve();
    this.current = 'stopping';
    this.restartTimers.cancelAll();
    this.stopping = withTimeout(this.stopChildren('shutdown'), shutdown === 'brutal' ? 0 : shutdown).then((done) => {
      if (done === TIMED_OUT) {
        this.core.log.warn('supervisor did not stop in time: killing its subtree', { path: this.ref.path });
        this.killChildren();
        this.finish('killed');
      } else {
        this.finish(reason);
      }
    });
    return this.stopping;
  }

  kill(): void {
    this.restartTimers.cancelAll();
    this.killChildren();
    this.finish('killed');
  }

  // ---- operations (public API goes through these) ----------------------------------------------

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
      if (node.status !== 'stopped' && node.status !== 'failed') throw new ChildRunningError(this.ref.path, id);
      node.backoff?.reset();
      return this.startNode(node);
    });
  }

  deleteChild(id: string): Promise<void> {
    return this.ops.run(async () => {
      this.assertRunning();
      const node = this.node(id);
      if (node.status !== 'stopped' && node.status !== 'failed') throw new ChildRunningError(this.ref.path, id);
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

  // ---- failure handling --------------------------------------------------------------------------

  /** A child's incarnation ended by itself. Decided in order with every other operation. */
  childExited(cell: ChildCell, reason: ExitReason): void {
    if (typeof reason !== 'string') {
      this.core.log.error('actor crashed', { path: cell.ref.path, error: reason.error });
      this.core.emit({ type: 'childCrashed', path: cell.ref.path, error: reason.error, phase: 'receive' });
    }
    void this.ops.run(() => this.onChildExit(cell, reason)).catch((error: unknown) => {
      this.core.log.error('supervisor failed to handle a child exit', { path: this.ref.path, error });
    });
  }

  private async onChildExit(cell: ChildCell, reason: ExitReason): Promise<void> {
    const node = this.nodeOf(cell);
    if (!node || this.current !== 'running') return;
    if (!shouldRestart(node.spec.restart, reason)) {
      await this.stopNode(node, reason);
      this.core.emit({ type: 'childStopped', path: cell.ref.path, reason });
      if (node.spec.restart === 'temporary') this.children.delete(node.spec.id);
      if (node.spec.significant) await this.checkAutoShutdown(node);
      return;
    }
    const now = Date.now();
    if (!this.intensity.record(now)) return this.giveUp(node, reason);
    let delayMs = 0;
    if (node.backoff) {
      const delay = node.backoff.onFailure(now, node.startedAt, this.core.random);
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
    failed.status = 'restarting';
    await failed.cell?.suspendForRestart(cause, failed.spec.shutdown);
    for (const sibling of [...group].reverse()) {
      if (sibling === failed || sibling.status !== 'running' || !sibling.cell) continue;
      if (sibling.spec.restart === 'temporary') {
        // OTP: temporary children are never restarted, not even when a sibling's failure takes them down.
        await this.stopNode(sibling, 'shutdown');
        this.children.delete(sibling.spec.id);
        continue;
      }
      sibling.status = 'restarting';
      await sibling.cell.suspendForRestart({ type: 'stop', reason: 'shutdown' }, sibling.spec.shutdown);
    }
    this.scheduleRestart(
      group.map((node) => node.spec.id),
      delayMs,
    );
  }

  private scheduleRestart(ids: string[], delayMs: number): void {
    this.restartTimers.schedule(delayMs, () => {
      void this.ops.run(() => this.restartGroup(ids, delayMs)).catch((error: unknown) => {
        this.core.log.error('supervisor failed to restart children', { path: this.ref.path, error });
      });
    });
  }

  private async restartGroup(ids: string[], delayMs: number): Promise<void> {
    for (const id of ids) {
      if (this.current !== 'running') return;
      const node = this.children.get(id);
      if (!node || node.status !== 'restarting' || !node.cell) continue;
      const cell = node.cell;
      const outcome = await cell.restart();
      if (!outcome.ok) {
        this.core.log.error('actor failed to restart', { path: cell.ref.path, error: outcome.error });
        this.core.emit({ type: 'childCrashed', path: cell.ref.path, error: outcome.error, phase: 'init' });
        // A failed restart is a failure like any other: intensity, backoff and strategy apply again
        // (the strategy reschedules the rest of the group)...
        await this.onChildExit(cell, { type: 'crash', error: outcome.error });
        // ...unless the child failed for good: it alone stops, the siblings taken down with it come back.
        if (this.children.get(id)?.status !== 'failed') return;
        continue;
      }
      node.status = 'running';
      node.startedAt = Date.now();
      node.restarts++;
      this.core.emit({ type: 'childRestarted', path: cell.ref.path, attempt: node.restarts, delayMs });
    }
  }

  private async permanentFailure(node: ChildNode, reason: ExitReason): Promise<void> {
    this.core.log.error('actor failed too many times in a row: not restarting it', { path: node.cell?.ref.path, reason: describeReason(reason) });
    await node.cell?.stop(reason, node.spec.shutdown);
    node.status = 'failed';
    this.core.emit({ type: 'childGaveUp', path: node.cell?.ref.path ?? `${this.ref.path}/${node.spec.id}`, reason });
  }

  private async giveUp(failed: ChildNode, reason: ExitReason): Promise<void> {
    this.core.log.error('supervisor reached its restart intensity: shutting down', {
      path: this.ref.path,
      intensity: this.spec.intensity,
      periodMs: this.spec.periodMs,
    });
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
    this.current = 'suspended';
    this.restartTimers.cancelAll();
    await this.stopChildren('shutdown', failed, failedReason);
    this.parent.childExited(this, 'shutdown');
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private async startStaticChildren(): Promise<{ ok: true } | { ok: false; error: unknown }> {
    this.children = new Map();
    this.intensity.clear();
    for (const spec of this.spec.children) {
      const node = this.newNode(spec, false);
      this.children.set(spec.id, node);
      try {
        await this.startNode(node);
      } catch (error) {
        // OTP: a child that fails to start makes the supervisor stop what it started, in reverse.
        await this.stopChildren('shutdown');
        this.current = 'suspended';
        return { ok: false, error };
      }
    }
    if (this.current !== 'starting') return { ok: false, error: new SupervisorStoppedError(this.ref.path) };
    this.current = 'running';
    return { ok: true };
  }

  private async startNode(node: ChildNode): Promise<RefImpl> {
    const path = `${this.ref.path}/${node.spec.id}`;
    const cell: ChildCell =
      node.spec.kind === 'worker' ? new WorkerCell(path, node.spec.def, this) : new SupervisorCell(path, node.spec.sup, this, this.core);
    node.cell = cell;
    node.status = 'starting';
    try {
      await cell.start();
    } catch (error) {
      node.status = 'stopped';
      throw error instanceof StartFailedError ? error : new StartFailedError(path, error);
    }
    if (this.current === 'stopping' || this.current === 'dead') {
      await cell.stop('shutdown', node.spec.shutdown);
      node.status = 'stopped';
      throw new SupervisorStoppedError(this.ref.path);
    }
    node.status = 'running';
    node.startedAt = Date.now();
    return cell.ref;
  }

  private newNode(spec: NormalizedChildSpec, dynamic: boolean): ChildNode {
    return newChildNode(spec, dynamic, this.spec.backoff ? new BackoffTracker(this.spec.backoff) : undefined);
  }

  private async stopNode(node: ChildNode, reason: ExitReason): Promise<void> {
    const cell = node.cell;
    if (cell && node.status !== 'stopped' && node.status !== 'failed') await cell.stop(reason, node.spec.shutdown);
    node.status = 'stopped';
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
      node.status = 'stopped';
    }
  }

  private finish(reason: ExitReason): void {
    if (this.current === 'dead') return;
    this.current = 'dead';
    this.exitReason = reason;
    this.monitors.fire({ type: 'down', ref: publicRef<never>(this.ref), reason });
  }

  private assertRunning(): void {
    if (this.current !== 'running') throw new SupervisorStoppedError(this.ref.path);
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
