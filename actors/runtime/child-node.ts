// A supervisor's record of one child (spec, current cell, status, backoff) and pure helpers on it.
import type { BackoffTracker } from './backoff.js';
import type { NormalizedChildSpec } from './child-spec.js';
import type { ChildCell } from './core.js';
import { publicRef } from './refs.js';
import type { ChildCounts, ChildInfo, ChildStatus, ExitReason } from './types.js';

export interface ChildNode {
  readonly spec: NormalizedChildSpec;
  /** Added with startChild: forgotten when the supervisor restarts. */
  readonly dynamic: boolean;
  cell: ChildCell | undefined;
  status: ChildStatus;
  startedAt: number;
  restarts: number;
  readonly backoff: BackoffTracker | undefined;
}

export function newChildNode(spec: NormalizedChildSpec, dynamic: boolean, backoff: BackoffTracker | undefined): ChildNode {
  return { spec, dynamic, cell: undefined, status: 'stopped', startedAt: 0, restarts: 0, backoff };
}

/** OTP restart types: transient restarts only after an abnormal exit (not normal/shutdown). */
export function shouldRestart(restart: NormalizedChildSpec['restart'], reason: ExitReason): boolean {
  switch (restart) {
    case 'permanent':
      return true;
    case 'temporary':
      return false;
    case 'transient':
      return typeof reason !== 'string' || reason === 'killed';
    default: {
      const never: never = restart;
      throw new Error(`unknown restart type ${String(never)}`);
    }
  }
}

export function isActive(node: ChildNode): boolean {
  return node.status === 'running' || node.status === 'restarting' || node.status === 'starting';
}

export function childInfo(node: ChildNode): ChildInfo {
  return {
    id: node.spec.id,
    ref: node.cell?.alive ? publicRef<never>(node.cell.ref) : undefined,
    kind: node.spec.kind,
    // The supervisor may not have processed a crash yet: the cell knows first.
    status: node.status === 'running' && node.cell ? node.cell.status() : node.status,
    restart: node.spec.restart,
    dynamic: node.dynamic,
  };
}

export function countNodes(nodes: Iterable<ChildNode>): ChildCounts {
  let specs = 0;
  let active = 0;
  let workers = 0;
  let supervisors = 0;
  for (const node of nodes) {
    specs++;
    if (node.spec.kind === 'worker') workers++;
    else supervisors++;
    if (node.cell?.alive && node.status !== 'stopped' && node.status !== 'failed') active++;
  }
  return { specs, active, workers, supervisors };
}

/** Lifecycle of a cell (worker or supervisor): `suspended` = down, waiting for or running its restart. */
export type CellState = 'starting' | 'running' | 'suspended' | 'stopping' | 'dead';

export function cellStatus(state: CellState): ChildStatus {
  switch (state) {
    case 'starting':
      return 'starting';
    case 'running':
      return 'running';
    case 'suspended':
      return 'restarting';
    case 'stopping':
    case 'dead':
      return 'stopped';
    default: {
      const never: never = state;
      throw new Error(`unknown cell state ${String(never)}`);
    }
  }
}
