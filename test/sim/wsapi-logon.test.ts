// session.logon / session.status / session.logout on a running simulator with the accounts' seeded Ed25519
// keys: after logon, signed methods run without apiKey and signature; Ed25519 also signs single requests.
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import type { SimAccount } from '../../sim/binance/context.js';
import { TestClient, type Json } from './streams-harness.js';
import { ed25519Signed, hmacSigned, type WsParams } from './wsapi-signing.js';

const order: WsParams = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '60000.00', quantity: '0.01000' };

describe('WebSocket API session.logon (Ed25519)', () => {
  let sim: RunningSimulator;
  let alice: SimAccount;
  let bob: SimAccount;
  let client: TestClient;
  let nextId = 0;

  async function call(method: string, params?: WsParams): Promise<Json> {
    nextId += 1;
    return client.request(params === undefined ? { id: `l${nextId}`, method } : { id: `l${nextId}`, method, params });
  }
  const result = (reply: Json): Json => {
    expect(reply.status, JSON.stringify(reply.error)).to.equal(200);
    return reply.result as Json;
  };

  beforeEach(async () => {
    sim = await startSimulator({ bots: false, seed: 5 });
    [alice, bob] = sim.accounts as [SimAccount, SimAccount];
    client = await TestClient.open(sim.wsApi);
  });

  afterEach(async () => {
    client.close();
    await sim.stop();
  });

  it('logs on with the Ed25519 key and answers the documented session fields', async () => {
    const before = result(await call('session.status'));
    expect(before).to.include({ apiKey: null, authorizedSince: null, returnRateLimits: true, userDataStream: false });
    const logon = result(await call('session.logon', ed25519Signed(alice, {})));
    expect(Object.keys(logon)).to.deep.equal(['apiKey', 'authorizedSince', 'connectedSince', 'returnRateLimits', 'serverTime', 'userDataStream']);
    expect(logon).to.include({ apiKey: alice.ed25519!.apiKey, connectedSince: before.connectedSince, userDataStream: false });
    expect(logon.authorizedSince).to.be.a('number').and.at.least(before.connectedSince as number);
    expect(result(await call('session.status'))).to.include({ apiKey: alice.ed25519!.apiKey, authorizedSince: logon.authorizedSince });
  });

  it('places, queries and cancels orders without apiKey and signature once logged on', async () => {
    result(await call('session.logon', ed25519Signed(alice, {})));
    const placed = result(await call('order.place', { ...order, newClientOrderId: 'logon-1', timestamp: Date.now() }));
    expect(placed).to.include({ clientOrderId: 'logon-1', status: 'NEW' });
    expect(sim.engine.openOrders(alice.name).map((o) => o.clientOrderId)).to.deep.equal(['logon-1']);
    const status = result(await call('order.status', { symbol: 'BTCUSDT', orderId: placed.orderId as number, timestamp: Date.now() }));
    expect(status).to.include({ orderId: placed.orderId, status: 'NEW' });
    const open = await call('openOrders.status', { symbol: 'BTCUSDT', timestamp: Date.now() });
    expect((open.result as Json[]).map((o) => o.orderId)).to.deep.equal([placed.orderId]);
    const canceled = result(await call('order.cancel', { symbol: 'BTCUSDT', origClientOrderId: 'logon-1', timestamp: Date.now() }));
    expect(canceled).to.include({ origClientOrderId: 'logon-1', status: 'CANCELED' });
  });

  it('still checks timestamp and recvWindow on logged-on requests (-1021)', async () => {
    result(await call('session.logon', ed25519Signed(alice, {})));
    const stale = await call('order.place', { ...order, timestamp: Date.now() - 10_000 });
    expect(stale.error).to.deep.equal({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
    const missing = await call('order.place', order);
    expect((missing.error as Json).code).to.equal(-1102);
  });

  it("runs a request signed with another account's key as that account, on a logged-on session", async () => {
    result(await call('session.logon', ed25519Signed(alice, {})));
    result(await call('order.place', hmacSigned(bob, { ...order, newClientOrderId: 'bobs' })));
    expect(sim.engine.openOrders(bob.name).map((o) => o.clientOrderId)).to.deep.equal(['bobs']);
    expect(sim.engine.openOrders(alice.name)).to.deep.equal([]);
  });

  it('signs a single order.place with Ed25519 without logging on', async () => {
    const placed = result(await call('order.place', ed25519Signed(alice, { ...order, newClientOrderId: 'ed-1' })));
    expect(placed.clientOrderId).to.equal('ed-1');
    expect(result(await call('session.status')).apiKey).to.equal(null);
  });

  it('refuses an Ed25519 signature made with another key (-1022) and a hex signature for an Ed25519 key (-1022)', async () => {
    const forged = { ...ed25519Signed(bob, {}), apiKey: alice.ed25519!.apiKey };
    expect((await call('session.logon', forged)).error).to.deep.equal({ code: -1022, msg: 'Signature for this request is not valid.' });
    const hex = { ...hmacSigned(alice, {}), apiKey: alice.ed25519!.apiKey };
    expect((await call('session.logon', hex)).error).to.deep.equal({ code: -1022, msg: 'Signature for this request is not valid.' });
    expect(result(await call('session.status')).apiKey).to.equal(null);
  });

  it('refuses session.logon with an HMAC key (-4056): Binance takes Ed25519 keys only', async () => {
    const reply = await call('session.logon', hmacSigned(alice, {}));
    expect(reply).to.deep.include({ status: 400, error: { code: -4056, msg: 'HMAC_SHA256 API key is not supported.' } });
    expect(result(await call('session.status')).apiKey).to.equal(null);
  });

  it('forgets the key on session.logout: requests need apiKey again', async () => {
    result(await call('session.logon', ed25519Signed(alice, {})));
    const logout = result(await call('session.logout'));
    expect(logout).to.include({ apiKey: null, authorizedSince: null, userDataStream: false });
    const unsigned = await call('order.place', { ...order, timestamp: Date.now() });
    expect((unsigned.error as Json).code).to.equal(-1102);
    expect(sim.engine.openOrders(alice.name)).to.deep.equal([]);
  });

  describe('userDataStream.subscribe (the unsigned form)', () => {
    const isReport = (m: Json): boolean => (m.event as Json | undefined)?.e === 'executionReport';

    it('subscribes the logged-on account: its orders placed over this session arrive as executionReport', async () => {
      result(await call('session.logon', ed25519Signed(alice, {})));
      expect(result(await call('userDataStream.subscribe'))).to.deep.equal({ subscriptionId: 0 });
      expect(result(await call('session.status')).userDataStream).to.equal(true);
      const placed = result(await call('order.place', { ...order, newClientOrderId: 'uds-1', timestamp: Date.now() }));
      const event = await client.next(isReport);
      expect(event).to.deep.include({ subscriptionId: 0 });
      expect(event.event).to.include({ c: 'uds-1', x: 'NEW', i: placed.orderId });
    });

    it('refuses it without a logon (401 -1002)', async () => {
      expect(await call('userDataStream.subscribe')).to.deep.include({ status: 401, error: { code: -1002, msg: 'You are not authorized to execute this request.' } });
    });

    it('ends it on session.logout with eventStreamTerminated, after the answer', async () => {
      result(await call('session.logon', ed25519Signed(alice, {})));
      result(await call('userDataStream.subscribe'));
      const from = client.messages.length;
      result(await call('session.logout'));
      const ended = await client.next((m) => (m.event as Json | undefined)?.e === 'eventStreamTerminated', 3000, from);
      expect(ended.subscriptionId).to.equal(0);
      expect(client.messages.indexOf(ended)).to.be.greaterThan(client.messages.findIndex((m, i) => i >= from && 'status' in m));
      expect(result(await call('session.subscriptions'))).to.deep.equal([]);
    });
  });
});
