// One symbol's limit order book: price levels sorted best-first, each a FIFO queue of resting orders
// (price-time priority). Records which levels changed so the engine can emit one depth event per operation.
import { Decimal } from '../../lib/core/decimal.js';
import type { Order, Side } from './types.js';

export interface Level {
  price: Decimal;
  orders: Order[]; // oldest first
  total: Decimal; // sum of remaining quantities
}

const ZERO = new Decimal(0);

export function remainingQty(order: Order): Decimal {
  return order.origQty.sub(order.executedQty);
}

export class OrderBook {
  /** Best first: bids descending, asks ascending. */
  readonly bids: Level[] = [];
  readonly asks: Level[] = [];
  private readonly changedBids = new Map<string, Decimal>();
  private readonly changedAsks = new Map<string, Decimal>();

  levels(side: Side): Level[] {
    return side === 'BUY' ? this.bids : this.asks;
  }

  /** Best level of the side that an order of `takerSide` would trade against. */
  bestOpposite(takerSide: Side): Level | undefined {
    return takerSide === 'BUY' ? this.asks[0] : this.bids[0];
  }

  /** True when a taker of `side` with limit `price` would trade against `level`. */
  static crosses(side: Side, price: Decimal, level: Level): boolean {
    return side === 'BUY' ? level.price.lte(price) : level.price.gte(price);
  }

  add(order: Order): void {
    const levels = this.levels(order.side);
    const { index, found } = this.search(levels, order.side, order.price);
    const qty = remainingQty(order);
    if (found) {
      const level = levels[index] as Level;
      level.orders.push(order);
      level.total = level.total.add(qty);
      this.markChanged(order.side, level);
    } else {
      const level: Level = { price: order.price, orders: [order], total: qty };
      levels.splice(index, 0, level);
      this.markChanged(order.side, level);
    }
  }

  /** Removes a resting order (cancel/expire); returns false when it is not in the book. */
  remove(order: Order): boolean {
    const levels = this.levels(order.side);
    const { index, found } = this.search(levels, order.side, order.price);
    if (!found) return false;
    const level = levels[index] as Level;
    const at = level.orders.indexOf(order);
    if (at < 0) return false;
    level.orders.splice(at, 1);
    level.total = level.total.sub(remainingQty(order));
    if (level.orders.length === 0) levels.splice(index, 1);
    this.markChanged(order.side, level);
    return true;
  }

  /**
   * Reduces the level total after the head order of `level` traded `qty`; drops the order when it is
   * done and the level when it is empty. The caller has already updated the order's executedQty.
   */
  reduceHead(side: Side, level: Level, qty: Decimal): void {
    level.total = level.total.sub(qty);
    const head = level.orders[0];
    if (head && remainingQty(head).isZero()) level.orders.shift();
    if (level.orders.length === 0) {
      const levels = this.levels(side);
      const at = levels.indexOf(level);
      if (at >= 0) levels.splice(at, 1);
    }
    this.markChanged(side, level);
  }

  top(side: Side, limit: number): Array<[Decimal, Decimal]> {
    const levels = this.levels(side);
    const n = Math.min(limit, levels.length);
    const out: Array<[Decimal, Decimal]> = [];
    for (let i = 0; i < n; i++) {
      const level = levels[i] as Level;
      out.push([level.price, level.total]);
    }
    return out;
  }

  /** Level changes since the last call, as [price, newTotal] (0 = removed); clears the record. */
  takeChanges(): { bids: Array<[Decimal, Decimal]>; asks: Array<[Decimal, Decimal]> } {
    const bids = [...this.changedBids.entries()].map(([key, total]) => [new Decimal(key), total] as [Decimal, Decimal]);
    const asks = [...this.changedAsks.entries()].map(([key, total]) => [new Decimal(key), total] as [Decimal, Decimal]);
    this.changedBids.clear();
    this.changedAsks.clear();
    // Binance's depth events list levels best-first; keep that order.
    bids.sort((a, b) => b[0].comparedTo(a[0]));
    asks.sort((a, b) => a[0].comparedTo(b[0]));
    return { bids, asks };
  }

  private markChanged(side: Side, level: Level): void {
    const total = level.orders.length === 0 ? ZERO : level.total;
    (side === 'BUY' ? this.changedBids : this.changedAsks).set(level.price.toString(), total);
  }

  /** Binary search for `price` in best-first `levels`; `index` is where it is or would be inserted. */
  private search(levels: Level[], side: Side, price: Decimal): { index: number; found: boolean } {
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const cmp = (levels[mid] as Level).price.comparedTo(price);
      if (cmp === 0) return { index: mid, found: true };
      // For bids (descending) a higher level price comes first; for asks (ascending) a lower one.
      const before = side === 'BUY' ? cmp > 0 : cmp < 0;
      if (before) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  }
}
