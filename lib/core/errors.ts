// Typed errors with stable codes. Callers branch on `code`, never on message text.

export abstract class CexError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration value broke its rule; `path` is the dotted key path. */
export class ConfigError extends CexError {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly path: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Caller input broke a rule (validated before anything is sent anywhere). */
export class ValidationError extends CexError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An exchange answered with a body that is not what its documentation prints (a missing field, a number
 * where a decimal string belongs). `field` is the dotted path of the first offending field.
 */
export class ExchangeFormatError extends CexError {
  readonly code = 'EXCHANGE_FORMAT';
  constructor(
    readonly exchange: string,
    readonly field: string,
    message: string,
  ) {
    super(`${exchange}: ${field}: ${message}`);
  }
}

/** A symbol that the exchange's listing does not contain (unified or venue form); never guessed from the text. */
export class UnknownSymbolError extends CexError {
  readonly code = 'UNKNOWN_SYMBOL';
  constructor(
    readonly exchange: string,
    readonly symbol: string,
  ) {
    super(`${exchange}: unknown symbol ${JSON.stringify(symbol)}`);
  }
}

/**
 * An order refused before anything was sent: `field` ('price', 'quantity', ...) with the `value` the caller
 * gave broke `filter` (the venue's rule name: 'PRICE_FILTER', 'LOT_SIZE', or 'request' for the shape of the
 * order itself); `rule` says which part ('tickSize', 'minQty', 'required', ...) and `limit` its bound.
 */
export class InvalidOrderError extends CexError {
  readonly code = 'INVALID_ORDER';
  constructor(
    readonly field: string,
    readonly value: string | undefined,
    readonly filter: string,
    readonly rule: string,
    readonly limit: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** What the venue said, where it said anything: its code, its message and the HTTP status. */
export interface ExchangeErrorDetails {
  readonly exchange: string;
  readonly exchangeCode: number | undefined;
  readonly exchangeMessage: string | undefined;
  readonly httpStatus: number | undefined;
}

/**
 * Why an exchange refused a request, venue-neutral: the session branches on `kind` (or on the subclass),
 * never on the venue's code or message text.
 */
export type ExchangeErrorKind =
  | 'auth'
  | 'insufficient-balance'
  | 'unknown-order'
  | 'duplicate-order'
  | 'filter'
  | 'invalid-symbol'
  | 'parameter'
  | 'timestamp'
  | 'rejected'
  | 'server'
  | 'subscription'
  | 'other';

function describe(details: ExchangeErrorDetails): string {
  const status = details.httpStatus === undefined ? '' : ` (HTTP ${details.httpStatus})`;
  const code = details.exchangeCode === undefined ? '' : ` ${details.exchangeCode}`;
  return `${details.exchange}${code}: ${details.exchangeMessage ?? 'no message'}${status}`;
}

/** The exchange refused the request, and nothing happened (the request is known to have failed). */
export class ExchangeError extends CexError implements ExchangeErrorDetails {
  readonly code = 'EXCHANGE_ERROR';
  readonly exchange: string;
  readonly exchangeCode: number | undefined;
  readonly exchangeMessage: string | undefined;
  readonly httpStatus: number | undefined;
  constructor(
    readonly kind: ExchangeErrorKind,
    details: ExchangeErrorDetails,
  ) {
    super(describe(details));
    this.exchange = details.exchange;
    this.exchangeCode = details.exchangeCode;
    this.exchangeMessage = details.exchangeMessage;
    this.httpStatus = details.httpStatus;
  }
}

/** Bad API key, signature, IP or permissions (Binance -2014, -2015, -1022, -1002). Retrying will not help. */
export class AuthError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('auth', details);
  }
}

/** Not enough free balance for the order (Binance -2010 "Account has insufficient balance ..."). */
export class InsufficientBalanceError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('insufficient-balance', details);
  }
}

/** The order does not exist (any more): Binance -2013, -2011 "Unknown order sent.", -2026 archived. */
export class UnknownOrderError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('unknown-order', details);
  }
}

/** The client order id is already in use: the earlier request with that id did reach the exchange. */
export class DuplicateOrderError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('duplicate-order', details);
  }
}

/** The exchange applied a symbol filter we did not (or with newer values): `filter` names it ('LOT_SIZE'). */
export class FilterRejectedError extends ExchangeError {
  constructor(
    details: ExchangeErrorDetails,
    readonly filter: string | undefined,
  ) {
    super('filter', details);
  }
}

/** The exchange does not know the symbol (Binance -1121): refresh the listing. */
export class InvalidSymbolError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('invalid-symbol', details);
  }
}

/** A parameter was missing, malformed or not allowed (Binance -11xx): a bug on our side, not the market's. */
export class ParameterError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('parameter', details);
  }
}

/** The request's timestamp is outside recvWindow or ahead of the server (Binance -1021): resync the clock, retry once. */
export class TimestampError extends ExchangeError {
  constructor(details: ExchangeErrorDetails) {
    super('timestamp', details);
  }
}

/**
 * Stop sending: the venue rate-limited us (HTTP 429) or banned the IP (418). `retryAfterMs` from the
 * Retry-After header, `retryAt` (epoch ms) where the venue names the end of the ban; either may be absent.
 */
export class RateLimitedError extends CexError implements ExchangeErrorDetails {
  readonly code = 'RATE_LIMITED';
  readonly exchange: string;
  readonly exchangeCode: number | undefined;
  readonly exchangeMessage: string | undefined;
  readonly httpStatus: number | undefined;
  constructor(
    details: ExchangeErrorDetails,
    readonly retryAfterMs: number | undefined,
    readonly retryAt: number | undefined,
    /** 418: the IP is banned (from minutes to days), not merely throttled. */
    readonly banned: boolean,
  ) {
    super(`rate limited: ${describe(details)}`);
    this.exchange = details.exchange;
    this.exchangeCode = details.exchangeCode;
    this.exchangeMessage = details.exchangeMessage;
    this.httpStatus = details.httpStatus;
  }
}

/** Too many new orders for the account (Binance -1015): an order-count limit, not the IP's weight. */
export class TooManyOrdersError extends RateLimitedError {}

/** Why an outcome is unknown: a 5xx answer, a backend timeout the venue reported, or no answer at all. */
export type OutcomeUnknownReason = 'server' | 'backend-timeout' | 'timeout' | 'transport';

/**
 * The request may or may not have taken effect (HTTP 5xx, Binance -1006/-1007, a timeout, a broken
 * connection): query by client order id, never assume either way. `transportCode` is the socket error's
 * code ('ETIMEDOUT', 'ECONNRESET'); the transport error itself is not kept: its text may hold the URL.
 */
export class OutcomeUnknownError extends CexError implements ExchangeErrorDetails {
  readonly code = 'OUTCOME_UNKNOWN';
  readonly exchange: string;
  readonly exchangeCode: number | undefined;
  readonly exchangeMessage: string | undefined;
  readonly httpStatus: number | undefined;
  constructor(
    readonly reason: OutcomeUnknownReason,
    details: ExchangeErrorDetails,
    readonly transportCode?: string,
  ) {
    super(`outcome unknown (${reason}${transportCode ? ` ${transportCode}` : ''}): ${describe(details)}`);
    this.exchange = details.exchange;
    this.exchangeCode = details.exchangeCode;
    this.exchangeMessage = details.exchangeMessage;
    this.httpStatus = details.httpStatus;
  }
}
