// Binance USD-M REST market data as data (NOTES.md section 4): the /fapi/v1/depth snapshot BookSync bridges to,
// the aggregate-trade backfill after a reconnect, and parsers of their bodies. The parsers throw
// ExchangeFormatError naming the field: a REST body is read once, off the hot path, and the caller retries.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError, ValidationError } from '../../core/errors.js';
import type { Trade } from '../../models/market.js';
import type { DepthSnapshot, RestRequest, Unbound } from '../types.js';
import { decimalText, depthLevels, idText, isObject, safeInteger } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** The limits GET /fapi/v1/depth accepts (default 500). */
export const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000] as const;
/** GET /fapi/v1/aggTrades: default 500, max 1000. */
export const AGG_TRADES_LIMIT_MAX = 1000;

/** GET /fapi/v1/depth weight by limit: 2 (5-50), 5 (100), 10 (500), 20 (1000). */
export function depthWeight(limit: number): number {
  if (limit <= 50) return 2;
  if (limit <= 100) return 5;
  if (limit <= 500) return 10;
  return 20;
}

/**
 * The smallest valid depth limit that holds `wanted` levels (the feed's snapshotLimit is venue-neutral: 1000 by
 * default, any integer up to spot's 5000); more than 1000 gets 1000, the most futures serves.
 */
export function depthLimitFor(wanted: number): number {
  if (!Number.isInteger(wanted) || wanted < 1) throw new ValidationError('limit', 'range', `depth limit must be a positive integer, got ${wanted}`);
  return DEPTH_LIMITS.find((limit) => limit >= wanted) ?? 1000;
}

export function exchangeInfoRequest(): RestRequest {
  return { method: 'GET', path: '/fapi/v1/exchangeInfo', weight: 1 };
}

export function depthSnapshotRequest(venueSymbol: string, limit: number): RestRequest {
  const valid = depthLimitFor(limit);
  return { method: 'GET', path: `/fapi/v1/depth?symbol=${encodeURIComponent(venueSymbol)}&limit=${valid}`, weight: depthWeight(valid) };
}

/**
 * Aggregate trades with id >= fromId, oldest first: GET /fapi/v1/aggTrades (weight 20). The trades topic follows
 * @aggTrade, whose `a` ids are contiguous per symbol, so a hole in them is filled from here.
 */
export function tradesFromRequest(venueSymbol: string, fromId: string, limit: number): RestRequest {
  if (!Number.isInteger(limit) || limit < 1 || limit > AGG_TRADES_LIMIT_MAX) {
    throw new ValidationError('limit', 'range', `aggTrades limit must be an integer in 1..${AGG_TRADES_LIMIT_MAX}, got ${limit}`);
  }
  if (!/^\d{1,20}$/.test(fromId)) {
    throw new ValidationError('fromId', 'trade-id', `fromId must be an aggregate trade id (digits), got ${JSON.stringify(fromId.slice(0, 40))}`);
  }
  return { method: 'GET', path: `/fapi/v1/aggTrades?symbol=${encodeURIComponent(venueSymbol)}&fromId=${fromId}&limit=${limit}`, weight: 20 };
}

/** The body of GET /fapi/v1/depth: {lastUpdateId, E, T, bids, asks} (fixture futures/rest/depth.json). */
export function parseDepthSnapshot(body: unknown): DepthSnapshot {
  if (!isObject(body)) throw formatError('depth', 'body is not an object');
  const sequence = safeInteger(body.lastUpdateId);
  if (sequence === undefined) throw formatError('depth.lastUpdateId', 'is not a safe non-negative integer');
  const exchangeTime = body.E === undefined ? undefined : safeInteger(body.E);
  if (body.E !== undefined && exchangeTime === undefined) throw formatError('depth.E', 'is not a safe non-negative integer');
  const bids = depthLevels(body.bids);
  if (bids === undefined) throw formatError('depth.bids', 'is not a list of [price, quantity] decimal strings');
  const asks = depthLevels(body.asks);
  if (asks === undefined) throw formatError('depth.asks', 'is not a list of [price, quantity] decimal strings');
  return { venueSymbol: undefined, sequence, bids, asks, exchangeTime };
}

/**
 * The body of GET /fapi/v1/aggTrades: [{a, p, q, f, l, T, m}]. The id is the aggregate id `a`; the taker sold
 * when the buyer was the maker. exchangeTime is the trade time (the body has no event time).
 */
export function parseTrades(body: unknown): Unbound<Trade>[] {
  if (!Array.isArray(body)) throw formatError('aggTrades', 'body is not a list');
  return (body as unknown[]).map((item, i): Unbound<Trade> => {
    const at = `aggTrades[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const id = idText(item.a);
    if (id === undefined) throw formatError(`${at}.a`, 'is not an aggregate trade id');
    const price = decimalText(item.p);
    if (price === undefined) throw formatError(`${at}.p`, 'is not a decimal string');
    const quantity = decimalText(item.q);
    if (quantity === undefined) throw formatError(`${at}.q`, 'is not a decimal string');
    const time = safeInteger(item.T);
    if (time === undefined) throw formatError(`${at}.T`, 'is not a safe non-negative integer');
    if (typeof item.m !== 'boolean') throw formatError(`${at}.m`, 'is not a boolean');
    return { type: 'trade', exchangeTime: time, id, price: new Decimal(price), quantity: new Decimal(quantity), side: item.m ? 'sell' : 'buy', tradeTime: time };
  });
}
