// Binance spot private REST answers -> trading models (fixtures rest/order_*.json, cancel_order.json,
// query_order.json, openOrders.json, myTrades.json, account.json, time.json). Throw ExchangeFormatError
// naming the field; venue symbols go through the caller's toUnified (UnknownSymbolError propagates).
import { ExchangeFormatError } from '../../core/errors.js';
import type { Balance, Fill, Order, OrderSide, OrderStatus, OrderType, TimeInForce } from '../../models/trading.js';
import type { OrderAck, ToUnified } from '../trading-types.js';
import { EXCHANGE } from './constants.js';
import { ORDER_TYPE_FROM_VENUE } from './order-rules.js';
import { isObject, nonEmptyText, requiredFields, type JsonObject } from './payload-fields.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);
const { decimal, id, time, text } = requiredFields(EXCHANGE);

export const ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>([
  'NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
  'PENDING_NEW',
]);
const TIME_IN_FORCE: ReadonlySet<string> = new Set<TimeInForce>(['GTC', 'IOC', 'FOK']);

export function sideOf(value: unknown): OrderSide | undefined {
  return value === 'BUY' ? 'buy' : value === 'SELL' ? 'sell' : undefined;
}

export function orderTypeOf(value: unknown): OrderType | undefined {
  return typeof value === 'string' ? ORDER_TYPE_FROM_VENUE[value] : undefined;
}

/** Only limit orders keep a time in force: Binance prints GTC on market and limit-maker orders too. */
export function timeInForceOf(type: OrderType, value: unknown): TimeInForce | undefined {
  return type === 'limit' && typeof value === 'string' && TIME_IN_FORCE.has(value) ? (value as TimeInForce) : undefined;
}

function symbolOf(item: JsonObject, at: string, toUnified: ToUnified): string {
  return toUnified(text(item, 'symbol', at));
}

/** Which type an order has, or undefined for types the models do not know (STOP_LOSS_LIMIT, ...). */
function typeOrUndefined(item: JsonObject, at: string): OrderType | undefined {
  if (typeof item.type !== 'string') throw formatError(`${at}.type`, 'is not a string');
  return orderTypeOf(item.type);
}

function orderOf(item: JsonObject, at: string, toUnified: ToUnified, type: OrderType): Order {
  const side = sideOf(item.side);
  if (side === undefined) throw formatError(`${at}.side`, 'is not BUY or SELL');
  const status = item.status;
  if (typeof status !== 'string' || !ORDER_STATUSES.has(status)) throw formatError(`${at}.status`, 'is not an order status');
  // A cancel answer names the order by origClientOrderId; its clientOrderId is the cancel's own.
  const clientOrderId = 'origClientOrderId' in item ? text(item, 'origClientOrderId', at) : text(item, 'clientOrderId', at);
  const updatedKey = ['updateTime', 'transactTime', 'workingTime', 'time'].find((key) => item[key] !== undefined);
  return {
    exchange: EXCHANGE,
    symbol: symbolOf(item, at, toUnified),
    orderId: id(item, 'orderId', at),
    clientOrderId,
    side,
    type,
    timeInForce: timeInForceOf(type, item.timeInForce),
    status: status as OrderStatus,
    price: decimal(item, 'price', at),
    quantity: decimal(item, 'origQty', at),
    filledQuantity: decimal(item, 'executedQty', at),
    filledQuoteQuantity: decimal(item, 'cummulativeQuoteQty', at),
    updatedAt: updatedKey === undefined ? 0 : time(item, updatedKey, at),
  };
}

/**
 * One order's state: POST /api/v3/order with RESULT or FULL, GET /api/v3/order, DELETE /api/v3/order. An
 * ACK answer has no state (parseOrderAck reads it): it is refused here naming `order.status`.
 */
export function parseOrder(body: unknown, toUnified: ToUnified): Order {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  if (body.status === undefined) throw formatError('order.status', 'is missing (an ACK answer carries no order state: parseOrderAck)');
  const type = typeOrUndefined(body, 'order');
  if (type === undefined) throw formatError('order.type', `order type ${JSON.stringify(body.type)} is not modelled`);
  return orderOf(body, 'order', toUnified, type);
}

