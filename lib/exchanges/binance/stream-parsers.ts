// Pure mappers from Binance spot market payloads (web-socket-streams.md; fixtures ws/*.json) to ParsedFrame.
// Each takes the already-parsed payload object and returns 'malformed' naming the first field that is not
// what the docs print; none throws (every Decimal is built from text already checked to be a decimal).
import { Decimal } from '../../core/decimal.js';
import type { ParsedFrame } from '../types.js';
import { decimalText, depthLevels, idText, nonEmptyText, safeInteger, signedDecimalText, type JsonObject } from './payload-fields.js';

type Malformed = Extract<ParsedFrame, { kind: 'malformed' }>;

const malformed = (event: string, field: string, what: string): Malformed => ({
  kind: 'malformed',
  reason: `${event}: ${field} ${what}`,
});

const NOT_DECIMAL = 'is not a decimal string';
const NOT_SAFE_INT = 'is not a safe non-negative integer';

/** `trade` (t = trade id) and `aggTrade` (a = aggregate id, a different series): the taker sold when the buyer made. */
export function parseTradeEvent(p: JsonObject, aggregated: boolean): ParsedFrame {
  const event = aggregated ? 'aggTrade' : 'trade';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const idField = aggregated ? 'a' : 't';
  const id = idText(p[idField]);
  if (id === undefined) return malformed(event, idField, 'is not an id');
  const price = decimalText(p.p);
  if (price === undefined) return malformed(event, 'p', NOT_DECIMAL);
  const quantity = decimalText(p.q);
  if (quantity === undefined) return malformed(event, 'q', NOT_DECIMAL);
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const tradeTime = safeInteger(p.T);
  if (tradeTime === undefined) return malformed(event, 'T', NOT_SAFE_INT);
  if (typeof p.m !== 'boolean') return malformed(event, 'm', 'is not a boolean');
  return {
    kind: 'trade',
    venueSymbol,
    aggregated,
    event: {
      type: 'trade',
      exchangeTime,
      id,
      price: new Decimal(price),
      quantity: new Decimal(quantity),
      side: p.m ? 'sell' : 'buy',
      tradeTime,
    },
  };
}

/** The OHLC and volume fields both ticker kinds share (o, h, l, c, v, q). */
function tickerBase(p: JsonObject, event: string): Malformed | { open: string; high: string; low: string; last: string; volume: string; quoteVolume: string } {
  const fields = { o: p.o, h: p.h, l: p.l, c: p.c, v: p.v, q: p.q };
  for (const [field, value] of Object.entries(fields)) {
    if (decimalText(value) === undefined) return malformed(event, field, NOT_DECIMAL);
  }
  return { open: p.o as string, high: p.h as string, low: p.l as string, last: p.c as string, volume: p.v as string, quoteVolume: p.q as string };
}

/**
 * `24hrTicker` (<symbol>@ticker): change, percent and best bid/ask as Binance prints them. USD-M futures
 * prints no best bid/ask in it (`bidAsk: 'absent'`): bid and ask are then undefined.
 */
export function parseTicker24h(p: JsonObject, bidAsk: 'required' | 'absent' = 'required'): ParsedFrame {
  const event = '24hrTicker';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const base = tickerBase(p, event);
  if ('kind' in base) return base;
  const change = signedDecimalText(p.p);
  if (change === undefined) return malformed(event, 'p', NOT_DECIMAL);
  const changePercent = signedDecimalText(p.P);
  if (changePercent === undefined) return malformed(event, 'P', NOT_DECIMAL);
  const bid = bidAsk === 'absent' ? undefined : decimalText(p.b);
  if (bidAsk === 'required' && bid === undefined) return malformed(event, 'b', NOT_DECIMAL);
  const ask = bidAsk === 'absent' ? undefined : decimalText(p.a);
  if (bidAsk === 'required' && ask === undefined) return malformed(event, 'a', NOT_DECIMAL);
  return {
    kind: 'ticker',
    venueSymbol,
    event: {
      type: 'ticker',
      exchangeTime,
      last: new Decimal(base.last),
      open: new Decimal(base.open),
      high: new Decimal(base.high),
      low: new Decimal(base.low),
      change: new Decimal(change),
      changePercent: new Decimal(changePercent),
      volume: new Decimal(base.volume),
      quoteVolume: new Decimal(base.quoteVolume),
      bid: bid === undefined ? undefined : new Decimal(bid),
      ask: ask === undefined ? undefined : new Decimal(ask),
    },
  };
}

/**
 * `24hrMiniTicker` (<symbol>@miniTicker): no change fields and no bid/ask, so change = close - open and
 * changePercent = change * 100 / open, in Decimal ('0' when open is 0, where a percent means nothing).
 */
export function parseMiniTicker(p: JsonObject): ParsedFrame {
  const event = '24hrMiniTicker';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const base = tickerBase(p, event);
  if ('kind' in base) return base;
  const open = new Decimal(base.open);
  const last = new Decimal(base.last);
  const change = last.minus(open);
  return {
    kind: 'ticker',
    venueSymbol,
    event: {
      type: 'ticker',
      exchangeTime,
      last,
      open,
      high: new Decimal(base.high),
      low: new Decimal(base.low),
      change,
      changePercent: open.isZero() ? new Decimal(0) : change.mul(100).div(open),
      volume: new Decimal(base.volume),
      quoteVolume: new Decimal(base.quoteVolume),
      bid: undefined,
      ask: undefined,
    },
  };
}

/**
 * <symbol>@bookTicker. The spot payload has no `e` and no event time (recognised by its shape u,s,b,B,a,A);
 * exchangeTime is its `E` when present (USD-M futures sends one) and 0 otherwise: 0 means "the venue gave
 * none", and the consumer falls back to the receive time.
 */
