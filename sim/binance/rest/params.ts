// Request parameters as Binance reads them: query string and form body merged (the query string wins
// when both carry a name), each read with the rule Binance applies and the error Binance answers.
import { isDecimalString } from '../../../lib/core/decimal.js';
import { restErrors } from './errors.js';

const SYMBOL_RANGE = '^[A-Z0-9-_.]{1,20}$';
const SYMBOL_RE = /^[A-Z0-9\-_.]{1,20}$/;
const INT_RANGE = '^[0-9]{1,20}$';
const INT_RE = /^[0-9]{1,20}$/;
const DECIMAL_RANGE = '^([0-9]{1,20})(\\.[0-9]{1,20})?$';
const DECIMAL_RE = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
const MAX_INT64 = 2n ** 63n - 1n;
const CLIENT_ID_RANGE = '^[a-zA-Z0-9-_.]{1,36}$';
const CLIENT_ID_RE = /^[a-zA-Z0-9\-_.]{1,36}$/;

function parseForm(raw: string): Map<string, string> {
  const map = new Map<string, string>();
  if (raw === '') return map;
  for (const [key, value] of new URLSearchParams(raw)) {
    if (map.has(key)) throw restErrors.duplicateParam();
    map.set(key, value);
  }
  return map;
}

export class RequestParams {
  private readonly values: Map<string, string>;

  constructor(
    /** Raw (still percent-encoded) query string, without `?`. */
    readonly rawQuery: string,
    /** Raw form body. */
    readonly rawBody: string,
  ) {
    const body = parseForm(rawBody);
    const query = parseForm(rawQuery);
    this.values = new Map([...body, ...query]);
  }

  has(name: string): boolean {
    const value = this.values.get(name);
    return value !== undefined && value !== '';
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw restErrors.mandatory(name);
    return value;
  }

  symbol(name = 'symbol'): string | undefined {
    const value = this.string(name);
    if (value !== undefined && !SYMBOL_RE.test(value)) throw restErrors.illegalChars(name, SYMBOL_RANGE);
    return value;
  }

  requireSymbol(name = 'symbol'): string {
    const value = this.symbol(name);
    if (value === undefined) throw restErrors.mandatory(name);
    return value;
  }

  /** `symbols=["BTCUSDT","ETHBTC"]` (JSON array, URL-encoded). */
  symbolList(name = 'symbols'): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw restErrors.illegalChars(name, SYMBOL_RANGE);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string' && SYMBOL_RE.test(s))) {
      throw restErrors.illegalChars(name, SYMBOL_RANGE);
    }
    const list = parsed as string[];
    if (new Set(list).size !== list.length) throw restErrors.duplicateSymbols();
    return list;
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!INT_RE.test(value)) throw restErrors.illegalChars(name, INT_RANGE);
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw restErrors.illegalChars(name, INT_RANGE);
    return n;
  }

  /**
   * An order or trade id: digits, exact as a bigint (ids are int64 and may lie beyond 2^53). Beyond int64 the
   * venue cannot have it: refused like any integer out of range.
   */
  id(name: string): bigint | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!INT_RE.test(value)) throw restErrors.illegalChars(name, INT_RANGE);
    const id = BigInt(value);
    if (id > MAX_INT64) throw restErrors.illegalChars(name, INT_RANGE);
    return id;
  }

  requireInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) throw restErrors.mandatory(name);
    return value;
  }

  /** A non-negative decimal as an exact string (never a float). */
  decimal(name: string): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!DECIMAL_RE.test(value) || !isDecimalString(value)) throw restErrors.illegalChars(name, DECIMAL_RANGE);
    return value;
  }

  clientOrderId(name: string): string | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    if (raw === '') throw name === 'origClientOrderId' ? restErrors.emptyOrigClientOrderId() : restErrors.emptyNewClientOrderId();
    if (!CLIENT_ID_RE.test(raw)) throw restErrors.illegalChars(name, CLIENT_ID_RANGE);
    return raw;
  }

  /** `true`/`false` flags (case-insensitive, as Binance accepts). */
  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw restErrors.invalidParam(name);
    return lower === 'true';
  }

  /** A limit clamped to `max` (Binance truncates oversized limits rather than rejecting them). */
  limit(defaultValue: number, max: number, name = 'limit'): number {
    const value = this.integer(name);
    if (value === undefined) return defaultValue;
    if (value < 1) throw restErrors.invalidParam(name);
    return Math.min(value, max);
  }
}