export function parseOrderAck(body: unknown, toUnified: ToUnified): OrderAck {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  return {
    symbol: symbolOf(body, 'order', toUnified),
    orderId: id(body, 'orderId', 'order'),
    clientOrderId: text(body, 'clientOrderId', 'order'),
    transactTime: time(body, 'transactTime', 'order'),
  };
}

/**
 * The fills of a FULL answer, each a taker fill of the placement (Binance prints no maker flag there: the
 * order matched on arrival). `quoteQuantity` = price * qty, exactly. Other shapes: [].
 */
export function parseOrderFills(body: unknown, toUnified: ToUnified): Fill[] {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  if (body.fills === undefined) return [];
  if (!Array.isArray(body.fills)) throw formatError('order.fills', 'is not a list');
  const order = parseOrder(body, toUnified);
  const when = time(body, 'transactTime', 'order');
  return (body.fills as unknown[]).map((item, i): Fill => {
    const at = `order.fills[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const price = decimal(item, 'price', at);
    const quantity = decimal(item, 'qty', at);
    return {
      exchange: EXCHANGE,
      symbol: order.symbol,
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      tradeId: id(item, 'tradeId', at),
      side: order.side,
      price,
      quantity,
      quoteQuantity: price.mul(quantity),
      commission: decimal(item, 'commission', at),
      commissionAsset: nonEmptyText(item.commissionAsset),
      maker: false,
      time: when,
    };
  });
}

/** GET /api/v3/openOrders. Orders of types the models do not know are left out (they are not ours). */
export function parseOrders(body: unknown, toUnified: ToUnified): Order[] {
  if (!Array.isArray(body)) throw formatError('orders', 'body is not a list');
  const orders: Order[] = [];
  (body as unknown[]).forEach((item, i) => {
    const at = `orders[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const type = typeOrUndefined(item, at);
    if (type !== undefined) orders.push(orderOf(item, at, toUnified, type));
  });
  return orders;
}

/** GET /api/v3/myTrades -> Fill[]. The answer names no client order id: it is '' (the tracker knows it by orderId). */
export function parseTrades(body: unknown, toUnified: ToUnified): Fill[] {
  if (!Array.isArray(body)) throw formatError('myTrades', 'body is not a list');
  return (body as unknown[]).map((item, i): Fill => {
    const at = `myTrades[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    if (typeof item.isBuyer !== 'boolean') throw formatError(`${at}.isBuyer`, 'is not a boolean');
    if (typeof item.isMaker !== 'boolean') throw formatError(`${at}.isMaker`, 'is not a boolean');
    return {
      exchange: EXCHANGE,
      symbol: symbolOf(item, at, toUnified),
      orderId: id(item, 'orderId', at),
      clientOrderId: '',
      tradeId: id(item, 'id', at),
      side: item.isBuyer ? 'buy' : 'sell',
      price: decimal(item, 'price', at),
      quantity: decimal(item, 'qty', at),
      quoteQuantity: decimal(item, 'quoteQty', at),
      commission: decimal(item, 'commission', at),
      commissionAsset: nonEmptyText(item.commissionAsset),
      maker: item.isMaker,
      time: time(item, 'time', at),
    };
  });
}

/** GET /api/v3/account -> its balances. */
export function parseBalances(body: unknown): Balance[] {
  if (!isObject(body)) throw formatError('account', 'body is not an object');
  if (!Array.isArray(body.balances)) throw formatError('account.balances', 'is not a list');
  return (body.balances as unknown[]).map((item, i): Balance => {
    const at = `account.balances[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    return { asset: text(item, 'asset', at), free: decimal(item, 'free', at), locked: decimal(item, 'locked', at) };
  });
}

/** GET /api/v3/time (or a WebSocket API `time` result). */
export function parseServerTime(body: unknown): number {
  if (!isObject(body)) throw formatError('time', 'body is not an object');
  return time(body, 'serverTime', 'time');
}
