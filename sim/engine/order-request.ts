// Turns a NewOrderRequest into checked, parsed values, rejecting in Binance's order before an order
// reaches its matching engine: parameter rules (missing, unexpected, malformed, invalid enums), then
// symbol filters.
import { Decimal, isDecimalString } from '../../lib/core/decimal.js';
import { checkLotSize, checkNotional, checkPriceFilter, type FilterFailure } from '../../lib/exchanges/binance/filters.js';
import { reject } from './rejections.js';
import type { NewOrderRequest, OrderType, Side, SymbolSpec, TimeInForce } from './types.js';

export interface ParsedOrder {
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price?: Decimal; // LIMIT and LIMIT_MAKER
  quantity?: Decimal; // absent only for MARKET by quoteOrderQty
  quoteOrderQty?: Decimal;
  clientOrderId?: string;
}

const DECIMAL_PARAM = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
const CLIENT_ORDER_ID = /^[a-zA-Z0-9-_.]{1,36}$/;

function parseDecimalParam(name: string, text: string | undefined): Decimal | undefined {
  if (text === undefined) return undefined;
  if (!DECIMAL_PARAM.test(text) || !isDecimalString(text)) throw reject.malformed(name, 'decimal');
  return new Decimal(text);
}

function unreachable(_value: never): never {
  throw reject.invalidOrderType();
}

/** Parameter-level checks; throws EngineRejection. */
export function parseOrderRequest(req: NewOrderRequest): ParsedOrder {
  if (req.side !== 'BUY' && req.side !== 'SELL') throw reject.invalidSide();
  if (req.type !== 'LIMIT' && req.type !== 'LIMIT_MAKER' && req.type !== 'MARKET') throw reject.invalidOrderType();
  if (req.clientOrderId !== undefined && !CLIENT_ORDER_ID.test(req.clientOrderId)) {
    throw reject.malformed('clientOrderId', 'client-order-id');
  }
  const price = parseDecimalParam('price', req.price);
  const quantity = parseDecimalParam('quantity', req.quantity);
  const quoteOrderQty = parseDecimalParam('quoteOrderQty', req.quoteOrderQty);
  const base = { side: req.side, type: req.type, clientOrderId: req.clientOrderId };
  switch (req.type) {
    case 'LIMIT': {
      if (req.timeInForce === undefined) throw reject.mandatory('timeInForce');
      if (req.timeInForce !== 'GTC' && req.timeInForce !== 'IOC' && req.timeInForce !== 'FOK') throw reject.invalidTimeInForce();
      if (quantity === undefined) throw reject.mandatory('quantity');
      if (price === undefined) throw reject.mandatory('price');
      if (quoteOrderQty !== undefined) throw reject.notRequired('quoteOrderQty');
      return { ...base, timeInForce: req.timeInForce, price, quantity };
    }
    case 'LIMIT_MAKER': {
      if (req.timeInForce !== undefined) throw reject.notRequired('timeInForce');
      if (quantity === undefined) throw reject.mandatory('quantity');
      if (price === undefined) throw reject.mandatory('price');
      if (quoteOrderQty !== undefined) throw reject.notRequired('quoteOrderQty');
      return { ...base, timeInForce: 'GTC', price, quantity };
    }
    case 'MARKET': {
      if (req.timeInForce !== undefined) throw reject.notRequired('timeInForce');
      if (price !== undefined) throw reject.notRequired('price');
      if (quantity === undefined && quoteOrderQty === undefined) throw reject.eitherParam('quantity', 'quoteOrderQty');
      if (quantity !== undefined && quoteOrderQty !== undefined) throw reject.notRequired('quoteOrderQty');
      return quantity !== undefined ? { ...base, timeInForce: 'GTC', quantity } : { ...base, timeInForce: 'GTC', quoteOrderQty };
    }
    default:
      return unreachable(req.type);
  }
}

/**
 * Symbol filters in exchangeInfo order (PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, NOTIONAL). MARKET orders
 * measure their notional with `referencePrice` (the engine passes the average over avgPriceMins, as
 * filters.md says) and skip the notional rule when there is none yet; quoteOrderQty is its own notional.
 */
export function checkFilters(order: ParsedOrder, spec: SymbolSpec, referencePrice: Decimal | undefined): FilterFailure | undefined {
  const isMarket = order.type === 'MARKET';
  if (order.price !== undefined) {
    const failure = checkPriceFilter(order.price, spec.priceFilter);
    if (failure) return failure;
  }
  if (order.quantity !== undefined) {
    const lot = checkLotSize(order.quantity, spec.lotSize, 'LOT_SIZE');
    if (lot) return lot;
    if (isMarket) {
      const marketLot = checkLotSize(order.quantity, spec.marketLotSize, 'MARKET_LOT_SIZE');
      if (marketLot) return marketLot;
    }
  }
  let notional: Decimal | undefined;
  if (order.quoteOrderQty !== undefined) notional = order.quoteOrderQty;
  else if (order.price !== undefined && order.quantity !== undefined) notional = order.price.mul(order.quantity);
  else if (order.quantity !== undefined && referencePrice !== undefined) notional = referencePrice.mul(order.quantity);
  if (notional !== undefined) return checkNotional(notional, spec.notional, isMarket);
  return undefined;
}
