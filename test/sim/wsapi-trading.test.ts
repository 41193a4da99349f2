// The WebSocket API's order methods on a running simulator, signed per request with HMAC: answers as REST
// gives them, the errors REST gives, the 0-weight rule, ORDERS counts, and user events for these orders.
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { SimAccount } from '../../sim/binance/context.js';
import { TestRestClient } from './rest-test-client.js';
import { TestClient, type Json } from './streams-harness.js';
import { hmacSigned, type WsParams } from './wsapi-signing.js';

/** The result fields of web-socket-api.md's order.place example (fixtures wsapi/order_place_response_success.json). */
const DOCUMENTED_RESULT_FIELDS = [
  'symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime', 'price', 'origQty', 'executedQty', 'origQuoteOrderQty',
  'cummulativeQuoteQty', 'status', 'timeInForce', 'type', 'side', 'workingTime', 'selfTradePreventionMode',
];

const limitBuy = (price: string, quantity: string, extra: WsParams = {}): WsParams => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price,
  quantity,
  ...extra,
});

describe('WebSocket API trading (order.place, order.status, order.cancel, openOrders.*)', () => {
  let sim: RunningSimulator;
  let alice: SimAccount;
  let bob: SimAccount;
  let client: TestClient;
  let nextId = 0;

  async function call(method: string, params: WsParams, on: TestClient = client): Promise<Json> {
    nextId += 1;
    return on.request({ id: `t${nextId}`, method, params });
  }
  const signedCall = (method: string, account: SimAccount, params: WsParams): Promise<Json> => call(method, hmacSigned(account, params));
  const result = (reply: Json): Json => {
    expect(reply.status, JSON.stringify(reply.error)).to.equal(200);
    return reply.result as Json;
  };
  const weightCount = (reply: Json): number => (reply.rateLimits as Json[]).find((l) => l.rateLimitType === 'REQUEST_WEIGHT')!.count as number;

  beforeEach(async () => {
    sim = await startSimulator({ bots: false, seed: 11 });
    [alice, bob] = sim.accounts as [SimAccount, SimAccount];
    client = await TestClient.open(sim.wsApi);
  });

  afterEach(async () => {
    client.close();
    await sim.stop();
  });

  describe('order.place', () => {
    it('places a LIMIT GTC order: RESULT has the fields of the documented answer, REST sees the order', async () => {
      const reply = await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newClientOrderId: 'ws-1', newOrderRespType: 'RESULT' }));
      const placed = result(reply);
      expect(Object.keys(placed).sort()).to.deep.equal([...DOCUMENTED_RESULT_FIELDS].sort());
      expect(placed).to.include({ symbol: 'BTCUSDT', clientOrderId: 'ws-1', price: '60000.00000000', origQty: '0.01000000', status: 'NEW', type: 'LIMIT', side: 'BUY' });
      const rest = await new TestRestClient(sim.rest, alice).signed<Json>('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId as number });
      expect(rest.body).to.include({ orderId: placed.orderId, clientOrderId: 'ws-1', status: 'NEW' });
    });

    it('answers byte for byte as REST POST /api/v3/order does for the same order', async () => {
      // Two identical books, one order each way: everything but the ids and times must agree.
      const rest = await new TestRestClient(sim.rest, alice).signed<Json>('POST', '/api/v3/order', limitBuy('60000.00', '0.01000', { newClientOrderId: 'same' }));
      const ws = result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newClientOrderId: 'same2' })));
      const normalize = (o: Json): Json => ({ ...o, orderId: 0, clientOrderId: '', transactTime: 0, workingTime: 0 });
      expect(JSON.stringify(normalize(ws))).to.equal(JSON.stringify(normalize(rest.body)));
    });

    it('answers ACK with the five ACK fields by request, and LIMIT_MAKER with ACK by default', async () => {
      const ack = result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newOrderRespType: 'ACK' })));
      expect(Object.keys(ack)).to.deep.equal(['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']);
      const maker = result(await signedCall('order.place', alice, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '60000.00', quantity: '0.01000' }));
      expect(Object.keys(maker)).to.deep.equal(['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']);
    });

    it('fills a MARKET order by quoteOrderQty against the book and answers FULL with its fills', async () => {
      result(await signedCall('order.place', bob, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '50000.00', quantity: '1.00000' }));
      const full = result(await signedCall('order.place', alice, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '500.00' }));
      expect(full).to.include({ status: 'FILLED', type: 'MARKET', executedQty: '0.01000000', cummulativeQuoteQty: '500.00000000' });
      expect(full.fills).to.deep.equal([{ price: '50000.00000000', qty: '0.01000000', commission: '0.00001000', commissionAsset: 'BTC', tradeId: (full.fills as Json[])[0]!.tradeId }]);
    });

    it('applies IOC and FOK: IOC expires its rest, FOK expires whole when the book cannot fill it', async () => {
      result(await signedCall('order.place', bob, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '50000.00', quantity: '0.01000' }));
      const fok = result(await signedCall('order.place', alice, limitBuy('50000.00', '0.02000', { timeInForce: 'FOK' })));
      expect(fok).to.include({ status: 'EXPIRED', executedQty: '0.00000000' });
      const ioc = result(await signedCall('order.place', alice, limitBuy('50000.00', '0.02000', { timeInForce: 'IOC' })));
      expect(ioc).to.include({ status: 'EXPIRED', executedQty: '0.01000000' });
    });

    it('costs 0 weight when it succeeds and 1 when it fails; rateLimits show ORDERS (10 s, 1 day) then REQUEST_WEIGHT', async () => {
      const before = weightCount(await call('ping', {}));
      const placed = await signedCall('order.place', alice, limitBuy('60000.00', '0.01000'));
      expect(weightCount(placed)).to.equal(before);
      expect((placed.rateLimits as Json[]).map((l) => [l.rateLimitType, l.interval, l.intervalNum, l.count])).to.deep.equal([
        ['ORDERS', 'SECOND', 10, 1],
        ['ORDERS', 'DAY', 1, 1],
        ['REQUEST_WEIGHT', 'MINUTE', 1, before],
      ]);
      const refused = await signedCall('order.place', alice, limitBuy('60000.001', '0.01000'));
      expect(refused.status).to.equal(400);
      expect(weightCount(refused)).to.equal(before + 1);
    });

    it('counts toward the same ORDERS limit as REST (429 -1015 past ordersPer10s)', async () => {
      await sim.stop();
      sim = await startSimulator({ bots: false, seed: 11, rateLimits: { ordersPer10s: 2 } });
      client.close();
      client = await TestClient.open(sim.wsApi);
      [alice] = sim.accounts as [SimAccount];
      expect((await new TestRestClient(sim.rest, alice).signed('POST', '/api/v3/order', limitBuy('60000.00', '0.01000'))).status).to.equal(200);
      result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000')));
      const refused = await signedCall('order.place', alice, limitBuy('60000.00', '0.01000'));
      expect(refused.status).to.equal(429);
      expect((refused.error as Json).code).to.equal(-1015);
      expect(((refused.error as Json).data as Json).retryAfter).to.be.a('number');
    });
  });

  describe('errors, as REST gives them', () => {
    it('refuses a tampered signature with -1022 and places nothing', async () => {
      const params = { ...hmacSigned(alice, limitBuy('60000.00', '0.01000')), quantity: '0.02000' };
      const reply = await call('order.place', params);
      expect(reply).to.deep.include({ status: 400, error: { code: -1022, msg: 'Signature for this request is not valid.' } });
      expect(sim.engine.openOrders(alice.name)).to.deep.equal([]);
    });

    it('refuses an unknown API key with 401 -2015', async () => {
      const reply = await call('order.place', hmacSigned({ ...alice, apiKey: 'UNKNOWNKEY0123456789' }, limitBuy('60000.00', '0.01000')));
      expect(reply).to.deep.include({ status: 401, error: { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' } });
    });

    it('asks for apiKey (-1102) when the session is not logged on and the request is unsigned', async () => {
      const reply = await call('order.place', { ...limitBuy('60000.00', '0.01000'), timestamp: Date.now() });
      expect(reply.error).to.deep.equal({ code: -1102, msg: "Mandatory parameter 'apiKey' was not sent, was empty/null, or malformed." });
    });

    it('refuses a price off the tick with -1013 PRICE_FILTER', async () => {
      const reply = await signedCall('order.place', alice, limitBuy('60000.001', '0.01000'));
      expect(reply).to.deep.include({ status: 400, error: { code: -1013, msg: 'Filter failure: PRICE_FILTER' } });
    });

    it('refuses an order the balance cannot cover with the documented -2010 answer', async () => {
      const reply = await signedCall('order.place', alice, limitBuy('70000.00', '100.00000'));
      // fixtures wsapi/order_place_response_error.json
      expect(reply).to.deep.include({ status: 400, error: { code: -2010, msg: 'Account has insufficient balance for requested action.' } });
    });

    it('refuses a LIMIT order without timeInForce with -1102, as REST does', async () => {
      const { timeInForce: _omitted, ...noTif } = limitBuy('60000.00', '0.01000');
      const reply = await signedCall('order.place', alice, noTif);
      expect(reply.error).to.deep.equal({ code: -1102, msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed." });
    });

    it('answers order.status of an unknown order with -2013 and order.cancel with -2011', async () => {
      const status = await signedCall('order.status', alice, { symbol: 'BTCUSDT', orderId: 999_999 });
      expect(status).to.deep.include({ status: 400, error: { code: -2013, msg: 'Order does not exist.' } });
      const cancel = await signedCall('order.cancel', alice, { symbol: 'BTCUSDT', origClientOrderId: 'nope' });
      expect(cancel).to.deep.include({ status: 400, error: { code: -2011, msg: 'Unknown order sent.' } });
      const cancelAll = await signedCall('openOrders.cancelAll', alice, { symbol: 'BTCUSDT' });
      expect(cancelAll).to.deep.include({ status: 400, error: { code: -2011, msg: 'Unknown order sent.' } });
    });

    it('refuses an unknown symbol with -1121 and a nested param value with -1130', async () => {
      expect((await signedCall('order.status', alice, { symbol: 'NOPEUSDT', orderId: 1 })).error).to.deep.equal({ code: -1121, msg: 'Invalid symbol.' });
      const nested = await call('order.place', { ...hmacSigned(alice, limitBuy('60000.00', '0.01000')), price: ['1'] } as unknown as WsParams);
      expect((nested.error as Json).code).to.equal(-1130);
    });
  });

  describe('order.status, order.cancel, openOrders.status, openOrders.cancelAll', () => {
    it('queries an order by orderId and by origClientOrderId as GET /api/v3/order prints it', async () => {
      const placed = result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newClientOrderId: 'q-1' })));
      const byId = result(await signedCall('order.status', alice, { symbol: 'BTCUSDT', orderId: placed.orderId as number }));
      const byClientId = result(await signedCall('order.status', alice, { symbol: 'BTCUSDT', origClientOrderId: 'q-1' }));
      const rest = await new TestRestClient(sim.rest, alice).signed<Json>('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId as number });
      expect(byId).to.deep.equal(rest.body);
      expect(byClientId).to.deep.equal(rest.body);
    });

    it('cancels by orderId or by origClientOrderId, naming the cancel with newClientOrderId', async () => {
      const first = result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newClientOrderId: 'c-1' })));
      result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newClientOrderId: 'c-2' })));
      const byId = result(await signedCall('order.cancel', alice, { symbol: 'BTCUSDT', orderId: first.orderId as number, newClientOrderId: 'cancel-1' }));
      expect(byId).to.include({ orderId: first.orderId, origClientOrderId: 'c-1', clientOrderId: 'cancel-1', status: 'CANCELED' });
      const byClientId = result(await signedCall('order.cancel', alice, { symbol: 'BTCUSDT', origClientOrderId: 'c-2' }));
      expect(byClientId).to.include({ origClientOrderId: 'c-2', status: 'CANCELED' });
      expect(byClientId.clientOrderId).to.match(/^[A-Za-z0-9]{22}$/);
      expect(sim.engine.openOrders(alice.name)).to.deep.equal([]);
    });

    it('lists open orders (one symbol or all) and cancels all of a symbol', async () => {
      result(await signedCall('order.place', alice, limitBuy('60000.00', '0.01000', { newClientOrderId: 'o-1' })));
      result(await signedCall('order.place', alice, { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1000.00', quantity: '0.1000', newClientOrderId: 'o-2' }));
      const btc = result(await signedCall('openOrders.status', alice, { symbol: 'BTCUSDT' })) as unknown as Json[];
      expect(btc.map((o) => o.clientOrderId)).to.deep.equal(['o-1']);
      const all = await signedCall('openOrders.status', alice, {});
      expect((all.result as Json[]).map((o) => o.clientOrderId).sort()).to.deep.equal(['o-1', 'o-2']);
      const canceled = result(await signedCall('openOrders.cancelAll', alice, { symbol: 'BTCUSDT' })) as unknown as Json[];
      expect(canceled.map((o) => [o.origClientOrderId, o.status])).to.deep.equal([['o-1', 'CANCELED']]);
      expect(sim.engine.openOrders(alice.name).map((o) => o.clientOrderId)).to.deep.equal(['o-2']);
    });

    it('charges openOrders.status 6 with a symbol and 80 without', async () => {
      const a = weightCount(await signedCall('openOrders.status', alice, { symbol: 'BTCUSDT' }));
      const b = weightCount(await signedCall('openOrders.status', alice, {}));
      expect(b - a).to.equal(80);
      const c = weightCount(await signedCall('openOrders.status', alice, { symbol: 'BTCUSDT' }));
      expect(c - b).to.equal(6);
    });
  });

  describe('user data events for WS-API orders', () => {
    const report = (m: Json): Json | undefined => ((m.event as Json | undefined)?.e === 'executionReport' ? (m.event as Json) : undefined);

    it('pushes executionReport NEW, TRADE and CANCELED to a user-data subscription, as for REST orders', async () => {
      const events = await TestClient.open(sim.wsApi);
      try {
        expect((await call('userDataStream.subscribe.signature', hmacSigned(alice, {}), events)).status).to.equal(200);
        const placed = result(await signedCall('order.place', alice, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '50000.00', quantity: '0.02000', newClientOrderId: 'ev-1' }));
        const created = report(await events.next((m) => report(m)?.x === 'NEW'))!;
        expect(created).to.include({ c: 'ev-1', S: 'SELL', X: 'NEW', i: placed.orderId, q: '0.02000000', p: '50000.00000000' });

        result(await signedCall('order.place', bob, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01000' }));
        const trade = report(await events.next((m) => report(m)?.x === 'TRADE'))!;
        expect(trade).to.include({ i: placed.orderId, X: 'PARTIALLY_FILLED', l: '0.01000000', L: '50000.00000000', m: true });

        result(await signedCall('order.cancel', alice, { symbol: 'BTCUSDT', orderId: placed.orderId as number, newClientOrderId: 'ev-cancel' }));
        const canceled = report(await events.next((m) => report(m)?.x === 'CANCELED'))!;
        expect(canceled).to.include({ c: 'ev-cancel', C: 'ev-1', X: 'CANCELED', i: placed.orderId });
        // Bob's market order is his: none of his executions reach Alice's subscription.
        expect(events.messages.map(report).filter((e) => e !== undefined).every((e) => e.i === placed.orderId)).to.equal(true);
      } finally {
        events.close();
      }
    });
  });
});
