// MarketStreamServer: every market payload type, built from a real MatchingEngine.
import { expect } from 'chai';
import { MarketStreamServer } from '../../sim/binance/streams/index.js';
import { makeContext, makeMarket, sleep, startHarness, TestClient, type Harness, type Json } from './streams-harness.js';

const CADENCE = { fastMs: 20, slowMs: 60, klineMs: 80 };

describe('MarketStreamServer payloads', () => {
  let harness: Harness;
  const clients: TestClient[] = [];

  async function connect(path: string): Promise<TestClient> {
    const client = await TestClient.open(`${harness.url}${path}`);
    clients.push(client);
    return client;
  }

  function order(side: 'BUY' | 'SELL', price: string, quantity: string, account = 'bob'): void {
    harness.engine.placeOrder({ account, symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity });
  }

  beforeEach(async () => {
    const ctx = makeContext();
    harness = await startHarness(ctx, [new MarketStreamServer(ctx, { cadence: CADENCE })]);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await harness.close();
  });

  it('aggTrade groups the fills of one taker order at one price', async () => {
    const client = await connect('/ws/btcusdt@aggTrade');
    order('SELL', '101.00', '1');
    order('SELL', '101.00', '2');
    harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '2.5' });
    const agg = await client.next((m) => m.e === 'aggTrade');
    expect(agg).to.include({ s: 'BTCUSDT', p: '101.00000000', q: '2.50000000', m: false, M: true });
    expect((agg.l as number) - (agg.f as number)).to.equal(1);
    await sleep(30);
    expect(client.messages.filter((m) => m.e === 'aggTrade')).to.have.length(1);
  });

  it('bookTicker pushes when the best bid or ask changes, with the book updateId', async () => {
    const client = await connect('/ws/btcusdt@bookTicker');
    order('BUY', '100.00', '1');
    order('SELL', '101.00', '2');
    const ticker = await client.next((m) => m.a === '101.00000000');
    expect(ticker).to.deep.equal({ u: harness.engine.depth('BTCUSDT', 1).lastUpdateId, s: 'BTCUSDT', b: '100.00000000', B: '1.00000000', a: '101.00000000', A: '2.00000000' });
    const count = client.messages.length;
    order('BUY', '90.00', '1'); // below the best bid: top unchanged
    await sleep(30);
    expect(client.messages).to.have.length(count);
  });

  it('depth folds the book changes of a window into one diff with continuous U/u and no pu', async () => {
    const client = await connect('/ws/btcusdt@depth@100ms');
    order('BUY', '100.00', '1');
    order('BUY', '100.00', '2');
    order('SELL', '101.00', '1');
    const first = await client.next((m) => m.e === 'depthUpdate');
    expect(first).to.not.have.property('pu');
    expect(first.U).to.be.at.most(first.u as number);
    order('BUY', '99.00', '1');
    const second = await client.next((m) => m.e === 'depthUpdate' && m.U !== first.U);
    expect(second.U).to.equal((first.u as number) + 1);
    const all = client.messages.filter((m) => m.e === 'depthUpdate');
    const bids = all.flatMap((m) => m.b as string[][]);
    // The two orders at 100.00 appear as one level holding the latest total.
    expect(bids.filter(([p]) => p === '100.00000000').at(-1)).to.deep.equal(['100.00000000', '3.00000000']);
  });

  it('depth (1000 ms stream) emits the same U/u chain at its own cadence', async () => {
    const client = await connect('/ws/btcusdt@depth');
    order('BUY', '100.00', '1');
    const first = await client.next((m) => m.e === 'depthUpdate');
    order('SELL', '105.00', '1');
    order('SELL', '106.00', '1');
    const second = await client.next((m) => m.e === 'depthUpdate' && m.U !== first.U);
    expect(second).to.include({ U: (first.u as number) + 1, u: (first.u as number) + 2 });
    expect(second.a).to.deep.equal([
      ['105.00000000', '1.00000000'],
      ['106.00000000', '1.00000000'],
    ]);
  });

  it('partial depth pushes lastUpdateId with the top N levels', async () => {
    for (let i = 0; i < 7; i += 1) order('BUY', `${90 + i}.00`, '1');
    order('SELL', '101.00', '2');
    const client = await connect('/ws/btcusdt@depth5@100ms');
    const book = await client.next((m) => 'lastUpdateId' in m);
    expect(Object.keys(book)).to.deep.equal(['lastUpdateId', 'bids', 'asks']);
    expect(book.lastUpdateId).to.equal(harness.engine.depth('BTCUSDT', 5).lastUpdateId);
    expect(book.bids).to.have.length(5);
    expect((book.bids as string[][])[0]).to.deep.equal(['96.00000000', '1.00000000']);
    expect(book.asks).to.deep.equal([['101.00000000', '2.00000000']]);
  });

  it('ticker and miniTicker push the 24 h statistics', async () => {
    makeMarket(harness.engine);
    harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    const client = await connect('/stream?streams=btcusdt@ticker/btcusdt@miniTicker');
    const ticker = (await client.next((m) => m.stream === 'btcusdt@ticker')).data as Json;
    expect(ticker).to.include({ e: '24hrTicker', s: 'BTCUSDT', c: '101.00000000', Q: '0.50000000', b: '100.00000000', a: '101.00000000', n: 1 });
    expect(ticker.P).to.match(/^-?\d+\.\d{3}$/);
    const mini = (await client.next((m) => m.stream === 'btcusdt@miniTicker')).data as Json;
    expect(mini).to.deep.include({ e: '24hrMiniTicker', s: 'BTCUSDT', c: '101.00000000', v: '0.50000000', q: '50.50000000' });
  });

  it('kline pushes the open candle with the trades of its interval', async () => {
    makeMarket(harness.engine);
    harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    const client = await connect('/ws/btcusdt@kline_1m');
    harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'SELL', type: 'MARKET', quantity: '0.25' });
    const kline = await client.next((m) => m.e === 'kline' && (m.k as Json).n === 2);
    const k = kline.k as Json;
    expect(k).to.include({ s: 'BTCUSDT', i: '1m', o: '101.00000000', c: '100.00000000', h: '101.00000000', l: '100.00000000', v: '0.75000000', x: false, V: '0.50000000' });
    expect((k.T as number) - (k.t as number)).to.equal(59_999);
  });

  it('kline_1s closes a candle with x: true when its second ends', async () => {
    const client = await connect('/ws/btcusdt@kline_1s');
    const closed = await client.next((m) => m.e === 'kline' && (m.k as Json).x === true, 3000);
    expect((closed.k as Json).T).to.equal(((closed.k as Json).t as number) + 999);
  });
});
