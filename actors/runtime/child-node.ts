// A supervisor's record of one child (spec, current cell, backoff) and pure helpers on it. The
// child's phase is its cell's Lifecycle; the node only adds what outlives a cell: that the
// supervisor ended the child for good ('stopped') or gave up on it ('failed').
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
  /** Set when the supervisor ended the child for good; cleared when it starts it again. */
  ended: 'stopped' | 'failed' | undefined;
  /** When the current incarnation finished starting (undefined while it is not running). */
  startedAt: number | undefined;
  restarts: number;
  readonly backoff: BackoffTracker | undefined;
}

export function newChildNode(spec: NormalizedChildSpec, dynamic: boolean, backoff: BackoffTracker | undefined): ChildNode {
  return { spec, dynamic, cell: undefined, ended: undefined, startedAt: undefined, restarts: 0, backoff };
}

export function nodeStatus(node: ChildNode): ChildStatus {
  return node.ended ?? node.cell?.status() ?? 'stopped';
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
  const status = nodeStatus(node);
  return status === 'running' || status === 'restarting' || status === 'starting';
}

export function childInfo(node: ChildNode): ChildInfo {
  return {
    id: node.spec.id,
    ref: node.cell?.alive ? publicRef<never>(node.cell.ref) : undefined,
    kind: node.spec.kind,
    status: nodeStatus(node),
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
    if (node.cell?.alive && node.ended === undefined) active++;
  }
  return { specs, active, workers, supervisors };
}
