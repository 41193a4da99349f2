// OKX private REST answers and `orders`/`account` pushes -> the venue-neutral models (lib/models/trading.ts).
// An order's fields are the same in GET /api/v5/trade/order, orders-pending and the `orders` channel: sizes in
// contracts for a swap (reported in base units here), `state` live/partially_filled/filled/canceled/mmp_canceled,
// `avgPx` and `px` "" when there is none. The parsers throw ExchangeFormatError naming the field.
import { Decimal } from '../../core/decimal.js';
import { type CexError, ExchangeFormatError } from '../../core/errors.js';
import type { Balance, Fill, Order, OrderStatus, OrderType, TimeInForce } from '../../models/trading.js';
import type { ToUnified } from '../trading-types.js';
import { decimalText, isObject, nonEmptyText, signedDecimalText, type JsonObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';
import type { ContractSizes } from './contract-sizes.js';
import { mapError, mapOrderResult } from './error-map.js';
import { msTime } from './payload-fields.js';
import { okxData } from './symbols.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** One order of a place, cancel or amend answer: its ids, and the typed error when OKX refused it (sCode != 0). */
export interface OrderResult {
  readonly orderId: string | undefined;
  readonly clientOrderId: string | undefined;
  readonly error: CexError | undefined;
}

/**
 * A place/cancel/amend answer `{code, msg, data: [{ordId, clOrdId, sCode, sMsg}]}`: code "0" (all done), "1"
 * (all failed) or "2" (some failed) carry a result per order; any other code refused the whole request (thrown,
 * typed).
 */
export function parseOrderResults(body: unknown, httpStatus = 200): OrderResult[] {
  if (!isObject(body)) throw formatError('order', 'body is not an object');
  if (body.code !== '0' && body.code !== '1' && body.code !== '2') throw mapError(httpStatus, body);
  if (!Array.isArray(body.data)) throw formatError('order.data', 'is not a list');
  return (body.data as unknown[]).map((item, i): OrderResult => {
    if (!isObject(item)) throw formatError(`order.data[${i}]`, 'is not an object');
    return { orderId: nonEmptyText(item.ordId), clientOrderId: nonEmptyText(item.clOrdId), error: mapOrderResult(item, httpStatus) };
  });
}

const STATUS: Readonly<Record<string, OrderStatus>> = {
  live: 'NEW',
  partially_filled: 'PARTIALLY_FILLED',
  filled: 'FILLED',
  canceled: 'CANCELED',
  mmp_canceled: 'CANCELED',
};

/** OKX's ordType -> our type and time in force (post_only is a maker-only limit). */
const TYPES: Readonly<Record<string, readonly [OrderType, TimeInForce | undefined]>> = {
  limit: ['limit', 'GTC'],
  market: ['market', undefined],
  post_only: ['limit_maker', undefined],
  fok: ['limit', 'FOK'],
  ioc: ['limit', 'IOC'],
};

function decimalField(item: JsonObject, field: string, at: string): string {
  const value = decimalText(item[field]);
  if (value === undefined) throw formatError(`${at}.${field}`, 'is not a decimal string');
  return value;
}

/** A price OKX prints as "" when there is none (a market order's px, avgPx before a fill). */
function optionalDecimal(item: JsonObject, field: string, at: string): string | undefined {
  if (item[field] === '' || item[field] === undefined) return undefined;
  return decimalField(item, field, at);
}

function textField(item: JsonObject, field: string, at: string): string {
  const value = nonEmptyText(item[field]);
  if (value === undefined) throw formatError(`${at}.${field}`, 'is not a non-empty string');
  return value;
}

/** One order object (REST or the `orders` channel). Quantities in base units; filledQuoteQuantity = filled * avgPx. */
export function parseOrderItem(item: unknown, at: string, toUnified: ToUnified, sizes: ContractSizes): Order {
  if (!isObject(item)) throw formatError(at, 'is not an object');
  const instId = textField(item, 'instId', at);
  const orderId = textField(item, 'ordId', at);
  const clientOrderId = typeof item.clOrdId === 'string' ? item.clOrdId : '';
  if (item.side !== 'buy' && item.side !== 'sell') throw formatError(`${at}.side`, 'is not buy or sell');
  const kind = typeof item.ordType === 'string' ? TYPES[item.ordType] : undefined;
  if (kind === undefined) throw formatError(`${at}.ordType`, 'is not an order type we place');
  const status = typeof item.state === 'string' ? STATUS[item.state] : undefined;
  if (status === undefined) throw formatError(`${at}.state`, 'is not an order state');
  const price = optionalDecimal(item, 'px', at) ?? '0';
  const quantity = sizes.toUnified(instId, decimalField(item, 'sz', at));
  const filled = sizes.toUnified(instId, decimalField(item, 'accFillSz', at));
  const average = optionalDecimal(item, 'avgPx', at);
  const updatedAt = msTime(item.uTime);
  if (updatedAt === undefined) throw formatError(`${at}.uTime`, 'is not a millisecond time');
  const filledQuantity = new Decimal(filled);
  return {
    exchange: EXCHANGE,
    symbol: toUnified(instId),
    orderId,
    clientOrderId,
    side: item.side,
    type: kind[0],
    timeInForce: kind[1],
    status,
    price: new Decimal(price),
    quantity: new Decimal(quantity),
    filledQuantity,
    filledQuoteQuantity: average === undefined ? new Decimal(0) : filledQuantity.mul(average),
    updatedAt,
    ...(average === undefined ? {} : { averagePrice: new Decimal(average) }),
  };
}

/** GET /api/v5/trade/order or orders-pending: `{code: "0", data: [order, ...]}`. */
export function parseOrders(body: unknown, toUnified: ToUnified, sizes: ContractSizes): Order[] {
  return okxData(body, 'orders').map((item, i) => parseOrderItem(item, `orders.data[${i}]`, toUnified, sizes));
}

/**
 * The fill an `orders` push reports, when it reports one (`tradeId` and a non-zero `fillSz`). OKX prints the fee
 * as a signed amount (negative: charged); the commission is its magnitude. execType T is taker, M maker.
 */
export function parseFillItem(item: JsonObject, at: string, order: Order, sizes: ContractSizes): Fill | undefined {
  const tradeId = nonEmptyText(item.tradeId);
  if (tradeId === undefined) return undefined;
  const size = decimalField(item, 'fillSz', at);
  if (new Decimal(size).isZero()) return undefined;
  const instId = textField(item, 'instId', at);
  const price = decimalField(item, 'fillPx', at);
  const quantity = new Decimal(sizes.toUnified(instId, size));
  const fee = item.fillFee ?? item.fee;
  const feeText = fee === '' || fee === undefined ? '0' : signedDecimalText(fee);
  if (feeText === undefined) throw formatError(`${at}.fillFee`, 'is not a decimal string');
  const time = msTime(item.fillTime) ?? order.updatedAt;
  return {
    exchange: EXCHANGE,
    symbol: order.symbol,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    tradeId,
    side: order.side,
    price: new Decimal(price),
    quantity,
    quoteQuantity: quantity.mul(price),
    commission: new Decimal(feeText).abs(),
    commissionAsset: nonEmptyText(item.fillFeeCcy) ?? nonEmptyText(item.feeCcy),
    maker: item.execType === 'M',
    time,
  };
}

/** GET /api/v5/account/balance: `data[0].details[]` {ccy, availBal, frozenBal} -> free and locked. */
export function parseBalances(body: unknown): Balance[] {
  const [account] = okxData(body, 'balance');
  if (!isObject(account) || !Array.isArray(account.details)) throw formatError('balance.data[0].details', 'is not a list');
  return parseBalanceDetails(account.details as unknown[], 'balance.data[0].details');
}

export function parseBalanceDetails(details: readonly unknown[], at: string): Balance[] {
  return details.map((item, i): Balance => {
    const where = `${at}[${i}]`;
    if (!isObject(item)) throw formatError(where, 'is not an object');
    return {
      asset: textField(item, 'ccy', where),
      free: new Decimal(optionalDecimal(item, 'availBal', where) ?? '0'),
      locked: new Decimal(optionalDecimal(item, 'frozenBal', where) ?? '0'),
    };
  });
}
