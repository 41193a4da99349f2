// Pure mappers from the Binance USD-M payloads spot does not have (markPriceUpdate, forceOrder, and depthUpdate
// on a partial-depth stream) to ParsedFrame. Like spot's (../binance/stream-parsers.ts, reused for the
// shared payloads), they never throw: a field not as documented is 'malformed', naming it.
import { Decimal } from '../../core/decimal.js';
import type { ParsedFrame } from '../types.js';
import { decimalText, depthLevels, isObject, nonEmptyText, safeInteger, signedDecimalText, type JsonObject } from '../binance/payload-fields.js';

type Malformed = Extract<ParsedFrame, { kind: 'malformed' }>;

const malformed = (event: string, field: string, what: string): Malformed => ({ kind: 'malformed', reason: `${event}: ${field} ${what}` });

const NOT_DECIMAL = 'is not a decimal string';
const NOT_SAFE_INT = 'is not a safe non-negative integer';

/**
 * `markPriceUpdate` (<symbol>@markPrice[@1s]; fixture futures/ws/markPriceUpdate.json): p mark, i index, P
 * estimated settle price, r funding rate (signed), T next funding time. Every price stays the venue's exact text.
 */
export function parseMarkPrice(p: JsonObject): ParsedFrame {
  const event = 'markPriceUpdate';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const mark = decimalText(p.p);
  if (mark === undefined) return malformed(event, 'p', NOT_DECIMAL);
  const index = decimalText(p.i);
  if (index === undefined) return malformed(event, 'i', NOT_DECIMAL);
  // P is documented on every update; tolerate its absence (undefined), not a wrong value.
  const settle = p.P === undefined ? undefined : decimalText(p.P);
  if (p.P !== undefined && settle === undefined) return malformed(event, 'P', NOT_DECIMAL);
  const rate = signedDecimalText(p.r);
  if (rate === undefined) return malformed(event, 'r', NOT_DECIMAL);
  const nextFundingTime = safeInteger(p.T);
  if (nextFundingTime === undefined) return malformed(event, 'T', NOT_SAFE_INT);
  return {
    kind: 'markPrice',
    venueSymbol,
    event: {
      type: 'markPrice',
      exchangeTime,
      markPrice: new Decimal(mark),
      indexPrice: new Decimal(index),
      estimatedSettlePrice: settle === undefined ? undefined : new Decimal(settle),
      fundingRate: new Decimal(rate),
      nextFundingTime,
    },
  };
}

/**
 * `forceOrder` (<symbol>@forceOrder): `{e, E, o: {s, S, o, f, q, p, ap, X, l, z, T}}`, one liquidation order
 * (USD-M websocket-market-streams "Liquidation Order Streams"). The side is the liquidation order's own.
 */
export function parseForceOrder(p: JsonObject): ParsedFrame {
  const event = 'forceOrder';
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  if (!isObject(p.o)) return malformed(event, 'o', 'is not an object');
  const o = p.o;
  const venueSymbol = nonEmptyText(o.s);
  if (venueSymbol === undefined) return malformed(event, 'o.s', 'is not a symbol');
  if (o.S !== 'BUY' && o.S !== 'SELL') return malformed(event, 'o.S', 'is not BUY or SELL');
  const fields = { q: o.q, p: o.p, ap: o.ap, z: o.z } as const;
  for (const [field, value] of Object.entries(fields)) {
    if (decimalText(value) === undefined) return malformed(event, `o.${field}`, NOT_DECIMAL);
  }
  const status = nonEmptyText(o.X);
  if (status === undefined) return malformed(event, 'o.X', 'is not a status');
  const tradeTime = safeInteger(o.T);
  if (tradeTime === undefined) return malformed(event, 'o.T', NOT_SAFE_INT);
  return {
    kind: 'liquidation',
    venueSymbol,
    event: {
      type: 'liquidation',
      exchangeTime,
      side: o.S === 'BUY' ? 'buy' : 'sell',
      price: new Decimal(fields.p as string),
      averagePrice: new Decimal(fields.ap as string),
      quantity: new Decimal(fields.q as string),
      filledQuantity: new Decimal(fields.z as string),
      status,
      tradeTime,
    },
  };
}

/**
 * A futures partial-depth stream (<symbol>@depth<5|10|20>[@Nms]) pushes a `depthUpdate` that is a top-N
 * snapshot (fixture futures/ws/depth5_partial.json), not a diff: its sequence is u.
 */
export function parsePartialDepthUpdate(p: JsonObject): ParsedFrame {
  const event = 'partialDepth';
  const venueSymbol = nonEmptyText(p.s);
  if (venueSymbol === undefined) return malformed(event, 's', 'is not a symbol');
  const exchangeTime = safeInteger(p.E);
  if (exchangeTime === undefined) return malformed(event, 'E', NOT_SAFE_INT);
  const sequence = safeInteger(p.u);
  if (sequence === undefined) return malformed(event, 'u', NOT_SAFE_INT);
  const bids = depthLevels(p.b);
  if (bids === undefined) return malformed(event, 'b', 'is not a list of [price, quantity] decimal strings');
  const asks = depthLevels(p.a);
  if (asks === undefined) return malformed(event, 'a', 'is not a list of [price, quantity] decimal strings');
  return { kind: 'partialDepth', snapshot: { venueSymbol, sequence, bids, asks, exchangeTime } };
}
