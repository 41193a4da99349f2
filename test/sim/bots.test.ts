import { expect } from 'chai';
import { DEFAULT_BOT_OPTIONS, MarketBots } from '../../sim/bots/market-bots.js';
import { SeededRandom } from '../../sim/bots/random.js';
import { MatchingEngine } from '../../sim/engine/engine.js';
import type { EngineEvent } from '../../sim/engine/types.js';
import { DEFAULT_SYMBOLS } from '../../sim/symbols.js';
import { checkInvariants, expectSameTotals, totals } from './engine-test-kit.js';

function engine(): MatchingEngine {
  return new MatchingEngine({ symbols: DEFAULT_SYMBOLS, clock: Date.now });
}

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).to.deep.equal(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).to.not.deep.equal(seqA);
    for (const x of seqA) expect(x).to.be.within(0, 1);
  });
});

describe('MarketBots', () => {
  it('quotes the configured number of levels on each side around the start mid', () => {
    const e = engine();
    const bots = new MarketBots(e, { seed: 1, makerIntervalMs: 1000, takerIntervalMs: 1000, levels: 5 });
    bots.makerTick();
    for (const spec of DEFAULT_SYMBOLS) {
      const book = e.depth(spec.symbol, 100);
      expect(book.bids, spec.symbol).to.have.length(5);
      expect(book.asks, spec.symbol).to.have.length(5);
      const mid = bots.mid(spec.symbol);
      expect(mid).to.not.equal(undefined);
      expect(book.bids[0]?.[0].lt(mid!)).to.equal(true);
      expect(book.asks[0]?.[0].gt(mid!)).to.equal(true);
    }
    checkInvariants(e);
  });

  it('never leaves a side of the book empty while it replaces its ladder (bookTicker never shows a zero price)', () => {
    const e = engine();
    const bots = new MarketBots(e, { seed: 5, makerIntervalMs: 1000, takerIntervalMs: 1000, levels: 3, volatilityBps: 20 });
    bots.makerTick();
    const empty: string[] = [];
    e.onEvent((event: EngineEvent) => {
      if (event.type !== 'depth') return;
      const top = e.bookTicker(event.symbol);
      if (top.bidPrice.isZero() || top.askPrice.isZero()) empty.push(`${event.symbol}@${event.updateId}`);
      if (!top.bidPrice.isZero() && !top.askPrice.isZero()) expect(top.bidPrice.lt(top.askPrice), `${event.symbol} not crossed`).to.equal(true);
    });
    for (let i = 0; i < 50; i++) bots.makerTick();
    expect(empty).to.deep.equal([]);
    for (const spec of DEFAULT_SYMBOLS) expect(e.openOrders('bot-maker', spec.symbol), spec.symbol).to.have.length(6);
    expect(e.recentTrades('BTCUSDT', 10), 'the maker never trades with itself').to.deep.equal([]);
    checkInvariants(e);
  });

  it('is reproducible: the same seed gives the same trades', () => {
    const run = (): string[] => {
      let t = 1_000;
      const e = new MatchingEngine({ symbols: DEFAULT_SYMBOLS, clock: () => t++ });
      const bots = new MarketBots(e, { seed: 99, makerIntervalMs: 1, takerIntervalMs: 1, levels: 4 });
      for (let i = 0; i < 30; i++) {
        bots.makerTick();
        bots.takerTick();
      }
      return e.recentTrades('BTCUSDT', 1000).map((tr) => `${tr.price.toString()}x${tr.qty.toString()}`);
    };
    const first = run();
    expect(first.length).to.be.greaterThan(0);
    expect(run()).to.deep.equal(first);
  });

  it('keeps a live market for 2 s at fast rates with the engine invariants intact', async function () {
    this.timeout(15_000);
    const e = engine();
    const counts = new Map<EngineEvent['type'], number>();
    const symbolsWithTrades = new Set<string>();
    e.onEvent((ev) => {
      counts.set(ev.type, (counts.get(ev.type) ?? 0) + 1);
      if (ev.type === 'trade') symbolsWithTrades.add(ev.symbol);
    });
    const bots = new MarketBots(e, { seed: 2026, makerIntervalMs: 20, takerIntervalMs: 10, levels: 8 });
    const before = totals(e);
    bots.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    } finally {
      bots.stop();
    }
    expect(bots.running).to.equal(false);
    expect(counts.get('trade') ?? 0).to.be.greaterThan(50);
    expect(counts.get('depth') ?? 0).to.be.greaterThan(100);
    expect([...symbolsWithTrades].sort()).to.deep.equal(['BTCUSDT', 'ETHBTC', 'ETHUSDT']);
    for (const spec of DEFAULT_SYMBOLS) {
      const ticker = e.ticker24h(spec.symbol);
      expect(ticker.count, spec.symbol).to.be.greaterThan(0);
      expect(ticker.highPrice.gte(ticker.lowPrice)).to.equal(true);
    }
    checkInvariants(e);
    expectSameTotals(before, totals(e));
    expect(bots.stats().makerRefreshes).to.be.greaterThan(0);
  });

  it('at default rates keeps trades and depth flowing on every symbol through 60 s (virtual time)', () => {
    // Ticks are driven by hand on a virtual clock in the order the default timers would fire them.
    const clock = { now: 1_700_000_000_000 };
    const start = clock.now;
    const e = new MatchingEngine({ symbols: DEFAULT_SYMBOLS, clock: () => clock.now });
    const lastSeen = new Map<string, { trade: number; depth: number }>();
    let longestGap = 0;
    e.onEvent((ev) => {
      if (ev.type !== 'trade' && ev.type !== 'depth') return;
      const seen = lastSeen.get(ev.symbol) ?? { trade: start, depth: start };
      longestGap = Math.max(longestGap, clock.now - seen[ev.type]);
      seen[ev.type] = clock.now;
      lastSeen.set(ev.symbol, seen);
    });
    const bots = new MarketBots(e, { ...DEFAULT_BOT_OPTIONS });
    const before = totals(e);
    const { makerIntervalMs, takerIntervalMs } = DEFAULT_BOT_OPTIONS;
    bots.makerTick();
    for (let nextMaker = start + makerIntervalMs, nextTaker = start + takerIntervalMs; Math.min(nextMaker, nextTaker) <= start + 60_000; ) {
      if (nextMaker <= nextTaker) {
        clock.now = nextMaker;
        bots.makerTick();
        nextMaker += makerIntervalMs;
      } else {
        clock.now = nextTaker;
        bots.takerTick();
        nextTaker += takerIntervalMs;
      }
    }
    expect([...lastSeen.keys()].sort()).to.deep.equal(['BTCUSDT', 'ETHBTC', 'ETHUSDT']);
    for (const [symbol, seen] of lastSeen) {
      expect(clock.now - seen.trade, `${symbol} last trade`).to.be.lessThan(5_000);
      expect(clock.now - seen.depth, `${symbol} last depth`).to.be.lessThan(1_000);
    }
    expect(longestGap, 'longest silence of a stream').to.be.lessThan(10_000);
    checkInvariants(e);
    expectSameTotals(before, totals(e));
  });
});
