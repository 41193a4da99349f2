// Binance spot symbol listings from GET /api/v3/exchangeInfo -> SymbolInfo. The unified name is built from
// the listing's own baseAsset/quoteAsset, never by splitting 'BTCUSDT'; tick and step come from the
// PRICE_FILTER and LOT_SIZE filters (filters.md), as the exact strings Binance prints.
import { ExchangeFormatError } from '../../core/errors.js';
import type { SymbolInfo } from '../types.js';
import { EXCHANGE } from './constants.js';
import { decimalText, isObject, nonEmptyText, type JsonObject } from './payload-fields.js';

const formatError = (field: string, message: string, exchange = EXCHANGE): ExchangeFormatError => new ExchangeFormatError(exchange, field, message);

/** The `field` of the first filter of `filterType`, as an exact decimal string; undefined when there is no such filter. */
export function filterValue(filters: readonly unknown[], filterType: string, field: string, at: string, exchange = EXCHANGE): string | undefined {
  const index = filters.findIndex((f) => isObject(f) && f.filterType === filterType);
  if (index < 0) return undefined;
  const value = decimalText((filters[index] as JsonObject)[field]);
  if (value === undefined) throw formatError(`${at}.filters[${index}].${field}`, 'is not a decimal string', exchange);
  return value;
}

/** The fields every reader of an exchangeInfo listing needs (the symbols here, the trading rules in order-rules.ts). */
export interface ListingEntry {
  readonly item: JsonObject;
  readonly venueSymbol: string;
  readonly base: string;
  readonly quote: string;
  readonly status: string;
  readonly filters: readonly unknown[];
}

/**
 * Checks one listing of `exchangeInfo.symbols` (spot's, or USD-M's: the same fields); throws ExchangeFormatError
 * naming the field and `exchange`.
 */
export function listingEntry(item: unknown, at: string, exchange = EXCHANGE): ListingEntry {
  if (!isObject(item)) throw formatError(at, 'is not an object', exchange);
  const venueSymbol = nonEmptyText(item.symbol);
  if (venueSymbol === undefined) throw formatError(`${at}.symbol`, 'is not a symbol', exchange);
  const base = nonEmptyText(item.baseAsset);
  if (base === undefined) throw formatError(`${at}.baseAsset`, 'is not an asset', exchange);
  const quote = nonEmptyText(item.quoteAsset);
  if (quote === undefined) throw formatError(`${at}.quoteAsset`, 'is not an asset', exchange);
  const status = nonEmptyText(item.status);
  if (status === undefined) throw formatError(`${at}.status`, 'is not a status', exchange);
  const filters = item.filters ?? [];
  if (!Array.isArray(filters)) throw formatError(`${at}.filters`, 'is not a list', exchange);
  return { item, venueSymbol, base, quote, status, filters: filters as unknown[] };
}

function parseSymbol(item: unknown, at: string): SymbolInfo {
  const { venueSymbol, base, quote, status, filters } = listingEntry(item, at);
  return {
    symbol: `${base}/${quote}`,
    venueSymbol,
    base,
    quote,
    tickSize: filterValue(filters, 'PRICE_FILTER', 'tickSize', at),
    stepSize: filterValue(filters, 'LOT_SIZE', 'stepSize', at),
    trading: status === 'TRADING',
  };
}

/** Every listing in an exchangeInfo body ({symbols: [...]}), including halted ones (trading: false). */
export function parseSymbols(body: unknown): SymbolInfo[] {
  if (!isObject(body)) throw formatError('exchangeInfo', 'body is not an object');
  if (!Array.isArray(body.symbols)) throw formatError('exchangeInfo.symbols', 'is not a list');
  return (body.symbols as unknown[]).map((item, i) => parseSymbol(item, `exchangeInfo.symbols[${i}]`));
}
