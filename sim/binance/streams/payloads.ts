// Market stream payloads, field for field as Binance documents them (ws/*.json fixtures): pure
// functions from engine data to the JSON objects a client receives.
import type { Decimal } from '../../../lib/core/decimal.js';
import type { BookSnapshot, PublicTrade, SymbolSpec, Ticker24h } from '../../engine/types.js';
import type { DepthDiff } from './depth-window.js';
import { formatPercent, formatPrice, formatQty } from './format.js';
import type { Kline } from './kline-builder.js';

export type Payload = Record<string, unknown>;

type Level = [string, string];

function levels(list: ReadonlyArray<readonly [Decimal, Decimal]>, spec: SymbolSpec | undefined): Level[] {
  return list.map(([price, qty]) => [formatPrice(price, spec), formatQty(qty, spec)]);
}

export function tradePayload(spec: SymbolSpec | undefined, symbol: string, trade: PublicTrade, eventTime: number): Payload {
  return {
    e: 'trade',
    E: eventTime,
    s: symbol,
    t: trade.id,
    p: formatPrice(trade.price, spec),
    q: formatQty(trade.qty, spec),
    T: trade.time,
    m: trade.isBuyerMaker,
    M: true,
  };
}

/** The trades of one taker order at one price, already grouped. */
export interface AggregatedTrade {
  aggId: bigint;
  price: Decimal;
  qty: Decimal;
  firstId: bigint;
  lastId: bigint;
  time: number;
  isBuyerMaker: boolean;
}

export function aggTradePayload(spec: SymbolSpec | undefined, symbol: string, agg: AggregatedTrade, eventTime: number): Payload {
  return {
    e: 'aggTrade',
    E: eventTime,
    s: symbol,
    a: agg.aggId,
    p: formatPrice(agg.price, spec),
    q: formatQty(agg.qty, spec),
    f: agg.firstId,
    l: agg.lastId,
    T: agg.time,
    m: agg.isBuyerMaker,
    M: true,
  };
}

export function tickerPayload(spec: SymbolSpec | undefined, t: Ticker24h, eventTime: number): Payload {
  const price = (d: Decimal): string => formatPrice(d, spec);
  const qty = (d: Decimal): string => formatQty(d, spec);
  return {
    e: '24hrTicker',
    E: eventTime,
    s: t.symbol,
    p: price(t.priceChange),
    P: formatPercent(t.priceChangePercent),
    w: price(t.weightedAvgPrice),
    x: price(t.prevClosePrice),
    c: price(t.lastPrice),
    Q: qty(t.lastQty),
    b: price(t.bidPrice),
    B: qty(t.bidQty),
    a: price(t.askPrice),
    A: qty(t.askQty),
    o: price(t.openPrice),
    h: price(t.highPrice),
    l: price(t.lowPrice),
    v: qty(t.volume),
    q: price(t.quoteVolume),
    O: t.openTime,
    C: t.closeTime,
    F: t.firstId,
    L: t.lastId,
    n: t.count,
  };
}

export function miniTickerPayload(spec: SymbolSpec | undefined, t: Ticker24h, eventTime: number): Payload {
  return {
    e: '24hrMiniTicker',
    E: eventTime,
    s: t.symbol,
    c: formatPrice(t.lastPrice, spec),
    o: formatPrice(t.openPrice, spec),
    h: formatPrice(t.highPrice, spec),
    l: formatPrice(t.lowPrice, spec),
    v: formatQty(t.volume, spec),
    q: formatPrice(t.quoteVolume, spec),
  };
}

export interface BestPrices {
  bidPrice: Decimal;
  bidQty: Decimal;
  askPrice: Decimal;
  askQty: Decimal;
}

export function bookTickerPayload(spec: SymbolSpec | undefined, symbol: string, updateId: number, best: BestPrices): Payload {
  return {
    u: updateId,
    s: symbol,
    b: formatPrice(best.bidPrice, spec),
    B: formatQty(best.bidQty, spec),
    a: formatPrice(best.askPrice, spec),
    A: formatQty(best.askQty, spec),
  };
}

/** Diff depth: spot events carry no `pu` (that is futures). */
export function depthUpdatePayload(spec: SymbolSpec | undefined, symbol: string, diff: DepthDiff, eventTime: number): Payload {
  return {
    e: 'depthUpdate',
    E: eventTime,
    s: symbol,
    U: diff.firstUpdateId,
    u: diff.lastUpdateId,
    b: levels(diff.bids, spec),
    a: levels(diff.asks, spec),
  };
}

/** Partial depth has no event type, time or symbol: only the snapshot. */
export function partialDepthPayload(spec: SymbolSpec | undefined, book: BookSnapshot): Payload {
  return { lastUpdateId: book.lastUpdateId, bids: levels(book.bids, spec), asks: levels(book.asks, spec) };
}

export function klinePayload(spec: SymbolSpec | undefined, symbol: string, k: Kline, eventTime: number): Payload {
  return {
    e: 'kline',
    E: eventTime,
    s: symbol,
    k: {
      t: k.openTime,
      T: k.closeTime,
      s: symbol,
      i: k.interval,
      f: k.firstTradeId,
      L: k.lastTradeId,
      o: formatPrice(k.open, spec),
      c: formatPrice(k.close, spec),
      h: formatPrice(k.high, spec),
      l: formatPrice(k.low, spec),
      v: formatQty(k.volume, spec),
      n: k.trades,
      x: k.closed,
      q: formatPrice(k.quoteVolume, spec),
      V: formatQty(k.takerBuyVolume, spec),
      Q: formatPrice(k.takerBuyQuoteVolume, spec),
      B: '0',
    },
  };
}

export function serverShutdownPayload(eventTime: number): Payload {
  return { e: 'serverShutdown', E: eventTime };
}

/**
 * The payload builders a market-stream dialect uses (spot's here; USD-M's in sim/binance-usdm/payloads.ts): the
 * stream machinery (windows, aggregation, timers) is the same, the JSON differs.
 */
export interface StreamPayloads {
  depthUpdate(spec: SymbolSpec | undefined, symbol: string, diff: DepthDiff, eventTime: number): Payload;
  partialDepth(spec: SymbolSpec | undefined, symbol: string, book: BookSnapshot, eventTime: number): Payload;
  bookTicker(spec: SymbolSpec | undefined, symbol: string, updateId: number, best: BestPrices, eventTime: number): Payload;
  aggTrade(spec: SymbolSpec | undefined, symbol: string, agg: AggregatedTrade, eventTime: number): Payload;
  ticker(spec: SymbolSpec | undefined, t: Ticker24h, eventTime: number): Payload;
  /** USD-M: the mark price update of `symbol` (undefined: the dialect has none). */
  markPrice?(spec: SymbolSpec | undefined, symbol: string, eventTime: number): Payload | undefined;
}

export const SPOT_PAYLOADS: StreamPayloads = {
  depthUpdate: (spec, symbol, diff, eventTime) => depthUpdatePayload(spec, symbol, diff, eventTime),
  partialDepth: (spec, _symbol, book) => partialDepthPayload(spec, book),
  bookTicker: (spec, symbol, updateId, best) => bookTickerPayload(spec, symbol, updateId, best),
  aggTrade: aggTradePayload,
  ticker: tickerPayload,
};
