// One text frame of a Binance WebSocket API connection carrying user data -> UserFrame (fixtures user/*.json,
// wsapi/*.json; NOTES.md section 8). Answers {id, status, result|error, rateLimits}; events wrapped as
// {subscriptionId, event} (serverShutdown without subscriptionId). Never throws: anything unexpected is
// 'malformed' (not what the docs print) or 'unknown' (a new event, or one about an unlisted symbol).
import { Decimal } from '../../core/decimal.js';
import { parseJsonLossless } from '../../core/lossless-json.js';
import type { Balance, Fill, Order, OrderStatus } from '../../models/trading.js';
import type { RateLimitCount, ToUnified, UserFrame } from '../trading-types.js';
import { EXCHANGE } from './constants.js';
import { decimalText, idText, isObject, nonEmptyText, safeInteger, signedDecimalText, type JsonObject } from './payload-fields.js';
import { ORDER_STATUSES, orderTypeOf, sideOf, timeInForceOf } from './trading-parsers.js';

type Malformed = Extract<UserFrame, { kind: 'malformed' }>;
const malformed = (reason: string): Malformed => ({ kind: 'malformed', reason });

export function parseUserFrame(text: string, toUnified: ToUnified): UserFrame {
  if (typeof text !== 'string') return malformed('frame is not text');
  let message: unknown;
  try {
    // Lossless: order and trade ids beyond 2^53 arrive as their exact digits.
    message = parseJsonLossless(text);
  } catch {
    return malformed('frame is not JSON');
  }
  try {
    return parseMessage(message, toUnified);
  } catch {
    // Unreachable by construction (toUnified's throw is caught where it is called); kept so the contract holds.
    return malformed('frame could not be read');
  }
}

function parseMessage(message: unknown, toUnified: ToUnified): UserFrame {
  if (!isObject(message)) return malformed('frame is not a JSON object');
  if ('event' in message) {
    let subscriptionId: number | undefined;
    if (message.subscriptionId !== undefined) {
      subscriptionId = safeInteger(message.subscriptionId);
      if (subscriptionId === undefined) return malformed('subscriptionId is not a non-negative integer');
    }
    return parseEvent(message.event, subscriptionId, toUnified);
  }
  if ('status' in message) return parseResponse(message);
  return malformed('frame is neither an answer nor an event');
}

function rateLimits(value: unknown): RateLimitCount[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  const out: RateLimitCount[] = [];
  for (const item of value as unknown[]) {
    if (!isObject(item)) return undefined;
    const { rateLimitType, interval } = item;
    const intervalNum = safeInteger(item.intervalNum);
    const limit = safeInteger(item.limit);
    const count = safeInteger(item.count);
    if (typeof rateLimitType !== 'string' || typeof interval !== 'string' || intervalNum === undefined || limit === undefined || count === undefined) {
      return undefined;
    }
    out.push({ rateLimitType, interval, intervalNum, limit, count });
  }
  return out;
}

function parseResponse(message: JsonObject): UserFrame {
  const { id } = message;
  if (id !== null && typeof id !== 'string' && !(typeof id === 'number' && Number.isSafeInteger(id))) {
    return malformed('answer: id is not a string, an integer or null');
  }
  const status = safeInteger(message.status);
  if (status === undefined || status < 100 || status > 599) return malformed('answer: status is not an HTTP status');
  const limits = rateLimits(message.rateLimits);
  if (limits === undefined) return malformed('answer: rateLimits is not a list of rate limits');
  if (status >= 400 || 'error' in message) {
    const error = message.error;
    if (!isObject(error) || typeof error.code !== 'number' || !Number.isSafeInteger(error.code) || typeof error.msg !== 'string') {
      return malformed('answer: error is not {code, msg}');
    }
    return { kind: 'response', id, status, result: undefined, error: { code: error.code, msg: error.msg, data: error.data }, rateLimits: limits };
  }
  return { kind: 'response', id, status, result: message.result, error: undefined, rateLimits: limits };
}

function parseEvent(event: unknown, subscriptionId: number | undefined, toUnified: ToUnified): UserFrame {
  if (!isObject(event)) return malformed('event is not a JSON object');
  const type = event.e;
  if (typeof type !== 'string') return malformed('event: e is not a string');
  const eventTime = safeInteger(event.E);
  if (type === 'serverShutdown') return { kind: 'serverShutdown', eventTime };
  if (eventTime === undefined) return malformed(`${type}: E is not a safe non-negative integer`);
  switch (type) {
    case 'executionReport':
      return parseExecutionReport(event, subscriptionId, eventTime, toUnified);
    case 'outboundAccountPosition':
      return parseAccountPosition(event, subscriptionId, eventTime);
    case 'balanceUpdate': {
      const asset = nonEmptyText(event.a);
      const delta = signedDecimalText(event.d);
      const clearTime = safeInteger(event.T);
      if (asset === undefined || delta === undefined || clearTime === undefined) return malformed('balanceUpdate: a, d or T is not what the docs print');
      return { kind: 'balanceDelta', subscriptionId, asset, delta: new Decimal(delta), eventTime, clearTime };
    }
    case 'eventStreamTerminated':
      return { kind: 'terminated', subscriptionId, eventTime };
    default:
      // listStatus, externalLockUpdate, or a new event.
      return { kind: 'unknown', event: type, venueSymbol: nonEmptyText(event.s) };
  }
}

