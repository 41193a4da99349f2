// SIGNED trading and account endpoints (the order actions themselves are in ../order-actions.ts, shared with
// the WebSocket API). Successful order placement/cancel costs 0 weight (Binance since 2026-04-02); the router
// charges the declared weight only when they fail.
import { Decimal } from '../../../lib/core/decimal.js';
import { checkFilters, parseOrderRequest } from '../../engine/order-request.js';
import { EngineRejection } from '../../engine/types.js';
import { cancelOpenOrders, cancelOrder, knownSymbol as knownSymbolOf, openOrders, placeOrder, queryOrder, type OrderCall } from '../order-actions.js';
import { restErrors } from './errors.js';
import { dec, formatMyTrade, formatQueriedOrder } from './format.js';
import { parseNewOrder } from './order-params.js';
import { signedAccount, type Route, type RouteContext } from './route.js';

const DAY_MS = 86_400_000;

function knownSymbol(rc: RouteContext, symbol: string): string {
  return knownSymbolOf(rc.sim, symbol);
}

function orderCall(rc: RouteContext): OrderCall {
  return { sim: rc.sim, params: rc.params, account: signedAccount(rc), serverTime: rc.serverTime };
}

/** Stable small integer from the account name: Binance prints a numeric `uid`. */
function uidOf(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000;
  return h;
}

function accountJson(rc: RouteContext): Record<string, unknown> {
  const account = signedAccount(rc);
  const fees = rc.sim.fees ?? { maker: '0', taker: '0' };
  const omitZero = rc.params.boolean('omitZeroBalances') ?? false;
  const balances = rc.sim.engine
    .balances(account.name)
    .filter((b) => !omitZero || !b.free.plus(b.locked).isZero())
    .map((b) => ({ asset: b.asset, free: dec(b.free), locked: dec(b.locked) }));
  // Binance prints rates both as basis-point integers (legacy) and as decimal strings.
  const bps = (rate: string): number => new Decimal(rate).times(10_000).toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber();
  return {
    makerCommission: bps(fees.maker),
    takerCommission: bps(fees.taker),
    buyerCommission: 0,
    sellerCommission: 0,
    commissionRates: { maker: dec(new Decimal(fees.maker)), taker: dec(new Decimal(fees.taker)), buyer: dec(new Decimal(0)), seller: dec(new Decimal(0)) },
    canTrade: true,
    canWithdraw: true,
    canDeposit: true,
    brokered: false,
    requireSelfTradePrevention: false,
    preventSor: false,
    updateTime: rc.serverTime,
    accountType: 'SPOT',
    balances,
    permissions: ['SPOT'],
    uid: uidOf(account.name),
  };
}

export const tradingRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/v3/order',
    security: 'SIGNED',
    weight: () => 1,
    orderAction: 'newOrder',
    countsAsNewOrder: true,
    handle: (rc) => placeOrder(orderCall(rc)),
  },
  {
    method: 'POST',
    path: '/api/v3/order/test',
    security: 'SIGNED',
    weight: (p) => (p.string('computeCommissionRates') === 'true' ? 20 : 1),
    handle: (rc) => {
      const { request } = parseNewOrder(rc.params);
      const spec = rc.sim.engine.symbols.get(knownSymbol(rc, request.symbol));
      // The same parameter and filter checks the engine runs before matching; nothing is placed.
      const parsed = parseOrderRequest({ ...request, account: signedAccount(rc).name });
      const failure = spec && checkFilters(parsed, spec, rc.sim.engine.notionalPrice(request.symbol, parsed.type));
      if (failure) throw new EngineRejection({ reason: 'filter-failure', filter: failure });
      return {};
    },
  },
  { method: 'GET', path: '/api/v3/order', security: 'SIGNED', weight: () => 4, handle: (rc) => queryOrder(orderCall(rc)) },
  {
    method: 'DELETE',
    path: '/api/v3/order',
    security: 'SIGNED',
    weight: () => 1,
    orderAction: 'cancelOrder',
    handle: (rc) => cancelOrder(orderCall(rc)),
  },
  {
    method: 'GET',
    path: '/api/v3/openOrders',
    security: 'SIGNED',
    weight: (p) => (p.has('symbol') ? 6 : 80),
    handle: (rc) => openOrders(orderCall(rc)),
  },
  {
    method: 'DELETE',
    path: '/api/v3/openOrders',
    security: 'SIGNED',
    weight: () => 1,
    orderAction: 'cancelOrder',
    handle: (rc) => cancelOpenOrders(orderCall(rc)),
  },
  {
    method: 'GET',
    path: '/api/v3/allOrders',
    security: 'SIGNED',
    weight: () => 20,
    handle: (rc) => {
      const { params } = rc;
      const symbol = knownSymbol(rc, params.requireSymbol());
      const orderId = params.id('orderId');
      const startTime = params.integer('startTime');
      const endTime = params.integer('endTime');
      // rest-api.md: "The time between startTime and endTime can't be longer than 24 hours."
      if (startTime !== undefined && endTime !== undefined && endTime - startTime > DAY_MS) throw restErrors.lookupTooBig(24);
      const limit = params.limit(500, 1000);
      return rc.sim.engine.allOrders(signedAccount(rc).name, symbol, { fromId: orderId, startTime, endTime, limit }).map(formatQueriedOrder);
    },
  },
  { method: 'GET', path: '/api/v3/account', security: 'SIGNED', weight: () => 20, handle: accountJson },
  {
    method: 'GET',
    path: '/api/v3/myTrades',
    security: 'SIGNED',
    weight: (p) => (p.has('orderId') ? 5 : 20),
    handle: (rc) => {
      const { params } = rc;
      const symbol = knownSymbol(rc, params.requireSymbol());
      const orderId = params.id('orderId');
      const fromId = params.id('fromId');
      const startTime = params.integer('startTime');
      const endTime = params.integer('endTime');
      if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw restErrors.badCombination();
      const limit = params.limit(500, 1000);
      const trades = rc.sim.engine.myTrades(signedAccount(rc).name, symbol, { orderId, fromId, startTime, endTime, limit });
      return trades.map((t) => formatMyTrade(symbol, t));
    },
  },
];
