// Binance USD-M answers that refuse a request -> typed errors. Futures reads HTTP 503 by its message (NOTES.md
// section 4): "Unknown error, please check your request or try again later." leaves the outcome UNKNOWN (query
// before retrying); "Service Unavailable." and the throttle -1008 failed for sure; then the futures codes
// (-2019 margin, -2022 reduce-only, -4164 min notional, the -40xx filter checks, -1125 listen key), then spot's
// shared codes (auth, -1021 timestamp, -1121 symbol, ...). Every error keeps the venue's code and message.
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
import type { HeadersLike } from '../trading-types.js';
import { headerValue, mapTransportError as mapSpotTransportError } from '../binance/error-map.js';
import { isObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';

/** 503 messages (NOTES.md section 4, general-info "HTTP 503"). */
export const UNKNOWN_OUTCOME_503 = 'Unknown error, please check your request or try again later.';
export const SERVICE_UNAVAILABLE_503 = 'Service Unavailable.';
export const INTERNAL_ERROR_503 = 'Internal error; unable to process your request. Please try again.';

const AUTH_CODES = new Set([-1002, -1022, -2014, -2015]);
/** Failed for sure, the venue's side: unknown error, disconnected, throttled (-1008), too many connections. */
const SERVER_CODES = new Set([-1000, -1001, -1008, -1016, -1034]);
const OUTCOME_UNKNOWN_CODES = new Set([-1006, -1007]);
const UNKNOWN_ORDER_CODES = new Set([-2011, -2013]);
/** Margin or balance short: -2018 balance, -2019 margin, -2028 leverage too small for the margin balance. */
const INSUFFICIENT_CODES = new Set([-2018, -2019, -2028]);
/** The futures filter checks, by the filter they name. */
const FILTER_CODES: ReadonlyMap<number, string> = new Map([
  [-4003, 'LOT_SIZE'],
  [-4004, 'LOT_SIZE'],
  [-4005, 'LOT_SIZE'],
  [-4023, 'LOT_SIZE'],
  [-4013, 'PRICE_FILTER'],
  [-4014, 'PRICE_FILTER'],
  [-4016, 'PRICE_FILTER'],
  [-4024, 'PERCENT_PRICE'],
  [-4131, 'PERCENT_PRICE'],
  [-4164, 'MIN_NOTIONAL'],
]);
/** The order was refused as asked: reduce-only (-2022), would trigger now (-2021), post-only would take (-5022), ... */
const REJECTED_CODES = new Set([-2010, -2020, -2021, -2022, -2024, -2025, -2027, -4046, -4047, -4048, -4059, -4061, -5021, -5022]);
const LISTEN_KEY_CODES = new Set([-1125]);

function readBody(body: unknown): { code: number | undefined; msg: string | undefined } {
  if (!isObject(body)) return { code: undefined, msg: undefined };
  const code = typeof body.code === 'number' && Number.isSafeInteger(body.code) ? body.code : undefined;
  const msg = typeof body.msg === 'string' ? body.msg.slice(0, 500) : undefined;
  return { code, msg };
}

function retryAfterMs(headers: HeadersLike): number | undefined {
  const value = headerValue(headers, 'retry-after');
  return value !== undefined && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) * 1000 : undefined;
}

function isParameterCode(code: number): boolean {
  return (code <= -1100 && code >= -1199) || code === -1014 || code === -1020 || (code <= -4000 && code >= -4999);
}

function byCode(details: ExchangeErrorDetails, code: number, msg: string | undefined): CexError {
  if (AUTH_CODES.has(code)) return new AuthError(details);
  if (code === -1021) return new TimestampError(details);
  if (code === -1121) return new InvalidSymbolError(details);
  if (LISTEN_KEY_CODES.has(code)) return new ExchangeError('subscription', details);
  if (UNKNOWN_ORDER_CODES.has(code)) return new UnknownOrderError(details);
  if (code === -4116) return new DuplicateOrderError(details);
  if (INSUFFICIENT_CODES.has(code)) return new InsufficientBalanceError(details);
  const filter = FILTER_CODES.get(code);
  if (filter !== undefined) return new FilterRejectedError(details, filter);
  if (code === -1013) return new FilterRejectedError(details, /^Filter failure: ([A-Z_]+)/.exec(msg ?? '')?.[1]);
  if (SERVER_CODES.has(code)) return new ExchangeError('server', details);
  if (REJECTED_CODES.has(code)) return new ExchangeError('rejected', details);
  if (isParameterCode(code)) return new ParameterError(details);
  return new ExchangeError('other', details);
}

/**
 * The typed error for a refused REST request. 429/418, -1003 and -1015 are rate limits; a 503 is read by its
 * message (unknown outcome, or a certain failure); any other 5xx, -1006 and -1007 leave the outcome unknown.
 */
export function mapError(httpStatus: number, body: unknown, headers: HeadersLike): CexError {
  const { code, msg } = readBody(body);
  const details: ExchangeErrorDetails = { exchange: EXCHANGE, exchangeCode: code, exchangeMessage: msg, httpStatus };
  if (code === -1015) return new TooManyOrdersError(details, retryAfterMs(headers), undefined, httpStatus === 418);
  if (httpStatus === 429 || httpStatus === 418 || code === -1003) return new RateLimitedError(details, retryAfterMs(headers), undefined, httpStatus === 418);
  if (code === -1008) return new ExchangeError('server', details);
  if (code !== undefined && OUTCOME_UNKNOWN_CODES.has(code)) return new OutcomeUnknownError('backend-timeout', details);
  if (httpStatus === 503 && (msg === SERVICE_UNAVAILABLE_503 || msg === INTERNAL_ERROR_503)) return new ExchangeError('server', details);
  if (httpStatus >= 500) return new OutcomeUnknownError('server', details);
  if (code !== undefined) return byCode(details, code, msg);
  if (httpStatus === 401) return new AuthError(details);
  return new ExchangeError('other', details);
}

/** A request that got no answer -> OutcomeUnknownError ('timeout' or 'transport'), as spot's, under this venue's name. */
export function mapTransportError(error: unknown): OutcomeUnknownError {
  const spot = mapSpotTransportError(error);
  return new OutcomeUnknownError(spot.reason, { exchange: EXCHANGE, exchangeCode: undefined, exchangeMessage: undefined, httpStatus: undefined }, spot.transportCode);
}
