// WsApiServer: requests, responses and user data events over real sockets on 127.0.0.1.
import { expect } from 'chai';
import type { SimAccount } from '../../sim/binance/context.js';
import { WsApiServer } from '../../sim/binance/wsapi/index.js';
import { ALICE, BOB, makeContext, signedParams, sleep, startHarness, TestClient, type Harness, type Json } from './streams-harness.js';

describe('WsApiServer', () => {
  let harness: Harness;
  let client: TestClient;
  let nextId = 0;

  function call(method: string, params?: Json): Promise<Json> {
    nextId += 1;
    return client.request(params === undefined ? { id: `r${nextId}`, method } : { id: `r${nextId}`, method, params });
  }

  function subscribe(account: SimAccount, extra: Record<string, string | number | boolean> = {}): Promise<Json> {
    return call('userDataStream.subscribe.signature', signedParams(account, harness.ctx.clock.now(), extra));
  }

  beforeEach(async () => {
    const ctx = makeContext();
    harness = await startHarness(ctx, [new WsApiServer(ctx)]);
    client = await TestClient.open(`${harness.url}/ws-api/v3`);
  });

  afterEach(async () => {
    client.close();
    await harness.close();
  });

  describe('requests', () => {
    it('answers ping with an empty result and the REQUEST_WEIGHT rate limit', async () => {
      const reply = await call('ping');
      expect(reply).to.deep.include({ status: 200, result: {} });
      const limits = reply.rateLimits as Json[];
      expect(limits).to.have.length(1);
      expect(limits[0]).to.include({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 });
      // 2 for connecting, 1 for the ping.
      expect(limits[0]!.count).to.equal(3);
    });

    it('answers time with the server clock', async () => {
      harness.ctx.clock.shift(5000);
      const reply = await call('time');
      expect(Math.abs(((reply.result as Json).serverTime as number) - (Date.now() + 5000))).to.be.below(1000);
    });

    it('hides rateLimits with returnRateLimits=false, per request or per connection', async () => {
      expect(Object.keys(await call('time', { returnRateLimits: false }))).to.deep.equal(['id', 'status', 'result']);
      const quiet = await TestClient.open(`${harness.url}/ws-api/v3?returnRateLimits=false`);
      try {
        expect(await quiet.request({ id: 1, method: 'ping' })).to.deep.equal({ id: 1, status: 200, result: {} });
        expect(await quiet.request({ id: 2, method: 'ping', params: { returnRateLimits: true } })).to.have.property('rateLimits');
      } finally {
        quiet.close();
      }
    });

    it('accepts a version prefix on method names', async () => {
      expect(await call('v3/ping')).to.deep.include({ status: 200, result: {} });
    });

    it('answers invalid JSON with status 400 and id null', async () => {
      client.send('{"id": 1, "method": ');
      expect(await client.next(() => true)).to.deep.equal({ id: null, status: 400, error: { code: -1135, msg: 'Invalid JSON Request' } });
    });

    it('answers an unknown method with status 400', async () => {
      const reply = await call('order.teleport');
      expect(reply).to.deep.include({ status: 400, error: { code: -1020, msg: 'This operation is not supported.' } });
    });

    it('answers params that are not an object with -1135', async () => {
      const reply = await client.request({ id: 9, method: 'time', params: [1] });
      expect(reply.error).to.deep.equal({ code: -1135, msg: "Invalid 'params' in JSON request; expected an object." });
    });
  });

  describe('userDataStream.subscribe.signature', () => {
    it('subscribes with a valid HMAC signature and numbers subscriptions from 0', async () => {
      expect(await subscribe(ALICE, { returnRateLimits: false })).to.deep.include({ status: 200, result: { subscriptionId: 0 } });
      expect((await subscribe(BOB)).result).to.deep.equal({ subscriptionId: 1 });
      expect((await call('session.subscriptions')).result).to.deep.equal([{ subscriptionId: 0 }, { subscriptionId: 1 }]);
    });

    it('accepts recvWindow and signs it like every other param', async () => {
      harness.ctx.clock.shift(20_000); // the request arrives 20 s after its timestamp
      const params = signedParams(ALICE, Date.now(), { recvWindow: 60_000 });
      expect((await call('userDataStream.subscribe.signature', params)).status).to.equal(200);
    });

    const failures: Array<[string, (now: number) => Json, number, number, string]> = [
      ['an unknown API key', (now) => signedParams({ ...ALICE, apiKey: 'nobody0123456789' }, now), 401, -2015, 'Invalid API-key, IP, or permissions for action.'],
      ['a wrong signature', (now) => ({ ...signedParams(ALICE, now), signature: 'ab'.repeat(32) }), 400, -1022, 'Signature for this request is not valid.'],
      ['a secret that does not match', (now) => signedParams({ ...ALICE, apiSecret: 'wrong' }, now), 400, -1022, 'Signature for this request is not valid.'],
      ['a timestamp older than recvWindow', (now) => signedParams(ALICE, now - 6000), 400, -1021, 'Timestamp for this request is outside of the recvWindow.'],
      ['a timestamp 1000 ms ahead', (now) => signedParams(ALICE, now + 1500), 400, -1021, "Timestamp for this request was 1000ms ahead of the server's time."],
      ['a missing signature', (now) => ({ apiKey: ALICE.apiKey, timestamp: now }), 400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed."],
      ['a missing timestamp', () => ({ apiKey: ALICE.apiKey, signature: 'ab'.repeat(32) }), 400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."],
      ['a recvWindow above 60000', (now) => signedParams(ALICE, now, { recvWindow: 60_001 }), 400, -1102, "'recvWindow' contains unexpected value. Cannot be greater than 60000."],
    ];
    for (const [what, params, status, code, msg] of failures) {
      it(`refuses ${what} with ${code}`, async () => {
        const reply = await call('userDataStream.subscribe.signature', params(harness.ctx.clock.now()));
        expect(reply).to.deep.include({ status, error: { code, msg } });
        expect((await call('session.subscriptions')).result).to.deep.equal([]);
      });
    }

    it('refuses a second subscription for the same account with -2035', async () => {
      await subscribe(ALICE);
      expect((await subscribe(ALICE)).error).to.deep.equal({ code: -2035, msg: 'User Data Stream subscription already active.' });
    });
  });

  describe('userDataStream.unsubscribe', () => {
    it('ends one subscription: {} then eventStreamTerminated for it', async () => {
      await subscribe(ALICE);
      await subscribe(BOB);
      const from = client.messages.length;
      expect(await call('userDataStream.unsubscribe', { subscriptionId: 0 })).to.deep.include({ status: 200, result: {} });
      const ended = await client.next((m) => (m.event as Json | undefined)?.e === 'eventStreamTerminated', 3000, from);
      expect(ended.subscriptionId).to.equal(0);
      expect((await call('session.subscriptions')).result).to.deep.equal([{ subscriptionId: 1 }]);
    });

    it('ends every subscription without a subscriptionId', async () => {
      await subscribe(ALICE);
      await subscribe(BOB);
      await call('userDataStream.unsubscribe');
      expect((await call('session.subscriptions')).result).to.deep.equal([]);
      expect(client.messages.filter((m) => (m.event as Json | undefined)?.e === 'eventStreamTerminated')).to.have.length(2);
    });

    it('refuses an inactive subscriptionId with -2036', async () => {
      expect((await call('userDataStream.unsubscribe', { subscriptionId: 4 })).error).to.deep.equal({ code: -2036, msg: 'User Data Stream subscription not active.' });
    });
  });

  describe('user data events', () => {
    const isEvent = (type: string) => (m: Json) => (m.event as Json | undefined)?.e === type;

    it('pushes executionReport NEW, TRADE and CANCELED for the subscribed account only', async () => {
      await subscribe(ALICE);
      const engine = harness.engine;
      const resting = engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '101.00', quantity: '2', clientOrderId: 'aliceSell1' });
      const created = await client.next((m) => isEvent('executionReport')(m) && (m.event as Json).x === 'NEW');
      expect(created.subscriptionId).to.equal(0);
      expect(created.event).to.include({ s: 'BTCUSDT', c: 'aliceSell1', S: 'SELL', o: 'LIMIT', f: 'GTC', q: '2.00000000', p: '101.00000000', X: 'NEW', i: Number(resting.orderId), w: true, t: -1, N: null, C: '' });

      engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
      const trade = (await client.next((m) => isEvent('executionReport')(m) && (m.event as Json).x === 'TRADE')).event as Json;
      expect(trade).to.include({ X: 'PARTIALLY_FILLED', l: '0.50000000', z: '0.50000000', L: '101.00000000', m: true, Y: '50.50000000', Z: '50.50000000' });
      expect(trade.t).to.be.a('number').and.not.equal(-1);

      engine.cancelOrder({ account: 'alice', symbol: 'BTCUSDT', orderId: resting.orderId });
      const canceled = (await client.next((m) => isEvent('executionReport')(m) && (m.event as Json).x === 'CANCELED')).event as Json;
      expect(canceled).to.include({ X: 'CANCELED', C: 'aliceSell1', w: false });
      expect(canceled.c).to.match(/^[A-Za-z0-9]{22}$/);

      // Bob traded too; none of his executions reach Alice's subscription.
      const reports = client.messages.filter(isEvent('executionReport'));
      expect(reports.every((m) => (m.event as Json).c !== undefined && (m.event as Json).i === Number(resting.orderId))).to.equal(true);
    });

    it('pushes outboundAccountPosition with the changed balances', async () => {
      await subscribe(ALICE);
      harness.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '100.00', quantity: '1' });
      const position = (await client.next(isEvent('outboundAccountPosition'))).event as Json;
      expect(position.B).to.deep.include({ a: 'USDT', f: '999900.00000000', l: '100.00000000' });
      expect(position.u).to.be.a('number');
    });

    it('pushes balanceUpdate on a deposit', async () => {
      await subscribe(ALICE);
      harness.engine.deposit('alice', 'BTC', '1.5');
      const update = await client.next(isEvent('balanceUpdate'));
      expect(update.event).to.include({ a: 'BTC', d: '1.50000000' });
      expect(update.subscriptionId).to.equal(0);
    });

    it('stops pushing after unsubscribe', async () => {
      await subscribe(ALICE);
      await call('userDataStream.unsubscribe');
      await sleep(10);
      const count = client.messages.length;
      harness.engine.deposit('alice', 'BTC', '1');
      await sleep(30);
      expect(client.messages).to.have.length(count);
    });
  });
});
