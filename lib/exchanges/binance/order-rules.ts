// Binance spot trading rules from GET /api/v3/exchangeInfo (filters.md; NOTES.md section 7) -> SymbolRules:
// the filters order validation applies (PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL, NOTIONAL,
// PERCENT_PRICE, PERCENT_PRICE_BY_SIDE) as the exact strings Binance prints. Other filters are left to the venue.
import { ExchangeFormatError } from '../../core/errors.js';
import { listingEntry } from './symbols.js';
import type { OrderType } from '../../models/trading.js';
import type { NotionalRule, PercentPriceRule, PriceRule, QuantityRule, SymbolRules, TradingRules } from '../trading-types.js';
import { EXCHANGE } from './constants.js';
import { decimalText, isObject, safeInteger, type JsonObject } from './payload-fields.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** Binance order type -> the models' name, for the types the models know. */
export const ORDER_TYPE_FROM_VENUE: Readonly<Record<string, OrderType>> = { LIMIT: 'limit', MARKET: 'market', LIMIT_MAKER: 'limit_maker' };
export const ORDER_TYPE_TO_VENUE: Readonly<Record<OrderType, string>> = { limit: 'LIMIT', market: 'MARKET', limit_maker: 'LIMIT_MAKER' };

function text(filter: JsonObject, key: string, at: string): string {
  const value = decimalText(filter[key]);
  if (value === undefined) throw formatError(`${at}.${key}`, 'is not a decimal string');
  return value;
}

function flag(filter: JsonObject, key: string, at: string): boolean {
  const value = filter[key];
  if (typeof value !== 'boolean') throw formatError(`${at}.${key}`, 'is not a boolean');
  return value;
}

function minutes(filter: JsonObject, at: string): number {
  if (filter.avgPriceMins === undefined) return 0;
  const value = safeInteger(filter.avgPriceMins);
  if (value === undefined) throw formatError(`${at}.avgPriceMins`, 'is not a non-negative integer');
  return value;
}

function priceRule(f: JsonObject, at: string): PriceRule {
  return { filter: 'PRICE_FILTER', min: text(f, 'minPrice', at), max: text(f, 'maxPrice', at), tick: text(f, 'tickSize', at) };
}

function quantityRule(f: JsonObject, name: 'LOT_SIZE' | 'MARKET_LOT_SIZE', at: string): QuantityRule {
  return { filter: name, min: text(f, 'minQty', at), max: text(f, 'maxQty', at), step: text(f, 'stepSize', at) };
}

function notionalRule(f: JsonObject, at: string): NotionalRule {
  if (f.filterType === 'MIN_NOTIONAL') {
    const applyToMarket = flag(f, 'applyToMarket', at);
    return { filter: 'MIN_NOTIONAL', min: text(f, 'minNotional', at), max: undefined, applyMinToMarket: applyToMarket, applyMaxToMarket: false };
  }
  return {
    filter: 'NOTIONAL',
    min: text(f, 'minNotional', at),
    max: text(f, 'maxNotional', at),
    applyMinToMarket: flag(f, 'applyMinToMarket', at),
    applyMaxToMarket: flag(f, 'applyMaxToMarket', at),
  };
}

function percentPriceRule(f: JsonObject, at: string): PercentPriceRule {
  if (f.filterType === 'PERCENT_PRICE') {
    const up = text(f, 'multiplierUp', at);
    const down = text(f, 'multiplierDown', at);
    return { filter: 'PERCENT_PRICE', bidUp: up, bidDown: down, askUp: up, askDown: down, averageMinutes: minutes(f, at) };
  }
  return {
    filter: 'PERCENT_PRICE_BY_SIDE',
    bidUp: text(f, 'bidMultiplierUp', at),
    bidDown: text(f, 'bidMultiplierDown', at),
    askUp: text(f, 'askMultiplierUp', at),
    askDown: text(f, 'askMultiplierDown', at),
    averageMinutes: minutes(f, at),
  };
}

interface Mutable {
  price?: PriceRule;
  quantity?: QuantityRule;
  marketQuantity?: QuantityRule;
  notional: NotionalRule[];
  percentPrice?: PercentPriceRule;
}

function applyFilter(rules: Mutable, f: unknown, at: string): void {
  if (!isObject(f)) throw formatError(at, 'is not an object');
  switch (f.filterType) {
    case 'PRICE_FILTER':
      rules.price = priceRule(f, at);
      return;
    case 'LOT_SIZE':
      rules.quantity = quantityRule(f, 'LOT_SIZE', at);
      return;
    case 'MARKET_LOT_SIZE':
      rules.marketQuantity = quantityRule(f, 'MARKET_LOT_SIZE', at);
      return;
    case 'MIN_NOTIONAL':
    case 'NOTIONAL':
      rules.notional.push(notionalRule(f, at));
      return;
    case 'PERCENT_PRICE':
      // PERCENT_PRICE_BY_SIDE is the finer rule: it wins when both are listed.
      if (rules.percentPrice?.filter !== 'PERCENT_PRICE_BY_SIDE') rules.percentPrice = percentPriceRule(f, at);
      return;
    case 'PERCENT_PRICE_BY_SIDE':
      rules.percentPrice = percentPriceRule(f, at);
      return;
    default:
      if (typeof f.filterType !== 'string') throw formatError(`${at}.filterType`, 'is not a string');
  }
}

function orderTypes(value: unknown, at: string): OrderType[] {
  if (!Array.isArray(value)) throw formatError(`${at}.orderTypes`, 'is not a list');
  const out: OrderType[] = [];
  for (const name of value as unknown[]) {
    const type = typeof name === 'string' ? ORDER_TYPE_FROM_VENUE[name] : undefined;
    if (type !== undefined) out.push(type);
  }
  return out;
}

function parseSymbolRulesOf(entry: unknown, at: string): SymbolRules {
  const { item, venueSymbol, base, quote, status, filters } = listingEntry(entry, at);
  const rules: Mutable = { notional: [] };
  filters.forEach((f, i) => applyFilter(rules, f, `${at}.filters[${i}]`));
  return {
    venueSymbol,
    base,
    quote,
    trading: status === 'TRADING',
    orderTypes: orderTypes(item.orderTypes, at),
    quoteQuantityMarket: item.quoteOrderQtyMarketAllowed === true,
    price: rules.price,
    quantity: rules.quantity,
    marketQuantity: rules.marketQuantity,
    notional: rules.notional,
    percentPrice: rules.percentPrice,
  };
}

/**
 * Rules of every listing in an exchangeInfo body ({symbols: [...]}), keyed by venue symbol; the REST
 * body or a WebSocket API `exchangeInfo` answer's `result`. Throws ExchangeFormatError naming the field.
 */
export function parseSymbolRules(body: unknown): TradingRules {
  if (!isObject(body)) throw formatError('exchangeInfo', 'body is not an object');
  if (!Array.isArray(body.symbols)) throw formatError('exchangeInfo.symbols', 'is not a list');
  const rules = new Map<string, SymbolRules>();
  (body.symbols as unknown[]).forEach((item, i) => {
    const parsed = parseSymbolRulesOf(item, `exchangeInfo.symbols[${i}]`);
    rules.set(parsed.venueSymbol, parsed);
  });
  return rules;
}
