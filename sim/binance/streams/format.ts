// How the simulator prints exchange numbers: Binance sends decimals as fixed-place strings
// ('0.00100000'), with the symbol's precision, never as JSON numbers.
import { Decimal, toFixedString } from '../../../lib/core/decimal.js';
import type { SymbolSpec } from '../../engine/types.js';

/** Places used when a symbol is unknown (Binance's usual 8). */
export const DEFAULT_PLACES = 8;

export function formatPrice(value: Decimal, spec: SymbolSpec | undefined): string {
  return toFixedString(value, spec?.quoteAssetPrecision ?? DEFAULT_PLACES);
}

export function formatQty(value: Decimal, spec: SymbolSpec | undefined): string {
  return toFixedString(value, spec?.baseAssetPrecision ?? DEFAULT_PLACES);
}

/** Balances, commissions and deltas of any asset. */
export function formatAmount(value: Decimal, places = DEFAULT_PLACES): string {
  // toFixedString truncates toward zero, which keeps the sign of negative deltas.
  return toFixedString(value, places);
}

/** Percentages carry 3 places, as in Binance's 24 h ticker ('-95.960'). */
export function formatPercent(value: Decimal): string {
  return toFixedString(value, 3);
}

export const ZERO = new Decimal(0);