function parseAccountPosition(event: JsonObject, subscriptionId: number | undefined, eventTime: number): UserFrame {
  const updateTime = safeInteger(event.u);
  if (updateTime === undefined) return malformed('outboundAccountPosition: u is not a safe non-negative integer');
  if (!Array.isArray(event.B)) return malformed('outboundAccountPosition: B is not a list');
  const balances: Balance[] = [];
  for (const item of event.B as unknown[]) {
    if (!isObject(item)) return malformed('outboundAccountPosition: a balance is not an object');
    const asset = nonEmptyText(item.a);
    const free = decimalText(item.f);
    const locked = decimalText(item.l);
    if (asset === undefined || free === undefined || locked === undefined) return malformed('outboundAccountPosition: a balance is not {a, f, l}');
    balances.push({ asset, free: new Decimal(free), locked: new Decimal(locked) });
  }
  return { kind: 'balances', subscriptionId, balances, eventTime, updateTime };
}

/** The decimal fields of an executionReport, all of which must be unsigned decimal strings. */
const DECIMAL_KEYS = ['q', 'p', 'l', 'z', 'L', 'Z', 'Y'] as const;

function parseExecutionReport(event: JsonObject, subscriptionId: number | undefined, eventTime: number, toUnified: ToUnified): UserFrame {
  const venueSymbol = nonEmptyText(event.s);
  if (venueSymbol === undefined) return malformed('executionReport: s is not a symbol');
  const side = sideOf(event.S);
  if (side === undefined) return malformed('executionReport: S is not BUY or SELL');
  if (typeof event.o !== 'string') return malformed('executionReport: o is not a string');
  const executionType = nonEmptyText(event.x);
  if (executionType === undefined) return malformed('executionReport: x is not a string');
  const status = event.X;
  if (typeof status !== 'string' || !ORDER_STATUSES.has(status)) return malformed('executionReport: X is not an order status');
  const orderId = idText(event.i);
  if (orderId === undefined) return malformed('executionReport: i is not an order id');
  const c = event.c;
  const C = event.C;
  if (typeof c !== 'string' || (C !== undefined && C !== null && typeof C !== 'string')) return malformed('executionReport: c or C is not a string');
  const transactTime = safeInteger(event.T);
  if (transactTime === undefined) return malformed('executionReport: T is not a safe non-negative integer');
  const amounts: Partial<Record<(typeof DECIMAL_KEYS)[number], Decimal>> = {};
  for (const key of DECIMAL_KEYS) {
    const value = decimalText(event[key]);
    if (value === undefined) return malformed(`executionReport: ${key} is not a decimal string`);
    amounts[key] = new Decimal(value);
  }
  const type = orderTypeOf(event.o);
  if (type === undefined) return { kind: 'unknown', event: 'executionReport', venueSymbol };
  let symbol: string;
  try {
    symbol = toUnified(venueSymbol);
  } catch {
    return { kind: 'unknown', event: 'executionReport', venueSymbol };
  }
  // On a cancel `c` is the cancel request's id and `C` the order's own (user-data-stream.md).
  const clientOrderId = typeof C === 'string' && C.length > 0 ? C : c;
  const order: Order = {
    exchange: EXCHANGE,
    symbol,
    orderId,
    clientOrderId,
    side,
    type,
    timeInForce: timeInForceOf(type, event.f),
    status: status as OrderStatus,
    price: amounts.p!,
    quantity: amounts.q!,
    filledQuantity: amounts.z!,
    filledQuoteQuantity: amounts.Z!,
    updatedAt: transactTime,
  };
  let fill: Fill | undefined;
  if (executionType === 'TRADE') {
    const tradeId = idText(event.t);
    const commission = decimalText(event.n);
    if (tradeId === undefined) return malformed('executionReport: TRADE without a trade id t');
    if (commission === undefined) return malformed('executionReport: n is not a decimal string');
    if (typeof event.m !== 'boolean') return malformed('executionReport: m is not a boolean');
    fill = {
      exchange: EXCHANGE,
      symbol,
      orderId,
      clientOrderId,
      tradeId,
      side,
      price: amounts.L!,
      quantity: amounts.l!,
      quoteQuantity: amounts.Y!,
      commission: new Decimal(commission),
      commissionAsset: nonEmptyText(event.N),
      maker: event.m,
      time: transactTime,
    };
  }
  const reason = nonEmptyText(event.r);
  return {
    kind: 'orderUpdate',
    subscriptionId,
    executionType,
    order,
    fill,
    requestClientOrderId: c,
    rejectReason: reason === undefined || reason === 'NONE' ? undefined : reason,
    eventTime,
  };
}
