// One diff-depth window of one symbol: the engine's book changes folded into `depthUpdate`s with
// U = first updateId, u = last, and the latest quantity per price level. A skipped change (the
// skip-depth fault) splits the window: folding across it would keep U..u contiguous and hide the gap
// from a client following Binance's procedure, so each side of it is its own event.
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
  private readonly closed: DepthDiff[] = [];
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

  /** A change left out on purpose: what came before it is never folded with what comes after. */
  skip(): void {
    const open = this.fold();
    if (open) this.closed.push(open);
  }

  /** The folded diffs of this window, oldest first ([] when nothing changed); resets the window. */
  take(): DepthDiff[] {
    const open = this.fold();
    const out = this.closed.splice(0);
    if (open) out.push(open);
    return out;
  }

  private fold(): DepthDiff | undefined {
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
