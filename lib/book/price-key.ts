// Exact ordering of decimal price strings without floats or Decimal objects: the order book's hot path
// (docs/benchmarks.md "Order book representation" measured this against scaled integers and decimal.js).
import { Decimal } from '../core/decimal.js';
import { ValidationError } from '../core/errors.js';

const DOT = 46;
const ZERO = 48;
const NINE = 57;

/**
 * The canonical spelling of a non-negative decimal price: no leading zeros in the integer part (but one
 * '0' before the point), no trailing zeros in the fraction, no bare point. '0.00240', '.0024' and
 * '000.0024' are all '0.0024', so differently spelled equal prices are one level. Returns `text` itself
 * when it is already canonical (no allocation on the common path). Throws ValidationError on text that
 * is not a non-negative decimal.
 */
export function priceKey(text: string): string {
  const n = text.length;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === DOT) {
      if (dot !== -1) throw invalid(text);
      dot = i;
    } else if (c < ZERO || c > NINE) {
      // Exponents ('1e-8') never come from the venues we speak, but are valid decimals: take the slow road.
      return exponentKey(text);
    }
  }
  if (n === 0 || (n === 1 && dot === 0)) throw invalid(text);
  const intEnd = dot === -1 ? n : dot;
  let start = 0;
  while (start < intEnd - 1 && text.charCodeAt(start) === ZERO) start++;
  let end = n;
  if (dot !== -1) {
    while (end > dot + 1 && text.charCodeAt(end - 1) === ZERO) end--;
    if (end === dot + 1) end = dot;
  }
  if (intEnd === 0) return end === 0 ? '0' : `0${text.slice(0, end)}`; // '.5' -> '0.5', '.000' -> '0'
  return start === 0 && end === n ? text : text.slice(start, end);
}

/**
 * Orders canonical keys (from priceKey) by value: a longer integer part is larger; with equal integer
 * parts, code-unit order is digit order, and a key that is a prefix of the other is smaller because a
 * canonical fraction never ends in '0'.
 */
export function comparePriceKeys(a: string, b: string): number {
  const ia = integerLength(a);
  const ib = integerLength(b);
  if (ia !== ib) return ia - ib;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Digits before the point of a canonical key (its length when it has no point). */
export function integerLength(key: string): number {
  const dot = key.indexOf('.');
  return dot === -1 ? key.length : dot;
}

/** True when a quantity is zero in any spelling ('0', '0.000', '.0', '0e-8'): the venue removes the level. */
export function isZeroQuantity(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > ZERO && c <= NINE) return false;
    if (c === 101 || c === 69) break; // 'e' / 'E': the mantissa so far was all zeros
  }
  return true;
}

function exponentKey(text: string): string {
  let value: Decimal;
  try {
    value = new Decimal(text);
  } catch {
    throw invalid(text);
  }
  if (!value.isFinite() || value.isNegative() || !/^[0-9.]+[eE][-+]?[0-9]+$/.test(text)) throw invalid(text);
  // toFixed() prints every digit without an exponent and without trailing zeros: already canonical.
  return value.toFixed();
}

function invalid(text: string): ValidationError {
  return new ValidationError('price', 'decimal', `price must be a non-negative decimal string, got ${JSON.stringify(text)}`);
}
