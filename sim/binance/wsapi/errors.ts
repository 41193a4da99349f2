// WebSocket API refusals: `{id, status, error: {code, msg}}` with the status Binance uses. Messages are
// errors.md's (fixtures/binance/rest/errors.json), `%s` filled in.
import { CexError } from '../../../lib/core/errors.js';
import { EngineRejection } from '../../engine/types.js';
import { binanceRejection } from '../rejection-errors.js';
import { BinanceRestError } from '../rest/errors.js';

/** Thrown by a method handler; the session turns it into an error response. */
export class WsApiError extends CexError {
  readonly code = 'SIM_BINANCE_WSAPI_ERROR';
  constructor(
    readonly status: number,
    readonly binanceCode: number,
    message: string,
    /** Extra error fields (`data.retryAfter` on 429/418). */
    readonly data?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }

  get body(): { code: number; msg: string; data?: Readonly<Record<string, unknown>> } {
    return this.data ? { code: this.binanceCode, msg: this.message, data: this.data } : { code: this.binanceCode, msg: this.message };
  }
}

const bad = (code: number, msg: string): WsApiError => new WsApiError(400, code, msg);

export const wsApiErrors = {
  invalidJson: (): WsApiError => bad(-1135, 'Invalid JSON Request'),
  paramsNotObject: (): WsApiError => bad(-1135, "Invalid 'params' in JSON request; expected an object."),
  // Binance does not document the answer to an unknown method; the simulator says "not supported".
  unknownMethod: (): WsApiError => bad(-1020, 'This operation is not supported.'),
  mandatory: (param: string): WsApiError => bad(-1102, `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`),
  tooGreat: (param: string, max: number): WsApiError => bad(-1102, `'${param}' contains unexpected value. Cannot be greater than ${max}.`),
  invalidParam: (param: string): WsApiError => bad(-1130, `Data sent for parameter '${param}' is not valid.`),
  timestampOutsideWindow: (): WsApiError => bad(-1021, 'Timestamp for this request is outside of the recvWindow.'),
  timestampAhead: (): WsApiError => bad(-1021, "Timestamp for this request was 1000ms ahead of the server's time."),
  badSignature: (): WsApiError => bad(-1022, 'Signature for this request is not valid.'),
  rejectedKey: (): WsApiError => new WsApiError(401, -2015, 'Invalid API-key, IP, or permissions for action.'),
  // `session.logon` takes Ed25519 keys only (web-socket-api.md); errors.md lists no code for the refusal of
  // another key type: this is the answer Binance's servers give an HMAC key.
  logonKeyType: (): WsApiError => bad(-4056, 'HMAC_SHA256 API key is not supported.'),
  /** An unsigned request that needs a logged-on session (`userDataStream.subscribe`). */
  unauthorized: (): WsApiError => new WsApiError(401, -1002, 'You are not authorized to execute this request.'),
  subscriptionActive: (): WsApiError => bad(-2035, 'User Data Stream subscription already active.'),
  subscriptionInactive: (): WsApiError => bad(-2036, 'User Data Stream subscription not active.'),
  maximumSubscriptions: (): WsApiError => bad(-2042, 'Maximum subscription ID reached for this connection.'),
  tooMuchWeight: (limit: number, serverTime: number, retryAfter: number): WsApiError =>
    new WsApiError(
      429,
      -1003,
      `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      { serverTime, retryAfter },
    ),
  /** web-socket-api.md's 418 example (error_payloads/wsapi_418_-1003_ip_banned.json): `retryAfter` = the ban's end. */
  banned: (untilMs: number, serverTime: number): WsApiError =>
    new WsApiError(
      418,
      -1003,
      `Way too much request weight used; IP banned until ${untilMs}. Please use WebSocket Streams for live updates to avoid bans.`,
      { serverTime, retryAfter: untilMs },
    ),
};

/**
 * The WS API frame of an error the shared order code threw: a REST error keeps its status, code and message
 * (a Retry-After header becomes `data.retryAfter`, epoch ms, as on WS-API 429s); an engine rejection gets
 * Binance's code with status 400. Anything else is not a venue answer (undefined).
 */
export function asWsApiError(error: unknown, serverTime: number): WsApiError | undefined {
  if (error instanceof WsApiError) return error;
  if (error instanceof EngineRejection) {
    const body = binanceRejection(error.rejection);
    return bad(body.code, body.msg);
  }
  if (error instanceof BinanceRestError) {
    const retryAfterSec = error.headers['Retry-After'];
    const data = retryAfterSec === undefined ? undefined : { serverTime, retryAfter: serverTime + Number(retryAfterSec) * 1000 };
    return new WsApiError(error.httpStatus, error.binanceCode, error.message, data);
  }
  return undefined;
}
