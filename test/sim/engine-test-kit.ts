// Shared set-up for the engine's specs: an engine on a manual clock with a small test symbol, an event
// recorder, order shorthands, and the invariant checks the property tests and bot tests rely on.
import { expect } from 'chai';
import { Decimal } from '../../lib/core/decimal.js';
import { binanceRejection } from '../../sim/binance/rejection-errors.js';
import { MatchingEngine } from '../../sim/engine/engine.js';
import { EngineRejection, type EngineEvent, type NewOrderRequest, type Order, type SymbolSpec } from '../../sim/engine/types.js';

export const TEST_SYMBOL: SymbolSpec = {
  symbol: 'BTCUSDT',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  baseAssetPrecision: 8,
  quoteAssetPrecision: 8,
  priceFilter: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
  lotSize: { minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
  marketLotSize: { minQty: '0', maxQty: '100', stepSize: '0' },
  notional: { minNotional: '5', applyMinToMarket: true, maxNotional: '9000000', applyMaxToMarket: false, avgPriceMins: 5 },
};

export interface Harness {
  engine: MatchingEngine;
  events: EngineEvent[];
  clock: { now: number };
  limit(account: string, side: 'BUY' | 'SELL', price: string, quantity: string, extra?: Partial<NewOrderRequest>): Order;
  market(account: string, side: 'BUY' | 'SELL', extra: Partial<NewOrderRequest>): Order;
  eventsOf<T extends EngineEvent['type']>(type: T): Array<Extract<EngineEvent, { type: T }>>;
}

export interface HarnessOptions {
  symbols?: SymbolSpec[];
  fees?: { maker: string; taker: string };
  maxTradeHistory?: number;
  maxClosedOrdersPerAccount?: number;
}

export function harness(options: HarnessOptions = {}): Harness {
  const clock = { now: 1_700_000_000_000 };
  const engine = new MatchingEngine({
    symbols: options.symbols ?? [TEST_SYMBOL],
    clock: () => clock.now,
    ...(options.fees ? { fees: options.fees } : {}),
    limits: {
      ...(options.maxTradeHistory ? { maxTradeHistory: options.maxTradeHistory } : {}),
      ...(options.maxClosedOrdersPerAccount ? { maxClosedOrdersPerAccount: options.maxClosedOrdersPerAccount } : {}),
    },
  });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return {
    engine,
    events,
    clock,
    limit: (account, side, price, quantity, extra = {}) =>
      engine.placeOrder({ account, symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...extra }),
    market: (account, side, extra) => engine.placeOrder({ account, symbol: 'BTCUSDT', side, type: 'MARKET', ...extra }),
    eventsOf: <T extends EngineEvent['type']>(type: T) => events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type),
  };
}

/** Asserts `fn` throws an EngineRejection that the Binance dialect answers with this code and message. */
export function expectRejection(fn: () => unknown, code: number, message: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, 'expected a rejection').to.be.instanceOf(EngineRejection);
  expect(binanceRejection((caught as EngineRejection).rejection)).to.deep.equal({ code, msg: message });
}

export function balanceOf(engine: MatchingEngine, account: string, asset: string): { free: string; locked: string } {
  const entry = engine.balances(account).find((b) => b.asset === asset);
  return { free: (entry?.free ?? new Decimal(0)).toString(), locked: (entry?.locked ?? new Decimal(0)).toString() };
}

/** Sum of free+locked per asset over every account. */
export function totals(engine: MatchingEngine): Map<string, Decimal> {
  const out = new Map<string, Decimal>();
  for (const account of engine.accountNames()) {
    for (const b of engine.balances(account)) out.set(b.asset, (out.get(b.asset) ?? new Decimal(0)).add(b.free).add(b.locked));
  }
  return out;
}

/** No negative balance anywhere; no symbol's book crossed at rest; locked equals what open orders hold. */
export function checkInvariants(engine: MatchingEngine): void {
  for (const account of engine.accountNames()) {
    for (const b of engine.balances(account)) {
      expect(b.free.isNegative(), `${account} ${b.asset} free ${b.free.toString()}`).to.equal(false);
      expect(b.locked.isNegative(), `${account} ${b.asset} locked ${b.locked.toString()}`).to.equal(false);
    }
  }
  for (const symbol of engine.symbols.keys()) {
    const { bids, asks } = engine.depth(symbol, 5000);
    const bestBid = bids[0];
    const bestAsk = asks[0];
    if (bestBid && bestAsk) expect(bestBid[0].lt(bestAsk[0]), `${symbol} crossed: ${bestBid[0].toString()} >= ${bestAsk[0].toString()}`).to.equal(true);
  }
}

export function expectSameTotals(before: Map<string, Decimal>, after: Map<string, Decimal>): void {
  for (const [asset, total] of before) expect((after.get(asset) ?? new Decimal(0)).toString(), asset).to.equal(total.toString());
}
