// OKX private REST requests as data (v5 Trade and Account endpoints): place, cancel, amend, query, open orders and
// the balance. Each is `{method, path, body}` for signing.ts (a GET's parameters are in its path). Quantities come
// in the unified unit (base asset) and go out in OKX's: contracts for a swap (ContractSizes.toVenue, which must
// come out whole in lots: validation refuses what is not), base for spot, where a market buy is also sized in
// base (`tgtCcy: base_ccy`; OKX's default for a spot market buy is the quote currency).
import { ValidationError } from '../../core/errors.js';
import type { ContractSizes } from './contract-sizes.js';
import { isSwapInstId } from './contract-sizes.js';

export interface OkxRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The JSON body of a POST; undefined for a GET. */
  readonly body: Readonly<Record<string, string>> | undefined;
}

export type OkxOrderType = 'limit' | 'market' | 'post_only' | 'fok' | 'ioc';

/** An order as the OKX trading codec receives it, already validated against the instrument's rules. */
export interface OkxOrderInput {
  readonly venueSymbol: string;
  readonly side: 'buy' | 'sell';
  readonly type: OkxOrderType;
  /** Unified unit (base asset). */
  readonly quantity: string;
  readonly price: string | undefined;
  readonly clientOrderId: string;
}

export type OkxOrderRef = { readonly orderId: string } | { readonly clientOrderId: string };

/** clOrdId: "a combination of case-sensitive alphanumerics, all numbers, or all letters of up to 32 characters". */
const CLIENT_ORDER_ID = /^[A-Za-z0-9]{1,32}$/;
const ORDER_ID = /^\d{1,30}$/;

function checkClientOrderId(id: string): void {
  if (!CLIENT_ORDER_ID.test(id)) throw new ValidationError('clientOrderId', 'format', 'an OKX client order id is 1 to 32 letters and digits');
}

function refFields(ref: OkxOrderRef): Record<string, string> {
  if ('orderId' in ref) {
    if (!ORDER_ID.test(ref.orderId)) throw new ValidationError('orderId', 'format', 'an OKX order id is digits');
    return { ordId: ref.orderId };
  }
  checkClientOrderId(ref.clientOrderId);
  return { clOrdId: ref.clientOrderId };
}

const query = (params: Record<string, string>): string => new URLSearchParams(params).toString();

/** Spot trades cash; a swap trades cross margin (OKX's trade mode is per order). */
export const tradeMode = (venueSymbol: string): 'cash' | 'cross' => (isSwapInstId(venueSymbol) ? 'cross' : 'cash');

/** POST /api/v5/trade/order. */
export function placeOrderRequest(order: OkxOrderInput, sizes: ContractSizes): OkxRequest {
  checkClientOrderId(order.clientOrderId);
  const needsPrice = order.type !== 'market';
  if (needsPrice && order.price === undefined) throw new ValidationError('price', 'required', `a ${order.type} order needs a price`);
  if (!needsPrice && order.price !== undefined) throw new ValidationError('price', 'not-allowed', 'a market order takes no price');
  if (sizes.missing(order.venueSymbol)) throw new ValidationError('symbol', 'contract-size', `the contract size of ${order.venueSymbol} is not known`);
  const body: Record<string, string> = {
    instId: order.venueSymbol,
    tdMode: tradeMode(order.venueSymbol),
    clOrdId: order.clientOrderId,
    side: order.side,
    ordType: order.type,
    sz: sizes.toVenue(order.venueSymbol, order.quantity),
  };
  if (order.price !== undefined) body.px = order.price;
  if (order.type === 'market' && !isSwapInstId(order.venueSymbol)) body.tgtCcy = 'base_ccy';
  return { method: 'POST', path: '/api/v5/trade/order', body };
}

/** POST /api/v5/trade/cancel-order. */
export function cancelOrderRequest(venueSymbol: string, ref: OkxOrderRef): OkxRequest {
  return { method: 'POST', path: '/api/v5/trade/cancel-order', body: { instId: venueSymbol, ...refFields(ref) } };
}

/** POST /api/v5/trade/amend-order: a new size (unified unit) and/or a new price. */
export function amendOrderRequest(venueSymbol: string, ref: OkxOrderRef, change: { readonly quantity?: string; readonly price?: string }, sizes: ContractSizes): OkxRequest {
  if (change.quantity === undefined && change.price === undefined) throw new ValidationError('amend', 'required', 'an amendment changes the quantity, the price or both');
  const body: Record<string, string> = { instId: venueSymbol, ...refFields(ref) };
  if (change.quantity !== undefined) body.newSz = sizes.toVenue(venueSymbol, change.quantity);
  if (change.price !== undefined) body.newPx = change.price;
  return { method: 'POST', path: '/api/v5/trade/amend-order', body };
}

/** GET /api/v5/trade/order. */
export function getOrderRequest(venueSymbol: string, ref: OkxOrderRef): OkxRequest {
  return { method: 'GET', path: `/api/v5/trade/order?${query({ instId: venueSymbol, ...refFields(ref) })}`, body: undefined };
}

/** GET /api/v5/trade/orders-pending: the open orders of one instrument, or of every spot or swap one. */
export function openOrdersRequest(filter: { readonly venueSymbol: string } | { readonly instType: 'SPOT' | 'SWAP' }): OkxRequest {
  const params: Record<string, string> = 'venueSymbol' in filter ? { instId: filter.venueSymbol } : { instType: filter.instType };
  return { method: 'GET', path: `/api/v5/trade/orders-pending?${query(params)}`, body: undefined };
}

/** GET /api/v5/account/balance. */
export function balanceRequest(): OkxRequest {
  return { method: 'GET', path: '/api/v5/account/balance', body: undefined };
}
