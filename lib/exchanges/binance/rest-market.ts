// Binance spot REST market data as data (rest-api.md "Market Data endpoints"): the depth snapshot BookSync
// bridges to, the trade backfill after a reconnect, and parsers of their bodies. The parsers throw
// ExchangeFormatError naming the field: a REST body is read once, off the hot path, and the caller retries.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError, ValidationError } from '../../core/errors.js';
import type { Trade } from '../../models/market.js';
import type { DepthSnapshot, RestRequest, Unbound } from '../types.js';
import { EXCHANGE } from './constants.js';
import { decimalText, depthLevels, idText, isObject, safeInteger } from './payload-fields.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** The limits GET /api/v3/depth accepts (default 100, max 5000). */
export const DEPTH_LIMIT_MAX = 5000;
/** GET /api/v3/historicalTrades: default 500, max 1000. */
export const TRADES_LIMIT_MAX = 1000;

/** GET /api/v3/depth weight by limit: 5 (1-100), 25 (101-500), 50 (501-1000), 250 (1001-5000). */
export function depthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

function checkLimit(limit: number, max: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new ValidationError('limit', 'range', `${what} limit must be an integer in 1..${max}, got ${limit}`);
  }
}

export function exchangeInfoRequest(): RestRequest {
  return { method: 'GET', path: '/api/v3/exchangeInfo', weight: 20 };
}

export function depthSnapshotRequest(venueSymbol: string, limit: number): RestRequest {
  checkLimit(limit, DEPTH_LIMIT_MAX, 'depth');
  return { method: 'GET', path: `/api/v3/depth?symbol=${encodeURIComponent(venueSymbol)}&limit=${limit}`, weight: depthWeight(limit) };
}

/**
 * Trades with id >= fromId, oldest first: GET /api/v3/historicalTrades ("Old trade lookup", weight 25).
 * It pages the same id series as the `trade` stream, which is what a gap in trade ids needs; aggTrades
 * (weight 4) pages aggregate ids, a different series, so it cannot fill a hole in trade ids. The current
 * rest-api.md gives it no security type (no API key; it was MARKET_DATA, key required, before 2023), and
 * the simulator serves it as NONE too. Reportedly not served by data-api.binance.vision: use api.binance.com.
 */
export function tradesFromRequest(venueSymbol: string, fromId: string, limit: number): RestRequest {
  checkLimit(limit, TRADES_LIMIT_MAX, 'trades');
  if (!/^\d{1,20}$/.test(fromId)) {
    throw new ValidationError('fromId', 'trade-id', `fromId must be a trade id (digits), got ${JSON.stringify(fromId.slice(0, 40))}`);
  }
  return {
    method: 'GET',
    path: `/api/v3/historicalTrades?symbol=${encodeURIComponent(venueSymbol)}&fromId=${fromId}&limit=${limit}`,
    weight: 25,
  };
}

/** The body of GET /api/v3/depth: {lastUpdateId, bids, asks}. The body names no symbol; the caller knows it. */
export function parseDepthSnapshot(body: unknown): DepthSnapshot {
  if (!isObject(body)) throw formatError('depth', 'body is not an object');
  const sequence = safeInteger(body.lastUpdateId);
  if (sequence === undefined) throw formatError('depth.lastUpdateId', 'is not a safe non-negative integer');
  const bids = depthLevels(body.bids);
  if (bids === undefined) throw formatError('depth.bids', 'is not a list of [price, quantity] decimal strings');
  const asks = depthLevels(body.asks);
  if (asks === undefined) throw formatError('depth.asks', 'is not a list of [price, quantity] decimal strings');
  return { venueSymbol: undefined, sequence, bids, asks, exchangeTime: undefined };
}

/**
 * The body of GET /api/v3/trades or /historicalTrades: [{id, price, qty, time, isBuyerMaker, ...}]. The
 * taker sold when the buyer was the maker. exchangeTime is the trade time (the body has no event time).
 */
export function parseTrades(body: unknown): Unbound<Trade>[] {
  if (!Array.isArray(body)) throw formatError('trades', 'body is not a list');
  return (body as unknown[]).map((item, i): Unbound<Trade> => {
    const at = `trades[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const id = idText(item.id);
    if (id === undefined) throw formatError(`${at}.id`, 'is not a trade id');
    const price = decimalText(item.price);
    if (price === undefined) throw formatError(`${at}.price`, 'is not a decimal string');
    const quantity = decimalText(item.qty);
    if (quantity === undefined) throw formatError(`${at}.qty`, 'is not a decimal string');
    const time = safeInteger(item.time);
    if (time === undefined) throw formatError(`${at}.time`, 'is not a safe non-negative integer');
    if (typeof item.isBuyerMaker !== 'boolean') throw formatError(`${at}.isBuyerMaker`, 'is not a boolean');
    return {
      type: 'trade',
      exchangeTime: time,
      id,
      price: new Decimal(price),
      quantity: new Decimal(quantity),
      side: item.isBuyerMaker ? 'sell' : 'buy',
      tradeTime: time,
    };
  });
}
