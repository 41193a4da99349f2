// WebSocket API request frames: `{id, method, params}` parsed into a typed request, or the error the
// server answers with. Method names may carry an explicit version prefix (`v3/time`).
import { parseJsonLossless } from '../../../lib/core/lossless-json.js';
import { WsApiError, wsApiErrors } from './errors.js';

/** INT / STRING / null, echoed back untouched. */
export type RequestId = number | string | null;

export const METHODS = [
  'ping',
  'time',
  'session.logon',
  'session.status',
  'session.logout',
  'userDataStream.subscribe',
  'userDataStream.subscribe.signature',
  'userDataStream.unsubscribe',
  'session.subscriptions',
  'order.place',
  'order.status',
  'order.cancel',
  'openOrders.status',
  'openOrders.cancelAll',
] as const;
export type MethodName = (typeof METHODS)[number];

/** Methods whose successful calls cost 0 weight (Binance since 2026-04-02), as on REST. */
export const ORDER_ACTIONS: ReadonlySet<MethodName> = new Set<MethodName>(['order.place', 'order.cancel', 'openOrders.cancelAll']);

/** REQUEST_WEIGHT of each method (web-socket-api.md); `openOrders.status` costs 80 without a symbol. */
const METHOD_WEIGHT: Readonly<Record<MethodName, number>> = {
  ping: 1,
  time: 1,
  'session.logon': 2,
  'session.status': 2,
  'session.logout': 2,
  'userDataStream.subscribe': 2,
  'userDataStream.subscribe.signature': 2,
  'userDataStream.unsubscribe': 2,
  'session.subscriptions': 2,
  'order.place': 1,
  'order.status': 4,
  'order.cancel': 1,
  'openOrders.status': 6,
  'openOrders.cancelAll': 1,
};

/** The weight of a request; never throws (bad parameters are the handler's to refuse). */
export function methodWeight(method: MethodName, params: Params): number {
  if (method === 'openOrders.status' && (params.symbol === undefined || params.symbol === '')) return 80;
  return METHOD_WEIGHT[method];
}

export type Params = Readonly<Record<string, unknown>>;

export interface WsApiRequest {
  id: RequestId;
  method: MethodName;
  params: Params;
}

export type ParsedRequest = { ok: true; request: WsApiRequest } | { ok: false; id: RequestId; error: WsApiError };

function isRequestId(value: unknown): value is RequestId {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
}

export function parseRequest(text: string): ParsedRequest {
  let frame: unknown;
  try {
    frame = parseJsonLossless(text); // an orderId beyond 2^53 arrives as its exact digits
  } catch {
    return { ok: false, id: null, error: wsApiErrors.invalidJson() };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return { ok: false, id: null, error: wsApiErrors.invalidJson() };
  const { id, method, params } = frame as { id?: unknown; method?: unknown; params?: unknown };
  if (!isRequestId(id)) return { ok: false, id: null, error: wsApiErrors.mandatory('id') };
  if (typeof method !== 'string' || method === '') return { ok: false, id, error: wsApiErrors.mandatory('method') };
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    return { ok: false, id, error: wsApiErrors.paramsNotObject() };
  }
  const name = method.replace(/^v3\//, '');
  if (!(METHODS as readonly string[]).includes(name)) return { ok: false, id, error: wsApiErrors.unknownMethod() };
  return { ok: true, request: { id, method: name as MethodName, params: (params ?? {}) as Params } };
}

/** `returnRateLimits` as sent: boolean, or undefined when absent. */
export function returnRateLimitsParam(params: Params): boolean | undefined {
  const value = params.returnRateLimits;
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw wsApiErrors.invalidParam('returnRateLimits');
}

/** An optional integer parameter (number, or digits as a string). */
export function integerParam(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value)) return Number(value);
  throw wsApiErrors.invalidParam(name);
}

export function requireString(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || value === '') throw wsApiErrors.mandatory(name);
  return value;
}

export { WsApiError };
