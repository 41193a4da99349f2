// Binance spot private REST requests as data (rest-api.md "Trading endpoints", "Account endpoints"):
// method, path, params in send order, weight, security. signRequest (request-signing.ts) turns one into
// what goes on the wire. Weights as documented; successful order placement/cancel is charged 0 since
// 2026-04-02 but failed ones still cost theirs, so the budget reserves it (NOTES.md section 5).
import { ValidationError } from '../../core/errors.js';
import type { OrderRef, SignedRestRequest, ValidatedOrder } from '../trading-types.js';
import { CLIENT_ORDER_ID_PATTERN } from './client-order-id.js';

/** GET /api/v3/myTrades: default 500, max 1000. */
export const MY_TRADES_LIMIT_MAX = 1000;

type Params = Array<readonly [string, string]>;

// The value's type is checked too: a caller without types may pass a number, null or nothing, which a regex would coerce.
function checkId(field: string, value: string): string {
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) throw new ValidationError(field, 'id', `${field} must be an id of digits, got ${JSON.stringify(String(typeof value === 'string' ? value : typeof value).slice(0, 40))}`);
  return value;
}

function checkClientId(field: string, value: string): string {
  if (typeof value !== 'string' || !CLIENT_ORDER_ID_PATTERN.test(value)) throw new ValidationError(field, 'format', `${field} must match ${CLIENT_ORDER_ID_PATTERN.source}`);
  return value;
}

function checkSymbol(venueSymbol: string): string {
  if (typeof venueSymbol !== 'string' || !/^[A-Za-z0-9-_.]{1,20}$/.test(venueSymbol)) throw new ValidationError('symbol', 'format', `not a venue symbol: ${JSON.stringify(String(venueSymbol).slice(0, 40))}`);
  return venueSymbol;
}

function refParams(ref: OrderRef): Params {
  return 'orderId' in ref ? [['orderId', checkId('orderId', ref.orderId)]] : [['origClientOrderId', checkClientId('clientOrderId', ref.clientOrderId)]];
}

export function serverTimeRequest(): SignedRestRequest {
  return { method: 'GET', path: '/api/v3/time', params: [], weight: 1, security: 'none' };
}

/** POST /api/v3/order. FULL answers carry the fills of the immediate match (default here). */
export function placeOrderRequest(order: ValidatedOrder, options: { readonly responseType?: 'ACK' | 'RESULT' | 'FULL' } = {}): SignedRestRequest {
  const params: Params = [
    ['symbol', checkSymbol(order.venueSymbol)],
    ['side', order.side],
    ['type', order.type],
  ];
  if (order.timeInForce !== undefined) params.push(['timeInForce', order.timeInForce]);
  if (order.quantity !== undefined) params.push(['quantity', order.quantity]);
  if (order.quoteQuantity !== undefined) params.push(['quoteOrderQty', order.quoteQuantity]);
  if (order.price !== undefined) params.push(['price', order.price]);
  params.push(['newClientOrderId', checkClientId('clientOrderId', order.clientOrderId)]);
  params.push(['newOrderRespType', options.responseType ?? 'FULL']);
  return { method: 'POST', path: '/api/v3/order', params, weight: 1, security: 'signed' };
}

/** DELETE /api/v3/order; `newClientOrderId` names the cancel (the CANCELED event's `c`). */
export function cancelOrderRequest(venueSymbol: string, ref: OrderRef, newClientOrderId?: string): SignedRestRequest {
  const params: Params = [['symbol', checkSymbol(venueSymbol)], ...refParams(ref)];
  if (newClientOrderId !== undefined) params.push(['newClientOrderId', checkClientId('newClientOrderId', newClientOrderId)]);
  return { method: 'DELETE', path: '/api/v3/order', params, weight: 1, security: 'signed' };
}

/** DELETE /api/v3/openOrders: every open order on the symbol (-2011 when there is none). */
export function cancelAllRequest(venueSymbol: string): SignedRestRequest {
  return { method: 'DELETE', path: '/api/v3/openOrders', params: [['symbol', checkSymbol(venueSymbol)]], weight: 1, security: 'signed' };
}

/** GET /api/v3/order (weight 4). */
export function getOrderRequest(venueSymbol: string, ref: OrderRef): SignedRestRequest {
  return { method: 'GET', path: '/api/v3/order', params: [['symbol', checkSymbol(venueSymbol)], ...refParams(ref)], weight: 4, security: 'signed' };
}

/** GET /api/v3/openOrders: weight 6 for one symbol, 80 for all. */
export function openOrdersRequest(venueSymbol?: string): SignedRestRequest {
  if (venueSymbol === undefined) return { method: 'GET', path: '/api/v3/openOrders', params: [], weight: 80, security: 'signed' };
  return { method: 'GET', path: '/api/v3/openOrders', params: [['symbol', checkSymbol(venueSymbol)]], weight: 6, security: 'signed' };
}

/** GET /api/v3/account (weight 20); zero balances omitted. */
export function accountRequest(): SignedRestRequest {
  return { method: 'GET', path: '/api/v3/account', params: [['omitZeroBalances', 'true']], weight: 20, security: 'signed' };
}

/** GET /api/v3/myTrades: weight 20, or 5 with orderId. `fromId` pages by trade id (inclusive). */
export function myTradesRequest(venueSymbol: string, options: { readonly fromId?: string; readonly orderId?: string; readonly limit: number }): SignedRestRequest {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MY_TRADES_LIMIT_MAX) {
    throw new ValidationError('limit', 'range', `myTrades limit must be an integer in 1..${MY_TRADES_LIMIT_MAX}, got ${limit}`);
  }
  const params: Params = [['symbol', checkSymbol(venueSymbol)]];
  if (options.orderId !== undefined) params.push(['orderId', checkId('orderId', options.orderId)]);
  if (options.fromId !== undefined) params.push(['fromId', checkId('fromId', options.fromId)]);
  params.push(['limit', String(limit)]);
  return { method: 'GET', path: '/api/v3/myTrades', params, weight: options.orderId !== undefined ? 5 : 20, security: 'signed' };
}
