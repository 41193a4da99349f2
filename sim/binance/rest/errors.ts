// Binance REST error answers: `{code,msg}` with the HTTP status Binance uses. Messages are the ones in
// errors.md (fixtures/binance/rest/errors.json), `%s` filled in, so clients that match text still work.
import { CexError } from '../../../lib/core/errors.js';

/** An answer the REST layer sends instead of a result; thrown by handlers, caught by the router. */
export class BinanceRestError extends CexError {
  readonly code = 'SIM_BINANCE_REST_ERROR';
  constructor(
    readonly httpStatus: number,
    readonly binanceCode: number,
    message: string,
    /** Extra response headers (Retry-After on 429/418). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  get body(): { code: number; msg: string } {
    return { code: this.binanceCode, msg: this.message };
  }
}

const bad = (code: number, msg: string): BinanceRestError => new BinanceRestError(400, code, msg);

export const restErrors = {
  unknown: (): BinanceRestError => new BinanceRestError(500, -1000, 'An unknown error occurred while processing the request.'),
  backendTimeout: (status: number): BinanceRestError =>
    new BinanceRestError(status, -1007, 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.'),
  unsupported: (): BinanceRestError => new BinanceRestError(404, -1020, 'This operation is not supported.'),
  tooMuchWeight: (limit: number, retryAfterSec: number): BinanceRestError =>
    new BinanceRestError(
      429,
      -1003,
      `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      { 'Retry-After': String(retryAfterSec) },
    ),
  banned: (untilMs: number, retryAfterSec: number): BinanceRestError =>
    new BinanceRestError(
      418,
      -1003,
      `Way too much request weight used; IP banned until ${untilMs}. Please use WebSocket Streams for live updates to avoid bans.`,
      { 'Retry-After': String(retryAfterSec) },
    ),
  tooManyOrders: (limit: number, interval: string, retryAfterSec: number): BinanceRestError =>
    new BinanceRestError(429, -1015, `Too many new orders; current limit is ${limit} orders per ${interval}.`, {
      'Retry-After': String(retryAfterSec),
    }),
  timestampOutsideWindow: (): BinanceRestError => bad(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  timestampAhead: (): BinanceRestError => bad(-1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badSignature: (): BinanceRestError => bad(-1022, 'Signature for this request is not valid.'),
  illegalChars: (param: string, legalRange: string): BinanceRestError =>
    bad(-1100, `Illegal characters found in parameter '${param}'; legal range is '${legalRange}'.`),
  duplicateParam: (): BinanceRestError => bad(-1101, 'Duplicate values for a parameter detected.'),
  mandatory: (param: string): BinanceRestError => bad(-1102, `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`),
  eitherMandatory: (a: string, b: string): BinanceRestError => bad(-1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  tooGreat: (param: string, max: number): BinanceRestError => bad(-1102, `'${param}' contains unexpected value. Cannot be greater than ${max}.`),
  notRequired: (param: string): BinanceRestError => bad(-1106, `Parameter '${param}' sent when not required.`),
  invalidTif: (): BinanceRestError => bad(-1115, 'Invalid timeInForce.'),
  invalidOrderType: (): BinanceRestError => bad(-1116, 'Invalid orderType.'),
  invalidSide: (): BinanceRestError => bad(-1117, 'Invalid side.'),
  emptyNewClientOrderId: (): BinanceRestError => bad(-1118, 'New client order ID was empty.'),
  emptyOrigClientOrderId: (): BinanceRestError => bad(-1119, 'Original client order ID was empty.'),
  invalidInterval: (): BinanceRestError => bad(-1120, 'Invalid interval.'),
  invalidSymbol: (): BinanceRestError => bad(-1121, 'Invalid symbol.'),
  lookupTooBig: (hours: number): BinanceRestError => bad(-1127, `More than ${hours} hours between startTime and endTime.`),
  badCombination: (): BinanceRestError => bad(-1128, 'Combination of optional parameters invalid.'),
  invalidParam: (param: string): BinanceRestError => bad(-1130, `Data sent for parameter '${param}' is not valid.`),
  invalidTickerType: (): BinanceRestError => bad(-1139, 'Invalid ticker type.'),
  duplicateSymbols: (): BinanceRestError => bad(-1151, 'Symbol is present multiple times in the list.'),
  newOrderRejected: (msg: string): BinanceRestError => bad(-2010, msg),
  cancelRejected: (msg: string): BinanceRestError => bad(-2011, msg),
  apiKeyFormat: (): BinanceRestError => new BinanceRestError(401, -2014, 'API-key format invalid.'),
  rejectedKey: (): BinanceRestError => new BinanceRestError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
};
