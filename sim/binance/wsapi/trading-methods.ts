// The WebSocket API's order methods (`order.place`, `order.status`, `order.cancel`, `openOrders.status`,
// `openOrders.cancelAll`): the JSON params read as the REST parameters they mirror, then the order actions
// REST serves (../order-actions.ts), so both answer with the same results and the same error codes.
import { toQueryString } from '../../../lib/exchanges/binance/signing.js';
import type { SimAccount, SimContext } from '../context.js';
import { cancelOpenOrders, cancelOrder, openOrders, placeOrder, queryOrder, type OrderCall } from '../order-actions.js';
import type { RateLimiter } from '../rest/rate-limits.js';
import { RequestParams } from '../rest/params.js';
import { wsApiErrors } from './errors.js';
import type { Params } from './requests.js';

export type TradingMethod = 'order.place' | 'order.status' | 'order.cancel' | 'openOrders.status' | 'openOrders.cancelAll';

/**
 * JSON params as a REST parameter set: strings as sent, numbers and booleans as JSON prints them (Binance
 * asks for DECIMALs as strings; a number that prints as `1e-7` is refused like a malformed REST value).
 */
export function requestParamsOf(params: Params): RequestParams {
  const entries: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') entries.push([key, String(value)]);
    else throw wsApiErrors.invalidParam(key);
  }
  return new RequestParams(toQueryString(entries), '');
}

/** Runs one order method for `account`; errors are thrown as REST errors or engine rejections. */
export function runTradingMethod(
  method: TradingMethod,
  sim: SimContext,
  account: SimAccount,
  params: Params,
  limiter: RateLimiter,
): Record<string, unknown> | Array<Record<string, unknown>> {
  const call: OrderCall = { sim, params: requestParamsOf(params), account, serverTime: sim.clock.now() };
  switch (method) {
    case 'order.place': {
      // New orders count toward the account's ORDERS limits, shared with REST.
      limiter.admitOrder(account.name);
      const result = placeOrder(call);
      limiter.countOrder(account.name);
      return result;
    }
    case 'order.status':
      return queryOrder(call);
    case 'order.cancel':
      return cancelOrder(call);
    case 'openOrders.status':
      return openOrders(call);
    case 'openOrders.cancelAll':
      return cancelOpenOrders(call);
    default: {
      const unreachable: never = method;
      return unreachable;
    }
  }
}
