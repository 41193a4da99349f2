// Validates an OrderRequest against a USD-M listing's rules before anything is sent, and formats it in Binance
// USD-M terms. The amount rules are spot's (../binance/order-validation.ts: PRICE_FILTER, LOT_SIZE,
// MARKET_LOT_SIZE, the notional and percent-price rules, refuse and never round); futures adds the trigger of a
// conditional order (STOP, STOP_MARKET, TAKE_PROFIT, TAKE_PROFIT_MARKET: its price obeys PRICE_FILTER),
// reduceOnly (exempt from MIN_NOTIONAL, one-way mode only), positionSide, and post-only as LIMIT + GTX.
import { Decimal, isDecimalString } from '../../core/decimal.js';
import { InvalidOrderError, UnknownSymbolError } from '../../core/errors.js';
import type { OrderRequest, PositionSide, TriggerKind, TriggerPriceType } from '../../models/trading.js';
import type { SymbolRules, TradingRules, ValidatedOrder } from '../trading-types.js';
import { validateOrder as validateSpotShape } from '../binance/order-validation.js';
import { EXCHANGE } from './constants.js';

const POSITION_SIDES: Readonly<Record<PositionSide, string>> = { both: 'BOTH', long: 'LONG', short: 'SHORT' };
const WORKING_TYPES: Readonly<Record<TriggerPriceType, string>> = { mark: 'MARK_PRICE', contract: 'CONTRACT_PRICE' };
/** [kind][type] -> the venue's order type. */
const TRIGGER_TYPES: Readonly<Record<TriggerKind, { limit: string; market: string }>> = {
  stop: { limit: 'STOP', market: 'STOP_MARKET' },
  take_profit: { limit: 'TAKE_PROFIT', market: 'TAKE_PROFIT_MARKET' },
};

function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Decimal || typeof value === 'number' || typeof value === 'boolean') return String(value);
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

const canonical = (text: string): string => new Decimal(text).toFixed();

/** The trigger price: a positive exact decimal on the PRICE_FILTER grid (the filter applies to stopPrice too). */
function triggerPrice(value: unknown, rules: SymbolRules): string {
  const field = 'trigger.price';
  let price: Decimal | undefined;
  if (value instanceof Decimal) price = value;
  else if (typeof value === 'string' && isDecimalString(value.trim())) price = new Decimal(value.trim());
  if (price === undefined || !price.isFinite()) refuse(field, value, 'request', 'decimal', undefined, 'not a decimal number');
  if (!price.gt(0)) refuse(field, value, 'request', 'positive', undefined, 'must be greater than zero');
  const rule = rules.price;
  if (rule) {
    const min = new Decimal(rule.min);
    const max = new Decimal(rule.max);
    const tick = new Decimal(rule.tick);
    if (!min.isZero() && price.lt(min)) refuse(field, value, rule.filter, 'minPrice', canonical(rule.min), `below minPrice ${canonical(rule.min)}`);
    if (!max.isZero() && price.gt(max)) refuse(field, value, rule.filter, 'maxPrice', canonical(rule.max), `above maxPrice ${canonical(rule.max)}`);
    if (!tick.isZero() && !price.mod(tick).isZero()) refuse(field, value, rule.filter, 'tickSize', canonical(rule.tick), `not a multiple of tickSize ${canonical(rule.tick)}`);
  }
  return price.toFixed();
}

interface FuturesPart {
  venueType: string | undefined;
  stopPrice: string | undefined;
  workingType: string | undefined;
}

function checkTrigger(request: OrderRequest, rules: SymbolRules): FuturesPart {
  const trigger: unknown = request.trigger;
  if (trigger === undefined) return { venueType: undefined, stopPrice: undefined, workingType: undefined };
  if (typeof trigger !== 'object' || trigger === null) refuse('trigger', trigger, 'request', 'trigger', undefined, 'must be {kind, price}');
  const { kind, price, priceType } = trigger as { kind?: unknown; price?: unknown; priceType?: unknown };
  if (kind !== 'stop' && kind !== 'take_profit') refuse('trigger.kind', kind, 'request', 'trigger', undefined, 'must be stop or take_profit');
  if (request.type !== 'limit' && request.type !== 'market') refuse('type', request.type, 'request', 'trigger', undefined, 'a triggered order is a limit or a market order');
  if (priceType !== undefined && priceType !== 'mark' && priceType !== 'contract') {
    refuse('trigger.priceType', priceType, 'request', 'priceType', undefined, 'must be mark or contract');
  }
  const venueType = TRIGGER_TYPES[kind][request.type];
  if (rules.venueOrderTypes !== undefined && !rules.venueOrderTypes.includes(venueType)) {
    refuse('trigger', kind, 'orderTypes', 'orderTypes', undefined, `${rules.venueSymbol} does not allow ${venueType} orders`);
  }
  return { venueType, stopPrice: triggerPrice(price, rules), workingType: priceType === undefined ? undefined : WORKING_TYPES[priceType as TriggerPriceType] };
}

