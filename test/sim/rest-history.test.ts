import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;
const MINUTE = 60_000;
const usedWeight = (r: { headers: Headers }): number => Number(r.headers.get('x-mbx-used-weight-1m'));

describe('simulator REST: klines, avgPrice, historicalTrades, allOrders', () => {
  let sim: RunningSimulator;
  let pub: TestRestClient;
  let bob: TestRestClient;
  let minute0: number;
  const tradeTimes: number[] = [];

  const trade = (side: 'BUY' | 'SELL', quantity: string): void => {
    const order = sim.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side, type: 'MARKET', quantity });
    tradeTimes.push(order.transactTime);
  };

  before(async () => {
    sim = await startSimulator({ bots: false, seed: 3 });
    pub = new TestRestClient(sim.rest);
    bob = new TestRestClient(sim.rest, sim.accounts[1]);
    // Start one second into a fresh minute so the first two trades share a 1m kline and the third does not.
    const now = sim.clock.now();
    minute0 = Math.ceil(now / MINUTE) * MINUTE;
    sim.clock.shift(minute0 + 1000 - now);
    sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '100.00', quantity: '0.10000' });
    trade('BUY', '0.10000'); // trade 1: 0.1 @ 100
    sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '110.00', quantity: '0.10000' });
    trade('BUY', '0.05000'); // trade 2: 0.05 @ 110
    sim.clock.shift(MINUTE);
    trade('BUY', '0.05000'); // trade 3: 0.05 @ 110, next minute
  });

  after(() => sim.stop());

  describe('GET /api/v3/klines', () => {
    it('folds the trade history into one kline per interval, in the documented array layout', async () => {
      const before = await pub.get('/api/v3/ping');
      const r = await pub.get<unknown[][]>('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1m' });
      expect(r.status).to.equal(200);
      expect(usedWeight(r) - usedWeight(before)).to.equal(2);
      expect(r.body).to.deep.equal([
        [minute0, '100.00000000', '110.00000000', '100.00000000', '110.00000000', '0.15000000', minute0 + MINUTE - 1, '15.50000000', 2, '0.15000000', '15.50000000', '0'],
        [minute0 + MINUTE, '110.00000000', '110.00000000', '110.00000000', '110.00000000', '0.05000000', minute0 + 2 * MINUTE - 1, '5.50000000', 1, '0.05000000', '5.50000000', '0'],
      ]);
    });

    it('selects by startTime, endTime and limit (the most recent without startTime)', async () => {
      const openTimes = async (params: Record<string, string | number>): Promise<unknown[]> =>
        (await pub.get<unknown[][]>('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1m', ...params })).body.map((k) => k[0]);
      expect(await openTimes({ limit: 1 })).to.deep.equal([minute0 + MINUTE]);
      expect(await openTimes({ startTime: minute0, limit: 1 })).to.deep.equal([minute0]);
      expect(await openTimes({ startTime: minute0 + 1 })).to.deep.equal([minute0 + MINUTE]);
      expect(await openTimes({ endTime: minute0 + MINUTE - 1 })).to.deep.equal([minute0]);
    });

    it('serves uiKlines with the same parameters and answer', async () => {
      const params = { symbol: 'BTCUSDT', interval: '1m' };
      const ui = await pub.get('/api/v3/uiKlines', params);
      expect(ui.status).to.equal(200);
      expect(ui.body).to.deep.equal((await pub.get('/api/v3/klines', params)).body);
    });

    it('rejects an unknown interval with -1120 and a missing one with -1102', async () => {
      const bad = await pub.get('/api/v3/klines', { symbol: 'BTCUSDT', interval: '7m' });
      expect(bad.status).to.equal(400);
      expect(bad.body).to.deep.equal({ code: -1120, msg: 'Invalid interval.' });
      const missing = await pub.get<Obj>('/api/v3/klines', { symbol: 'BTCUSDT' });
      expect(missing.body.code).to.equal(-1102);
    });
  });

  it('GET /api/v3/avgPrice: volume-weighted over avgPriceMins, closeTime = last trade time', async () => {
    const r = await pub.get('/api/v3/avgPrice', { symbol: 'BTCUSDT' });
    expect(r.status).to.equal(200);
    // (10 + 5.5 + 5.5) / 0.2
    expect(r.body).to.deep.equal({ mins: 5, price: '105.00000000', closeTime: tradeTimes[2] });
  });

  it('GET /api/v3/historicalTrades: most recent by default, from fromId ascending, weight 25', async () => {
    const before = await pub.get('/api/v3/ping');
    const all = await pub.get<Obj[]>('/api/v3/historicalTrades', { symbol: 'BTCUSDT' });
    expect(all.status).to.equal(200);
    expect(usedWeight(all) - usedWeight(before)).to.equal(25);
    expect(all.body.map((t) => t.id)).to.deep.equal([1, 2, 3]);
    const from = await pub.raw<Obj[]>('GET', '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=2&limit=1', { headers: { 'X-MBX-APIKEY': sim.accounts[0]!.apiKey } });
    expect(from.body).to.deep.equal([{ id: 2, price: '110.00000000', qty: '0.05000000', quoteQty: '5.50000000', time: tradeTimes[1], isBuyerMaker: false, isBestMatch: true }]);
  });

  describe('GET /api/v3/allOrders', () => {
    const signedAt = (params: Record<string, string | number>) => bob.signed<Obj[]>('GET', '/api/v3/allOrders', params, { timestamp: sim.clock.now() });

    it('lists open and closed orders by orderId; orderId starts the list there', async () => {
      sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '50.00', quantity: '0.20000' });
      const r = await signedAt({ symbol: 'BTCUSDT' });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.map((o) => [o.side, o.price, o.status])).to.deep.equal([
        ['SELL', '100.00000000', 'FILLED'],
        ['SELL', '110.00000000', 'FILLED'],
        ['BUY', '50.00000000', 'NEW'],
      ]);
      const ids = r.body.map((o) => o.orderId as number);
      expect((await signedAt({ symbol: 'BTCUSDT', orderId: ids[1]! })).body.map((o) => o.orderId)).to.deep.equal(ids.slice(1));
      expect((await signedAt({ symbol: 'BTCUSDT', limit: 1 })).body.map((o) => o.orderId)).to.deep.equal(ids.slice(2));
    });

    it('selects by time and refuses a window over 24 hours with -1127', async () => {
      const early = await signedAt({ symbol: 'BTCUSDT', startTime: minute0, endTime: minute0 + MINUTE - 1 });
      expect(early.body.map((o) => o.price)).to.deep.equal(['100.00000000', '110.00000000']);
      const wide = await signedAt({ symbol: 'BTCUSDT', startTime: minute0 - 25 * 60 * MINUTE, endTime: minute0 });
      expect(wide.status).to.equal(400);
      expect(wide.body).to.deep.equal({ code: -1127, msg: 'More than 24 hours between startTime and endTime.' });
    });

    it('is SIGNED: without an API key it answers 401 -2014', async () => {
      const r = await pub.get<Obj>('/api/v3/allOrders', { symbol: 'BTCUSDT' });
      expect(r.status).to.equal(401);
      expect(r.body.code).to.equal(-2014);
    });
  });
});

