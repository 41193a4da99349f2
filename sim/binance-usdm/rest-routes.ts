// The USD-M dialect's public REST market data (/fapi/v1), on the futures engine: listing, depth snapshot, trades
// and aggregate trades, tickers, premium index (mark price and funding). Weights as the futures docs give them;
// the simulator charges them to the same per-IP budget as spot's (Binance counts futures separately: a
// simplification, documented in docs/simulator.md).
import { restErrors } from '../binance/rest/errors.js';
import type { RequestParams } from '../binance/rest/params.js';
import type { Route, RouteContext } from '../binance/rest/route.js';
import { safeWeightInput } from '../binance/rest/route.js';
import type { MatchingEngineApi, SymbolSpec } from '../engine/types.js';
import { eightPlaces, type FundingModel } from './funding.js';
import { futuresUpdateId, priceText, qtyText } from './payloads.js';
import { placesOf } from './symbols.js';

export interface FuturesRestContext {
  readonly engine: MatchingEngineApi;
  readonly funding: FundingModel;
}

function futures(rc: RouteContext): FuturesRestContext {
  const context = rc.sim.futures;
  if (!context) throw restErrors.unsupported();
  return context;
}

function knownSymbol(rc: RouteContext, symbol: string): string {
  if (!futures(rc).engine.symbols.has(symbol)) throw restErrors.invalidSymbol();
  return symbol;
}

/** `symbol` or all symbols; `single` says whether to answer an object instead of a list. */
function select(rc: RouteContext): { single: boolean; symbols: string[] } {
  const symbol = rc.params.symbol();
  if (symbol !== undefined) return { single: true, symbols: [knownSymbol(rc, symbol)] };
  return { single: false, symbols: [...futures(rc).engine.symbols.keys()] };
}

const respond = <T>(sel: { single: boolean }, items: T[]): T | T[] => (sel.single ? (items[0] as T) : items);

const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];
/** A limit outside the documented set is raised to the next one (1000 at most). */
const depthLimit = (params: RequestParams): number => {
  const wanted = params.limit(500, 1000);
  return DEPTH_LIMITS.find((l) => l >= wanted) ?? 1000;
};
const depthWeight = (limit: number): number => (limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20);

function symbolJson(spec: SymbolSpec): Record<string, unknown> {
  return {
    symbol: spec.symbol,
    pair: spec.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: 1569398400000,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: spec.baseAsset,
    quoteAsset: spec.quoteAsset,
    marginAsset: spec.quoteAsset,
    pricePrecision: placesOf(spec.priceFilter.tickSize),
    quantityPrecision: placesOf(spec.lotSize.stepSize),
    baseAssetPrecision: spec.baseAssetPrecision,
    quotePrecision: spec.quoteAssetPrecision,
    underlyingType: 'COIN',
    underlyingSubType: [],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: spec.priceFilter.minPrice, maxPrice: spec.priceFilter.maxPrice, tickSize: spec.priceFilter.tickSize },
      { filterType: 'LOT_SIZE', minQty: spec.lotSize.minQty, maxQty: spec.lotSize.maxQty, stepSize: spec.lotSize.stepSize },
      { filterType: 'MARKET_LOT_SIZE', minQty: spec.marketLotSize.minQty, maxQty: spec.marketLotSize.maxQty, stepSize: spec.marketLotSize.stepSize },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MIN_NOTIONAL', notional: spec.notional.minNotional },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
  };
}

