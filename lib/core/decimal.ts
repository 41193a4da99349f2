// Exact decimal arithmetic for prices, quantities and balances. Import Decimal from here, never a float.
import { Decimal } from 'decimal.js';

// decimal.js rounds products and quotients to 20 significant digits by default; 40 keeps every price*qty and
// balance sum exact at any realistic magnitude (a 1e12 balance with 18 decimals is 31 digits).
Decimal.set({ precision: 40 });

export { Decimal };
export type DecimalInput = Decimal | string;

const DECIMAL_STRING = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** True when `text` is a plain decimal number string ('0.001', '-1', '1e-8'); no NaN/Infinity/hex. */
export function isDecimalString(text: string): boolean {
  return DECIMAL_STRING.test(text);
}

/** Parses an exact decimal; throws TypeError naming `field` when the text is not a finite decimal. */
export function toDecimal(value: DecimalInput, field = 'value'): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value !== 'string' || !isDecimalString(value.trim())) {
    throw new TypeError(`${field} must be a decimal string, got ${JSON.stringify(value)}`);
  }
  return new Decimal(value.trim());
}

/** Formats with exactly `places` decimals (Binance prints '0.00100000'), truncating toward zero. */
export function toFixedString(value: Decimal, places: number): string {
  return value.toDecimalPlaces(places, Decimal.ROUND_DOWN).toFixed(places);
}
