// The Binance USD-M futures trading codec: the TradingCodec contract filled from the modules beside it and the
// spot ones it shares (request signing, client order ids, usage headers). User data comes by listen key
// (`userStream: 'listenKey'`), not by the WebSocket API: its frame builders throw, and the user-stream actor
// uses `listenKey` instead. Orders go by REST.
import { ValidationError } from '../../core/errors.js';
import type { TradingCodec } from '../trading-types.js';
import { newClientOrderId } from '../binance/client-order-id.js';
import { rateLimitInfo } from '../binance/error-map.js';
import { signRequest } from '../binance/request-signing.js';
import { EXCHANGE } from './constants.js';
import { mapError, mapTransportError } from './error-map.js';
import { usdmListenKey } from './listen-key.js';
import {
  accountRequest,
  cancelAllRequest,
  cancelOrderRequest,
  getOrderRequest,
  myTradesRequest,
  openOrdersRequest,
  placeOrderRequest,
  positionsRequest,
  serverTimeRequest,
  setLeverageRequest,
  setMarginTypeRequest,
} from './order-requests.js';
import { parseSymbolRules } from './order-rules.js';
import { validateOrder } from './order-validation.js';
import { exchangeInfoRequest } from './rest-market.js';
import { parseSymbols } from './symbols.js';
import { parseBalances, parseLeverage, parseOrder, parseOrderAck, parseOrderFills, parseOrders, parsePositions, parseServerTime, parseTrades } from './trading-parsers.js';
import { parseUserFrame } from './user-frames.js';

function noWsApi(): never {
  throw new ValidationError('userStream', 'listenKey', 'Binance USD-M user data comes by listen key (codec.listenKey) and orders by REST: no WebSocket API frames');
}

export const binanceUsdmTrading: TradingCodec = {
  exchange: EXCHANGE,
  exchangeInfoRequest,
  parseSymbols,
  parseSymbolRules,
  validateOrder,
  newClientOrderId,
  serverTime: serverTimeRequest,
  placeOrder: placeOrderRequest,
  cancelOrder: cancelOrderRequest,
  cancelAll: cancelAllRequest,
  getOrder: getOrderRequest,
  openOrders: openOrdersRequest,
  account: accountRequest,
  myTrades: myTradesRequest,
  signRequest,
  parseOrder,
  parseOrderAck,
  parseOrderFills,
  parseOrders,
  parseTrades,
  parseBalances,
  parseServerTime,
  mapError,
  mapTransportError,
  rateLimitInfo,
  userStreamSubscribeFrame: noWsApi,
  sessionLogonFrame: noWsApi,
  pingFrame: noWsApi,
  orderPlaceFrame: noWsApi,
  orderCancelFrame: noWsApi,
  parseUserFrame,
  userStream: 'listenKey',
  listenKey: usdmListenKey,
  positions: positionsRequest,
  parsePositions,
  setLeverage: setLeverageRequest,
  parseLeverage,
  setMarginType: setMarginTypeRequest,
};
