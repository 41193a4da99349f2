// One diff-depth window of one symbol: the engine's book changes folded into a single
// `depthUpdate` with U = first updateId, u = last, and the latest quantity per price level.
import type { Decimal } from '../../../lib/core/decimal.js';

export interface DepthDiff {
  firstUpdateId: number;
  lastUpdateId: number;
  bids: Array<[Decimal, Decimal]>; // best first
  asks: Array<[Decimal, Decimal]>;
}

export interface DepthChange {
  updateId: number;
  bids: ReadonlyArray<readonly [Decimal, Decimal]>;
  asks: ReadonlyArray<readonly [Decimal, Decimal]>;
}

export class DepthWindow {
  private first: number | undefined;
  private last: number | undefined;
  // Keyed by the normalised price text so '1.50' and '1.5' are one level.
  private readonly bids = new Map<string, [Decimal, Decimal]>();
  private readonly asks = new Map<string, [Decimal, Decimal]>();

  add(change: DepthChange): void {
    if (this.first === undefined) this.first = change.updateId;
    this.last = change.updateId;
    for (const [price, qty] of change.bids) this.bids.set(price.toString(), [price, qty]);
    for (const [price, qty] of change.asks) this.asks.set(price.toString(), [price, qty]);
  }

  /** The folded diff, or undefined when nothing changed in this window; resets the window. */
  take(): DepthDiff | undefined {
    if (this.first === undefined || this.last === undefined) return undefined;
    const diff: DepthDiff = {
      firstUpdateId: this.first,
      lastUpdateId: this.last,
      bids: [...this.bids.values()].sort((x, y) => y[0].comparedTo(x[0])),
      asks: [...this.asks.values()].sort((x, y) => x[0].comparedTo(y[0])),
    };
    this.first = undefined;
    this.last = undefined;
    this.bids.clear();
    this.asks.clear();
    return diff;
  }
}
