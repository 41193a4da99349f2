// Binance USD-M private REST answers -> trading models: orders (POST/GET/DELETE /fapi/v1/order, openOrders),
// userTrades, /fapi/v3/balance, /fapi/v2/positionRisk, leverage, listenKey. Throw ExchangeFormatError naming the
// field; venue symbols go through the caller's toUnified (UnknownSymbolError propagates). Bodies are expected
// from the lossless JSON parse: 64-bit ids arrive as digit strings.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError } from '../../core/errors.js';
import type { Balance, Fill, Order, OrderStatus, Position } from '../../models/trading.js';
import type { LeverageAnswer, OrderAck, ToUnified } from '../trading-types.js';
import { decimalText, isObject, nonEmptyText, requiredFields, safeInteger, type JsonObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';
import { marginTypeOf, positionSideOf, USDM_ORDER_STATUSES, usdmOrderType, usdmTimeInForce, workingTypeOf } from './order-types.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);
const { decimal, signedDecimal: signed, id, time, text } = requiredFields(EXCHANGE);

function optionalDecimal(item: JsonObject, key: string, at: string): Decimal | undefined {
  return item[key] === undefined ? undefined : decimal(item, key, at);
}

function flag(item: JsonObject, key: string, at: string): boolean | undefined {
  const value = item[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw formatError(`${at}.${key}`, 'is not a boolean');
  return value;
}

function sideOf(item: JsonObject, at: string): 'buy' | 'sell' {
  if (item.side === 'BUY') return 'buy';
  if (item.side === 'SELL') return 'sell';
  throw formatError(`${at}.side`, 'is not BUY or SELL');
}

function positionSide(item: JsonObject, key: string, at: string): Position['positionSide'] {
  const side = positionSideOf(item[key]);
  if (side === undefined) throw formatError(`${at}.${key}`, 'is not BOTH, LONG or SHORT');
  return side;
}

function orderOf(item: JsonObject, at: string, toUnified: ToUnified): Order | undefined {
  if (typeof item.type !== 'string') throw formatError(`${at}.type`, 'is not a string');
  const kind = usdmOrderType(item.type, item.timeInForce);
  if (kind === undefined) return undefined;
  const side = sideOf(item, at);
  const status = item.status;
  if (typeof status !== 'string' || !USDM_ORDER_STATUSES.has(status)) throw formatError(`${at}.status`, 'is not an order status');
  const updatedKey = ['updateTime', 'time'].find((key) => item[key] !== undefined);
  const reduceOnly = flag(item, 'reduceOnly', at);
  const order: Order = {
    exchange: EXCHANGE,
    symbol: toUnified(text(item, 'symbol', at)),
    orderId: id(item, 'orderId', at),
    clientOrderId: text(item, 'clientOrderId', at),
    side,
    type: kind.type,
    timeInForce: usdmTimeInForce(kind.type, item.timeInForce),
    status: status as OrderStatus,
    price: decimal(item, 'price', at),
    quantity: decimal(item, 'origQty', at),
    filledQuantity: decimal(item, 'executedQty', at),
    filledQuoteQuantity: decimal(item, 'cumQuote', at),
    updatedAt: updatedKey === undefined ? 0 : time(item, updatedKey, at),
    ...(kind.trigger !== undefined && { trigger: { kind: kind.trigger, price: decimal(item, 'stopPrice', at), priceType: workingTypeOf(item.workingType) } }),
    ...(reduceOnly !== undefined && { reduceOnly }),
    ...(item.positionSide !== undefined && { positionSide: positionSide(item, 'positionSide', at) }),
  };
  const average = optionalDecimal(item, 'avgPrice', at);
  return average === undefined ? order : { ...order, averagePrice: average };
}

/** One order's state: POST /fapi/v1/order (RESULT), GET and DELETE /fapi/v1/order. */
export function parseOrder(body: unknown, toUnified: ToUnified): Order {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  if (body.status === undefined) throw formatError('order.status', 'is missing (an ACK answer carries no order state: parseOrderAck)');
  const order = orderOf(body, 'order', toUnified);
  if (order === undefined) throw formatError('order.type', `order type ${JSON.stringify(body.type)} is not modelled`);
  return order;
}

/** The ids of a placement answer (ACK or RESULT); futures prints updateTime where spot prints transactTime. */
export function parseOrderAck(body: unknown, toUnified: ToUnified): OrderAck {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  return {
    symbol: toUnified(text(body, 'symbol', 'order')),
    orderId: id(body, 'orderId', 'order'),
    clientOrderId: text(body, 'clientOrderId', 'order'),
    transactTime: time(body, 'updateTime', 'order'),
  };
}

/** Futures placement answers carry no fills: always [] (after checking it is an order answer at all). */
export function parseOrderFills(body: unknown): Fill[] {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  return [];
}

/** GET /fapi/v1/openOrders. Orders of types the models do not know (trailing stops) are left out. */
export function parseOrders(body: unknown, toUnified: ToUnified): Order[] {
  if (!Array.isArray(body)) throw formatError('orders', 'body is not a list');
  const orders: Order[] = [];
  (body as unknown[]).forEach((item, i) => {
    const at = `orders[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const order = orderOf(item, at, toUnified);
    if (order !== undefined) orders.push(order);
  });
  return orders;
}

/** GET /fapi/v1/userTrades -> Fill[] with the realized PnL; no client order id in it ('' as on spot). */
export function parseTrades(body: unknown, toUnified: ToUnified): Fill[] {
  if (!Array.isArray(body)) throw formatError('userTrades', 'body is not a list');
  return (body as unknown[]).map((item, i): Fill => {
    const at = `userTrades[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const maker = flag(item, 'maker', at);
    if (maker === undefined) throw formatError(`${at}.maker`, 'is not a boolean');
    return {
      exchange: EXCHANGE,
      symbol: toUnified(text(item, 'symbol', at)),
      orderId: id(item, 'orderId', at),
      clientOrderId: '',
      tradeId: id(item, 'id', at),
      side: sideOf(item, at),
      price: decimal(item, 'price', at),
      quantity: decimal(item, 'qty', at),
      quoteQuantity: decimal(item, 'quoteQty', at),
      commission: signed(item, 'commission', at),
      commissionAsset: nonEmptyText(item.commissionAsset),
      maker,
      time: time(item, 'time', at),
      realizedPnl: signed(item, 'realizedPnl', at),
      ...(item.positionSide !== undefined && { positionSide: positionSide(item, 'positionSide', at) }),
    };
  });
}

/** GET /fapi/v3/balance -> Balance[]: free = wallet balance, locked 0, available and cross figures beside (models). */
export function parseBalances(body: unknown): Balance[] {
  if (!Array.isArray(body)) throw formatError('balance', 'body is not a list');
  return (body as unknown[]).map((item, i): Balance => {
    const at = `balance[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    return {
      asset: text(item, 'asset', at),
      free: signed(item, 'balance', at),
      locked: new Decimal(0),
      crossWallet: signed(item, 'crossWalletBalance', at),
      available: signed(item, 'availableBalance', at),
      unrealizedPnl: signed(item, 'crossUnPnl', at),
    };
  });
}

/** GET /fapi/v2/positionRisk -> Position[] (flat positions included: quantity 0). */
export function parsePositions(body: unknown, toUnified: ToUnified): Position[] {
  if (!Array.isArray(body)) throw formatError('positionRisk', 'body is not a list');
  return (body as unknown[]).map((item, i): Position => {
    const at = `positionRisk[${i}]`;
    if (!isObject(item)) throw formatError(at, 'is not an object');
    const leverage = item.leverage === undefined ? undefined : Number(text(item, 'leverage', at));
    if (leverage !== undefined && (!Number.isInteger(leverage) || leverage < 1)) throw formatError(`${at}.leverage`, 'is not a positive integer');
    const marginType = marginTypeOf(item.marginType);
    if (marginType === undefined) throw formatError(`${at}.marginType`, 'is not isolated or cross');
    return {
      exchange: EXCHANGE,
      symbol: toUnified(text(item, 'symbol', at)),
      positionSide: positionSide(item, 'positionSide', at),
      quantity: signed(item, 'positionAmt', at),
      entryPrice: decimal(item, 'entryPrice', at),
      breakEvenPrice: optionalDecimal(item, 'breakEvenPrice', at),
      markPrice: decimal(item, 'markPrice', at),
      unrealizedPnl: signed(item, 'unRealizedProfit', at),
      leverage,
      marginType,
      liquidationPrice: decimal(item, 'liquidationPrice', at),
      isolatedWallet: item.isolatedWallet === undefined ? undefined : signed(item, 'isolatedWallet', at),
      updatedAt: time(item, 'updateTime', at),
    };
  });
}

/** POST /fapi/v1/leverage -> {symbol, leverage, maxNotionalValue}. */
export function parseLeverage(body: unknown): LeverageAnswer {
  if (!isObject(body)) throw formatError('leverage', 'body is not an object');
  const leverage = safeInteger(body.leverage);
  if (leverage === undefined || leverage < 1) throw formatError('leverage.leverage', 'is not a positive integer');
  const maxNotional = decimalText(body.maxNotionalValue) ?? (typeof body.maxNotionalValue === 'number' && Number.isSafeInteger(body.maxNotionalValue) ? String(body.maxNotionalValue) : undefined);
  if (maxNotional === undefined) throw formatError('leverage.maxNotionalValue', 'is not a decimal');
  return { venueSymbol: text(body, 'symbol', 'leverage'), leverage, maxNotional };
}

/** POST or PUT /fapi/v1/listenKey -> the key. */
export function parseListenKey(body: unknown): string {
  if (!isObject(body)) throw formatError('listenKey', 'body is not an object');
  const key = nonEmptyText(body.listenKey);
  if (key === undefined || !/^[A-Za-z0-9]{1,100}$/.test(key)) throw formatError('listenKey.listenKey', 'is not a listen key');
  return key;
}

/** GET /fapi/v1/time. */
export function parseServerTime(body: unknown): number {
  if (!isObject(body)) throw formatError('time', 'body is not an object');
  return time(body, 'serverTime', 'time');
}
