import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { qs, sign, TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;

describe('simulator REST: signed trading and account endpoints', () => {
  let sim: RunningSimulator;
  let alice: TestRestClient;
  let bob: TestRestClient;
  const limitSell = (price: string, quantity = '0.01000', extra: Obj = {}) =>
    bob.signed<Obj>('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity, ...(extra as Record<string, string>) });

  beforeEach(async () => {
    sim = await startSimulator({ bots: false, seed: 7 });
    alice = new TestRestClient(sim.rest, sim.accounts[0]);
    bob = new TestRestClient(sim.rest, sim.accounts[1]);
  });

  afterEach(() => sim.stop());

  describe('security', () => {
    it('accepts a request signed over the query string', async () => {
      const r = await alice.signed('GET', '/api/v3/account');
      expect(r.status).to.equal(200);
    });

    it('accepts a request signed over a form body', async () => {
      const r = await limitSell('70000.00', '0.01000');
      expect(r.status).to.equal(200);
      const body = await bob.signed<Obj>('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70001.00', quantity: '0.01000' }, { inBody: true });
      expect(body.status).to.equal(200);
      expect(body.body.price).to.equal('70001.00000000');
    });

    it('signs query string + body concatenated when parameters are split between them', async () => {
      const account = sim.accounts[1]!;
      const query = qs({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC' });
      const body = qs({ quantity: '0.01000', price: '70000.00', timestamp: Date.now() });
      const signature = sign(account.apiSecret, query + body);
      const r = await bob.raw<Obj>('POST', `/api/v3/order?${query}`, { headers: { 'X-MBX-APIKEY': account.apiKey }, body: `${body}&signature=${signature}` });
      expect(r.status).to.equal(200);
      expect(r.body.status).to.equal('NEW');
    });

    it('verifies the percent-encoded form of non-ASCII values', async () => {
      const account = sim.accounts[0]!;
      const payload = `symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01000&price=1000.00&newClientOrderId=${encodeURIComponent('ordén')}&timestamp=${Date.now()}`;
      const r = await alice.raw<Obj>('POST', `/api/v3/order?${payload}&signature=${sign(account.apiSecret, payload)}`, { headers: { 'X-MBX-APIKEY': account.apiKey } });
      // Signature accepted; the id itself breaks the client-order-id character rule.
      expect(r.body.code).to.equal(-1100);
    });

    it('rejects a tampered request with -1022', async () => {
      const r = await bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000' }, { tamper: true });
      expect(r.status).to.equal(400);
      expect(r.body).to.deep.equal({ code: -1022, msg: 'Signature for this request is not valid.' });
      expect(sim.engine.openOrders(sim.accounts[1]!.name)).to.have.length(0);
    });

    it('rejects an unknown API key with -2015 and a missing one with -2014 (HTTP 401)', async () => {
      const stranger = new TestRestClient(sim.rest, { name: 'x', apiKey: 'UNKNOWNKEY1234567890', apiSecret: 'nope-nope-nope-nope' });
      const unknown = await stranger.signed('GET', '/api/v3/account');
      expect(unknown.status).to.equal(401);
      expect(unknown.body).to.deep.equal({ code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' });
      const missing = await alice.raw('GET', `/api/v3/account?timestamp=${Date.now()}&signature=00`);
      expect(missing.status).to.equal(401);
      expect((missing.body as Obj).code).to.equal(-2014);
    });

    it('applies the timestamp and recvWindow rules with both -1021 messages', async () => {
      const old = await alice.signed('GET', '/api/v3/account', {}, { timestamp: Date.now() - 10_000 });
      expect(old.body).to.deep.equal({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
      const widened = await alice.signed('GET', '/api/v3/account', { recvWindow: 20_000 }, { timestamp: Date.now() - 10_000 });
      expect(widened.status).to.equal(200);
      const ahead = await alice.signed('GET', '/api/v3/account', {}, { timestamp: Date.now() + 5_000 });
      expect(ahead.body).to.deep.equal({ code: -1021, msg: "Timestamp for this request was 1000ms ahead of the server's time." });
      const micros = await alice.signed('GET', '/api/v3/account', {}, { timestamp: Date.now() * 1000 });
      expect(micros.status).to.equal(200);
      const tooWide = await alice.signed('GET', '/api/v3/account', { recvWindow: 70_000 });
      expect((tooWide.body as Obj).code).to.equal(-1102);
    });

    it('requires signature and timestamp', async () => {
      const account = sim.accounts[0]!;
      const noSig = await alice.raw('GET', `/api/v3/account?timestamp=${Date.now()}`, { headers: { 'X-MBX-APIKEY': account.apiKey } });
      expect(noSig.body).to.deep.equal({ code: -1102, msg: "Mandatory parameter 'signature' was not sent, was empty/null, or malformed." });
      const noTs = await alice.raw('GET', `/api/v3/account?signature=${sign(account.apiSecret, '')}`, { headers: { 'X-MBX-APIKEY': account.apiKey } });
      expect((noTs.body as Obj).msg).to.contain("'timestamp'");
    });
  });

  describe('POST /api/v3/order', () => {
    it('answers LIMIT with FULL by default and honours ACK and RESULT', async () => {
      const full = await limitSell('70000.00');
      expect(full.body).to.include({ symbol: 'BTCUSDT', orderListId: -1, status: 'NEW', type: 'LIMIT', side: 'SELL', price: '70000.00000000', origQty: '0.01000000' });
      expect(full.body.fills).to.deep.equal([]);
      const ack = await limitSell('70000.00', '0.01000', { newOrderRespType: 'ACK' });
      expect(Object.keys(ack.body)).to.deep.equal(['symbol', 'orderId', 'orderListId', 'clientOrderId', 'transactTime']);
      const result = await limitSell('70000.00', '0.01000', { newOrderRespType: 'RESULT' });
      expect(result.body).to.have.property('status');
      expect(result.body).not.to.have.property('fills');
    });

    it('answers LIMIT_MAKER with ACK by default', async () => {
      const r = await bob.signed<Obj>('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT_MAKER', price: '70000.00', quantity: '0.01000' });
      expect(Object.keys(r.body)).to.have.length(5);
    });

    it('fills a MARKET order by quoteOrderQty and lists the fills', async () => {
      await limitSell('60000.00', '0.01000');
      const r = await alice.signed<Obj & { fills: Obj[] }>('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quoteOrderQty: '300' });
      expect(r.body.status).to.equal('FILLED');
      expect(r.body.executedQty).to.equal('0.00500000');
      expect(r.body.fills[0]).to.include({ price: '60000.00000000', qty: '0.00500000', commissionAsset: 'BTC' });
      expect(r.body.fills[0]).to.have.property('tradeId').that.is.a('number');
    });

    it('uses newClientOrderId as the clientOrderId', async () => {
      const r = await limitSell('70000.00', '0.01000', { newClientOrderId: 'my-order_1' });
      expect(r.body.clientOrderId).to.equal('my-order_1');
    });

    it('rejects missing or contradictory order parameters with the Binance codes', async () => {
      const send = (p: Record<string, string>) => alice.signed<Obj>('POST', '/api/v3/order', { symbol: 'BTCUSDT', ...p });
      expect((await send({ side: 'BUY', type: 'LIMIT', price: '1', quantity: '1' })).body).to.deep.equal({
        code: -1102,
        msg: "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
      });
      expect((await send({ side: 'UP', type: 'LIMIT' })).body).to.deep.equal({ code: -1117, msg: 'Invalid side.' });
      expect((await send({ side: 'BUY', type: 'ICEBERG' })).body).to.deep.equal({ code: -1116, msg: 'Invalid orderType.' });
      expect((await send({ side: 'BUY', type: 'STOP_LOSS' })).body.code).to.equal(-2010);
      expect((await send({ side: 'BUY', type: 'MARKET' })).body).to.deep.equal({
        code: -1102,
        msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!",
      });
      expect((await send({ side: 'BUY', type: 'MARKET', quantity: '1', timeInForce: 'GTC' })).body).to.deep.equal({
        code: -1106,
        msg: "Parameter 'timeInForce' sent when not required.",
      });
      expect((await send({ side: 'BUY', type: 'LIMIT', timeInForce: 'DAY', price: '1', quantity: '1' })).body.code).to.equal(-1115);
      expect((await send({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1', quantity: '1', newOrderRespType: 'ALL' })).body.code).to.equal(-1130);
      const unknownSymbol = await alice.signed<Obj>('POST', '/api/v3/order', { symbol: 'NOPE', side: 'BUY', type: 'MARKET', quantity: '1' });
      expect(unknownSymbol.body.code).to.equal(-1121);
    });

    it('turns engine rejections into HTTP 400 {code,msg}', async () => {
      const broke = await alice.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '100.00000' });
      expect(broke.status).to.equal(400);
      expect(broke.body).to.deep.equal({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
      const lot = await alice.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.000001' });
      expect(lot.body).to.deep.equal({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    });

    it('puts the order counts in X-MBX-ORDER-COUNT-10S and -1D', async () => {
      await limitSell('70000.00');
      const r = await limitSell('70000.00');
      expect(r.headers.get('x-mbx-order-count-10s')).to.equal('2');
      expect(r.headers.get('x-mbx-order-count-1d')).to.equal('2');
    });
  });

  it('POST /api/v3/order/test validates and answers {} without placing', async () => {
    const r = await bob.signed('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000' });
    expect(r.status).to.equal(200);
    expect(r.body).to.deep.equal({});
    expect(sim.engine.openOrders(sim.accounts[1]!.name)).to.have.length(0);
    const bad = await bob.signed<Obj>('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: '70000.00', quantity: '0.01000' });
    expect(bad.body.code).to.equal(-1102);
    const filtered = await bob.signed('POST', '/api/v3/order/test', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.000001' });
    expect(filtered.body).to.deep.equal({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
  });

  it('GET /api/v3/order finds an order by orderId or origClientOrderId, -2013 when absent', async () => {
    const placed = await limitSell('70000.00', '0.01000', { newClientOrderId: 'q1' });
    const byId = await bob.signed<Obj>('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.body.orderId as number });
    expect(byId.body).to.include({ clientOrderId: 'q1', status: 'NEW', isWorking: true, stopPrice: '0.00000000' });
    const byClient = await bob.signed<Obj>('GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'q1' });
    expect(byClient.body.orderId).to.equal(placed.body.orderId);
    const none = await bob.signed('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: 999 });
    expect(none.body).to.deep.equal({ code: -2013, msg: 'Order does not exist.' });
    const neither = await bob.signed<Obj>('GET', '/api/v3/order', { symbol: 'BTCUSDT' });
    expect(neither.body.code).to.equal(-1102);
  });

  it('DELETE /api/v3/order cancels and reports origClientOrderId and the cancel id', async () => {
    const placed = await limitSell('70000.00', '0.01000', { newClientOrderId: 'c1' });
    const r = await bob.signed<Obj>('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.body.orderId as number, newClientOrderId: 'cancel-c1' });
    expect(r.body).to.include({ origClientOrderId: 'c1', clientOrderId: 'cancel-c1', status: 'CANCELED' });
    const again = await bob.signed('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.body.orderId as number });
    expect(again.body).to.deep.equal({ code: -2011, msg: 'Unknown order sent.' });
  });

  it('GET and DELETE /api/v3/openOrders list and cancel all, -2011 when nothing is open', async () => {
    await limitSell('70000.00');
    await limitSell('70001.00');
    const open = await bob.signed<Obj[]>('GET', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect(open.body).to.have.length(2);
    const everywhere = await bob.signed<Obj[]>('GET', '/api/v3/openOrders');
    expect(everywhere.body).to.have.length(2);
    expect(everywhere.headers.get('x-mbx-used-weight-1m')).to.equal(String(Number(open.headers.get('x-mbx-used-weight-1m')) + 80));
    const canceled = await bob.signed<Obj[]>('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect(canceled.body.map((o) => o.status)).to.deep.equal(['CANCELED', 'CANCELED']);
    const nothing = await bob.signed('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect(nothing.body).to.deep.equal({ code: -2011, msg: 'Unknown order sent.' });
  });

  it('GET /api/v3/account shows balances with free/locked and commission rates', async () => {
    await limitSell('70000.00', '1.00000');
    const r = await bob.signed<Obj & { balances: Obj[] }>('GET', '/api/v3/account');
    expect(r.body).to.include({ makerCommission: 10, takerCommission: 10, canTrade: true, accountType: 'SPOT' });
    expect(r.body.balances.find((b) => b.asset === 'BTC')).to.deep.equal({ asset: 'BTC', free: '99.00000000', locked: '1.00000000' });
  });

  it('GET /api/v3/myTrades lists own fills with isBuyer/isMaker, filtered by orderId', async () => {
    const maker = await limitSell('60000.00', '0.01000');
    const taker = await alice.signed<Obj>('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00400' });
    const mine = await alice.signed<Obj[]>('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT' });
    expect(mine.body).to.have.length(1);
    expect(mine.body[0]).to.include({ symbol: 'BTCUSDT', orderId: taker.body.orderId, isBuyer: true, isMaker: false, qty: '0.00400000', price: '60000.00000000' });
    const theirs = await bob.signed<Obj[]>('GET', '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: maker.body.orderId as number });
    expect(theirs.body[0]).to.include({ isBuyer: false, isMaker: true });
  });
});
