// One text frame of a Binance USD-M listen-key user stream -> UserFrame (NOTES.md section 4; fixtures
// futures/user/*.json): ORDER_TRADE_UPDATE (the order's state, and the fill when it traded), ACCOUNT_UPDATE
// (wallet balances and positions: kind 'balances' with positions and the reason), listenKeyExpired ('terminated':
// create a key again and reconcile). MARGIN_CALL, ACCOUNT_CONFIG_UPDATE, TRADE_LITE and new events are 'unknown'.
// Raw (`/private/ws`) or combined (`{stream, data}`) frames. Never throws.
import { Decimal } from '../../core/decimal.js';
import { parseJsonLossless } from '../../core/lossless-json.js';
import type { Balance, Fill, Order, OrderStatus, Position } from '../../models/trading.js';
import type { ToUnified, UserFrame } from '../trading-types.js';
import { decimalText, idText, isObject, nonEmptyText, safeInteger, signedDecimalText, type JsonObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';
import { marginTypeOf, positionSideOf, USDM_ORDER_STATUSES, usdmOrderType, usdmTimeInForce, workingTypeOf } from './order-types.js';

type Malformed = Extract<UserFrame, { kind: 'malformed' }>;
const malformed = (reason: string): Malformed => ({ kind: 'malformed', reason });

export function parseUserFrame(text: string, toUnified: ToUnified): UserFrame {
  if (typeof text !== 'string') return malformed('frame is not text');
  let message: unknown;
  try {
    message = parseJsonLossless(text);
  } catch {
    return malformed('frame is not JSON');
  }
  try {
    if (isObject(message) && typeof message.stream === 'string' && 'data' in message) message = message.data;
    return parseEvent(message, toUnified);
  } catch {
    // Unreachable by construction (toUnified's throw is caught where it is called); kept so the contract holds.
    return malformed('frame could not be read');
  }
}

/** A time in ms: an integer, or its digits as a string (listenKeyExpired prints E as a string). */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return safeInteger(Number(value));
  return safeInteger(value);
}

function unify(venueSymbol: string, toUnified: ToUnified): string | undefined {
  try {
    return toUnified(venueSymbol);
  } catch {
    return undefined;
  }
}

function parseEvent(event: unknown, toUnified: ToUnified): UserFrame {
  if (!isObject(event)) return malformed('event is not a JSON object');
  const type = event.e;
  if (typeof type !== 'string') return malformed('event: e is not a string');
  const eventTime = timeOf(event.E);
  if (type === 'serverShutdown') return { kind: 'serverShutdown', eventTime };
  if (eventTime === undefined) return malformed(`${type}: E is not a time`);
  switch (type) {
    case 'ORDER_TRADE_UPDATE':
      return parseOrderTradeUpdate(event, eventTime, toUnified);
    case 'ACCOUNT_UPDATE':
      return parseAccountUpdate(event, eventTime, toUnified);
    case 'listenKeyExpired':
      return { kind: 'terminated', subscriptionId: undefined, eventTime };
    default: {
      // MARGIN_CALL, ACCOUNT_CONFIG_UPDATE (s under ac), TRADE_LITE (s), STRATEGY_UPDATE, GRID_UPDATE, or a new event.
      const inner = isObject(event.o) ? event.o : isObject(event.ac) ? event.ac : event;
      return { kind: 'unknown', event: type, venueSymbol: nonEmptyText(inner.s) };
    }
  }
}

/** The decimal fields of ORDER_TRADE_UPDATE's `o`. */
const ORDER_DECIMALS = ['q', 'p', 'ap', 'sp', 'l', 'z', 'L'] as const;

