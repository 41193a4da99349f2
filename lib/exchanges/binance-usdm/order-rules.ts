// Binance USD-M exchangeInfo listings -> SymbolRules: the futures filters order validation applies (PRICE_FILTER,
// LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL with `notional`, PERCENT_PRICE with multiplierUp/Down), as the exact
// strings Binance prints. Others (MAX_NUM_ORDERS, MAX_NUM_ALGO_ORDERS, POSITION_RISK_CONTROL) are left to the venue.
import { ExchangeFormatError } from '../../core/errors.js';
import type { OrderType } from '../../models/trading.js';
import type { NotionalRule, PercentPriceRule, PriceRule, QuantityRule, SymbolRules, TradingRules } from '../trading-types.js';
import { listingEntry } from '../binance/symbols.js';
import { decimalText, isObject, type JsonObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

function text(filter: JsonObject, key: string, at: string): string {
  const value = decimalText(filter[key]);
  if (value === undefined) throw formatError(`${at}.${key}`, 'is not a decimal string');
  return value;
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
      rules.price = { filter: 'PRICE_FILTER', min: text(f, 'minPrice', at), max: text(f, 'maxPrice', at), tick: text(f, 'tickSize', at) };
      return;
    case 'LOT_SIZE':
    case 'MARKET_LOT_SIZE': {
      const rule: QuantityRule = { filter: f.filterType, min: text(f, 'minQty', at), max: text(f, 'maxQty', at), step: text(f, 'stepSize', at) };
      if (f.filterType === 'LOT_SIZE') rules.quantity = rule;
      else rules.marketQuantity = rule;
      return;
    }
    case 'MIN_NOTIONAL':
      // Futures names the bound `notional` and applies it to market orders too (at the mark price).
      rules.notional.push({ filter: 'MIN_NOTIONAL', min: text(f, 'notional', at), max: undefined, applyMinToMarket: true, applyMaxToMarket: false });
      return;
    case 'PERCENT_PRICE': {
      const up = text(f, 'multiplierUp', at);
      const down = text(f, 'multiplierDown', at);
      rules.percentPrice = { filter: 'PERCENT_PRICE', bidUp: up, bidDown: down, askUp: up, askDown: down, averageMinutes: 0 };
      return;
    }
    default:
      if (typeof f.filterType !== 'string') throw formatError(`${at}.filterType`, 'is not a string');
  }
}

function names(value: unknown, at: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !(value as unknown[]).every((v) => typeof v === 'string')) throw formatError(at, 'is not a list of names');
  return value as string[];
}

/** limit and market when listed; limit_maker (LIMIT + GTX) when the listing allows LIMIT with timeInForce GTX. */
function modelTypes(venueTypes: readonly string[], timeInForce: readonly string[]): OrderType[] {
  const out: OrderType[] = [];
  if (venueTypes.includes('LIMIT')) out.push('limit');
  if (venueTypes.includes('MARKET')) out.push('market');
  if (venueTypes.includes('LIMIT') && timeInForce.includes('GTX')) out.push('limit_maker');
  return out;
}

function parseSymbolRulesOf(entry: unknown, at: string): SymbolRules {
  const { item, venueSymbol, base, quote, status, filters } = listingEntry(entry, at, EXCHANGE);
  const rules: Mutable = { notional: [] };
  filters.forEach((f, i) => applyFilter(rules, f, `${at}.filters[${i}]`));
  const venueOrderTypes = names(item.orderTypes, `${at}.orderTypes`);
  return {
    venueSymbol,
    base,
    quote,
    trading: status === 'TRADING',
    orderTypes: modelTypes(venueOrderTypes, names(item.timeInForce, `${at}.timeInForce`)),
    quoteQuantityMarket: false,
    price: rules.price,
    quantity: rules.quantity,
    marketQuantity: rules.marketQuantity,
    notional: rules.notional,
    percentPrice: rules.percentPrice,
    venueOrderTypes,
  };
}

/** Rules of every listing in a /fapi/v1/exchangeInfo body, keyed by venue symbol. Throws ExchangeFormatError naming the field. */
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
