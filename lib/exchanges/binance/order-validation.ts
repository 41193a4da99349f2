// Validates an OrderRequest against the symbol's Binance filters before anything is sent (filters.md;
// NOTES.md section 7) and formats it in Binance's terms. A refusal is an InvalidOrderError naming the
// field, the caller's value, the filter and the bound; amounts are exact Decimals and go out as canonical
// strings (no exponent, trailing zeros trimmed: '30000.1' on tick '0.01'). Nothing is rounded: an amount
// off its tick or step is refused, not silently changed.
import { Decimal, isDecimalString } from '../../core/decimal.js';
import { InvalidOrderError, UnknownSymbolError } from '../../core/errors.js';
import type { OrderRequest } from '../../models/trading.js';
import type { NotionalRule, PercentPriceRule, PriceRule, QuantityRule, SymbolRules, TradingRules, ValidatedOrder } from '../trading-types.js';
import { CLIENT_ORDER_ID_PATTERN, newClientOrderId } from './client-order-id.js';
import { EXCHANGE } from './constants.js';
import { ORDER_TYPE_TO_VENUE } from './order-rules.js';

type Amount = string | Decimal | undefined;

const canonical = (value: Decimal): string => value.toFixed();
/** The caller's value as text; a caller without types may pass anything (null, a number, an object without a prototype). */
function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Decimal || typeof value === 'number') return value.toString();
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

function refuse(field: string, value: unknown, filter: string, rule: string, limit: string | undefined, why: string): never {
  const text = shown(value);
  const what = text === undefined ? field : `${field} ${JSON.stringify(text.slice(0, 60))}`;
  throw new InvalidOrderError(field, text, filter, rule, limit, `${what} refused (${filter}${filter === 'request' ? '' : ` ${rule}`}): ${why}`);
}

/** A positive finite exact amount, or undefined when absent; refuses anything else. */
function amount(field: string, value: Amount): Decimal | undefined {
  if (value === undefined) return undefined;
  let d: Decimal | undefined;
  if (value instanceof Decimal) d = value;
  else if (typeof value === 'string' && isDecimalString(value.trim())) d = new Decimal(value.trim());
  if (d === undefined || !d.isFinite()) refuse(field, value, 'request', 'decimal', undefined, 'not a decimal number');
  if (!d.gt(0)) refuse(field, value, 'request', 'positive', undefined, 'must be greater than zero');
  return d;
}

const bound = (text: string): Decimal => new Decimal(text);
const limitText = (text: string): string => canonical(bound(text));

function checkPrice(price: Decimal, given: Amount, rule: PriceRule): void {
  const min = bound(rule.min);
  const max = bound(rule.max);
  const tick = bound(rule.tick);
  if (!min.isZero() && price.lt(min)) refuse('price', given, rule.filter, 'minPrice', limitText(rule.min), `below minPrice ${limitText(rule.min)}`);
  if (!max.isZero() && price.gt(max)) refuse('price', given, rule.filter, 'maxPrice', limitText(rule.max), `above maxPrice ${limitText(rule.max)}`);
  if (!tick.isZero() && !price.mod(tick).isZero()) {
    refuse('price', given, rule.filter, 'tickSize', limitText(rule.tick), `not a multiple of tickSize ${limitText(rule.tick)}`);
  }
}

function checkQuantity(quantity: Decimal, given: Amount, rule: QuantityRule): void {
  const min = bound(rule.min);
  const max = bound(rule.max);
  const step = bound(rule.step);
  if (!min.isZero() && quantity.lt(min)) refuse('quantity', given, rule.filter, 'minQty', limitText(rule.min), `below minQty ${limitText(rule.min)}`);
  if (!max.isZero() && quantity.gt(max)) refuse('quantity', given, rule.filter, 'maxQty', limitText(rule.max), `above maxQty ${limitText(rule.max)}`);
  if (!step.isZero() && !quantity.mod(step).isZero()) {
    refuse('quantity', given, rule.filter, 'stepSize', limitText(rule.step), `not a multiple of stepSize ${limitText(rule.step)}`);
  }
}

