// Cheap field checks for Binance JSON payloads (stream frames and REST bodies). They return undefined
// instead of throwing, so the stream parser can turn any surprise into a 'malformed' frame without a
// try/catch per field; the REST parsers wrap them into ExchangeFormatError.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError } from '../../core/errors.js';
import type { DepthLevel } from '../../models/market.js';

export type JsonObject = Readonly<Record<string, unknown>>;

/** A plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Binance prints prices and quantities as unsigned plain decimals ('0.00100000'); signed fields (price
// change) may start with '-'. No exponent, no spaces: anything else is not what the docs print.
const UNSIGNED_DECIMAL = /^\d+(?:\.\d+)?$/;
const SIGNED_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** The value when it is an unsigned decimal string, else undefined. */
export function decimalText(value: unknown): string | undefined {
  return typeof value === 'string' && UNSIGNED_DECIMAL.test(value) ? value : undefined;
}

/** The value when it is a decimal string that may be negative (price change, change percent). */
export function signedDecimalText(value: unknown): string | undefined {
  return typeof value === 'string' && SIGNED_DECIMAL.test(value) ? value : undefined;
}

/**
 * A non-negative safe integer (update ids, times, counts). Frames are parsed losslessly, so an integer
 * beyond 2^53 arrives as a digit string, and is refused here: update ids are sequenced and times compared as
 * numbers, and no venue's are that large, so such a value is not what the docs print (malformed), never rounded.
 */
export function safeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/**
 * An id (order, trade, aggregate id) as a string: a safe integer, or a string of digits (a 64-bit id beyond
 * 2^53, which the lossless parse leaves as its exact text).
 */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  return typeof value === 'string' && /^\d{1,30}$/.test(value) ? value : undefined;
}

/** A non-empty string (symbols, intervals). */
export function nonEmptyText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Book levels `[[price, qty], ...]` as DepthLevel tuples, or undefined when any level is not two decimal
 * strings. The hot path: levels stay strings (no Decimal), and a well-formed `[p, q]` array is reused
 * as the tuple instead of copied. Older docs printed a third, ignored element: such levels are trimmed.
 */
export function depthLevels(value: unknown): DepthLevel[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const levels = value as unknown[];
  let out: DepthLevel[] | undefined;
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    if (!Array.isArray(level) || level.length < 2) return undefined;
    const price: unknown = level[0];
    const quantity: unknown = level[1];
    if (typeof price !== 'string' || typeof quantity !== 'string') return undefined;
    if (!UNSIGNED_DECIMAL.test(price) || !UNSIGNED_DECIMAL.test(quantity)) return undefined;
    if (level.length !== 2) {
      out ??= levels.slice(0, i) as DepthLevel[];
      out.push([price, quantity]);
    } else if (out !== undefined) {
      out.push(level as unknown as DepthLevel);
    }
  }
  return out ?? (levels as DepthLevel[]);
}

/** Readers of required fields for the REST parsers: the value, or ExchangeFormatError naming `at.key` and the rule. */
export interface RequiredFields {
  decimal(item: JsonObject, key: string, at: string): Decimal;
  signedDecimal(item: JsonObject, key: string, at: string): Decimal;
  id(item: JsonObject, key: string, at: string): string;
  time(item: JsonObject, key: string, at: string): number;
  text(item: JsonObject, key: string, at: string): string;
}

/** The required-field readers of one venue (its name goes into every ExchangeFormatError). */
export function requiredFields(exchange: string): RequiredFields {
  const read = <T>(check: (value: unknown) => T | undefined, rule: string) => (item: JsonObject, key: string, at: string): T => {
    const value = check(item[key]);
    if (value === undefined) throw new ExchangeFormatError(exchange, `${at}.${key}`, rule);
    return value;
  };
  const unsigned = read(decimalText, 'is not a decimal string');
  const signed = read(signedDecimalText, 'is not a decimal string');
  return {
    decimal: (item, key, at) => new Decimal(unsigned(item, key, at)),
    signedDecimal: (item, key, at) => new Decimal(signed(item, key, at)),
    id: read(idText, 'is not an id'),
    time: read(safeInteger, 'is not a safe non-negative integer'),
    text: read(nonEmptyText, 'is not a non-empty string'),
  };
}
