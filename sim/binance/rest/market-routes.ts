// Public market-data endpoints (security NONE). Weights as in Binance's rest-api.md.
import { restErrors } from './errors.js';
import { exchangeInfoJson } from './exchange-info.js';
import { isKlineInterval } from '../../engine/klines.js';
import { formatAggTrade, formatBookTicker, formatDepth, formatKline, formatTicker24h, formatTrade, dec } from './format.js';
import type { RequestParams } from './params.js';
import { safeWeightInput, type Route, type RouteContext } from './route.js';

function knownSymbol(rc: RouteContext, symbol: string): string {
  if (!rc.sim.engine.symbols.has(symbol)) throw restErrors.invalidSymbol();
  return symbol;
}

/** `symbol`, `symbols=[...]` or neither (all); both at once is refused. */
function selectSymbols(rc: RouteContext): { single: boolean; symbols: string[] } {
  const symbol = rc.params.symbol();
  const symbols = rc.params.symbolList();
  if (symbol !== undefined && symbols !== undefined) throw restErrors.badCombination();
  if (symbol !== undefined) return { single: true, symbols: [knownSymbol(rc, symbol)] };
  if (symbols !== undefined) return { single: false, symbols: symbols.map((s) => knownSymbol(rc, s)) };
  return { single: false, symbols: [...rc.sim.engine.symbols.keys()] };
}

function symbolCount(params: RequestParams): number | undefined {
  if (params.has('symbol')) return 1;
  return safeWeightInput(() => params.symbolList()?.length, undefined);
}

const respond = <T>(sel: { single: boolean }, items: T[]): T | T[] => (sel.single ? (items[0] as T) : items);

function depthWeight(limit: number): number {
  if (limit <= 100) return 5;
  if (limit <= 500) return 25;
  if (limit <= 1000) return 50;
  return 250;
}

function ticker24hWeight(params: RequestParams): number {
  const n = symbolCount(params);
  if (n === undefined) return 80;
  if (n <= 20) return 2;
  if (n <= 100) return 40;
  return 80;
}

/** GET /api/v3/klines and uiKlines (same parameters and shape; the simulator serves the same data). */
function klinesRoute(path: string): Route {
  return {
    method: 'GET',
    path,
    security: 'NONE',
    weight: () => 2,
    handle: (rc) => {
      const { params } = rc;
      const symbol = knownSymbol(rc, params.requireSymbol());
      const interval = params.requireString('interval');
      if (!isKlineInterval(interval)) throw restErrors.invalidInterval();
      const startTime = params.integer('startTime');
      const endTime = params.integer('endTime');
      const limit = params.limit(500, 1000);
      return rc.sim.engine.klines(symbol, interval, { startTime, endTime, limit }).map(formatKline);
    },
  };
}

const MINI_FIELDS = ['symbol', 'openPrice', 'highPrice', 'lowPrice', 'lastPrice', 'volume', 'quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count'];

export const marketRoutes: Route[] = [
  { method: 'GET', path: '/api/v3/ping', security: 'NONE', weight: () => 1, handle: () => ({}) },
  { method: 'GET', path: '/api/v3/time', security: 'NONE', weight: () => 1, handle: (rc) => ({ serverTime: rc.serverTime }) },
  {
    method: 'GET',
    path: '/api/v3/exchangeInfo',
    security: 'NONE',
    weight: () => 20,
    handle: (rc) => {
      const { symbols } = selectSymbols(rc);
      const specs = symbols.map((s) => rc.sim.engine.symbols.get(s)).filter((s) => s !== undefined);
      return exchangeInfoJson(rc.serverTime, rc.limits, specs);
    },
  },
  {
    method: 'GET',
    path: '/api/v3/depth',
    security: 'NONE',
    weight: (p) => depthWeight(safeWeightInput(() => p.limit(100, 5000), 100)),
    handle: (rc) => {
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      return formatDepth(rc.sim.engine.depth(symbol, rc.params.limit(100, 5000)));
    },
  },
  {
    method: 'GET',
    path: '/api/v3/trades',
    security: 'NONE',
    weight: () => 25,
    handle: (rc) => {
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      return rc.sim.engine.recentTrades(symbol, rc.params.limit(500, 1000)).map(formatTrade);
    },
  },
  {
    method: 'GET',
    path: '/api/v3/aggTrades',
    security: 'NONE',
    weight: () => 4,
    handle: (rc) => {
      const { params } = rc;
      const symbol = knownSymbol(rc, params.requireSymbol());
      const fromId = params.id('fromId');
      const startTime = params.integer('startTime');
      const endTime = params.integer('endTime');
      if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw restErrors.badCombination();
      const limit = params.limit(500, 1000);
      return rc.sim.engine.aggTrades(symbol, { fromId, startTime, endTime, limit }).map(formatAggTrade);
    },
  },
  {
    method: 'GET',
    path: '/api/v3/historicalTrades',
    // Current rest-api.md lists "Old trade lookup" without a security type (NONE); it was MARKET_DATA
    // (API key required) until 2023. An X-MBX-APIKEY header is accepted and not checked, as for NONE.
    security: 'NONE',
    weight: () => 25,
    handle: (rc) => {
      const symbol = knownSymbol(rc, rc.params.requireSymbol());
      const fromId = rc.params.id('fromId');
      const limit = rc.params.limit(500, 1000);
      return rc.sim.engine.historicalTrades(symbol, { fromId, limit }).map(formatTrade);
    },
  },
  klinesRoute('/api/v3/klines'),
  klinesRoute('/api/v3/uiKlines'),
  {
    method: 'GET',
    path: '/api/v3/avgPrice',
    security: 'NONE',
    weight: () => 2,
    handle: (rc) => {
      const avg = rc.sim.engine.avgPrice(knownSymbol(rc, rc.params.requireSymbol()));
      return { mins: avg.mins, price: dec(avg.price), closeTime: avg.closeTime };
    },
  },
  {
    method: 'GET',
    path: '/api/v3/ticker/24hr',
    security: 'NONE',
    weight: ticker24hWeight,
    handle: (rc) => {
      const type = rc.params.string('type') ?? 'FULL';
      if (type !== 'FULL' && type !== 'MINI') throw restErrors.invalidTickerType();
      const sel = selectSymbols(rc);
      const items = sel.symbols.map((s) => {
        const full = formatTicker24h(rc.sim.engine.ticker24h(s));
        return type === 'FULL' ? full : Object.fromEntries(MINI_FIELDS.map((k) => [k, full[k]]));
      });
      return respond(sel, items);
    },
  },
  {
    method: 'GET',
    path: '/api/v3/ticker/price',
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 2 : 4),
    handle: (rc) => {
      const sel = selectSymbols(rc);
      const items = sel.symbols.map((s) => {
        const last = rc.sim.engine.lastPrice(s);
        return { symbol: s, price: last === undefined ? '0.00000000' : dec(last) };
      });
      return respond(sel, items);
    },
  },
  {
    method: 'GET',
    path: '/api/v3/ticker/bookTicker',
    security: 'NONE',
    weight: (p) => (p.has('symbol') ? 2 : 4),
    handle: (rc) => {
      const sel = selectSymbols(rc);
      return respond(
        sel,
        sel.symbols.map((s) => formatBookTicker(s, rc.sim.engine.bookTicker(s))),
      );
    },
  },
];