function parseOrderTradeUpdate(event: JsonObject, eventTime: number, toUnified: ToUnified): UserFrame {
  const o = event.o;
  if (!isObject(o)) return malformed('ORDER_TRADE_UPDATE: o is not an object');
  const venueSymbol = nonEmptyText(o.s);
  if (venueSymbol === undefined) return malformed('ORDER_TRADE_UPDATE: o.s is not a symbol');
  const side = o.S === 'BUY' ? 'buy' : o.S === 'SELL' ? 'sell' : undefined;
  if (side === undefined) return malformed('ORDER_TRADE_UPDATE: o.S is not BUY or SELL');
  if (typeof o.o !== 'string') return malformed('ORDER_TRADE_UPDATE: o.o is not a string');
  const executionType = nonEmptyText(o.x);
  if (executionType === undefined) return malformed('ORDER_TRADE_UPDATE: o.x is not a string');
  const status = o.X;
  // Liquidation by the insurance fund or by auto-deleveraging: documented states the models do not carry.
  if (status === 'NEW_INSURANCE' || status === 'NEW_ADL') return { kind: 'unknown', event: 'ORDER_TRADE_UPDATE', venueSymbol };
  if (typeof status !== 'string' || !USDM_ORDER_STATUSES.has(status)) return malformed('ORDER_TRADE_UPDATE: o.X is not an order status');
  const orderId = idText(o.i);
  if (orderId === undefined) return malformed('ORDER_TRADE_UPDATE: o.i is not an order id');
  const clientOrderId = nonEmptyText(o.c);
  if (clientOrderId === undefined) return malformed('ORDER_TRADE_UPDATE: o.c is not a client order id');
  const transactTime = safeInteger(o.T);
  if (transactTime === undefined) return malformed('ORDER_TRADE_UPDATE: o.T is not a safe non-negative integer');
  const amounts: Partial<Record<(typeof ORDER_DECIMALS)[number], Decimal>> = {};
  for (const key of ORDER_DECIMALS) {
    const value = decimalText(o[key]);
    if (value === undefined) return malformed(`ORDER_TRADE_UPDATE: o.${key} is not a decimal string`);
    amounts[key] = new Decimal(value);
  }
  const positionSide = o.ps === undefined ? undefined : positionSideOf(o.ps);
  if (o.ps !== undefined && positionSide === undefined) return malformed('ORDER_TRADE_UPDATE: o.ps is not BOTH, LONG or SHORT');
  if (o.R !== undefined && typeof o.R !== 'boolean') return malformed('ORDER_TRADE_UPDATE: o.R is not a boolean');
  const kind = usdmOrderType(o.o, o.f);
  if (kind === undefined) return { kind: 'unknown', event: 'ORDER_TRADE_UPDATE', venueSymbol };
  const symbol = unify(venueSymbol, toUnified);
  if (symbol === undefined) return { kind: 'unknown', event: 'ORDER_TRADE_UPDATE', venueSymbol };
  const order: Order = {
    exchange: EXCHANGE,
    symbol,
    orderId,
    clientOrderId,
    side,
    type: kind.type,
    timeInForce: usdmTimeInForce(kind.type, o.f),
    status: status as OrderStatus,
    price: amounts.p!,
    quantity: amounts.q!,
    filledQuantity: amounts.z!,
    // The event prints no cumulative quote: average price * filled quantity (REST cumQuote is the exact figure).
    filledQuoteQuantity: amounts.ap!.mul(amounts.z!),
    updatedAt: transactTime,
    averagePrice: amounts.ap!,
    ...(kind.trigger !== undefined && { trigger: { kind: kind.trigger, price: amounts.sp!, priceType: workingTypeOf(o.wt) } }),
    ...(typeof o.R === 'boolean' && { reduceOnly: o.R }),
    ...(positionSide !== undefined && { positionSide }),
  };
  let fill: Fill | undefined;
  if (executionType === 'TRADE') {
    const tradeId = idText(o.t);
    if (tradeId === undefined || tradeId === '0') return malformed('ORDER_TRADE_UPDATE: TRADE without a trade id t');
    const commission = signedDecimalText(o.n);
    if (commission === undefined) return malformed('ORDER_TRADE_UPDATE: o.n is not a decimal string');
    const realized = signedDecimalText(o.rp);
    if (o.rp !== undefined && realized === undefined) return malformed('ORDER_TRADE_UPDATE: o.rp is not a decimal string');
    if (typeof o.m !== 'boolean') return malformed('ORDER_TRADE_UPDATE: o.m is not a boolean');
    fill = {
      exchange: EXCHANGE,
      symbol,
      orderId,
      clientOrderId,
      tradeId,
      side,
      price: amounts.L!,
      quantity: amounts.l!,
      quoteQuantity: amounts.L!.mul(amounts.l!),
      commission: new Decimal(commission),
      commissionAsset: nonEmptyText(o.N),
      maker: o.m,
      time: transactTime,
      ...(realized !== undefined && { realizedPnl: new Decimal(realized) }),
      ...(positionSide !== undefined && { positionSide }),
    };
  }
  return { kind: 'orderUpdate', subscriptionId: undefined, executionType, order, fill, requestClientOrderId: clientOrderId, rejectReason: undefined, eventTime };
}