export const futuresMarketRoutes: Route[] = [
  { method: 'GET', path: '/fapi/v1/ping', security: 'NONE', weight: () => 1, handle: () => ({}) },
  { method: 'GET', path: '/fapi/v1/time', security: 'NONE', weight: () => 1, handle: (rc) => ({ serverTime: rc.serverTime }) },
  {
    method: 'GET',
    path: '/fapi/v1/exchangeInfo',
    security: 'NONE',
    weight: () => 1,
    handle: (rc) => {
      const engine = futures(rc).engine;
      return {
        timezone: 'UTC',
        serverTime: rc.serverTime,
        futuresType: 'U_MARGINED',
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: rc.limits.requestWeightPerMinute },
          { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
        ],
        exchangeFilters: [],
        assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
        symbols: [...engine.symbols.values()].map(symbolJson),
      };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/depth',
    security: 'NONE',
    weight: (p) => depthWeight(safeWeightInput(() => depthLimit(p), 500)),
    handle: (rc) => {
      const { engine } = futures(rc);
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      const spec = engine.symbols.get(symbol);
      const book = engine.depth(symbol, depthLimit(rc.params));
      const levels = (side: typeof book.bids): string[][] => side.map(([p, q]) => [priceText(p, spec), qtyText(q, spec)]);
      return { lastUpdateId: futuresUpdateId(book.lastUpdateId), E: rc.serverTime, T: rc.serverTime, bids: levels(book.bids), asks: levels(book.asks) };
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/trades',
    security: 'NONE',
    weight: () => 5,
    handle: (rc) => {
      const { engine } = futures(rc);
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      const spec = engine.symbols.get(symbol);
      return engine.recentTrades(symbol, rc.params.limit(500, 1000)).map((t) => ({
        id: t.id,
        price: priceText(t.price, spec),
        qty: qtyText(t.qty, spec),
        quoteQty: priceText(t.price.mul(t.qty), spec),
        time: t.time,
        isBuyerMaker: t.isBuyerMaker,
      }));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/aggTrades',
    security: 'NONE',
    weight: () => 20,
    handle: (rc) => {
      const { engine } = futures(rc);
      const { params } = rc;
      const symbol = knownSymbol(rc, params.requireSymbol());
      const spec = engine.symbols.get(symbol);
      const fromId = params.id('fromId');
      const startTime = params.integer('startTime');
      const endTime = params.integer('endTime');
      if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw restErrors.badCombination();
      const limit = params.limit(500, 1000);
      return engine.aggTrades(symbol, { fromId, startTime, endTime, limit }).map((t) => ({ a: t.a, p: priceText(t.p, spec), q: qtyText(t.q, spec), f: t.f, l: t.l, T: t.T, m: t.m }));
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/24hr',
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 1 : 40),
    handle: (rc) => {
      const { engine } = futures(rc);
      const sel = select(rc);
      return respond(
        sel,
        sel.symbols.map((s) => {
          const t = engine.ticker24h(s);
          const spec = engine.symbols.get(s);
          return {
            symbol: s,
            priceChange: priceText(t.priceChange, spec),
            priceChangePercent: t.priceChangePercent.toFixed(3),
            weightedAvgPrice: priceText(t.weightedAvgPrice, spec),
            lastPrice: priceText(t.lastPrice, spec),
            lastQty: qtyText(t.lastQty, spec),
            openPrice: priceText(t.openPrice, spec),
            highPrice: priceText(t.highPrice, spec),
            lowPrice: priceText(t.lowPrice, spec),
            volume: qtyText(t.volume, spec),
            quoteVolume: t.quoteVolume.toFixed(2),
            openTime: t.openTime,
            closeTime: t.closeTime,
            firstId: t.firstId,
            lastId: t.lastId,
            count: t.count,
          };
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/price',
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 1 : 2),
    handle: (rc) => {
      const { engine } = futures(rc);
      const sel = select(rc);
      return respond(
        sel,
        sel.symbols.map((s) => {
          const last = engine.lastPrice(s);
          return { symbol: s, price: last === undefined ? '0' : priceText(last, engine.symbols.get(s)), time: rc.serverTime };
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/ticker/bookTicker',
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 2 : 5),
    handle: (rc) => {
      const { engine } = futures(rc);
      const sel = select(rc);
      return respond(
        sel,
        sel.symbols.map((s) => {
          const spec = engine.symbols.get(s);
          const b = engine.bookTicker(s);
          return { symbol: s, bidPrice: priceText(b.bidPrice, spec), bidQty: qtyText(b.bidQty, spec), askPrice: priceText(b.askPrice, spec), askQty: qtyText(b.askQty, spec), time: rc.serverTime };
        }),
      );
    },
  },
  {
    method: 'GET',
    path: '/fapi/v1/premiumIndex',
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 1 : 10),
    handle: (rc) => {
      const { funding } = futures(rc);
      const sel = select(rc);
      return respond(
        sel,
        sel.symbols.map((s) => {
          const state = funding.state(s, rc.serverTime);
          return {
            symbol: s,
            markPrice: eightPlaces(state.markPrice),
            indexPrice: eightPlaces(state.indexPrice),
            estimatedSettlePrice: eightPlaces(state.markPrice),
            lastFundingRate: eightPlaces(state.fundingRate),
            interestRate: '0.00010000',
            nextFundingTime: state.nextFundingTime,
            time: rc.serverTime,
          };
        }),
      );
    },
  },
];
