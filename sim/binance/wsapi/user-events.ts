// User data events as the WebSocket API pushes them (fixtures user/*.json): pure functions from engine
// events to payloads; the session wraps them as `{subscriptionId, event}`.
import type { EngineEvent, SymbolSpec } from '../../engine/types.js';
import { generatedClientOrderId } from '../client-order-id.js';
import { formatAmount, formatPrice, formatQty, ZERO } from '../streams/format.js';
import type { Payload } from '../streams/payloads.js';

export type ExecutionEvent = Extract<EngineEvent, { type: 'execution' }>;
export type AccountPositionEvent = Extract<EngineEvent, { type: 'accountPosition' }>;
export type BalanceDeltaEvent = Extract<EngineEvent, { type: 'balanceDelta' }>;

/**
 * `executionId` feeds the `I` field ("ignore" in the docs, an increasing execution id in practice).
 * On CANCELED, `c` is the cancel's own client id and `C` the order's, as Binance reports it. A cancel
 * made through the REST dialect always carries one (given or generated, as in its answer); one made
 * straight on the engine (the bots) gets a generated id here.
 */
export function executionReportPayload(spec: SymbolSpec | undefined, event: ExecutionEvent, eventTime: number, executionId: number): Payload {
  const { order, lastFill } = event;
  const canceled = event.executionType === 'CANCELED';
  const onBook = (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') && order.type !== 'MARKET' && order.timeInForce === 'GTC';
  return {
    e: 'executionReport',
    E: eventTime,
    s: order.symbol,
    c: canceled ? (event.cancelClientOrderId ?? generatedClientOrderId()) : order.clientOrderId,
    S: order.side,
    o: order.type,
    f: order.timeInForce,
    q: formatQty(order.origQty, spec),
    p: formatPrice(order.price, spec),
    P: formatPrice(ZERO, spec),
    F: formatQty(ZERO, spec),
    g: -1,
    C: canceled ? order.clientOrderId : '',
    x: event.executionType,
    X: order.status,
    r: event.rejectReason ?? 'NONE',
    i: order.orderId,
    l: formatQty(lastFill?.qty ?? ZERO, spec),
    z: formatQty(order.executedQty, spec),
    L: formatPrice(lastFill?.price ?? ZERO, spec),
    n: lastFill ? formatAmount(lastFill.commission) : '0',
    N: lastFill ? lastFill.commissionAsset : null,
    T: event.time,
    t: lastFill ? lastFill.tradeId : -1,
    I: executionId,
    w: onBook,
    m: lastFill ? lastFill.isMaker : false,
    M: false,
    O: order.transactTime,
    Z: formatPrice(order.cummulativeQuoteQty, spec),
    Y: formatPrice(lastFill?.quoteQty ?? ZERO, spec),
    Q: formatPrice(order.origQuoteOrderQty, spec),
    W: order.workingTime,
    V: 'NONE',
  };
}

export function outboundAccountPositionPayload(event: AccountPositionEvent, eventTime: number): Payload {
  return {
    e: 'outboundAccountPosition',
    E: eventTime,
    u: event.time,
    B: event.balances.map((b) => ({ a: b.asset, f: formatAmount(b.free), l: formatAmount(b.locked) })),
  };
}

export function balanceUpdatePayload(event: BalanceDeltaEvent, eventTime: number): Payload {
  return { e: 'balanceUpdate', E: eventTime, a: event.asset, d: formatAmount(event.delta), T: event.time };
}

export function eventStreamTerminatedPayload(eventTime: number): Payload {
  return { e: 'eventStreamTerminated', E: eventTime };
}
