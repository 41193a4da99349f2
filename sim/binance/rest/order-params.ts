// Reads POST /api/v3/order (and /order/test) parameters into an engine request, with Binance's rules
// for which parameters each order type needs or refuses.
import type { NewOrderRequest, OrderType, Side, TimeInForce } from '../../engine/types.js';
import { restErrors } from './errors.js';
import type { OrderRespType } from './format.js';
import type { RequestParams } from './params.js';

const SIDES: readonly Side[] = ['BUY', 'SELL'];
const SUPPORTED_TYPES: readonly OrderType[] = ['LIMIT', 'LIMIT_MAKER', 'MARKET'];
const TIME_IN_FORCE: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];
const RESP_TYPES: readonly OrderRespType[] = ['ACK', 'RESULT', 'FULL'];

/** Binance types the simulator knows but does not trade: answered as the symbol not supporting them. */
const UNSUPPORTED_TYPES: Readonly<Record<string, string>> = {
  STOP_LOSS: 'Stop loss orders are not supported for this symbol.',
  STOP_LOSS_LIMIT: 'Stop loss limit orders are not supported for this symbol.',
  TAKE_PROFIT: 'Take profit orders are not supported for this symbol.',
  TAKE_PROFIT_LIMIT: 'Take profit limit orders are not supported for this symbol.',
};

const isOneOf = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

export interface ParsedNewOrder {
  request: Omit<NewOrderRequest, 'account'>;
  respType: OrderRespType;
}

export function parseNewOrder(params: RequestParams): ParsedNewOrder {
  const symbol = params.requireSymbol();
  const sideText = params.requireString('side');
  if (!isOneOf(SIDES, sideText)) throw restErrors.invalidSide();
  const typeText = params.requireString('type');
  const unsupported = UNSUPPORTED_TYPES[typeText];
  if (unsupported !== undefined) throw restErrors.newOrderRejected(unsupported);
  if (!isOneOf(SUPPORTED_TYPES, typeText)) throw restErrors.invalidOrderType();
  const type = typeText;

  const quantity = params.decimal('quantity');
  const quoteOrderQty = params.decimal('quoteOrderQty');
  const price = params.decimal('price');
  const tifText = params.string('timeInForce');
  const clientOrderId = params.clientOrderId('newClientOrderId');

  let timeInForce: TimeInForce | undefined;
  if (type === 'LIMIT') {
    if (tifText === undefined) throw restErrors.mandatory('timeInForce');
    if (!isOneOf(TIME_IN_FORCE, tifText)) throw restErrors.invalidTif();
    timeInForce = tifText;
  } else if (tifText !== undefined) {
    throw restErrors.notRequired('timeInForce');
  }

  if (type === 'MARKET') {
    if (price !== undefined) throw restErrors.notRequired('price');
    if (quantity === undefined && quoteOrderQty === undefined) throw restErrors.eitherMandatory('quantity', 'quoteOrderQty');
    if (quantity !== undefined && quoteOrderQty !== undefined) throw restErrors.notRequired('quoteOrderQty');
  } else {
    if (quantity === undefined) throw restErrors.mandatory('quantity');
    if (price === undefined) throw restErrors.mandatory('price');
    if (quoteOrderQty !== undefined) throw restErrors.notRequired('quoteOrderQty');
  }

  const respText = params.string('newOrderRespType');
  let respType: OrderRespType = type === 'LIMIT_MAKER' ? 'ACK' : 'FULL';
  if (respText !== undefined) {
    if (!isOneOf(RESP_TYPES, respText)) throw restErrors.invalidParam('newOrderRespType');
    respType = respText;
  }

  const request: Omit<NewOrderRequest, 'account'> = { symbol, side: sideText, type };
  if (timeInForce !== undefined) request.timeInForce = timeInForce;
  if (price !== undefined) request.price = price;
  if (quantity !== undefined) request.quantity = quantity;
  if (quoteOrderQty !== undefined) request.quoteOrderQty = quoteOrderQty;
  if (clientOrderId !== undefined) request.clientOrderId = clientOrderId;
  return { request, respType };
}

/** `orderId` or `origClientOrderId` (GET/DELETE /api/v3/order). */
export function parseOrderRef(params: RequestParams): { orderId?: bigint; origClientOrderId?: string } {
  const orderId = params.id('orderId');
  const origClientOrderId = params.clientOrderId('origClientOrderId');
  if (orderId === undefined && origClientOrderId === undefined) throw restErrors.eitherMandatory('origClientOrderId', 'orderId');
  const ref: { orderId?: bigint; origClientOrderId?: string } = {};
  if (orderId !== undefined) ref.orderId = orderId;
  if (origClientOrderId !== undefined) ref.origClientOrderId = origClientOrderId;
  return ref;
}
