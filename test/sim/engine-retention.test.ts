import { expect } from 'chai';
import { Decimal } from '../../lib/core/decimal.js';
import { MarketBots } from '../../sim/bots/market-bots.js';
import { MatchingEngine } from '../../sim/engine/engine.js';
import { BoundedHistory, ENTRY_BYTES, RetentionBudget } from '../../sim/engine/retention.js';
import { DAY_MS, FINE_PERIOD_MS, MAX_BUCKETS, RollingTicker } from '../../sim/engine/rolling-ticker.js';
import { DEFAULT_SYMBOLS, DEFAULT_START_MIDS } from '../../sim/symbols.js';

describe('RetentionBudget', () => {
  it('forgets the oldest entry of any history once the shared budget is passed', () => {
    const budget = new RetentionBudget(3);
    const a = new BoundedHistory<string>(budget, () => 1);
    const b = new BoundedHistory<string>(budget, () => 1);
    a.push('a1');
    b.push('b1');
    a.push('a2');
    b.push('b2');
    expect(a.view.slice(0)).to.deep.equal(['a2']);
    expect(b.view.slice(0)).to.deep.equal(['b1', 'b2']);
    b.push('b3');
    expect(a.view.slice(0)).to.deep.equal(['a2']);
    expect(b.view.slice(0)).to.deep.equal(['b2', 'b3']);
    expect(budget.usedBytes).to.equal(3);
  });

  it('counts a history that also caps itself once, and still evicts its live entries oldest first', () => {
    const budget = new RetentionBudget(4);
    const evicted: string[] = [];
    const capped = new BoundedHistory<string>(budget, () => 1, 2, (item) => evicted.push(item));
    const other = new BoundedHistory<string>(budget, () => 1);
    for (const item of ['c1', 'c2', 'c3', 'c4']) capped.push(item);
    expect(capped.view.slice(0)).to.deep.equal(['c3', 'c4']);
    expect(budget.usedBytes).to.equal(2);
    other.push('o1');
    other.push('o2');
    other.push('o3'); // over budget: the stale slots of c1/c2 go first, then the live c3
    expect(capped.view.slice(0)).to.deep.equal(['c4']);
    expect(other.view.slice(0)).to.deep.equal(['o1', 'o2', 'o3']);
    expect(evicted).to.deep.equal(['c1', 'c2', 'c3']);
    expect(budget.usedBytes).to.equal(4);
  });
});

describe('MatchingEngine retention', () => {
  it('keeps at most its history budget across symbols and accounts while the bots trade, newest kept', () => {
    let now = 1_700_000_000_000;
    const historyBytes = 400_000;
    const engine = new MatchingEngine({ symbols: DEFAULT_SYMBOLS, clock: () => now, limits: { historyBytes } });
    const bots = new MarketBots(engine, { seed: 7, makerIntervalMs: 500, takerIntervalMs: 300, levels: 5, startMids: DEFAULT_START_MIDS });
    for (let round = 0; round < 300; round++) {
      bots.makerTick();
      bots.takerTick();
      now += 500;
      expect(engine.retention.usedBytes).to.be.at.most(historyBytes);
    }
    // The budget is full (the bots made far more history than it holds) and the newest entries are the ones kept.
    expect(engine.retention.usedBytes).to.be.above(historyBytes - ENTRY_BYTES.closedOrder * 4);
    const trades = engine.recentTrades('BTCUSDT', 1000);
    const newest = trades[trades.length - 1];
    expect((newest?.id ?? 0n) > BigInt(trades.length)).to.equal(true);
    expect(engine.historicalTrades('BTCUSDT', { fromId: 1n, limit: 1 })[0]?.id).to.equal(trades[0]?.id);
    const makerOrders = engine.allOrders('bot-maker', 'BTCUSDT', { limit: 1000 });
    expect(makerOrders.length).to.be.below(300 * 10);
  });
});

describe('RollingTicker memory', () => {
  it('holds at most the fine buckets of its first minutes plus MAX_BUCKETS over a day of trades', () => {
    const ticker = new RollingTicker();
    const t0 = 1_700_000_000_000;
    const price = new Decimal('100');
    const qty = new Decimal('1');
    let id = 0n;
    for (let t = t0; t < t0 + DAY_MS + 3_600_000; t += 5_000) ticker.add(++id, t, price, qty);
    ticker.stats(t0 + DAY_MS + 3_600_000);
    expect(ticker.bucketCount).to.be.at.most(MAX_BUCKETS + 1);
    expect(ticker.bucketCount).to.be.at.least(MAX_BUCKETS - 1);
    // Within the first minutes, buckets stay 1 s wide (second-exact windows for short runs).
    const fresh = new RollingTicker();
    for (let t = t0; t < t0 + FINE_PERIOD_MS; t += 5_000) fresh.add(++id, t, price, qty);
    expect(fresh.bucketCount).to.equal(FINE_PERIOD_MS / 5_000);
  });
});
