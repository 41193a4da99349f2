// Binance USD-M private REST requests as data (derivatives/usds-margined-futures "Trade" and "Account"
// endpoints): orders on /fapi/v1, balances on /fapi/v3/balance, positions on /fapi/v2/positionRisk (v2: v3
// dropped leverage and marginType, which the Position model carries), leverage and margin type, and the
// listenKey of the user stream (API key only, no signature). Signing is spot's (NOTES.md section 4).
import { ValidationError } from '../../core/errors.js';
import type { MarginType } from '../../models/trading.js';
import type { OrderRef, SignedRestRequest, ValidatedOrder } from '../trading-types.js';

/** GET /fapi/v1/userTrades: default 500, max 1000. */
export const USER_TRADES_LIMIT_MAX = 1000;
/** POST /fapi/v1/leverage: 1 to 125 (the symbol's brackets may allow less: the venue says -4028). */
export const MAX_LEVERAGE = 125;
/** Futures client order ids: ^[.A-Z:/a-z0-9_-]{1,36}$ (POST /fapi/v1/order). */
export const USDM_CLIENT_ORDER_ID_PATTERN = /^[.A-Z:/a-z0-9_-]{1,36}$/;

type Params = Array<readonly [string, string]>;

function checkId(field: string, value: string): string {
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) throw new ValidationError(field, 'id', `${field} must be an id of digits, got ${JSON.stringify(String(typeof value === 'string' ? value : typeof value).slice(0, 40))}`);
  return value;
}

function checkClientId(field: string, value: string): string {
  if (typeof value !== 'string' || !USDM_CLIENT_ORDER_ID_PATTERN.test(value)) throw new ValidationError(field, 'format', `${field} must match ${USDM_CLIENT_ORDER_ID_PATTERN.source}`);
  return value;
}

function checkSymbol(venueSymbol: string): string {
  if (typeof venueSymbol !== 'string' || !/^[A-Za-z0-9-_.]{1,30}$/.test(venueSymbol)) throw new ValidationError('symbol', 'format', `not a venue symbol: ${JSON.stringify(String(venueSymbol).slice(0, 40))}`);
  return venueSymbol;
}

function checkListenKey(listenKey: string): string {
  if (typeof listenKey !== 'string' || !/^[A-Za-z0-9]{1,100}$/.test(listenKey)) throw new ValidationError('listenKey', 'format', 'listenKey must be letters and digits');
  return listenKey;
}

function refParams(ref: OrderRef): Params {
  return 'orderId' in ref ? [['orderId', checkId('orderId', ref.orderId)]] : [['origClientOrderId', checkClientId('clientOrderId', ref.clientOrderId)]];
}

export function serverTimeRequest(): SignedRestRequest {
  return { method: 'GET', path: '/fapi/v1/time', params: [], weight: 1, security: 'none' };
}

/**
 * POST /fapi/v1/order (IP weight 0; counts against the order limits). Futures answers ACK (the default there)
 * or RESULT and has no FULL: FULL asks for RESULT (an answer never carries fills; they come as userTrades and
 * ORDER_TRADE_UPDATE).
 */
export function placeOrderRequest(order: ValidatedOrder, options: { readonly responseType?: 'ACK' | 'RESULT' | 'FULL' } = {}): SignedRestRequest {
  const params: Params = [
    ['symbol', checkSymbol(order.venueSymbol)],
    ['side', order.side],
  ];
  if (order.positionSide !== undefined) params.push(['positionSide', order.positionSide]);
  params.push(['type', order.type]);
  if (order.timeInForce !== undefined) params.push(['timeInForce', order.timeInForce]);
  if (order.quantity !== undefined) params.push(['quantity', order.quantity]);
  if (order.price !== undefined) params.push(['price', order.price]);
  if (order.stopPrice !== undefined) params.push(['stopPrice', order.stopPrice]);
  if (order.workingType !== undefined) params.push(['workingType', order.workingType]);
  if (order.reduceOnly === true) params.push(['reduceOnly', 'true']);
  params.push(['newClientOrderId', checkClientId('clientOrderId', order.clientOrderId)]);
  params.push(['newOrderRespType', options.responseType === 'ACK' ? 'ACK' : 'RESULT']);
  return { method: 'POST', path: '/fapi/v1/order', params, weight: 1, security: 'signed' };
}

/**
 * DELETE /fapi/v1/order. Futures cancels take no client id of their own: `newClientOrderId` is checked (a
 * caller's mistake is still refused) but not sent; the CANCELED event carries the order's own id.
 */
export function cancelOrderRequest(venueSymbol: string, ref: OrderRef, newClientOrderId?: string): SignedRestRequest {
  if (newClientOrderId !== undefined) checkClientId('newClientOrderId', newClientOrderId);
  return { method: 'DELETE', path: '/fapi/v1/order', params: [['symbol', checkSymbol(venueSymbol)], ...refParams(ref)], weight: 1, security: 'signed' };
}

