// WsApiServer: keep-alive, lifetime and the faults it injects, each observed on the wire.
import { expect } from 'chai';
import type { SimAccount, StreamTimings } from '../../sim/binance/context.js';
import { WsApiServer } from '../../sim/binance/wsapi/index.js';
import { ALICE, BOB, makeContext, signedParams, sleep, startHarness, TestClient, type Harness, type Json } from './streams-harness.js';

describe('WsApiServer limits, keep-alive and faults', () => {
  let harness: Harness | undefined;
  let server: WsApiServer;
  const clients: TestClient[] = [];

  async function setup(timings: Partial<StreamTimings> = {}, extraAccounts: SimAccount[] = []): Promise<void> {
    const base = makeContext(timings);
    const ctx = { ...base, accounts: new Map([...base.accounts, ...extraAccounts.map((a): [string, SimAccount] => [a.apiKey, a])]) };
    server = new WsApiServer(ctx);
    harness = await startHarness(ctx, [server]);
  }

  async function connect(options?: import('ws').ClientOptions): Promise<TestClient> {
    const client = await TestClient.open(`${harness!.url}/ws-api/v3`, options);
    clients.push(client);
    return client;
  }

  async function subscribed(account = ALICE): Promise<TestClient> {
    const client = await connect();
    const reply = await client.request({ id: 's', method: 'userDataStream.subscribe.signature', params: signedParams(account, harness!.ctx.clock.now()) });
    expect(reply.status).to.equal(200);
    return client;
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await harness?.close();
    harness = undefined;
  });

  it('takes only /ws-api/v3 and counts its connections', async () => {
    await setup();
    await connect();
    await connect();
    expect(server.connectionCount()).to.equal(2);
    expect(server.handleUpgrade({ url: '/ws/btcusdt@trade' } as import('node:http').IncomingMessage, undefined as never, Buffer.alloc(0))).to.equal(false);
  });

  it('dropConnections cuts every socket, or only those subscribed with an API key', async () => {
    await setup();
    const alice = await subscribed(ALICE);
    const bob = await subscribed(BOB);
    expect(server.dropConnections({ apiKey: ALICE.apiKey })).to.equal(1);
    expect((await alice.closed).code).to.equal(1006);
    expect(bob.ws.readyState).to.equal(bob.ws.OPEN);
    expect(server.dropConnections()).to.equal(1);
    expect((await bob.closed).code).to.equal(1006);
  });

  it('stallConnections withholds responses, events and pings until resumed; what was pushed meanwhile is lost', async () => {
    await setup({ pingIntervalMs: 20, pongTimeoutMs: 1000 });
    const client = await subscribed();
    await client.until(() => client.pings > 0);
    expect(server.stallConnections({ apiKey: ALICE.apiKey })).to.equal(1);
    const seen = client.messages.length;
    const pings = client.pings;
    harness!.engine.deposit('alice', 'BTC', '1');
    client.send({ id: 'p', method: 'ping' });
    await sleep(100);
    expect(client.messages).to.have.length(seen);
    expect(client.pings).to.equal(pings);
    server.resumeConnections();
    harness!.engine.deposit('alice', 'BTC', '2');
    const update = await client.next((m) => (m.event as Json | undefined)?.e === 'balanceUpdate', 2000, seen);
    expect((update.event as Json).d).to.equal('2.00000000');
  });

  it('sendServerShutdown sends the event without a subscriptionId, then closes when asked', async () => {
    await setup();
    const client = await subscribed();
    server.sendServerShutdown(20);
    const shutdown = await client.next((m) => (m.event as Json | undefined)?.e === 'serverShutdown');
    expect(Object.keys(shutdown)).to.deep.equal(['event']);
    expect(Object.keys(shutdown.event as Json)).to.deep.equal(['e', 'E']);
    expect((await client.closed).code).to.equal(1001);
  });

  it('expireUserDataStreams sends eventStreamTerminated and ends the subscriptions of an API key', async () => {
    await setup();
    const alice = await subscribed(ALICE);
    const bob = await subscribed(BOB);
    expect(server.expireUserDataStreams(ALICE.apiKey)).to.equal(1);
    const ended = await alice.next((m) => (m.event as Json | undefined)?.e === 'eventStreamTerminated');
    expect(ended).to.have.property('subscriptionId', 0);
    expect((await alice.request({ id: 'l', method: 'session.subscriptions' })).result).to.deep.equal([]);
    expect((await bob.request({ id: 'l', method: 'session.subscriptions' })).result).to.deep.equal([{ subscriptionId: 0 }]);
    expect(server.expireUserDataStreams()).to.equal(1);
    // The connection itself stays open.
    expect((await alice.request({ id: 'p', method: 'ping' })).status).to.equal(200);
  });

  it('pings on its interval and closes a connection that does not answer within pongTimeoutMs', async () => {
    await setup({ pingIntervalMs: 20, pongTimeoutMs: 50 });
    const answering = await connect();
    const silent = await connect({ autoPong: false });
    expect((await silent.closed).code).to.equal(1006);
    await answering.until(() => answering.pings >= 4, 3000);
    expect(answering.ws.readyState).to.equal(answering.ws.OPEN);
  });

  it('closes a connection when its lifetime ends', async () => {
    await setup({ connectionLifetimeMs: 60 });
    const client = await connect();
    expect(await client.closed).to.deep.equal({ code: 1000, reason: 'connection lifetime reached' });
  });

  it('does not apply the market streams incoming-frame budget', async () => {
    await setup({ maxIncomingPerSecond: 2 });
    const client = await connect();
    const replies = await Promise.all([1, 2, 3, 4, 5].map((id) => client.request({ id, method: 'ping' })));
    expect(replies.map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
  });

  it('refuses a subscription beyond 1,000 active ones on a connection with -2042', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ name: `acct${i}`, apiKey: `manyKey${String(i).padStart(8, '0')}`, apiSecret: `manySecret${i}` }));
    await setup({}, many);
    const client = await connect();
    const now = harness!.ctx.clock.now();
    for (const [i, account] of many.entries()) client.send({ id: i, method: 'userDataStream.subscribe.signature', params: signedParams(account, now, { returnRateLimits: false }) });
    await client.until(() => client.messages.length >= 1000, 10_000);
    expect(client.messages.every((m) => m.status === 200)).to.equal(true);
    const reply = await client.request({ id: 'over', method: 'userDataStream.subscribe.signature', params: signedParams(ALICE, now) });
    expect(reply.error).to.deep.equal({ code: -2042, msg: 'Maximum subscription ID reached for this connection.' });
  });
});
