// Binance spot symbol-filter arithmetic (filters.md; NOTES.md section 7), pure and exact. Shared by the
// simulator's engine (which rejects) and the client (which validates before sending). Each check returns
// the Binance failure name ('PRICE_FILTER', 'LOT_SIZE', ...) or undefined when the value passes.
import { Decimal, toDecimal, type DecimalInput } from '../../core/decimal.js';

export type FilterFailure = 'PRICE_FILTER' | 'LOT_SIZE' | 'MARKET_LOT_SIZE' | 'MIN_NOTIONAL' | 'NOTIONAL';

export interface PriceFilterSpec {
  minPrice: DecimalInput;
  maxPrice: DecimalInput;
  tickSize: DecimalInput;
}

export interface LotSizeSpec {
  minQty: DecimalInput;
  maxQty: DecimalInput;
  stepSize: DecimalInput;
}

export interface NotionalSpec {
  minNotional: DecimalInput;
  applyMinToMarket: boolean;
  maxNotional: DecimalInput;
  applyMaxToMarket: boolean;
}

export interface MinNotionalSpec {
  minNotional: DecimalInput;
  applyToMarket: boolean;
}

/** The message Binance returns with code -1013 for a failed filter. */
export function filterFailureMessage(failure: FilterFailure): string {
  return `Filter failure: ${failure}`;
}

/** True when `value` is an exact multiple of `step`; a zero step disables the rule (filters.md). */
export function isMultipleOf(value: DecimalInput, step: DecimalInput): boolean {
  const s = toDecimal(step, 'step');
  if (s.isZero()) return true;
  return toDecimal(value, 'value').mod(s).isZero();
}

/** Largest multiple of `step` not above `value` (for quantities: never breaks LOT_SIZE). */
export function roundDownToStep(value: DecimalInput, step: DecimalInput): Decimal {
  const v = toDecimal(value, 'value');
  const s = toDecimal(step, 'step');
  if (s.isZero()) return v;
  return v.div(s).floor().mul(s);
}

/** PRICE_FILTER: price >= minPrice, <= maxPrice, multiple of tickSize; each rule off when its bound is 0. */
export function checkPriceFilter(price: DecimalInput, filter: PriceFilterSpec): FilterFailure | undefined {
  const p = toDecimal(price, 'price');
  const min = toDecimal(filter.minPrice, 'minPrice');
  const max = toDecimal(filter.maxPrice, 'maxPrice');
  if (p.lte(0)) return 'PRICE_FILTER';
  if (!min.isZero() && p.lt(min)) return 'PRICE_FILTER';
  if (!max.isZero() && p.gt(max)) return 'PRICE_FILTER';
  if (!isMultipleOf(p, filter.tickSize)) return 'PRICE_FILTER';
  return undefined;
}

/**
 * LOT_SIZE / MARKET_LOT_SIZE: quantity >= minQty, <= maxQty, multiple of stepSize (the 2023-03-13 rule,
 * not the older `(quantity - minQty) % stepSize`). Zero bounds disable their rule.
 */
export function checkLotSize(
  quantity: DecimalInput,
  filter: LotSizeSpec,
  name: 'LOT_SIZE' | 'MARKET_LOT_SIZE' = 'LOT_SIZE',
): FilterFailure | undefined {
  const q = toDecimal(quantity, 'quantity');
  const min = toDecimal(filter.minQty, 'minQty');
  const max = toDecimal(filter.maxQty, 'maxQty');
  if (q.lte(0)) return name;
  if (!min.isZero() && q.lt(min)) return name;
  if (!max.isZero() && q.gt(max)) return name;
  if (!isMultipleOf(q, filter.stepSize)) return name;
  return undefined;
}

/** NOTIONAL: minNotional <= notional <= maxNotional; for MARKET orders only the bounds flagged apply. */
export function checkNotional(notional: DecimalInput, filter: NotionalSpec, isMarket: boolean): FilterFailure | undefined {
  const n = toDecimal(notional, 'notional');
  const min = toDecimal(filter.minNotional, 'minNotional');
  const max = toDecimal(filter.maxNotional, 'maxNotional');
  if ((!isMarket || filter.applyMinToMarket) && n.lt(min)) return 'NOTIONAL';
  if ((!isMarket || filter.applyMaxToMarket) && !max.isZero() && n.gt(max)) return 'NOTIONAL';
  return undefined;
}

/** Legacy MIN_NOTIONAL: notional >= minNotional; MARKET orders only when applyToMarket. */
export function checkMinNotional(notional: DecimalInput, filter: MinNotionalSpec, isMarket: boolean): FilterFailure | undefined {
  if (isMarket && !filter.applyToMarket) return undefined;
  return toDecimal(notional, 'notional').lt(toDecimal(filter.minNotional, 'minNotional')) ? 'MIN_NOTIONAL' : undefined;
}
