// SIGNED trading and account endpoints. Successful order placement/cancel costs 0 weight (Binance since
// 2026-04-02); the router charges the declared weight only when they fail.
import { Decimal } from '../../../lib/core/decimal.js';
import { checkFilters, parseOrderRequest } from '../../engine/order-request.js';
import { EngineRejection } from '../../engine/types.js';
import { generatedClientOrderId } from '../client-order-id.js';
import { restErrors } from './errors.js';
import { dec, formatCanceledOrder, formatMyTrade, formatNewOrder, formatQueriedOrder } from './format.js';
import { parseNewOrder, parseOrderRef } from './order-params.js';
import { signedAccount, type Route, type RouteContext } from './route.js';

const DAY_MS = 86_400_000;

function knownSymbol(rc: RouteContext, symbol: string): string {
  if (!rc.sim.engine.symbols.has(symbol)) throw restErrors.invalidSymbol();
  return symbol;
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
    handle: (rc) => {
      const { request, respType } = parseNewOrder(rc.params);
      knownSymbol(rc, request.symbol);
      const order = rc.sim.engine.placeOrder({ ...request, account: signedAccount(rc).name });
      return formatNewOrder(order, respType);
    },
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
  {
    method: 'GET',
    path: '/api/v3/order',
    security: 'SIGNED',
    weight: () => 4,
    handle: (rc) => {
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      return formatQueriedOrder(rc.sim.engine.getOrder(signedAccount(rc).name, symbol, parseOrderRef(rc.params)));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v3/order',
    security: 'SIGNED',
    weight: () => 1,
    orderAction: 'cancelOrder',
    handle: (rc) => {
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      const ref = parseOrderRef(rc.params);
      // Binance names every cancel: the request's newClientOrderId, else one it generates. The engine passes
      // it on to the CANCELED executionReport (`c`), so the answer and the event agree.
      const cancelId = rc.params.clientOrderId('newClientOrderId') ?? generatedClientOrderId();
      const order = rc.sim.engine.cancelOrder({ account: signedAccount(rc).name, symbol, ...ref, cancelClientOrderId: cancelId });
      return formatCanceledOrder(order, cancelId, rc.serverTime);
    },
  },
  {
    method: 'GET',
    path: '/api/v3/openOrders',
    security: 'SIGNED',
    weight: (p) => (p.has('symbol') ? 6 : 80),
    handle: (rc) => {
      const symbol = rc.params.symbol();
      if (symbol !== undefined) knownSymbol(rc, symbol);
      return rc.sim.engine.openOrders(signedAccount(rc).name, symbol).map(formatQueriedOrder);
    },
  },
  {
    method: 'DELETE',
    path: '/api/v3/openOrders',
    security: 'SIGNED',
    weight: () => 1,
    orderAction: 'cancelOrder',
    handle: (rc) => {
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      const cancelIds = new Map<number, string>();
      const canceled = rc.sim.engine.cancelAll(signedAccount(rc).name, symbol, (orderId) => {
        const id = generatedClientOrderId();
        cancelIds.set(orderId, id);
        return id;
      });
      // Binance answers -2011 when there was nothing to cancel.
      if (canceled.length === 0) throw restErrors.cancelRejected('Unknown order sent.');
      return canceled.map((o) => formatCanceledOrder(o, cancelIds.get(o.orderId) ?? generatedClientOrderId(), rc.serverTime));
    },
  },
  {
    method: 'GET',
    path: '/api/v3/allOrders',
    security: 'SIGNED',
    weight: () => 20,
    handle: (rc) => {
      const { params } = rc;
      const symbol = knownSymbol(rc, params.requireSymbol());
      const orderId = params.integer('orderId');
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
      const orderId = params.integer('orderId');
      const fromId = params.integer('fromId');
      const startTime = params.integer('startTime');
      const endTime = params.integer('endTime');
      if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw restErrors.badCombination();
      const limit = params.limit(500, 1000);
      const trades = rc.sim.engine.myTrades(signedAccount(rc).name, symbol, { orderId, fromId, startTime, endTime, limit });
      return trades.map((t) => formatMyTrade(symbol, t));
    },
  },
];
