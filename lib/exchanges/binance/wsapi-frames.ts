// Binance WebSocket API request frames for a user's connection (web-socket-api.md; NOTES.md section 8):
// the user-data subscription (userDataStream.subscribe.signature: any key type, no logon), session.logon
// (documented for Ed25519 keys), ping, and order.place / order.cancel (REST stays the default for orders;
// these are the option). Each returns the text to send; `id` correlates the answer.
import { ValidationError } from '../../core/errors.js';
import { stringifyJson } from '../../core/lossless-json.js';
import type { OrderRef, TradingCredentials, ValidatedOrder, WsRequestOptions } from '../trading-types.js';
import { signWsParams, type WsParamValue } from './request-signing.js';

function frame(id: string | number, method: string, params?: Record<string, WsParamValue>): string {
  return stringifyJson(params === undefined ? { id, method } : { id, method, params });
}

/** Subscribe this connection to the account's user data: events then arrive as {subscriptionId, event}. */
export function userStreamSubscribeFrame(credentials: TradingCredentials, timestampMs: number, id: string | number, options: WsRequestOptions = {}): string {
  return frame(id, 'userDataStream.subscribe.signature', signWsParams({}, credentials, timestampMs, options.recvWindowMs));
}

/**
 * Authenticate the connection (later requests need no signature; `userDataStream.subscribe` then takes no
 * params). Binance documents session.logon for Ed25519 keys only; the frame is built for any key.
 */
export function sessionLogonFrame(credentials: TradingCredentials, timestampMs: number, id: string | number, options: WsRequestOptions = {}): string {
  return frame(id, 'session.logon', signWsParams({}, credentials, timestampMs, options.recvWindowMs));
}

/** An application-level ping (the server answers {}): proves the connection carries requests. */
export function pingFrame(id: string | number): string {
  return frame(id, 'ping');
}

/** order.place with the same params as POST /api/v3/order (FULL answer). */
export function orderPlaceFrame(
  order: ValidatedOrder,
  credentials: TradingCredentials,
  timestampMs: number,
  id: string | number,
  options: WsRequestOptions = {},
): string {
  const params: Record<string, WsParamValue> = { symbol: order.venueSymbol, side: order.side, type: order.type };
  if (order.timeInForce !== undefined) params.timeInForce = order.timeInForce;
  if (order.quantity !== undefined) params.quantity = order.quantity;
  if (order.quoteQuantity !== undefined) params.quoteOrderQty = order.quoteQuantity;
  if (order.price !== undefined) params.price = order.price;
  params.newClientOrderId = order.clientOrderId;
  params.newOrderRespType = 'FULL';
  return frame(id, 'order.place', signWsParams(params, credentials, timestampMs, options.recvWindowMs));
}

/** order.cancel by orderId or by our client order id; `newClientOrderId` names the cancel. */
export function orderCancelFrame(
  venueSymbol: string,
  ref: OrderRef,
  credentials: TradingCredentials,
  timestampMs: number,
  id: string | number,
  options: WsRequestOptions & { readonly newClientOrderId?: string } = {},
): string {
  const params: Record<string, WsParamValue> = { symbol: venueSymbol };
  // orderId travels as a JSON number, as the docs print it: a bigint, so a 64-bit id goes out exact.
  if ('orderId' in ref) {
    if (!/^\d{1,20}$/.test(ref.orderId)) throw new ValidationError('orderId', 'id', `orderId must be digits, got ${JSON.stringify(ref.orderId.slice(0, 40))}`);
    params.orderId = BigInt(ref.orderId);
  } else {
    params.origClientOrderId = ref.clientOrderId;
  }
  if (options.newClientOrderId !== undefined) params.newClientOrderId = options.newClientOrderId;
  return frame(id, 'order.cancel', signWsParams(params, credentials, timestampMs, options.recvWindowMs));
}
