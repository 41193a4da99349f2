import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;

describe('simulator REST: public market data', () => {
  let sim: RunningSimulator;
  let pub: TestRestClient;
  let alice: TestRestClient;
  let bob: TestRestClient;

  before(async () => {
    sim = await startSimulator({ bots: false, seed: 1 });
    pub = new TestRestClient(sim.rest);
    alice = new TestRestClient(sim.rest, sim.accounts[0]);
    bob = new TestRestClient(sim.rest, sim.accounts[1]);
    // A small market: bob rests asks, alice takes part of them (three trades at two prices).
    for (const [price, qty] of [
      ['65000.00', '0.01000'],
      ['65001.00', '0.02000'],
    ] as const) {
      const r = await bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: qty });
      expect(r.status).to.equal(200);
    }
    await bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '64000.00', quantity: '0.05000' });
    for (const qty of ['0.00500', '0.00500', '0.00500']) {
      const r = await alice.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: qty });
      expect(r.status).to.equal(200);
    }
  });

  after(() => sim.stop());

  it('answers ping with {} and time with the server clock', async () => {
    expect((await pub.get('/api/v3/ping')).body).to.deep.equal({});
    const before = sim.clock.now();
    const time = await pub.get<{ serverTime: number }>('/api/v3/time');
    expect(time.body.serverTime).to.be.a('number').and.at.least(before);
  });

  it('prints exchangeInfo with rate limits and the four filters as Binance does', async () => {
    const r = await pub.get<Obj & { symbols: Obj[]; rateLimits: Obj[] }>('/api/v3/exchangeInfo');
    expect(r.status).to.equal(200);
    expect(r.body.timezone).to.equal('UTC');
    expect(r.body.symbols.map((s) => s.symbol)).to.include.members(['BTCUSDT', 'ETHUSDT', 'ETHBTC']);
    expect(r.body.rateLimits[0]).to.deep.equal({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 });
    const btc = r.body.symbols.find((s) => s.symbol === 'BTCUSDT') as Obj & { filters: Obj[] };
    expect(btc.filters.map((f) => f.filterType)).to.deep.equal(['PRICE_FILTER', 'LOT_SIZE', 'MARKET_LOT_SIZE', 'NOTIONAL']);
    expect(btc.filters[0]).to.deep.equal({ filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' });
    expect(btc.orderTypes).to.deep.equal(['LIMIT', 'LIMIT_MAKER', 'MARKET']);
  });

  it('narrows exchangeInfo with symbol or symbols and rejects an unknown symbol with -1121', async () => {
    const one = await pub.get<{ symbols: Obj[] }>('/api/v3/exchangeInfo', { symbol: 'ETHBTC' });
    expect(one.body.symbols.map((s) => s.symbol)).to.deep.equal(['ETHBTC']);
    const two = await pub.get<{ symbols: Obj[] }>('/api/v3/exchangeInfo', { symbols: '["ETHBTC","BTCUSDT"]' });
    expect(two.body.symbols.map((s) => s.symbol)).to.deep.equal(['ETHBTC', 'BTCUSDT']);
    const bad = await pub.get('/api/v3/exchangeInfo', { symbol: 'NOPEUSDT' });
    expect(bad.status).to.equal(400);
    expect(bad.body).to.deep.equal({ code: -1121, msg: 'Invalid symbol.' });
  });

  it('serves the depth snapshot with string levels, best first, and charges weight by limit', async () => {
    const r = await pub.get<{ lastUpdateId: number; bids: string[][]; asks: string[][] }>('/api/v3/depth', { symbol: 'BTCUSDT', limit: 5 });
    expect(r.status).to.equal(200);
    expect(r.body.lastUpdateId).to.be.a('number').and.above(0);
    expect(r.body.asks[0]).to.deep.equal(['65001.00000000', '0.01500000']);
    expect(r.body.bids[0]).to.deep.equal(['64000.00000000', '0.05000000']);
    const weightOf = async (limit: number): Promise<number> => {
      const before = Number((await pub.get('/api/v3/ping')).headers.get('x-mbx-used-weight-1m'));
      const after = Number((await pub.get('/api/v3/depth', { symbol: 'BTCUSDT', limit })).headers.get('x-mbx-used-weight-1m'));
      return after - before;
    };
    expect(await weightOf(100)).to.equal(5);
    expect(await weightOf(500)).to.equal(25);
    expect(await weightOf(1000)).to.equal(50);
    expect(await weightOf(5000)).to.equal(250);
  });

  it('lists recent trades', async () => {
    const r = await pub.get<Obj[]>('/api/v3/trades', { symbol: 'BTCUSDT', limit: 2 });
    expect(r.body).to.have.length(2);
    expect(r.body[1]).to.include({ price: '65001.00000000', qty: '0.00500000', isBuyerMaker: false, isBestMatch: true });
  });

  it('pages aggTrades by fromId and by time so clients can backfill', async () => {
    const all = await pub.get<Array<{ a: number; T: number; p: string }>>('/api/v3/aggTrades', { symbol: 'BTCUSDT' });
    expect(all.body.length).to.be.at.least(2);
    const first = all.body[0]!;
    const from = await pub.get<Array<{ a: number }>>('/api/v3/aggTrades', { symbol: 'BTCUSDT', fromId: first.a + 1, limit: 1 });
    expect(from.body.map((t) => t.a)).to.deep.equal([first.a + 1]);
    const byTime = await pub.get<Array<{ a: number }>>('/api/v3/aggTrades', { symbol: 'BTCUSDT', startTime: first.T, endTime: first.T + 60_000 });
    expect(byTime.body[0]?.a).to.equal(first.a);
    const both = await pub.get('/api/v3/aggTrades', { symbol: 'BTCUSDT', fromId: 1, startTime: first.T });
    expect((both.body as Obj).code).to.equal(-1128);
  });

  it('answers ticker/24hr for one symbol (object), several or all (array), FULL or MINI', async () => {
    const one = await pub.get<Obj>('/api/v3/ticker/24hr', { symbol: 'BTCUSDT' });
    expect(one.body).to.include({ symbol: 'BTCUSDT', lastPrice: '65001.00000000', count: 3 });
    const all = await pub.get<Obj[]>('/api/v3/ticker/24hr');
    expect(all.body).to.be.an('array').with.length(3);
    const mini = await pub.get<Obj>('/api/v3/ticker/24hr', { symbol: 'BTCUSDT', type: 'MINI' });
    expect(mini.body).to.have.property('openPrice');
    expect(mini.body).not.to.have.property('bidPrice');
    const bad = await pub.get('/api/v3/ticker/24hr', { symbol: 'BTCUSDT', type: 'HUGE' });
    expect(bad.body).to.deep.equal({ code: -1139, msg: 'Invalid ticker type.' });
  });

  it('answers ticker/price and ticker/bookTicker for one symbol or a list', async () => {
    const price = await pub.get('/api/v3/ticker/price', { symbol: 'BTCUSDT' });
    expect(price.body).to.deep.equal({ symbol: 'BTCUSDT', price: '65001.00000000' });
    const prices = await pub.get<Obj[]>('/api/v3/ticker/price', { symbols: '["BTCUSDT","ETHUSDT"]' });
    expect(prices.body.map((p) => p.symbol)).to.deep.equal(['BTCUSDT', 'ETHUSDT']);
    const book = await pub.get('/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' });
    expect(book.body).to.deep.equal({ symbol: 'BTCUSDT', bidPrice: '64000.00000000', bidQty: '0.05000000', askPrice: '65001.00000000', askQty: '0.01500000' });
    const books = await pub.get<Obj[]>('/api/v3/ticker/bookTicker');
    expect(books.body).to.have.length(3);
  });

  it('rejects bad parameters with the Binance code naming the parameter', async () => {
    expect((await pub.get('/api/v3/depth')).body).to.deep.equal({ code: -1102, msg: "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed." });
    expect(((await pub.get('/api/v3/depth', { symbol: 'btcusdt' })).body as Obj).code).to.equal(-1100);
    expect(((await pub.get('/api/v3/depth', { symbol: 'BTCUSDT', limit: 'ten' })).body as Obj).msg).to.contain("parameter 'limit'");
    expect((await pub.raw('GET', '/api/v3/depth?symbol=BTCUSDT&symbol=ETHUSDT')).body).to.deep.equal({ code: -1101, msg: 'Duplicate values for a parameter detected.' });
    expect(((await pub.get('/api/v3/ticker/price', { symbol: 'BTCUSDT', symbols: '["BTCUSDT"]' })).body as Obj).code).to.equal(-1128);
    expect(((await pub.get('/api/v3/ticker/price', { symbols: '["BTCUSDT","BTCUSDT"]' })).body as Obj).code).to.equal(-1151);
  });

  it('answers an unknown endpoint with 404 and puts the used weight header on every response', async () => {
    const r = await pub.get('/api/v3/nope');
    expect(r.status).to.equal(404);
    expect(r.headers.get('x-mbx-used-weight-1m')).to.match(/^\d+$/);
    expect(r.headers.get('content-type')).to.contain('application/json');
  });
});
