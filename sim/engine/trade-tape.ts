// One symbol's public trade history: trade ids and aggregate-trade ids from firstId (1), a bounded history for
// the trades/aggTrades queries (Binance's fromId/startTime/endTime/limit rules). What is kept counts
// against the engine's shared RetentionBudget, plus an optional cap per symbol.
import type { Decimal } from '../../lib/core/decimal.js';
import type { FifoView } from '../../lib/core/fifo.js';
import { BoundedHistory, ENTRY_BYTES, type RetentionBudget } from './retention.js';
import type { AggTrade, Id, PublicTrade, TradeQuery } from './types.js';

export const DEFAULT_QUERY_LIMIT = 500;
export const MAX_QUERY_LIMIT = 1000;

export interface TradeInput {
  price: Decimal;
  qty: Decimal;
  time: number;
  isBuyerMaker: boolean;
  buyerOrderId: Id;
  sellerOrderId: Id;
  takerOrderId: Id;
}

export class TradeTape {
  private readonly trades: BoundedHistory<PublicTrade>;
  private readonly aggs: BoundedHistory<AggTrade>;
  private nextTradeId: Id;
  private nextAggId: Id;
  private lastAggKey = '';

  constructor(budget: RetentionBudget, maxHistory: number = Number.POSITIVE_INFINITY, firstId: Id = 1n) {
    this.nextTradeId = firstId;
    this.nextAggId = firstId;
    this.trades = new BoundedHistory<PublicTrade>(budget, () => ENTRY_BYTES.trade, maxHistory);
    this.aggs = new BoundedHistory<AggTrade>(budget, () => ENTRY_BYTES.aggTrade, maxHistory);
  }

  /** Records one match; fills of one taker order at one price share an aggregate trade. */
  record(input: TradeInput): PublicTrade {
    const id = this.nextTradeId++;
    const aggKey = `${input.takerOrderId}@${input.price.toString()}`;
    let agg = this.aggs.view.last();
    if (!agg || aggKey !== this.lastAggKey) {
      agg = { a: this.nextAggId++, p: input.price, q: input.qty, f: id, l: id, T: input.time, m: input.isBuyerMaker };
      this.aggs.push(agg);
      this.lastAggKey = aggKey;
    } else {
      agg.q = agg.q.add(input.qty);
      agg.l = id;
    }
    const trade: PublicTrade = {
      id,
      price: input.price,
      qty: input.qty,
      quoteQty: input.price.mul(input.qty),
      time: input.time,
      isBuyerMaker: input.isBuyerMaker,
      buyerOrderId: input.buyerOrderId,
      sellerOrderId: input.sellerOrderId,
      aggId: agg.a,
    };
    this.trades.push(trade);
    return trade;
  }

  /** Ends the current taker's aggregation (a later taker at the same price starts a new aggregate). */
  endTaker(): void {
    this.lastAggKey = '';
  }

  last(): PublicTrade | undefined {
    return this.trades.view.last();
  }

  recent(limit: number): PublicTrade[] {
    const n = clampLimit(limit);
    return this.trades.view.slice(this.trades.length - n);
  }

  query(q: TradeQuery): PublicTrade[] {
    return selectById(this.trades.view, (t) => t.id, (t) => t.time, q);
  }

  queryAggs(q: TradeQuery): AggTrade[] {
    return selectById(this.aggs.view, (a) => a.a, (a) => a.T, q);
  }

  /** A copy of an aggregate trade by id, when still in the history. */
  agg(id: Id): AggTrade | undefined {
    const first = this.aggs.view.first();
    if (!first) return undefined;
    const offset = id - first.a;
    const found = offset < 0n || offset >= BigInt(this.aggs.length) ? undefined : this.aggs.view.at(Number(offset));
    return found ? { ...found } : undefined;
  }
}

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_QUERY_LIMIT;
  return Math.max(1, Math.min(MAX_QUERY_LIMIT, Math.floor(limit)));
}

/**
 * Binance's history query: `fromId` -> ascending from that id; startTime/endTime -> ascending within the
 * range; neither -> the most recent `limit`. Ids in the queue are consecutive, so fromId is an index.
 */
export function selectById<T>(items: FifoView<T>, idOf: (t: T) => Id, timeOf: (t: T) => number, q: TradeQuery): T[] {
  const limit = clampLimit(q.limit);
  const first = items.first();
  if (!first) return [];
  let from = 0;
  if (q.fromId !== undefined) from = q.fromId <= idOf(first) ? 0 : Number(bigMin(q.fromId - idOf(first), BigInt(items.length)));
  if (q.fromId === undefined && q.startTime === undefined && q.endTime === undefined) {
    return items.slice(Math.max(0, items.length - limit));
  }
  if (q.startTime !== undefined) from = Math.max(from, lowerBound(items, from, (t) => timeOf(t) >= (q.startTime as number)));
  const out: T[] = [];
  for (let i = from; i < items.length && out.length < limit; i++) {
    const item = items.at(i) as T;
    if (q.endTime !== undefined && timeOf(item) > q.endTime) break;
    out.push(item);
  }
  return out;
}

function bigMin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** First index >= from where `pred` holds (pred is monotone over the queue: times never decrease). */
function lowerBound<T>(items: FifoView<T>, from: number, pred: (t: T) => boolean): number {
  let lo = from;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(items.at(mid) as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
