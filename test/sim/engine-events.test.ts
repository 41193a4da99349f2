import { expect } from 'chai';
import { logger } from '../../lib/log.js';
import { harness } from './engine-test-kit.js';

function funded(options: { maxTradeHistory?: number } = {}) {
  const h = harness(options);
  h.engine.createAccount('maker', { BTC: '100', USDT: '1000000' });
  h.engine.createAccount('taker', { BTC: '100', USDT: '1000000' });
  return h;
}

const str = (levels: Array<[{ toString(): string }, { toString(): string }]>): string[][] => levels.map(([p, q]) => [p.toString(), q.toString()]);

describe('MatchingEngine events', () => {
  it('emits NEW, then per fill a trade and both executions, then balances, then one depth event', () => {
    const h = funded();
    h.limit('maker', 'SELL', '100.00', '1');
    h.events.length = 0;
    h.limit('taker', 'BUY', '100.00', '1');
    expect(h.events.map((e) => (e.type === 'execution' ? `${e.type}:${e.account}:${e.executionType}` : e.type))).to.deep.equal([
      'execution:taker:NEW',
      'trade',
      'execution:taker:TRADE',
      'execution:maker:TRADE',
      'accountPosition',
      'accountPosition',
      'depth',
    ]);
    const [takerTrade] = h.eventsOf('execution').filter((e) => e.executionType === 'TRADE');
    expect(takerTrade?.lastFill?.isMaker).to.equal(false);
    expect(takerTrade?.order.status).to.equal('FILLED');
  });

  it('reports only the assets that changed in accountPosition', () => {
    const h = funded();
    h.engine.deposit('maker', 'ETH', '1');
    h.events.length = 0;
    h.limit('maker', 'BUY', '100.00', '1');
    const [position] = h.eventsOf('accountPosition');
    expect(position?.balances.map((b) => [b.asset, b.free.toString(), b.locked.toString()])).to.deep.equal([['USDT', '999900', '100']]);
  });

  it('numbers depth events +1 per event per symbol, with new level totals and 0 for removed levels', () => {
    const h = funded();
    h.limit('maker', 'SELL', '100.00', '1');
    h.limit('maker', 'SELL', '100.00', '2');
    const o = h.limit('maker', 'BUY', '90.00', '1');
    h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: o.orderId });
    h.limit('taker', 'BUY', '100.00', '1.5');
    const depth = h.eventsOf('depth');
    expect(depth.map((d) => d.updateId)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(str(depth[1]!.asks)).to.deep.equal([['100', '3']]);
    expect(str(depth[3]!.bids)).to.deep.equal([['90', '0']]);
    expect(str(depth[4]!.asks)).to.deep.equal([['100', '1.5']]);
    expect(h.engine.depth('BTCUSDT', 10).lastUpdateId).to.equal(5);
  });

  it('does not emit a depth event when the book did not change', () => {
    const h = funded();
    h.limit('taker', 'BUY', '100.00', '1', { timeInForce: 'IOC' });
    expect(h.eventsOf('depth')).to.have.length(0);
  });

  it('delivers events of a call made from a listener after the current ones', () => {
    const h = funded();
    const order: string[] = [];
    let reentered = false;
    h.engine.onEvent((e) => {
      order.push(e.type);
      if (e.type === 'depth' && !reentered) {
        reentered = true;
        h.engine.deposit('maker', 'ETH', '1');
      }
    });
    h.limit('maker', 'BUY', '100.00', '1');
    expect(order).to.deep.equal(['execution', 'accountPosition', 'depth', 'balanceDelta', 'accountPosition']);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const h = funded();
    h.engine.onEvent(() => {
      throw new Error('boom');
    });
    const seen: string[] = [];
    h.engine.onEvent((e) => seen.push(e.type));
    const wasSilent = logger.silent;
    logger.silent = true; // the engine logs the listener's error; keep the test output clean
    try {
      h.limit('maker', 'BUY', '100.00', '1');
    } finally {
      logger.silent = wasSilent;
    }
    expect(seen).to.deep.equal(['execution', 'accountPosition', 'depth']);
  });

  it('stops delivering after unsubscribe', () => {
    const h = funded();
    const seen: string[] = [];
    const off = h.engine.onEvent((e) => seen.push(e.type));
    off();
    h.limit('maker', 'BUY', '100.00', '1');
    expect(seen).to.have.length(0);
  });
});

