// OKX REST market data as data (NOTES.md "Other channels"): the order book (BookSync takes OKX books from the
// stream, so this serves a caller that wants one now) and recent trades, with parsers of their bodies. The
// parsers throw ExchangeFormatError naming the field: a REST body is read once, off the hot path.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError, ValidationError } from '../../core/errors.js';
import type { Trade } from '../../models/market.js';
import type { DepthSnapshot, RestRequest, Unbound } from '../types.js';
import { decimalText, depthLevels, idText, isObject, nonEmptyText } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';
import type { ContractSizes } from './contract-sizes.js';
import { msTime, sequenceId } from './payload-fields.js';
import { okxData } from './symbols.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** GET /api/v5/market/books: sz up to 400 (40 requests / 2 s per IP); books-full goes to 5000. */
export const DEPTH_LIMIT_MAX = 400;
/** GET /api/v5/market/trades: up to 500 of the most recent trades. */
export const TRADES_LIMIT_MAX = 500;

export function depthSnapshotRequest(venueSymbol: string, limit: number): RestRequest {
  if (!Number.isInteger(limit) || limit < 1) throw new ValidationError('limit', 'range', `depth limit must be a positive integer, got ${limit}`);
  return { method: 'GET', path: `/api/v5/market/books?instId=${encodeURIComponent(venueSymbol)}&sz=${Math.min(limit, DEPTH_LIMIT_MAX)}`, weight: 1 };
}

export function recentTradesRequest(venueSymbol: string, limit: number): RestRequest {
  if (!Number.isInteger(limit) || limit < 1 || limit > TRADES_LIMIT_MAX) {
    throw new ValidationError('limit', 'range', `trades limit must be an integer in 1..${TRADES_LIMIT_MAX}, got ${limit}`);
  }
  return { method: 'GET', path: `/api/v5/market/trades?instId=${encodeURIComponent(venueSymbol)}&limit=${limit}`, weight: 1 };
}

/**
 * The body of GET /api/v5/market/books: `{code, msg, data: [{asks, bids, ts, seqId}]}` (fixture rest/order_book.json).
 * The body names no instrument, so sizes stay as printed (contracts for a swap; `sizes` and `venueSymbol` scale
 * them when the caller knows which instrument it asked for).
 */
export function parseDepthSnapshot(body: unknown, venueSymbol?: string, sizes?: ContractSizes): DepthSnapshot {
  const data = okxData(body, 'books');
  const book: unknown = data[0];
  if (data.length !== 1 || !isObject(book)) throw formatError('books.data', 'is not a list of one book');
  const sequence = sequenceId(book.seqId);
  if (sequence === undefined || sequence < 0) throw formatError('books.data[0].seqId', 'is not a safe non-negative integer');
  const exchangeTime = msTime(book.ts);
  if (exchangeTime === undefined) throw formatError('books.data[0].ts', 'is not a millisecond time');
  const side = (field: 'bids' | 'asks'): DepthSnapshot['bids'] => {
    const levels = depthLevels(book[field]);
    if (levels === undefined) throw formatError(`books.data[0].${field}`, 'is not a list of [price, size, ...] decimal strings');
    if (venueSymbol === undefined || sizes === undefined || !sizes.scales(venueSymbol)) return levels;
    return levels.map(([price, size]) => [price, sizes.toUnified(venueSymbol, size)] as const);
  };
  return { venueSymbol, sequence, bids: side('bids'), asks: side('asks'), exchangeTime };
}

/** The body of GET /api/v5/market/trades (newest first): returned oldest first, swap sizes in base units. */
export function parseTrades(body: unknown, sizes?: ContractSizes): Unbound<Trade>[] {
  const trades = okxData(body, 'trades').map((item, i): Unbound<Trade> => {
    const at = `trades.data[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const instId = nonEmptyText(item.instId);
    if (instId === undefined) throw formatError(`${at}.instId`, 'is not an instrument id');
    const id = idText(item.tradeId);
    if (id === undefined) throw formatError(`${at}.tradeId`, 'is not a trade id');
    const price = decimalText(item.px);
    if (price === undefined) throw formatError(`${at}.px`, 'is not a decimal string');
    const size = decimalText(item.sz);
    if (size === undefined) throw formatError(`${at}.sz`, 'is not a decimal string');
    if (item.side !== 'buy' && item.side !== 'sell') throw formatError(`${at}.side`, 'is not buy or sell');
    const time = msTime(item.ts);
    if (time === undefined) throw formatError(`${at}.ts`, 'is not a millisecond time');
    const quantity = new Decimal(sizes ? sizes.toUnified(instId, size) : size);
    return { type: 'trade', exchangeTime: time, id, price: new Decimal(price), quantity, side: item.side, tradeTime: time };
  });
  return trades.reverse();
}
