// The Binance spot trading codec: the TradingCodec contract filled from the small modules beside it
// (order rules and validation, private REST requests and signing, answer parsers, error map, WebSocket
// API frames and the user-data frame parser).
import type { TradingCodec } from '../trading-types.js';
import { newClientOrderId } from './client-order-id.js';
import { EXCHANGE } from './constants.js';
import { mapError, mapTransportError, rateLimitInfo } from './error-map.js';
import {
  accountRequest,
  cancelAllRequest,
  cancelOrderRequest,
  getOrderRequest,
  myTradesRequest,
  openOrdersRequest,
  placeOrderRequest,
  serverTimeRequest,
} from './order-requests.js';
import { parseSymbolRules } from './order-rules.js';
import { exchangeInfoRequest } from './rest-market.js';
import { parseSymbols } from './symbols.js';
import { validateOrder } from './order-validation.js';
import { signRequest } from './request-signing.js';
import { parseBalances, parseOrder, parseOrderAck, parseOrderFills, parseOrders, parseServerTime, parseTrades } from './trading-parsers.js';
import { parseUserFrame } from './user-frames.js';
import { orderCancelFrame, orderPlaceFrame, pingFrame, sessionLogonFrame, userStreamSubscribeFrame } from './wsapi-frames.js';

export const binanceSpotTrading: TradingCodec = {
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
  userStreamSubscribeFrame,
  sessionLogonFrame,
  pingFrame,
  orderPlaceFrame,
  orderCancelFrame,
  parseUserFrame,
};