function checkNotional(notional: Decimal, field: string, given: Amount, rule: NotionalRule, isMarket: boolean): void {
  const why = `price * quantity = ${canonical(notional)}`;
  if ((!isMarket || rule.applyMinToMarket) && notional.lt(bound(rule.min))) {
    refuse(field, given, rule.filter, 'minNotional', limitText(rule.min), `${why} is below minNotional ${limitText(rule.min)}`);
  }
  if (rule.max !== undefined && (!isMarket || rule.applyMaxToMarket) && !bound(rule.max).isZero() && notional.gt(bound(rule.max))) {
    refuse(field, given, rule.filter, 'maxNotional', limitText(rule.max), `${why} is above maxNotional ${limitText(rule.max)}`);
  }
}

function checkPercentPrice(price: Decimal, given: Amount, side: 'buy' | 'sell', rule: PercentPriceRule, reference: Decimal): void {
  const [upName, downName, up, down] =
    side === 'buy' ? (['bidMultiplierUp', 'bidMultiplierDown', rule.bidUp, rule.bidDown] as const) : (['askMultiplierUp', 'askMultiplierDown', rule.askUp, rule.askDown] as const);
  const high = reference.mul(up);
  const low = reference.mul(down);
  const names = rule.filter === 'PERCENT_PRICE' ? (['multiplierUp', 'multiplierDown'] as const) : ([upName, downName] as const);
  if (!bound(up).isZero() && price.gt(high)) {
    refuse('price', given, rule.filter, names[0], canonical(high), `above ${canonical(high)} (reference ${canonical(reference)} * ${limitText(up)})`);
  }
  if (price.lt(low)) refuse('price', given, rule.filter, names[1], canonical(low), `below ${canonical(low)} (reference ${canonical(reference)} * ${limitText(down)})`);
}

function checkShape(request: OrderRequest, rules: SymbolRules): void {
  if (!rules.trading) refuse('symbol', request.symbol, 'status', 'TRADING', undefined, `${rules.venueSymbol} is not trading`);
  if (request.side !== 'buy' && request.side !== 'sell') refuse('side', request.side, 'request', 'side', undefined, 'must be buy or sell');
  if (typeof request.type !== 'string' || !Object.hasOwn(ORDER_TYPE_TO_VENUE, request.type)) refuse('type', request.type, 'request', 'type', undefined, 'must be limit, market or limit_maker');
  if (!rules.orderTypes.includes(request.type)) refuse('type', request.type, 'orderTypes', 'orderTypes', undefined, `${rules.venueSymbol} does not allow ${request.type} orders`);
  if (request.clientOrderId !== undefined && (typeof request.clientOrderId !== 'string' || !CLIENT_ORDER_ID_PATTERN.test(request.clientOrderId))) {
    refuse('clientOrderId', request.clientOrderId, 'request', 'format', CLIENT_ORDER_ID_PATTERN.source, `must match ${CLIENT_ORDER_ID_PATTERN.source}`);
  }
  // Futures-only fields (models/trading.ts): a spot order must not silently drop a trigger or reduce-only.
  for (const field of ['trigger', 'reduceOnly', 'positionSide'] as const) {
    if (request[field] !== undefined) refuse(field, request[field], 'request', 'not-allowed', undefined, 'spot orders take no futures fields');
  }
  if (request.timeInForce !== undefined && request.type !== 'limit') {
    refuse('timeInForce', request.timeInForce, 'request', 'not-allowed', undefined, `${request.type} orders take no timeInForce`);
  }
  if (request.timeInForce !== undefined && !['GTC', 'IOC', 'FOK'].includes(request.timeInForce)) {
    refuse('timeInForce', request.timeInForce, 'request', 'timeInForce', undefined, 'must be GTC, IOC or FOK');
  }
  if (request.type === 'market') {
    if (request.price !== undefined) refuse('price', request.price, 'request', 'not-allowed', undefined, 'market orders take no price');
    if ((request.quantity === undefined) === (request.quoteQuantity === undefined)) {
      refuse('quantity', request.quantity, 'request', 'quantity-or-quoteQuantity', undefined, 'a market order needs exactly one of quantity and quoteQuantity');
    }
    if (request.quoteQuantity !== undefined && !rules.quoteQuantityMarket) {
      refuse('quoteQuantity', request.quoteQuantity, 'quoteOrderQtyMarketAllowed', 'not-allowed', undefined, `${rules.venueSymbol} does not allow market orders by quote quantity`);
    }
  } else {
    if (request.price === undefined) refuse('price', undefined, 'request', 'required', undefined, `${request.type} orders need a price`);
    if (request.quantity === undefined) refuse('quantity', undefined, 'request', 'required', undefined, `${request.type} orders need a quantity`);
    if (request.quoteQuantity !== undefined) refuse('quoteQuantity', request.quoteQuantity, 'request', 'not-allowed', undefined, 'only market orders take quoteQuantity');
  }
}

