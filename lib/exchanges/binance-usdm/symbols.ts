// Binance USD-M symbol listings from GET /fapi/v1/exchangeInfo -> SymbolInfo. Only perpetual contracts are
// listed (contractType PERPETUAL; quarterly deliveries are left out), with ccxt's unified name for a linear
// perpetual, `BASE/QUOTE:SETTLE` ('BTC/USDT:USDT'), the settle asset being the listing's marginAsset. As on
// spot, a listing that is not TRADING (SETTLING, PENDING_TRADING, ...) is kept with trading: false.
import { ExchangeFormatError } from '../../core/errors.js';
import type { SymbolInfo } from '../types.js';
import { filterValue, listingEntry } from '../binance/symbols.js';
import { isObject, nonEmptyText } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

function parseListing(item: unknown, at: string): SymbolInfo | undefined {
  const entry = listingEntry(item, at, EXCHANGE);
  const contractType = entry.item.contractType;
  if (typeof contractType !== 'string') throw formatError(`${at}.contractType`, 'is not a contract type');
  if (contractType !== 'PERPETUAL') return undefined;
  const settle = nonEmptyText(entry.item.marginAsset);
  if (settle === undefined) throw formatError(`${at}.marginAsset`, 'is not an asset');
  return {
    symbol: `${entry.base}/${entry.quote}:${settle}`,
    venueSymbol: entry.venueSymbol,
    base: entry.base,
    quote: entry.quote,
    tickSize: filterValue(entry.filters, 'PRICE_FILTER', 'tickSize', at, EXCHANGE),
    stepSize: filterValue(entry.filters, 'LOT_SIZE', 'stepSize', at, EXCHANGE),
    trading: entry.status === 'TRADING',
  };
}

/** The perpetuals in an exchangeInfo body ({symbols: [...]}); throws ExchangeFormatError naming the field. */
export function parseSymbols(body: unknown): SymbolInfo[] {
  if (!isObject(body)) throw formatError('exchangeInfo', 'body is not an object');
  if (!Array.isArray(body.symbols)) throw formatError('exchangeInfo.symbols', 'is not a list');
  const out: SymbolInfo[] = [];
  (body.symbols as unknown[]).forEach((item, i) => {
    const info = parseListing(item, `exchangeInfo.symbols[${i}]`);
    if (info) out.push(info);
  });
  return out;
}
