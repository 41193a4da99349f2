// The soak's faults: a seeded sequence over every kind the simulator can inject, one per call of `next`.
// Timed faults (stalls, clock shifts) undo themselves; `clear` undoes everything still in force.
import { SeededRandom } from '../sim/bots/random.js';
import type { SoakFaults } from './soak-sim.js';

export const FAULT_KINDS = [
  'drop-streams',
  'stall-streams',
  'server-shutdown',
  'skip-depth',
  'rest-429',
  'order-5xx',
  'expire-user-stream',
  'drop-user-streams',
  'clock-shift',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class FaultSchedule {
  private readonly random: () => number;
  private readonly injected: { kind: FaultKind; at: number }[] = [];
  private readonly undo = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly faults: SoakFaults,
    seed: number,
    private readonly symbols: readonly string[],
    private readonly apiKeys: readonly string[],
  ) {
    const seeded = new SeededRandom(seed); // the simulator's mulberry32: the same sequence for a seed everywhere
    this.random = () => seeded.next();
  }

  /** Injects the next fault of the sequence. */
  next(): FaultKind {
    const kind = FAULT_KINDS[Math.floor(this.random() * FAULT_KINDS.length)]!;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(this.random() * list.length)]!;
    const { faults } = this;
    switch (kind) {
      case 'drop-streams':
        faults.dropConnections({ target: 'streams' });
        break;
      case 'stall-streams':
        faults.stallConnections({ target: 'streams' });
        this.later(2500, () => faults.resumeConnections({ target: 'streams' }));
        break;
      case 'server-shutdown':
        faults.serverShutdown({ target: 'streams', closeAfterMs: 1500 });
        break;
      case 'skip-depth':
        faults.skipDepthUpdates(pick(this.symbols).replace('/', ''), 1 + Math.floor(this.random() * 3));
        break;
      case 'rest-429':
        faults.rateLimit({ status: 429, durationMs: 1000 });
        break;
      case 'order-5xx':
        faults.orderFailure({ mode: 'status', status: 503, count: 1 });
        break;
      case 'expire-user-stream':
        faults.expireUserDataStreams(pick(this.apiKeys));
        break;
      case 'drop-user-streams':
        faults.dropConnections({ target: 'wsApi' });
        break;
      case 'clock-shift': {
        const ms = this.random() < 0.5 ? 1500 : -1500;
        faults.shiftClock(ms);
        this.later(4000, () => faults.shiftClock(-ms));
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`unknown fault ${String(never)}`);
      }
    }
    this.injected.push({ kind, at: Date.now() });
    return kind;
  }

  counts(): Record<FaultKind, number> {
    const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    for (const { kind } of this.injected) counts[kind] += 1;
    return counts;
  }

  times(): readonly { kind: FaultKind; at: number }[] {
    return this.injected;
  }

  /** Undoes every fault still in force (timed undos run now). */
  clear(): void {
    for (const timer of this.undo) clearTimeout(timer);
    this.undo.clear();
    this.faults.clear();
  }

  private later(ms: number, undo: () => void): void {
    const timer = setTimeout(() => {
      this.undo.delete(timer);
      undo();
    }, ms);
    this.undo.add(timer);
  }
}
