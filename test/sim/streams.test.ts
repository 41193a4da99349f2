// MarketStreamServer: paths, payloads and control messages over real sockets on 127.0.0.1.
import { expect } from 'chai';
import { MarketStreamServer } from '../../sim/binance/streams/index.js';
import { makeContext, makeMarket, startHarness, TestClient, type Harness, type Json } from './streams-harness.js';

const CADENCE = { fastMs: 20, slowMs: 50, klineMs: 60 };

describe('MarketStreamServer', () => {
  let harness: Harness;
  let server: MarketStreamServer;
  const clients: TestClient[] = [];

  async function connect(path: string): Promise<TestClient> {
    const client = await TestClient.open(`${harness.url}${path}`);
    clients.push(client);
    return client;
  }

  beforeEach(async () => {
    const ctx = makeContext();
    server = new MarketStreamServer(ctx, { cadence: CADENCE });
    harness = await startHarness(ctx, [server]);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await harness.close();
  });

  describe('paths', () => {
    it('sends raw payloads on /ws/<stream>', async () => {
      const client = await connect('/ws/btcusdt@trade');
      makeMarket(harness.engine);
      harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
      const trade = await client.next((m) => m.e === 'trade');
      expect(trade).to.include({ e: 'trade', s: 'BTCUSDT', p: '101.00000000', q: '0.50000000', m: false, M: true });
      expect(trade.t).to.be.a('number');
    });

    it('wraps payloads as {stream,data} on /stream?streams=a/b', async () => {
      const client = await connect('/stream?streams=btcusdt@trade/ethusdt@trade');
      makeMarket(harness.engine, 'ETHUSDT');
      harness.engine.placeOrder({ account: 'alice', symbol: 'ETHUSDT', side: 'SELL', type: 'MARKET', quantity: '0.25' });
      const wrapped = await client.next((m) => m.stream === 'ethusdt@trade');
      expect(Object.keys(wrapped)).to.deep.equal(['stream', 'data']);
      expect(wrapped.data).to.include({ e: 'trade', s: 'ETHUSDT', p: '100.00000000', m: true });
    });

    it('serves several raw streams on /ws/<a>/<b>', async () => {
      const client = await connect('/ws/btcusdt@trade/btcusdt@aggTrade');
      makeMarket(harness.engine);
      harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
      await client.next((m) => m.e === 'trade');
      await client.next((m) => m.e === 'aggTrade');
    });

    it('accepts a percent-encoded @ in the path', async () => {
      const client = await connect('/ws/btcusdt%40trade');
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 })).to.deep.equal({ result: ['btcusdt@trade'], id: 1 });
    });

    it('opens a connection whose path names an unknown stream, and sends nothing for it (as Binance; ccxt connects to /ws/0)', async () => {
      const client = await connect('/ws/0');
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 })).to.deep.equal({ result: [], id: 1 });
      expect(await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 2 })).to.deep.equal({ result: null, id: 2 });
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 3 })).to.deep.equal({ result: ['btcusdt@trade'], id: 3 });
    });

    it('ignores unknown and upper-case names in the path and serves the known ones', async () => {
      const client = await connect('/ws/nosuch@trade/BTCUSDT@trade/btcusdt@aggTrade');
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 })).to.deep.equal({ result: ['btcusdt@aggTrade'], id: 1 });
    });

    it('leaves other paths to the next handler', () => {
      const req = { url: '/ws-api/v3' } as import('node:http').IncomingMessage;
      expect(server.handleUpgrade(req, undefined as never, Buffer.alloc(0))).to.equal(false);
    });

    it('counts its connections', async () => {
      await connect('/ws');
      await connect('/stream?streams=btcusdt@trade');
      expect(server.connectionCount()).to.equal(2);
    });
  });

  describe('control messages', () => {
    it('subscribes, lists and unsubscribes live', async () => {
      const client = await connect('/ws');
      expect(await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@aggTrade', 'btcusdt@depth'], id: 1 })).to.deep.equal({ result: null, id: 1 });
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 3 })).to.deep.equal({ result: ['btcusdt@aggTrade', 'btcusdt@depth'], id: 3 });
      expect(await client.request({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth'], id: 312 })).to.deep.equal({ result: null, id: 312 });
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 4 })).to.deep.equal({ result: ['btcusdt@aggTrade'], id: 4 });
    });

    it('delivers a stream subscribed live', async () => {
      const client = await connect('/ws');
      await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 'abc123' });
      makeMarket(harness.engine);
      harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' });
      await client.next((m) => m.e === 'trade');
    });

    it('switches the combined property with SET_PROPERTY and reports it with GET_PROPERTY', async () => {
      const client = await connect('/ws/btcusdt@trade');
      expect(await client.request({ method: 'GET_PROPERTY', params: ['combined'], id: 2 })).to.deep.equal({ result: false, id: 2 });
      expect(await client.request({ method: 'SET_PROPERTY', params: ['combined', true], id: 5 })).to.deep.equal({ result: null, id: 5 });
      expect(await client.request({ method: 'GET_PROPERTY', params: ['combined'], id: 6 })).to.deep.equal({ result: true, id: 6 });
      makeMarket(harness.engine);
      harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.1' });
      const wrapped = await client.next((m) => m.stream === 'btcusdt@trade');
      expect(wrapped.data).to.include({ e: 'trade' });
    });

    it('accepts null and alphanumeric string ids and echoes them', async () => {
      const client = await connect('/ws');
      const from = client.messages.length;
      client.send({ method: 'LIST_SUBSCRIPTIONS', id: null });
      expect(await client.next(() => true, 3000, from)).to.deep.equal({ result: [], id: null });
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 'A1b2' })).to.deep.equal({ result: [], id: 'A1b2' });
    });

    const errorCases: Array<[string, unknown, Json]> = [
      ['invalid JSON', '{"method": ', { code: 3, msg: 'Invalid JSON: expected value at line 1 column 12' }],
      ['a missing method', { id: 1 }, { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 8' }],
      ['a missing id', { method: 'LIST_SUBSCRIPTIONS' }, { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }],
      ['a non-alphanumeric id', { method: 'LIST_SUBSCRIPTIONS', id: 'a-b' }, { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }],
      ['an unknown property', { method: 'GET_PROPERTY', params: ['colour'], id: 7 }, { code: 0, msg: 'Unknown property', id: 7 }],
      ['a non-boolean property value', { method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 8 }, { code: 1, msg: 'Invalid value type: expected Boolean' }],
      ['a non-string property name', { method: 'SET_PROPERTY', params: [1, true], id: 9 }, { code: 2, msg: 'Invalid request: property name must be a string' }],
      ['too many parameters', { method: 'SET_PROPERTY', params: ['combined', true, 1], id: 10 }, { code: 2, msg: 'Invalid request: too many parameters' }],
      ['an unknown stream', { method: 'SUBSCRIBE', params: ['btcusdt@nothing'], id: 11 }, { code: 2, msg: 'Invalid request: unknown stream name `btcusdt@nothing`' }],
    ];
    for (const [what, message, reply] of errorCases) {
      it(`answers ${what} with the documented error`, async () => {
        const client = await connect('/ws');
        const from = client.messages.length;
        client.send(message);
        expect(await client.next(() => true, 3000, from)).to.deep.equal(reply);
      });
    }

    it('answers an unknown method with the unknown-variant error', async () => {
      const client = await connect('/ws');
      client.send({ method: 'SUBSCRIB', id: 1 });
      const reply = await client.next(() => true);
      expect(reply.code).to.equal(2);
      expect(reply.msg).to.match(/^Invalid request: unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column \d+$/);
    });
  });
});
