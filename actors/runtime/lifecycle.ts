// The one lifecycle state machine of a cell (worker or supervisor): its phases and the only
// transitions allowed between them. Every phase change goes through `Lifecycle.to`, which throws
// on an illegal transition, so a race shows up as a loud error instead of a silently wrong state.
import { IllegalTransitionError } from './errors.js';
import type { ChildStatus } from './types.js';

/**
 * - `starting`: the first `init` (worker) or the first start of the children (supervisor) is running.
 * - `running`: handling messages / supervising.
 * - `suspended`: the incarnation ended or is ending (crash, normal exit, or taken down for a
 *   sibling's restart); its supervisor decides what comes next. A backoff wait is spent here.
 * - `restarting`: a new incarnation's `init` (or the supervisor's children) is starting.
 * - `stopping`: stopping for good (`onStop`, children stopped in reverse order).
 * - `dead`: stopped for good; monitors have been told.
 */
export type Phase = 'starting' | 'running' | 'suspended' | 'restarting' | 'stopping' | 'dead';

/** `dead` is reachable from everywhere: `kill` (a forced, untrappable end) and a failed first start. */
const TRANSITIONS: Readonly<Record<Phase, readonly Phase[]>> = {
  starting: ['running', 'stopping', 'dead'],
  running: ['suspended', 'stopping', 'dead'],
  suspended: ['restarting', 'stopping', 'dead'],
  restarting: ['running', 'suspended', 'stopping', 'dead'],
  stopping: ['dead'],
  dead: [],
};

export class Lifecycle {
  private current: Phase = 'starting';

  constructor(private readonly path: string) {}

  get phase(): Phase {
    return this.current;
  }

  /** The phase is one of `phases`. */
  is(...phases: Phase[]): boolean {
    return phases.includes(this.current);
  }

  /** Move to `next`; throws IllegalTransitionError if the table above does not allow it. */
  to(next: Phase): void {
    if (!TRANSITIONS[this.current].includes(next)) throw new IllegalTransitionError(this.path, this.current, next);
    this.current = next;
  }

  /** The status shown to users (`whichChildren`). */
  status(): ChildStatus {
    return phaseStatus(this.current);
  }
}

export function phaseStatus(phase: Phase): ChildStatus {
  switch (phase) {
    case 'starting':
      return 'starting';
    case 'running':
      return 'running';
    case 'suspended':
    case 'restarting':
      return 'restarting';
    case 'stopping':
    case 'dead':
      return 'stopped';
    default: {
      const never: never = phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

/** The transition table, for docs and tests. */
export function allowedTransitions(): Readonly<Record<Phase, readonly Phase[]>> {
  return TRANSITIONS;
}