describe('simulator: MARKET orders and the NOTIONAL filter', () => {
  let sim: RunningSimulator;
  let alice: TestRestClient;

  before(async () => {
    sim = await startSimulator({ bots: false, seed: 4 });
    alice = new TestRestClient(sim.rest, sim.accounts[0]);
    // A big trade at 100 and a small one at 60000: last price 60000, 5-minute average ~106.
    sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '100.00', quantity: '1.00000' });
    sim.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1.00000' });
    sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.00010' });
    sim.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '6' }); // its own notional
    sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '90.00', quantity: '1.00000' });
  });

  after(() => sim.stop());

  it('measures a MARKET order with the average price over avgPriceMins, not the last price', async () => {
    // 0.0001 BTC is 6 USDT at the last price but about 0.01 USDT at the average: below minNotional 5.
    const order = { symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.00010' };
    const placed = await alice.signed('POST', '/api/v3/order', order);
    expect(placed.status).to.equal(400);
    expect(placed.body).to.deep.equal({ code: -1013, msg: 'Filter failure: NOTIONAL' });
    const tested = await alice.signed('POST', '/api/v3/order/test', order);
    expect(tested.body).to.deep.equal({ code: -1013, msg: 'Filter failure: NOTIONAL' });
    // 0.1 BTC is about 10.6 USDT at the average: accepted.
    const bigger = await alice.signed<Obj>('POST', '/api/v3/order', { ...order, quantity: '0.10000' });
    expect(bigger.status, JSON.stringify(bigger.body)).to.equal(200);
    expect(bigger.body.status).to.equal('FILLED');
  });

  it('keeps measuring LIMIT orders with their own price', async () => {
    const r = await alice.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.00010' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
  });
});
