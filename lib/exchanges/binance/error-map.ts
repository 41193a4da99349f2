// Binance answers that refuse a request -> typed errors (errors.md; fixtures rest/errors.json; NOTES.md
// section 5). The status decides first (429/418: rate limited; 5xx: outcome unknown), then the code, then,
// for the matching engine's shared codes (-2010, -2011), the message. Every error keeps the venue's code
// and message; none keeps the request (its URL carries the signature).
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
import type { HeadersLike, RateLimitInfo } from '../trading-types.js';
import { EXCHANGE } from './constants.js';
import { isObject } from './payload-fields.js';

const AUTH_CODES = new Set([-1002, -1022, -2014, -2015]);
const OUTCOME_UNKNOWN_CODES = new Set([-1006, -1007]);
/** The venue is not serving (internal error, overloaded, shutting down, too many connections): retry later. */
const SERVER_CODES = new Set([-1000, -1001, -1008, -1016, -1034]);
const SUBSCRIPTION_CODES = new Set([-2035, -2036, -2042]);
const UNKNOWN_ORDER_CODES = new Set([-2013, -2026]);

const INSUFFICIENT_BALANCE = 'Account has insufficient balance for requested action.';
const UNKNOWN_ORDER = 'Unknown order sent.';
const DUPLICATE_ORDER = 'Duplicate order sent.';

/** One header's value, whichever shape the headers come in (case-insensitive). */
export function headerValue(headers: HeadersLike, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== lower) continue;
    const value = record[key];
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}

function integerHeader(headers: HeadersLike, name: string): number | undefined {
  const value = headerValue(headers, name);
  return value !== undefined && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/** Retry-After in ms: Binance sends whole seconds (rest-api.md); an HTTP date is not expected and ignored. */
function retryAfterMs(headers: HeadersLike): number | undefined {
  const seconds = integerHeader(headers, 'retry-after');
  return seconds === undefined ? undefined : seconds * 1000;
}

/** X-MBX-USED-WEIGHT-1M and X-MBX-ORDER-COUNT-10S/-1D (NOTES.md section 5), and Retry-After. */
export function rateLimitInfo(headers: HeadersLike): RateLimitInfo {
  const info: { -readonly [K in keyof RateLimitInfo]: RateLimitInfo[K] } = {};
  const weight = integerHeader(headers, 'x-mbx-used-weight-1m');
  if (weight !== undefined) info.usedWeight1m = weight;
  const orders10s = integerHeader(headers, 'x-mbx-order-count-10s');
  if (orders10s !== undefined) info.orderCount10s = orders10s;
  const orders1d = integerHeader(headers, 'x-mbx-order-count-1d');
  if (orders1d !== undefined) info.orderCount1d = orders1d;
  const retry = retryAfterMs(headers);
  if (retry !== undefined) info.retryAfterMs = retry;
  return info;
}

/** `{code, msg, data?}` from a REST body, or from a WebSocket API answer's `error`. */
function readBody(body: unknown): { code: number | undefined; msg: string | undefined; data: unknown } {
  const source = isObject(body) && isObject(body.error) ? body.error : body;
  if (!isObject(source)) return { code: undefined, msg: undefined, data: undefined };
  const code = typeof source.code === 'number' && Number.isSafeInteger(source.code) ? source.code : undefined;
  // Cap what we keep: a proxy's HTML error page is not a message.
  const msg = typeof source.msg === 'string' ? source.msg.slice(0, 500) : undefined;
  return { code, msg, data: source.data };
}

/** "Filter failure: LOT_SIZE" -> 'LOT_SIZE'. */
function filterName(msg: string | undefined): string | undefined {
  const match = msg === undefined ? null : /^Filter failure: ([A-Z_]+)/.exec(msg);
  return match?.[1];
}

function isParameterCode(code: number): boolean {
  return (code <= -1100 && code >= -1199) || (code <= -1200 && code >= -1299) || code === -1014 || code === -1020 || code === -2039;
}

function byCode(details: ExchangeErrorDetails, code: number, msg: string | undefined): CexError {
  if (AUTH_CODES.has(code)) return new AuthError(details);
  if (code === -1021) return new TimestampError(details);
  if (code === -1121) return new InvalidSymbolError(details);
  if (code === -1013) return new FilterRejectedError(details, filterName(msg));
  if (UNKNOWN_ORDER_CODES.has(code)) return new UnknownOrderError(details);
  if (code === -2010 || code === -2011 || code === -1010 || code === -2038) {
    if (msg === INSUFFICIENT_BALANCE) return new InsufficientBalanceError(details);
    if (msg === UNKNOWN_ORDER) return new UnknownOrderError(details);
    if (msg === DUPLICATE_ORDER) return new DuplicateOrderError(details);
    return new ExchangeError('rejected', details);
  }
  if (SERVER_CODES.has(code)) return new ExchangeError('server', details);
  if (SUBSCRIPTION_CODES.has(code)) return new ExchangeError('subscription', details);
  if (isParameterCode(code)) return new ParameterError(details);
  if (code === -2021 || code === -2022) return new ExchangeError('rejected', details);
  return new ExchangeError('other', details);
}

/**
 * The typed error for a refused request: a REST answer (status, body, headers) or a WebSocket API error
 * answer (pass its status and the whole frame or its `error`; headers {}). -1003 and -1015 are rate
 * limits whatever the status; 5xx, -1006 and -1007 leave the outcome unknown.
 */
export function mapError(httpStatus: number, body: unknown, headers: HeadersLike): CexError {
  const { code, msg, data } = readBody(body);
  const details: ExchangeErrorDetails = { exchange: EXCHANGE, exchangeCode: code, exchangeMessage: msg, httpStatus };
  const retryAt = isObject(data) && typeof data.retryAfter === 'number' && Number.isSafeInteger(data.retryAfter) ? data.retryAfter : undefined;
  if (code === -1015) return new TooManyOrdersError(details, retryAfterMs(headers), retryAt, httpStatus === 418);
  if (httpStatus === 429 || httpStatus === 418 || code === -1003) return new RateLimitedError(details, retryAfterMs(headers), retryAt, httpStatus === 418);
  if (code !== undefined && OUTCOME_UNKNOWN_CODES.has(code)) return new OutcomeUnknownError('backend-timeout', details);
  if (httpStatus >= 500) return new OutcomeUnknownError('server', details);
  if (code !== undefined) return byCode(details, code, msg);
  if (httpStatus === 401) return new AuthError(details);
  return new ExchangeError('other', details);
}

const TIMEOUT_NAMES = new Set(['TimeoutError', 'AbortError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ESOCKETTIMEDOUT']);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; isObject(e) && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * A request that got no answer -> OutcomeUnknownError ('timeout' or 'transport'). Only the error's name
 * and code are read: fetch's messages may quote the URL, and the URL carries the signature.
 */
export function mapTransportError(error: unknown): OutcomeUnknownError {
  const name = error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : undefined;
  const code = errorCode(error);
  const timedOut = (name !== undefined && TIMEOUT_NAMES.has(name)) || (code !== undefined && TIMEOUT_CODES.has(code));
  const details: ExchangeErrorDetails = { exchange: EXCHANGE, exchangeCode: undefined, exchangeMessage: undefined, httpStatus: undefined };
  return new OutcomeUnknownError(timedOut ? 'timeout' : 'transport', details, code ?? name);
}