function parseAccountUpdate(event: JsonObject, eventTime: number, toUnified: ToUnified): UserFrame {
  const updateTime = safeInteger(event.T);
  if (updateTime === undefined) return malformed('ACCOUNT_UPDATE: T is not a safe non-negative integer');
  const a = event.a;
  if (!isObject(a)) return malformed('ACCOUNT_UPDATE: a is not an object');
  const reason = nonEmptyText(a.m);
  if (reason === undefined) return malformed('ACCOUNT_UPDATE: a.m is not a reason');
  const rawBalances = a.B ?? [];
  const rawPositions = a.P ?? [];
  if (!Array.isArray(rawBalances)) return malformed('ACCOUNT_UPDATE: a.B is not a list');
  if (!Array.isArray(rawPositions)) return malformed('ACCOUNT_UPDATE: a.P is not a list');
  const balances: Balance[] = [];
  for (const item of rawBalances as unknown[]) {
    if (!isObject(item)) return malformed('ACCOUNT_UPDATE: a balance is not an object');
    const asset = nonEmptyText(item.a);
    const wallet = signedDecimalText(item.wb);
    const cross = signedDecimalText(item.cw);
    if (asset === undefined || wallet === undefined || cross === undefined) return malformed('ACCOUNT_UPDATE: a balance is not {a, wb, cw}');
    balances.push({ asset, free: new Decimal(wallet), locked: new Decimal(0), crossWallet: new Decimal(cross) });
  }
  const positions: Position[] = [];
  for (const item of rawPositions as unknown[]) {
    if (!isObject(item)) return malformed('ACCOUNT_UPDATE: a position is not an object');
    const venueSymbol = nonEmptyText(item.s);
    if (venueSymbol === undefined) return malformed('ACCOUNT_UPDATE: a position\'s s is not a symbol');
    const quantity = signedDecimalText(item.pa);
    const entry = decimalText(item.ep);
    const breakEven = item.bep === undefined ? undefined : decimalText(item.bep);
    const unrealized = signedDecimalText(item.up);
    const isolated = item.iw === undefined ? undefined : signedDecimalText(item.iw);
    if (quantity === undefined || entry === undefined || unrealized === undefined || (item.bep !== undefined && breakEven === undefined) || (item.iw !== undefined && isolated === undefined)) {
      return malformed('ACCOUNT_UPDATE: a position amount (pa, ep, bep, up, iw) is not a decimal string');
    }
    const marginType = marginTypeOf(item.mt);
    if (marginType === undefined) return malformed('ACCOUNT_UPDATE: a position\'s mt is not isolated or cross');
    const positionSide = positionSideOf(item.ps);
    if (positionSide === undefined) return malformed('ACCOUNT_UPDATE: a position\'s ps is not BOTH, LONG or SHORT');
    const symbol = unify(venueSymbol, toUnified);
    // A position on a symbol the listing lacks: refresh the listing and reconcile (nothing of it is dropped silently).
    if (symbol === undefined) return { kind: 'unknown', event: 'ACCOUNT_UPDATE', venueSymbol };
    positions.push({
      exchange: EXCHANGE,
      symbol,
      positionSide,
      quantity: new Decimal(quantity),
      entryPrice: new Decimal(entry),
      breakEvenPrice: breakEven === undefined ? undefined : new Decimal(breakEven),
      markPrice: undefined,
      unrealizedPnl: new Decimal(unrealized),
      leverage: undefined,
      marginType,
      liquidationPrice: undefined,
      isolatedWallet: isolated === undefined ? undefined : new Decimal(isolated),
      updatedAt: updateTime,
    });
  }
  return { kind: 'balances', subscriptionId: undefined, balances, eventTime, updateTime, positions, reason };
}