/** DELETE /fapi/v1/allOpenOrders: answers {code: 200, msg} even when nothing was open. */
export function cancelAllRequest(venueSymbol: string): SignedRestRequest {
  return { method: 'DELETE', path: '/fapi/v1/allOpenOrders', params: [['symbol', checkSymbol(venueSymbol)]], weight: 1, security: 'signed' };
}

/** GET /fapi/v1/order (weight 1). */
export function getOrderRequest(venueSymbol: string, ref: OrderRef): SignedRestRequest {
  return { method: 'GET', path: '/fapi/v1/order', params: [['symbol', checkSymbol(venueSymbol)], ...refParams(ref)], weight: 1, security: 'signed' };
}

/** GET /fapi/v1/openOrders: weight 1 for one symbol, 40 for all. */
export function openOrdersRequest(venueSymbol?: string): SignedRestRequest {
  if (venueSymbol === undefined) return { method: 'GET', path: '/fapi/v1/openOrders', params: [], weight: 40, security: 'signed' };
  return { method: 'GET', path: '/fapi/v1/openOrders', params: [['symbol', checkSymbol(venueSymbol)]], weight: 1, security: 'signed' };
}

/** GET /fapi/v3/balance (weight 5): the wallet per asset. */
export function accountRequest(): SignedRestRequest {
  return { method: 'GET', path: '/fapi/v3/balance', params: [], weight: 5, security: 'signed' };
}

/** GET /fapi/v1/userTrades (weight 5). `fromId` pages by trade id (inclusive). */
export function myTradesRequest(venueSymbol: string, options: { readonly fromId?: string; readonly orderId?: string; readonly limit: number }): SignedRestRequest {
  const { limit } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > USER_TRADES_LIMIT_MAX) {
    throw new ValidationError('limit', 'range', `userTrades limit must be an integer in 1..${USER_TRADES_LIMIT_MAX}, got ${limit}`);
  }
  const params: Params = [['symbol', checkSymbol(venueSymbol)]];
  if (options.orderId !== undefined) params.push(['orderId', checkId('orderId', options.orderId)]);
  if (options.fromId !== undefined) params.push(['fromId', checkId('fromId', options.fromId)]);
  params.push(['limit', String(limit)]);
  return { method: 'GET', path: '/fapi/v1/userTrades', params, weight: 5, security: 'signed' };
}

/** GET /fapi/v2/positionRisk (weight 5): every symbol's positions, or one symbol's. */
export function positionsRequest(venueSymbol?: string): SignedRestRequest {
  const params: Params = venueSymbol === undefined ? [] : [['symbol', checkSymbol(venueSymbol)]];
  return { method: 'GET', path: '/fapi/v2/positionRisk', params, weight: 5, security: 'signed' };
}

/** POST /fapi/v1/leverage (weight 1). */
export function setLeverageRequest(venueSymbol: string, leverage: number): SignedRestRequest {
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > MAX_LEVERAGE) {
    throw new ValidationError('leverage', 'range', `leverage must be an integer in 1..${MAX_LEVERAGE}, got ${String(leverage)}`);
  }
  return { method: 'POST', path: '/fapi/v1/leverage', params: [['symbol', checkSymbol(venueSymbol)], ['leverage', String(leverage)]], weight: 1, security: 'signed' };
}

/** POST /fapi/v1/marginType (weight 1): ISOLATED or CROSSED; -4046 when it already is. */
export function setMarginTypeRequest(venueSymbol: string, marginType: MarginType): SignedRestRequest {
  if (marginType !== 'cross' && marginType !== 'isolated') throw new ValidationError('marginType', 'enum', `marginType must be cross or isolated, got ${JSON.stringify(String(marginType)).slice(0, 40)}`);
  const venue = marginType === 'cross' ? 'CROSSED' : 'ISOLATED';
  return { method: 'POST', path: '/fapi/v1/marginType', params: [['symbol', checkSymbol(venueSymbol)], ['marginType', venue]], weight: 1, security: 'signed' };
}

/** POST /fapi/v1/listenKey: a new key, or the active one extended 60 min (API key, no signature). */
export function createListenKeyRequest(): SignedRestRequest {
  return { method: 'POST', path: '/fapi/v1/listenKey', params: [], weight: 1, security: 'apiKey' };
}

// An account has one key on futures: PUT and DELETE take no parameters (the key is checked, not sent).

/** PUT /fapi/v1/listenKey: extends the account's key 60 min; -1125 when it no longer exists (create again). */
export function keepAliveListenKeyRequest(listenKey: string): SignedRestRequest {
  checkListenKey(listenKey);
  return { method: 'PUT', path: '/fapi/v1/listenKey', params: [], weight: 1, security: 'apiKey' };
}

/** DELETE /fapi/v1/listenKey: closes the stream. */
export function closeListenKeyRequest(listenKey: string): SignedRestRequest {
  checkListenKey(listenKey);
  return { method: 'DELETE', path: '/fapi/v1/listenKey', params: [], weight: 1, security: 'apiKey' };
}
