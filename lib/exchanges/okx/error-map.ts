// OKX answers that refuse a request -> the typed errors Binance's map to (lib/core/errors.ts). OKX answers most
// refusals with HTTP 200 and a code: the top-level `code` ("0" success), and for order operations `code` "1"
// (all failed) or "2" (some failed) with an `sCode`/`sMsg` per order in `data`. Codes may carry a sub-code
// (`51008_1000`): the part before `_` decides. Source: OKX v5 "Error Code / REST API / Public" (QIU
// `docs/okx/error/code/rest-api-public.md`, crawl 2026-06-15). Every error keeps the venue's code and message;
// none keeps the request (its headers carry the key, passphrase and signature).
import {
  AuthError,
  type CexError,
  DuplicateOrderError,
  ExchangeError,
  type ExchangeErrorDetails,
  FilterRejectedError,
  InsufficientBalanceError,
  InvalidSymbolError,
  OutcomeUnknownError,
  ParameterError,
  RateLimitedError,
  TimestampError,
  TooManyOrdersError,
  UnknownOrderError,
} from '../../core/errors.js';
import { isObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';

/** 50011 "Rate limit reached" (200 or 429), 50013 "Systems are busy" (429), 50040 "Too frequent operations". */
const RATE_LIMIT_CODES = new Set([50011, 50013, 50040]);
/** 50061 "You've reached the maximum order rate limit for this account". */
const ORDER_RATE_CODES = new Set([50061]);
/** 50004 and 51149 say so ("does not mean that the request was successful or failed"); 51054 "Request timed out". */
const OUTCOME_UNKNOWN_CODES = new Set([50004, 51149, 51054]);
/** 50001 "Service temporarily unavailable" (503), 50026 "System error" (500). */
const SERVER_CODES = new Set([50001, 50026]);
/** The API class (50100-50122) except the timestamp ones, and the permission refusals. */
const AUTH_CODES = new Set([50030, 50035, 50100, 50101, 50103, 50104, 50105, 50106, 50107, 50108, 50109, 50110, 50111, 50113, 50114, 50119, 50120, 50121]);
/** 50102 "Timestamp request expired", 50112 "Invalid OK-ACCESS-TIMESTAMP". */
const TIMESTAMP_CODES = new Set([50102, 50112]);
/** 51008 (every sub-code) "Insufficient balance/margin", 51127 "Available balance is 0", 51131 "Insufficient balance". */
const BALANCE_CODES = new Set([51008, 51127, 51131]);
/** 51603 "Order does not exist", 51063 "OrdId does not exist". */
const UNKNOWN_ORDER_CODES = new Set([51603, 51063]);
/** 51016 "Client order ID already exists", 51011 "Order ID already exists", 50071 "{param} already exists". */
const DUPLICATE_CODES = new Set([51016, 51011, 50071]);
/** 51001 "Instrument ID ... doesn't exist", 51015 "Instrument ID doesn't match instrument type", 51021 "not yet listed". */
const SYMBOL_CODES = new Set([51001, 51015, 51021]);
/** The instrument's trading rules, named like Binance's filters where they match. */
const FILTERS: ReadonlyMap<number, string> = new Map([
  [51005, 'max-amount'],
  [51006, 'price-limit'],
  [51020, 'min-amount'],
  [50122, 'min-amount'],
  [51120, 'min-amount'],
  [51121, 'lot-size'],
  [51122, 'min-price'],
  [51150, 'precision'],
]);
/** 50000 empty POST body, 50002 JSON syntax, 50006 content type, 50014-50016, 50024-50025, 51000, 51003. */
const PARAMETER_CODES = new Set([50000, 50002, 50006, 50014, 50015, 50016, 50024, 50025, 51000, 51003]);
/** The order was refused for the account's or instrument's state: 51009 blocked, 51022 suspended, 51024 account blocked, 50027-50029. */
const REJECTED_CODES = new Set([50027, 50028, 50029, 51009, 51022, 51024]);

/** "51008_1000" or "51008" -> 51008; anything else -> undefined. */
export function okxCode(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d{1,9})(?:_\d{1,9})?$/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

function details(code: number | undefined, msg: unknown, httpStatus: number | undefined): ExchangeErrorDetails {
  // Cap what we keep: a proxy's HTML error page is not a message.
  return { exchange: EXCHANGE, exchangeCode: code, exchangeMessage: typeof msg === 'string' ? msg.slice(0, 500) : undefined, httpStatus };
}

function byCode(d: ExchangeErrorDetails, code: number): CexError {
  if (code === 0) return new ExchangeError('other', d); // a success passed here: not ours to hide
  if (ORDER_RATE_CODES.has(code)) return new TooManyOrdersError(d, undefined, undefined, false);
  if (RATE_LIMIT_CODES.has(code)) return new RateLimitedError(d, undefined, undefined, false);
  if (OUTCOME_UNKNOWN_CODES.has(code)) return new OutcomeUnknownError('backend-timeout', d);
  if (SERVER_CODES.has(code)) return new OutcomeUnknownError('server', d);
  if (TIMESTAMP_CODES.has(code)) return new TimestampError(d);
  if (AUTH_CODES.has(code)) return new AuthError(d);
  if (BALANCE_CODES.has(code)) return new InsufficientBalanceError(d);
  if (UNKNOWN_ORDER_CODES.has(code)) return new UnknownOrderError(d);
  if (DUPLICATE_CODES.has(code)) return new DuplicateOrderError(d);
  if (SYMBOL_CODES.has(code)) return new InvalidSymbolError(d);
  const filter = FILTERS.get(code);
  if (filter !== undefined) return new FilterRejectedError(d, filter);
  if (PARAMETER_CODES.has(code)) return new ParameterError(d);
  if (REJECTED_CODES.has(code)) return new ExchangeError('rejected', d);
  return new ExchangeError('other', d);
}

/** The typed error of one order's `sCode`/`sMsg` in an order answer; undefined when it succeeded ("0"). */
export function mapOrderResult(item: unknown, httpStatus = 200): CexError | undefined {
  if (!isObject(item)) return new ExchangeError('other', details(undefined, 'order result is not an object', httpStatus));
  const code = okxCode(item.sCode);
  if (code === 0) return undefined;
  return code === undefined ? new ExchangeError('other', details(undefined, item.sMsg, httpStatus)) : byCode(details(code, item.sMsg, httpStatus), code);
}

/**
 * The typed error for a refused REST request (status and body). HTTP 429 is a rate limit and 5xx leaves the
 * outcome unknown whatever the body says; then the top-level code; for "1"/"2" (order operations that failed in
 * part or whole) the first order's sCode, which names the reason.
 */
export function mapError(httpStatus: number, body: unknown): CexError {
  const code = isObject(body) ? okxCode(body.code) : undefined;
  const msg = isObject(body) ? body.msg : undefined;
  const d = details(code, msg, httpStatus);
  if (httpStatus === 429) return code !== undefined && ORDER_RATE_CODES.has(code) ? new TooManyOrdersError(d, undefined, undefined, false) : new RateLimitedError(d, undefined, undefined, false);
  if (httpStatus >= 500) return new OutcomeUnknownError('server', d);
  if ((code === 1 || code === 2) && isObject(body) && Array.isArray(body.data)) {
    for (const item of body.data as unknown[]) {
      const error = mapOrderResult(item, httpStatus);
      if (error) return error;
    }
  }
  if (code !== undefined) return byCode(d, code);
  if (httpStatus === 401) return new AuthError(d);
  return new ExchangeError('other', d);
}