/**
 * Checks `request` against the listing's rules for `venueSymbol`. Without `referencePrice` the rules that
 * need one (a market order's notional by quantity, PERCENT_PRICE[_BY_SIDE]) are left to the venue. A limit
 * order's notional is its own price * quantity.
 */
export function validateOrder(request: OrderRequest, rules: TradingRules, venueSymbol: string, referencePrice?: Decimal): ValidatedOrder {
  const symbolRules = rules.get(venueSymbol);
  if (symbolRules === undefined) throw new UnknownSymbolError(EXCHANGE, venueSymbol);
  checkShape(request, symbolRules);
  const isMarket = request.type === 'market';
  const price = amount('price', request.price);
  const quantity = amount('quantity', request.quantity);
  const quoteQuantity = amount('quoteQuantity', request.quoteQuantity);
  const reference = referencePrice !== undefined && referencePrice.isFinite() && referencePrice.gt(0) ? referencePrice : undefined;

  if (price !== undefined) {
    if (symbolRules.price) checkPrice(price, request.price, symbolRules.price);
    if (symbolRules.percentPrice && reference) checkPercentPrice(price, request.price, request.side, symbolRules.percentPrice, reference);
  }
  if (quantity !== undefined) {
    if (symbolRules.quantity) checkQuantity(quantity, request.quantity, symbolRules.quantity);
    if (isMarket && symbolRules.marketQuantity) checkQuantity(quantity, request.quantity, symbolRules.marketQuantity);
  }
  let notional: { value: Decimal; field: string; given: Amount } | undefined;
  if (quoteQuantity !== undefined) notional = { value: quoteQuantity, field: 'quoteQuantity', given: request.quoteQuantity };
  else if (price !== undefined && quantity !== undefined) notional = { value: price.mul(quantity), field: 'quantity', given: request.quantity };
  else if (quantity !== undefined && reference) notional = { value: reference.mul(quantity), field: 'quantity', given: request.quantity };
  if (notional) for (const rule of symbolRules.notional) checkNotional(notional.value, notional.field, notional.given, rule, isMarket);

  return {
    symbol: request.symbol,
    venueSymbol,
    side: request.side === 'buy' ? 'BUY' : 'SELL',
    type: ORDER_TYPE_TO_VENUE[request.type],
    timeInForce: request.type === 'limit' ? (request.timeInForce ?? 'GTC') : undefined,
    price: price && canonical(price),
    quantity: quantity && canonical(quantity),
    quoteQuantity: quoteQuantity && canonical(quoteQuantity),
    clientOrderId: request.clientOrderId ?? newClientOrderId(),
  };
}