export function parseBookTicker(p: JsonObject): ParsedFrame {
  const event = 'bookTicker';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const sequence = safeInteger(p.u);
  if (sequence === undefined) return malformed(event, 'u', NOT_SAFE_INT);
  const exchangeTime = p.E === undefined ? 0 : safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const bid = decimalText(p.b);
  if (bid === undefined) return malformed(event, 'b', NOT_DECIMAL);
  const bidSize = decimalText(p.B);
  if (bidSize === undefined) return malformed(event, 'B', NOT_DECIMAL);
  const ask = decimalText(p.a);
  if (ask === undefined) return malformed(event, 'a', NOT_DECIMAL);
  const askSize = decimalText(p.A);
  if (askSize === undefined) return malformed(event, 'A', NOT_DECIMAL);
  return {
    kind: 'bookTicker',
    venueSymbol,
    event: {
      type: 'bookTicker',
      exchangeTime,
      bid: new Decimal(bid),
      bidSize: new Decimal(bidSize),
      ask: new Decimal(ask),
      askSize: new Decimal(askSize),
      sequence,
    },
  };
}

/** True for the spot bookTicker shape, which carries no `e` to dispatch on. */
export function isBookTickerShape(p: JsonObject): boolean {
  return p.u !== undefined && p.s !== undefined && p.b !== undefined && p.B !== undefined && p.a !== undefined && p.A !== undefined;
}

/**
 * `depthUpdate` (<symbol>@depth[@100ms]): the update-id range [U, u]; `pu` (USD-M futures only) becomes
 * `previous`. Levels stay the exchange's strings: this is the firehose.
 */
export function parseDepthUpdate(p: JsonObject): ParsedFrame {
  const event = 'depthUpdate';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const first = safeInteger(p.U);
  if (first === undefined) return malformed(event, 'U', NOT_SAFE_INT);
  const last = safeInteger(p.u);
  if (last === undefined) return malformed(event, 'u', NOT_SAFE_INT);
  if (first > last) return malformed(event, 'U', 'is greater than u');
  const previous = p.pu === undefined ? undefined : safeInteger(p.pu);
  if (p.pu !== undefined && previous === undefined) return malformed(event, 'pu', NOT_SAFE_INT);
  const bids = depthLevels(p.b);
  if (bids === undefined) return malformed(event, 'b', 'is not a list of [price, quantity] decimal strings');
  const asks = depthLevels(p.a);
  if (asks === undefined) return malformed(event, 'a', 'is not a list of [price, quantity] decimal strings');
  return { kind: 'depth', delta: { venueSymbol, first, last, previous, bids, asks, exchangeTime, isSnapshot: false } };
}

/** True for the partial-depth payload `{lastUpdateId, bids, asks}` (no `e`, no symbol). */
export function isPartialDepthShape(p: JsonObject): boolean {
  return p.lastUpdateId !== undefined && p.bids !== undefined && p.asks !== undefined;
}

/**
 * <symbol>@depth<5|10|20>[@100ms]: a top-N snapshot. The payload names no symbol, so it comes from the
 * combined stream name (upper-cased); on a raw connection it stays undefined.
 */
export function parsePartialDepth(p: JsonObject, venueSymbol: string | undefined): ParsedFrame {
  const event = 'partialDepth';
  const sequence = safeInteger(p.lastUpdateId);
  if (sequence === undefined) return malformed(event, 'lastUpdateId', NOT_SAFE_INT);
  const bids = depthLevels(p.bids);
  if (bids === undefined) return malformed(event, 'bids', 'is not a list of [price, quantity] decimal strings');
  const asks = depthLevels(p.asks);
  if (asks === undefined) return malformed(event, 'asks', 'is not a list of [price, quantity] decimal strings');
  return { kind: 'partialDepth', snapshot: { venueSymbol, sequence, bids, asks, exchangeTime: undefined } };
}

/** `kline` (<symbol>@kline_<interval>, also the @+08:00 timezone variant: same payload). */
export function parseKline(p: JsonObject): ParsedFrame {
  const event = 'kline';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const k = p.k;
  if (typeof k !== 'object' || k === null || Array.isArray(k)) return malformed(event, 'k', 'is not an object');
  const kline = k as JsonObject;
  const interval = nonEmptyText(kline.i);
  if (interval === undefined) return malformed(event, 'k.i', 'is not an interval');
  const openTime = safeInteger(kline.t);
  if (openTime === undefined) return malformed(event, 'k.t', NOT_SAFE_INT);
  const closeTime = safeInteger(kline.T);
  if (closeTime === undefined) return malformed(event, 'k.T', NOT_SAFE_INT);
  const trades = safeInteger(kline.n);
  if (trades === undefined) return malformed(event, 'k.n', NOT_SAFE_INT);
  if (typeof kline.x !== 'boolean') return malformed(event, 'k.x', 'is not a boolean');
  const base = tickerBase(kline, event);
  if ('kind' in base) return { kind: 'malformed', reason: base.reason.replace(`${event}: `, `${event}: k.`) };
  return {
    kind: 'kline',
    venueSymbol,
    event: {
      type: 'kline',
      exchangeTime,
      interval,
      openTime,
      closeTime,
      open: new Decimal(base.open),
      high: new Decimal(base.high),
      low: new Decimal(base.low),
      close: new Decimal(base.last),
      volume: new Decimal(base.volume),
      quoteVolume: new Decimal(base.quoteVolume),
      trades,
      closed: kline.x,
    },
  };
}