describe('MatchingEngine history and market data', () => {
  function withTrades() {
    const h = funded();
    h.limit('maker', 'SELL', '100.00', '1');
    h.limit('maker', 'SELL', '100.00', '1');
    h.limit('maker', 'SELL', '101.00', '1');
    h.clock.now += 1000;
    h.limit('taker', 'BUY', '101.00', '2.5'); // trades 1,2 @100 (agg 1), trade 3 @101 (agg 2)
    h.clock.now += 1000;
    h.limit('maker', 'BUY', '99.00', '1');
    h.limit('taker', 'SELL', '99.00', '1'); // trade 4 (agg 3)
    return h;
  }

  it('numbers public trades from 1 and groups one taker fills at one price into an aggregate', () => {
    const h = withTrades();
    const trades = h.engine.recentTrades('BTCUSDT', 500);
    expect(trades.map((t) => [t.id, t.aggId, t.isBuyerMaker])).to.deep.equal([
      [1n, 1n, false],
      [2n, 1n, false],
      [3n, 2n, false],
      [4n, 3n, true],
    ]);
    const aggs = h.engine.aggTrades('BTCUSDT', {});
    expect(aggs.map((a) => [a.a, a.p.toString(), a.q.toString(), a.f, a.l])).to.deep.equal([
      [1n, '100', '2', 1n, 2n],
      [2n, '101', '0.5', 3n, 3n],
      [3n, '99', '1', 4n, 4n],
    ]);
  });

  it('answers fromId, time-range and limit queries like Binance', () => {
    const h = withTrades();
    const t0 = h.engine.recentTrades('BTCUSDT', 1)[0]!.time - 2000;
    expect(h.engine.aggTrades('BTCUSDT', { fromId: 2n }).map((a) => a.a)).to.deep.equal([2n, 3n]);
    expect(h.engine.aggTrades('BTCUSDT', { fromId: 1n, limit: 1 }).map((a) => a.a)).to.deep.equal([1n]);
    expect(h.engine.aggTrades('BTCUSDT', { startTime: t0 + 1000, endTime: t0 + 1000 }).map((a) => a.a)).to.deep.equal([1n, 2n]);
    expect(h.engine.aggTrades('BTCUSDT', { limit: 2 }).map((a) => a.a)).to.deep.equal([2n, 3n]);
    expect(h.engine.recentTrades('BTCUSDT', 2).map((t) => t.id)).to.deep.equal([3n, 4n]);
  });

  it('keeps a bounded history', () => {
    const h = funded({ maxTradeHistory: 3 });
    for (let i = 0; i < 5; i++) {
      h.limit('maker', 'SELL', '100.00', '1');
      h.limit('taker', 'BUY', '100.00', '1');
    }
    expect(h.engine.recentTrades('BTCUSDT', 500).map((t) => t.id)).to.deep.equal([3n, 4n, 5n]);
    expect(h.engine.aggTrades('BTCUSDT', { fromId: 1n }).map((a) => a.a)).to.deep.equal([3n, 4n, 5n]);
  });

  it('lists an account fills with myTrades, filtered by orderId', () => {
    const h = withTrades();
    const taker = h.engine.myTrades('taker', 'BTCUSDT', {});
    expect(taker.map((t) => [t.tradeId, t.side, t.isMaker])).to.deep.equal([
      [1n, 'BUY', false],
      [2n, 'BUY', false],
      [3n, 'BUY', false],
      [4n, 'SELL', false],
    ]);
    const firstOrder = taker[0]!.orderId;
    expect(h.engine.myTrades('taker', 'BTCUSDT', { orderId: firstOrder }).map((t) => t.tradeId)).to.deep.equal([1n, 2n, 3n]);
    expect(h.engine.myTrades('maker', 'BTCUSDT', { fromId: 3n }).map((t) => t.tradeId)).to.deep.equal([3n, 4n]);
  });

  it('computes the 24 h ticker over a rolling window', () => {
    const h = withTrades();
    let t = h.engine.ticker24h('BTCUSDT');
    expect([t.openPrice, t.highPrice, t.lowPrice, t.lastPrice].map(String)).to.deep.equal(['100', '101', '99', '99']);
    expect([t.volume.toString(), t.quoteVolume.toString(), t.count, t.firstId, t.lastId]).to.deep.equal(['3.5', '349.5', 4, 1n, 4n]);
    expect(t.priceChange.toString()).to.equal('-1');
    expect(t.priceChangePercent.toString()).to.equal('-1');
    expect(t.weightedAvgPrice.toString()).to.equal('99.85714286');
    expect(t.askPrice.toString()).to.equal('101');
    h.clock.now += 24 * 60 * 60 * 1000 - 500; // the first three trades (1 s older than the last) fall out
    t = h.engine.ticker24h('BTCUSDT');
    expect([t.count, t.firstId, t.openPrice.toString(), t.prevClosePrice.toString(), t.highPrice.toString()]).to.deep.equal([1, 4n, '99', '101', '99']);
    h.clock.now += 10_000;
    t = h.engine.ticker24h('BTCUSDT');
    expect([t.count, t.firstId, t.lastId, t.volume.toString(), t.lastPrice.toString()]).to.deep.equal([0, -1n, -1n, '0', '99']);
  });

  it('serves historical trades from an id and the average price of the last avgPriceMins', () => {
    const h = withTrades();
    expect(h.engine.historicalTrades('BTCUSDT', { fromId: 3n, limit: 10 }).map((t) => t.id)).to.deep.equal([3n, 4n]);
    const avg = h.engine.avgPrice('BTCUSDT');
    expect(avg.mins).to.equal(5);
    expect(avg.price.toString()).to.equal('99.85714286');
    h.clock.now += 6 * 60_000;
    expect(h.engine.avgPrice('BTCUSDT').price.toString()).to.equal('99');
  });

  it('reports the best bid and ask', () => {
    const h = funded();
    expect(h.engine.bookTicker('BTCUSDT').bidPrice.toString()).to.equal('0');
    h.limit('maker', 'BUY', '99.00', '1');
    h.limit('maker', 'BUY', '99.00', '2');
    h.limit('maker', 'SELL', '101.00', '1');
    const top = h.engine.bookTicker('BTCUSDT');
    expect([top.bidPrice, top.bidQty, top.askPrice, top.askQty].map(String)).to.deep.equal(['99', '3', '101', '1']);
    expect(h.engine.lastPrice('BTCUSDT')).to.equal(undefined);
  });
});
