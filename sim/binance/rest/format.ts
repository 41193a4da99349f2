// Engine records -> Binance REST JSON, field for field as the documentation prints them
// (fixtures/binance/rest/*.json). Decimals go out as strings with 8 decimals ('0.00100000').
import { Decimal, toFixedString } from '../../../lib/core/decimal.js';
import type { Kline } from '../../engine/klines.js';
import type { AggTrade, BookSnapshot, Fill, Order, PublicTrade, Side, Ticker24h } from '../../engine/types.js';

export const dec = (value: Decimal): string => toFixedString(value, 8);

export type OrderRespType = 'ACK' | 'RESULT' | 'FULL';

export function formatLevels(levels: ReadonlyArray<readonly [Decimal, Decimal]>): Array<[string, string]> {
  return levels.map(([price, qty]) => [dec(price), dec(qty)]);
}

export function formatDepth(book: BookSnapshot): { lastUpdateId: number; bids: Array<[string, string]>; asks: Array<[string, string]> } {
  return { lastUpdateId: book.lastUpdateId, bids: formatLevels(book.bids), asks: formatLevels(book.asks) };
}

export function formatTrade(t: PublicTrade): Record<string, unknown> {
  return {
    id: t.id,
    price: dec(t.price),
    qty: dec(t.qty),
    quoteQty: dec(t.quoteQty),
    time: t.time,
    isBuyerMaker: t.isBuyerMaker,
    isBestMatch: true,
  };
}

export function formatAggTrade(t: AggTrade): Record<string, unknown> {
  return { a: t.a, p: dec(t.p), q: dec(t.q), f: t.f, l: t.l, T: t.T, m: t.m, M: true };
}

/** One kline of GET /api/v3/klines (klines.json): an array, the last element an unused "0". */
export function formatKline(k: Kline): Array<number | string> {
  return [
    k.openTime,
    dec(k.open),
    dec(k.high),
    dec(k.low),
    dec(k.close),
    dec(k.volume),
    k.closeTime,
    dec(k.quoteVolume),
    k.trades,
    dec(k.takerBuyVolume),
    dec(k.takerBuyQuoteVolume),
    '0',
  ];
}

export function formatTicker24h(t: Ticker24h): Record<string, unknown> {
  return {
    symbol: t.symbol,
    priceChange: dec(t.priceChange),
    // 3 places, truncated, as the market-stream ticker prints it ('-95.960').
    priceChangePercent: toFixedString(t.priceChangePercent, 3),
    weightedAvgPrice: dec(t.weightedAvgPrice),
    prevClosePrice: dec(t.prevClosePrice),
    lastPrice: dec(t.lastPrice),
    lastQty: dec(t.lastQty),
    bidPrice: dec(t.bidPrice),
    bidQty: dec(t.bidQty),
    askPrice: dec(t.askPrice),
    askQty: dec(t.askQty),
    openPrice: dec(t.openPrice),
    highPrice: dec(t.highPrice),
    lowPrice: dec(t.lowPrice),
    volume: dec(t.volume),
    quoteVolume: dec(t.quoteVolume),
    openTime: t.openTime,
    closeTime: t.closeTime,
    firstId: t.firstId,
    lastId: t.lastId,
    count: t.count,
  };
}

export function formatBookTicker(
  symbol: string,
  b: { bidPrice: Decimal; bidQty: Decimal; askPrice: Decimal; askQty: Decimal },
): Record<string, unknown> {
  return { symbol, bidPrice: dec(b.bidPrice), bidQty: dec(b.bidQty), askPrice: dec(b.askPrice), askQty: dec(b.askQty) };
}

function formatFill(f: Fill): Record<string, unknown> {
  return { price: dec(f.price), qty: dec(f.qty), commission: dec(f.commission), commissionAsset: f.commissionAsset, tradeId: f.tradeId };
}

/** The order's price, quantities and state, in the order the new-order and cancel answers list them. */
function orderState(order: Order): Record<string, unknown> {
  return {
    price: dec(order.price),
    origQty: dec(order.origQty),
    executedQty: dec(order.executedQty),
    origQuoteOrderQty: dec(order.origQuoteOrderQty),
    cummulativeQuoteQty: dec(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
  };
}

/** POST /api/v3/order answer in the requested shape (order_ack / order_result / order_full). */
export function formatNewOrder(order: Order, respType: OrderRespType): Record<string, unknown> {
  const ack = {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    transactTime: order.transactTime,
  };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack,
    ...orderState(order),
    workingTime: order.workingTime,
    selfTradePreventionMode: 'NONE',
  };
  if (respType === 'RESULT') return result;
  return { ...result, fills: order.fills.map(formatFill) };
}

/** GET /api/v3/order and each element of GET /api/v3/openOrders (query_order.json). */
export function formatQueriedOrder(order: Order): Record<string, unknown> {
  return {
    symbol: order.symbol,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: order.clientOrderId,
    price: dec(order.price),
    origQty: dec(order.origQty),
    executedQty: dec(order.executedQty),
    cummulativeQuoteQty: dec(order.cummulativeQuoteQty),
    status: order.status,
    timeInForce: order.timeInForce,
    type: order.type,
    side: order.side,
    stopPrice: dec(new Decimal(0)),
    icebergQty: dec(new Decimal(0)),
    time: order.transactTime,
    updateTime: order.updateTime,
    isWorking: order.status === 'NEW' || order.status === 'PARTIALLY_FILLED',
    workingTime: order.workingTime,
    origQuoteOrderQty: dec(order.origQuoteOrderQty),
    selfTradePreventionMode: 'NONE',
  };
}

/** DELETE /api/v3/order (cancel_order.json); `clientOrderId` is the id of the cancel request. */
export function formatCanceledOrder(order: Order, cancelClientOrderId: string, transactTime: number): Record<string, unknown> {
  return {
    symbol: order.symbol,
    origClientOrderId: order.clientOrderId,
    orderId: order.orderId,
    orderListId: -1,
    clientOrderId: cancelClientOrderId,
    transactTime,
    ...orderState(order),
    selfTradePreventionMode: 'NONE',
  };
}

/** One element of GET /api/v3/myTrades (myTrades.json). */
export function formatMyTrade(symbol: string, t: Fill & { orderId: bigint; side: Side }): Record<string, unknown> {
  return {
    symbol,
    id: t.tradeId,
    orderId: t.orderId,
    orderListId: -1,
    price: dec(t.price),
    qty: dec(t.qty),
    quoteQty: dec(t.quoteQty),
    commission: dec(t.commission),
    commissionAsset: t.commissionAsset,
    time: t.time,
    isBuyer: t.side === 'BUY',
    isMaker: t.isMaker,
    isBestMatch: true,
  };
}
