// The spot order actions both transports serve, REST (POST/GET/DELETE /api/v3/order, /openOrders) and the
// WebSocket API (order.place, order.status, order.cancel, openOrders.*): one parameter reading, one engine
// call and one answer shape, so the two can never drift apart. Errors are thrown as REST errors or engine
// rejections; each transport turns them into its own error frame.
import { generatedClientOrderId } from './client-order-id.js';
import type { SimAccount, SimContext } from './context.js';
import { restErrors } from './rest/errors.js';
import { formatCanceledOrder, formatNewOrder, formatQueriedOrder } from './rest/format.js';
import { parseNewOrder, parseOrderRef } from './rest/order-params.js';
import type { RequestParams } from './rest/params.js';

/** One authenticated order request: whose it is, what it says, and the server time it arrived at. */
export interface OrderCall {
  readonly sim: SimContext;
  readonly params: RequestParams;
  readonly account: SimAccount;
  readonly serverTime: number;
}

type Answer = Record<string, unknown>;

export function knownSymbol(sim: SimContext, symbol: string): string {
  if (!sim.engine.symbols.has(symbol)) throw restErrors.invalidSymbol();
  return symbol;
}

export function placeOrder(call: OrderCall): Answer {
  const { request, respType } = parseNewOrder(call.params);
  knownSymbol(call.sim, request.symbol);
  const order = call.sim.engine.placeOrder({ ...request, account: call.account.name });
  return formatNewOrder(order, respType);
}

export function queryOrder(call: OrderCall): Answer {
  const symbol = knownSymbol(call.sim, call.params.requireSymbol());
  return formatQueriedOrder(call.sim.engine.getOrder(call.account.name, symbol, parseOrderRef(call.params)));
}

export function cancelOrder(call: OrderCall): Answer {
  const symbol = knownSymbol(call.sim, call.params.requireSymbol());
  const ref = parseOrderRef(call.params);
  // Binance names every cancel: the request's newClientOrderId, else one it generates. The engine passes
  // it on to the CANCELED executionReport (`c`), so the answer and the event agree.
  const cancelId = call.params.clientOrderId('newClientOrderId') ?? generatedClientOrderId();
  const order = call.sim.engine.cancelOrder({ account: call.account.name, symbol, ...ref, cancelClientOrderId: cancelId });
  return formatCanceledOrder(order, cancelId, call.serverTime);
}

export function openOrders(call: OrderCall): Answer[] {
  const symbol = call.params.symbol();
  if (symbol !== undefined) knownSymbol(call.sim, symbol);
  return call.sim.engine.openOrders(call.account.name, symbol).map(formatQueriedOrder);
}

export function cancelOpenOrders(call: OrderCall): Answer[] {
  const symbol = knownSymbol(call.sim, call.params.requireSymbol());
  const cancelIds = new Map<bigint, string>();
  const canceled = call.sim.engine.cancelAll(call.account.name, symbol, (orderId) => {
    const id = generatedClientOrderId();
    cancelIds.set(orderId, id);
    return id;
  });
  // Binance answers -2011 when there was nothing to cancel.
  if (canceled.length === 0) throw restErrors.cancelRejected('Unknown order sent.');
  return canceled.map((o) => formatCanceledOrder(o, cancelIds.get(o.orderId) ?? generatedClientOrderId(), call.serverTime));
}
