// MarketStreamServer: limits, keep-alive and the faults it injects, each observed on the wire.
import { expect } from 'chai';
import type { StreamTimings } from '../../sim/binance/context.js';
import { MarketStreamServer } from '../../sim/binance/streams/index.js';
import { makeContext, sleep, startHarness, TestClient, type Harness, type Json } from './streams-harness.js';

const CADENCE = { fastMs: 20, slowMs: 50, klineMs: 60 };

describe('MarketStreamServer limits and faults', () => {
  let harness: Harness | undefined;
  let server: MarketStreamServer;
  const clients: TestClient[] = [];

  async function setup(timings: Partial<StreamTimings> = {}): Promise<void> {
    const ctx = makeContext(timings);
    server = new MarketStreamServer(ctx, { cadence: CADENCE });
    harness = await startHarness(ctx, [server]);
  }

  async function connect(path: string, options?: import('ws').ClientOptions): Promise<TestClient> {
    const client = await TestClient.open(`${harness!.url}${path}`, options);
    clients.push(client);
    return client;
  }

  function bid(price: string): void {
    harness!.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '1' });
  }

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await harness?.close();
    harness = undefined;
  });

  it('dropConnections cuts sockets without a close frame, optionally only those carrying a stream', async () => {
    await setup();
    const trades = await connect('/ws/btcusdt@trade');
    const depth = await connect('/ws/btcusdt@depth');
    expect(server.dropConnections({ streams: ['btcusdt@trade'] })).to.equal(1);
    expect((await trades.closed).code).to.equal(1006);
    expect(server.connectionCount()).to.equal(1);
    expect(server.dropConnections()).to.equal(1);
    expect((await depth.closed).code).to.equal(1006);
  });

  it('stallConnections keeps the socket open but sends nothing, not even pings, until resumed', async () => {
    await setup({ pingIntervalMs: 20, pongTimeoutMs: 1000 });
    const client = await connect('/ws/btcusdt@depth@100ms');
    await client.until(() => client.pings > 0, 2000);
    expect(server.stallConnections()).to.equal(1);
    const pings = client.pings;
    const received = client.messages.length;
    bid('100.00');
    await sleep(120);
    expect(client.pings).to.equal(pings);
    expect(client.messages).to.have.length(received);
    expect(client.ws.readyState).to.equal(client.ws.OPEN);
    server.resumeConnections();
    bid('99.00');
    await client.next((m) => m.e === 'depthUpdate', 2000, received);
    await client.until(() => client.pings > pings, 2000);
  });

  it('skipDepthUpdates makes the next diff-depth event jump U by the count', async () => {
    await setup();
    const client = await connect('/ws/btcusdt@depth@100ms');
    bid('100.00');
    const before = await client.next((m) => m.e === 'depthUpdate');
    server.skipDepthUpdates('BTCUSDT', 2);
    bid('99.00');
    bid('98.00');
    bid('97.00');
    const after = await client.next((m) => m.e === 'depthUpdate' && m.U !== before.U);
    expect(after.U).to.equal((before.u as number) + 1 + 2);
    expect(after.b).to.deep.equal([['97.00000000', '1.00000000']]);
  });

  it('crossBook sends the next change, in sequence, with a bid above the best ask while the ask stays; the book itself never has it', async () => {
    await setup();
    const client = await connect('/ws/btcusdt@depth@100ms');
    harness!.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '101.00', quantity: '1' });
    const before = await client.next((m) => m.e === 'depthUpdate');
    server.crossBook('btcusdt');
    bid('99.00');
    const crossed = await client.next((m) => m.e === 'depthUpdate' && m.U !== before.U);
    expect(crossed.U).to.equal((before.u as number) + 1); // correctly sequenced: no gap to see
    expect(crossed.b).to.deep.equal([
      ['101.01000000', '1.00000000'],
      ['99.00000000', '1.00000000'],
    ]);
    expect(crossed.a).to.deep.equal([]); // the ask at 101 is not removed
    const book = harness!.engine.depth('BTCUSDT', 10);
    expect(book.bids.map(([p]) => p.toString())).to.deep.equal(['99']);
    expect(book.asks.map(([p]) => p.toString())).to.deep.equal(['101']);
    // Once only: the next change is the engine's own.
    bid('98.00');
    const next = await client.next((m) => m.e === 'depthUpdate' && m.U === (crossed.u as number) + 1);
    expect(next.b).to.deep.equal([['98.00000000', '1.00000000']]);
  });

  it('skipDepthUpdates shows a gap even when the skipped change falls inside an open window', async () => {
    await setup();
    const client = await connect('/ws/btcusdt@depth@100ms');
    bid('100.00');
    const first = await client.next((m) => m.e === 'depthUpdate');
    // One engine turn: the window is open (99) when the change at 98 is skipped, then 97 follows.
    bid('99.00');
    server.skipDepthUpdates('BTCUSDT', 1);
    bid('98.00');
    bid('97.00');
    const lastId = harness!.engine.depth('BTCUSDT', 1).lastUpdateId;
    await client.until(() => client.messages.some((m) => m.e === 'depthUpdate' && m.u === lastId), 2000);
    const updates = client.messages.filter((m) => m.e === 'depthUpdate' && (m.U as number) > (first.u as number));
    let previous = first.u as number;
    const gaps: number[] = [];
    for (const m of updates) {
      if (m.U !== previous + 1) gaps.push(m.U as number);
      previous = m.u as number;
    }
    expect(gaps, 'a client following Binance must see U != previous u + 1').to.have.length(1);
    expect(updates.flatMap((m) => m.b as string[][]).map(([price]) => price)).to.deep.equal(['99.00000000', '97.00000000']);
  });

  it('sendServerShutdown sends the raw event, and the !serverShutdown stream on combined connections', async () => {
    await setup();
    const raw = await connect('/ws/btcusdt@trade');
    const combined = await connect('/stream?streams=btcusdt@trade');
    server.sendServerShutdown();
    const event = await raw.next((m) => m.e === 'serverShutdown');
    expect(Object.keys(event)).to.deep.equal(['e', 'E']);
    expect(event.E).to.be.a('number');
    const wrapped = await combined.next((m) => m.stream === '!serverShutdown');
    expect((wrapped.data as Json).e).to.equal('serverShutdown');
  });

  it('sendServerShutdown with closeAfterMs closes the connections after the event', async () => {
    await setup();
    const client = await connect('/ws/btcusdt@trade');
    server.sendServerShutdown(20);
    await client.next((m) => m.e === 'serverShutdown');
    expect((await client.closed).code).to.equal(1001);
  });

  it('closes a connection that sends more frames per second than allowed, control messages included', async () => {
    await setup({ maxIncomingPerSecond: 3 });
    const client = await connect('/ws');
    for (let i = 1; i <= 4; i += 1) client.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    expect((await client.closed).code).to.equal(1008);
  });

  it('does not count frames read after its own event loop was blocked (their arrival times are unknown)', async () => {
    await setup({ maxIncomingPerSecond: 3 });
    const client = await connect('/ws');
    const closedEarly = await Promise.race([client.closed.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 200))]);
    expect(closedEarly).to.equal(false);
    // Four frames written to the socket, then this process (the simulator's) blocked for 500 ms: the simulator
    // reads them only afterwards, all in one turn, and cannot tell they were not a burst.
    for (let i = 1; i <= 4; i += 1) client.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    const until = Date.now() + 500;
    while (Date.now() < until) {
      // blocked, as a long garbage collection blocks a big simulator
    }
    const closed = await Promise.race([client.closed.then((c) => c.code), new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 500))]);
    expect(closed).to.equal('open');
  });

  it('counts ping frames from the client against the incoming budget', async () => {
    await setup({ maxIncomingPerSecond: 3 });
    const client = await connect('/ws');
    for (let i = 0; i < 4; i += 1) client.ws.ping();
    expect((await client.closed).code).to.equal(1008);
  });

  it('answers client pings with pongs carrying the same payload', async () => {
    await setup();
    const client = await connect('/ws');
    const pong = new Promise<string>((resolve) => client.ws.once('pong', (data) => resolve(data.toString())));
    client.ws.ping('hello');
    expect(await pong).to.equal('hello');
  });

  it('refuses more streams than allowed per connection, in the URL and by SUBSCRIBE', async () => {
    await setup({ maxStreamsPerConnection: 2 });
    let error: unknown;
    try {
      await connect('/stream?streams=btcusdt@trade/btcusdt@depth/btcusdt@ticker');
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain('HTTP 400');
    const client = await connect('/ws/btcusdt@trade/btcusdt@depth');
    const from = client.messages.length;
    client.send({ method: 'SUBSCRIBE', params: ['btcusdt@ticker'], id: 1 });
    expect(await client.next(() => true, 2000, from)).to.deep.equal({ code: 2, msg: 'Invalid request: too many streams; the limit is 2 per connection' });
    expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 2 })).to.deep.equal({ result: ['btcusdt@trade', 'btcusdt@depth'], id: 2 });
  });

  it('pings on its interval and keeps a connection that answers them', async () => {
    await setup({ pingIntervalMs: 20, pongTimeoutMs: 50 });
    const client = await connect('/ws');
    // Three pings span more than the pong timeout: answering them keeps the socket open.
    await client.until(() => client.pings >= 4, 3000);
    expect(client.ws.readyState).to.equal(client.ws.OPEN);
  });

  it('closes a connection that does not answer a ping within pongTimeoutMs', async () => {
    await setup({ pingIntervalMs: 20, pongTimeoutMs: 50 });
    const client = await connect('/ws', { autoPong: false });
    // Unsolicited pongs do not count.
    client.ws.pong('');
    expect((await client.closed).code).to.equal(1006);
    expect(client.pings).to.be.at.least(1);
  });

  it('closes a connection when its lifetime ends', async () => {
    await setup({ connectionLifetimeMs: 80 });
    const client = await connect('/ws');
    const closed = await client.closed;
    expect(closed).to.deep.equal({ code: 1000, reason: 'connection lifetime reached' });
  });

  it('close() ends every connection and stops the engine listener', async () => {
    await setup();
    const client = await connect('/ws/btcusdt@depth@100ms');
    await server.close();
    expect((await client.closed).code).to.equal(1006);
    bid('100.00'); // no listener left to throw or send
    expect(server.connectionCount()).to.equal(0);
  });
});