function checkPosition(request: OrderRequest): { positionSide: string | undefined; reduceOnly: boolean | undefined } {
  const { positionSide, reduceOnly } = request as { positionSide?: unknown; reduceOnly?: unknown };
  if (positionSide !== undefined && (typeof positionSide !== 'string' || !Object.hasOwn(POSITION_SIDES, positionSide))) {
    refuse('positionSide', positionSide, 'request', 'positionSide', undefined, 'must be both, long or short');
  }
  if (reduceOnly !== undefined && typeof reduceOnly !== 'boolean') refuse('reduceOnly', reduceOnly, 'request', 'boolean', undefined, 'must be true or false');
  // Hedge mode says "reduce" by side (SELL on LONG); the venue refuses reduceOnly there.
  if (reduceOnly === true && (positionSide === 'long' || positionSide === 'short')) {
    refuse('reduceOnly', reduceOnly, 'request', 'hedge-mode', undefined, 'hedge-mode orders (positionSide long/short) take no reduceOnly');
  }
  return { positionSide: positionSide === undefined ? undefined : POSITION_SIDES[positionSide as PositionSide], reduceOnly: reduceOnly === true ? true : undefined };
}

/**
 * Checks `request` against the rules for `venueSymbol` (see the spot validator for the amount rules and the
 * reference price). A reduce-only order is exempt from MIN_NOTIONAL, as the venue's -4164 message says.
 */
export function validateOrder(request: OrderRequest, rules: TradingRules, venueSymbol: string, referencePrice?: Decimal): ValidatedOrder {
  const symbolRules = rules.get(venueSymbol);
  if (symbolRules === undefined) throw new UnknownSymbolError(EXCHANGE, venueSymbol);
  const postOnly = request.timeInForce === 'GTX';
  if (postOnly && request.type !== 'limit') refuse('timeInForce', request.timeInForce, 'request', 'not-allowed', undefined, `${String(request.type)} orders take no timeInForce`);
  if (request.type === 'limit_maker' && request.trigger !== undefined) refuse('trigger', request.trigger, 'request', 'trigger', undefined, 'a post-only order takes no trigger');
  const position = checkPosition(request);
  const futures = checkTrigger(request, symbolRules);
  const shape: OrderRequest = {
    symbol: request.symbol,
    side: request.side,
    type: postOnly ? 'limit_maker' : request.type,
    ...(request.price !== undefined && { price: request.price }),
    ...(request.quantity !== undefined && { quantity: request.quantity }),
    ...(request.quoteQuantity !== undefined && { quoteQuantity: request.quoteQuantity }),
    ...(request.timeInForce !== undefined && !postOnly && { timeInForce: request.timeInForce }),
    ...(request.clientOrderId !== undefined && { clientOrderId: request.clientOrderId }),
  };
  const checked = position.reduceOnly ? new Map([[venueSymbol, { ...symbolRules, notional: [] }]]) : rules;
  const spot = validateSpotShape(shape, checked, venueSymbol, referencePrice);
  const makerOnly = spot.type === 'LIMIT_MAKER';
  return {
    ...spot,
    type: futures.venueType ?? (makerOnly ? 'LIMIT' : spot.type),
    timeInForce: makerOnly ? 'GTX' : spot.timeInForce,
    ...(futures.stopPrice !== undefined && { stopPrice: futures.stopPrice }),
    ...(futures.workingType !== undefined && { workingType: futures.workingType }),
    ...(position.reduceOnly !== undefined && { reduceOnly: position.reduceOnly }),
    ...(position.positionSide !== undefined && { positionSide: position.positionSide }),
  };
}
