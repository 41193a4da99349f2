// Market data at scale and under hostile input: 200 symbols sharded over connections, the venue's
// connection-attempt budget, and a seeded fuzz of what a market socket can send.
import { expect } from 'chai';
import fc from 'fast-check';
import { WebSocketServer, type WebSocket } from 'ws';
import { binanceSpotMarket } from '../../lib/exchanges/binance/market-codec.js';
import type { BookView, StatusEvent, Trade } from '../../lib/models/market.js';
import { lookupSupervisor, whichChildren } from '../../actors/runtime/index.js';
import { generatedSymbols } from '../../sim/index.js';
import type { SymbolSpec } from '../../sim/engine/types.js';
import { eventually, sleep } from '../wait.js';
import { captureCrashes, FIRST_VALID_TRADE_ID, runMarketFuzz, sendValid, startMarketFuzz, subscribedAll, type MarketFuzzRun } from '../fuzz/market-fuzz.js';
import { expectContiguous, startMarketHarness, type MarketHarness } from './market-harness.js';

function manySymbols(n: number): { specs: SymbolSpec[]; mids: Record<string, string> } {
  const { specs, startMids } = generatedSymbols(n);
  return { specs, mids: startMids };
}

describe('market data at scale', function () {
  this.timeout(60_000);
  let h: MarketHarness | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('syncs 200 symbols sharded over several connections, snapshots paced through the weight budget', async () => {
    const { specs, mids } = manySymbols(200);
    h = await startMarketHarness(
      { streamsPerConnection: 64, snapshotLimit: 100 },
      { symbols: specs as never, bots: { startMids: mids, makerIntervalMs: 500, takerIntervalMs: 2000 } },
    );
    const harness = h;
    const synced = new Set<string>();
    harness.pubsub.listen<StatusEvent>('status:binance', (s) => {
      if (s.state === 'synced' && s.symbol) synced.add(s.symbol);
    });
    for (let i = 1; i <= 200; i++) harness.record<BookView>('book', `S${String(i).padStart(3, '0')}/USDT`);
    await eventually(() => synced.size === 200, `all 200 books synced (${synced.size})`, 45_000);
    const connections = lookupSupervisor(harness.feed.supervisor, 'connections')!;
    expect(whichChildren(connections)).to.have.length(4); // 200 streams / 64 per connection
    expect(harness.feed.metrics().connections.every((c) => c.streams <= 64)).to.equal(true);
  });

  it('spaces control frames evenly, two under the venue limit a second (pongs and jitter never make the venue count more)', async () => {
    // A venue that records when each control frame arrives; the feed subscribes 500 trade streams (5 SUBSCRIBEs).
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const arrivals: number[] = [];
    server.on('connection', (socket: WebSocket) => {
      socket.on('message', (data) => {
        arrivals.push(Date.now());
        socket.send(JSON.stringify({ result: null, id: (JSON.parse(String(data)) as { id: number }).id }));
      });
    });
    try {
      const { specs } = manySymbols(500);
      h = await startMarketHarness({ wsUrl: `ws://127.0.0.1:${(server.address() as { port: number }).port}` }, { symbols: specs as never, bots: false });
      for (let i = 1; i <= 500; i++) h.record<Trade>('trades', `S${String(i).padStart(3, '0')}/USDT`);
      await eventually(() => arrivals.length >= 5, `5 SUBSCRIBE frames (${arrivals.length})`, 10_000);
      const limit = binanceSpotMarket.limits.controlMessagesPerSecond;
      for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!, `gap before frame ${i}`).to.be.at.least(Math.floor(1000 / (limit - 2)) - 30);
      for (const at of arrivals) expect(arrivals.filter((t) => t >= at && t < at + 1000).length).to.be.at.most(limit - 2);
    } finally {
      await h?.stop();
      h = undefined;
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('paces snapshots by the REST weight budget instead of breaking the limit', async () => {
    // 60 weight a minute, all of it ours. exchangeInfo took 20 (the server's used-weight header says so and
    // we believe it), which leaves 8 snapshots of weight 5; the other 2 wait for the window.
    const codec = { ...binanceSpotMarket, limits: { ...binanceSpotMarket.limits, restWeightPerMinute: 60 } };
    const { specs, mids } = manySymbols(10);
    h = await startMarketHarness({ codec, restWeightShare: 1, snapshotLimit: 100 }, { symbols: specs as never, bots: { startMids: mids } });
    const harness = h;
    const synced = new Set<string>();
    harness.pubsub.listen<StatusEvent>('status:binance', (s) => {
      if (s.state === 'synced' && s.symbol) synced.add(s.symbol);
    });
    for (let i = 1; i <= 10; i++) harness.record<BookView>('book', `S${String(i).padStart(3, '0')}/USDT`);
    await eventually(() => synced.size === 8, 'eight books synced', 10_000);
    await sleep(1500);
    expect(synced.size).to.equal(8);
    expect(harness.feed.metrics().rateLimited).to.equal(0); // never answered 429: we waited instead
  });

  it('never opens more connections than the venue allows per window', async () => {
    const codec = { ...binanceSpotMarket, limits: { ...binanceSpotMarket.limits, connectionAttempts: { count: 2, windowMs: 2500 } } };
    h = await startMarketHarness({ codec, backoff: { minMs: 10, maxMs: 20 } });
    const harness = h;
    const trades = harness.record<Trade>('trades', 'BTC/USDT');
    await eventually(() => trades.length > 0 || harness.feed.metrics().connections[0]?.state === 'connected', 'connected', 10_000);
    const connectedAt: number[] = [];
    harness.pubsub.listen<StatusEvent>('status:binance', (s) => {
      if (s.state === 'connected') connectedAt.push(Date.now());
    });
    const start = Date.now();
    for (let i = 0; i < 2; i++) {
      await eventually(() => harness.feed.metrics().connections[0]?.state === 'connected', 'connected', 10_000);
      harness.sim.faults.dropConnections({ target: 'streams' });
      await eventually(() => connectedAt.length > i, `reconnect ${i + 1}`, 10_000);
    }
    // The first connection and the first reconnect used the budget of 2: the second reconnect waited for the window.
    expect(connectedAt[1]! - start).to.be.at.least(1500);
  });
});

describe('market data: hostile market socket (seeded fuzz)', function () {
  this.timeout(60_000);
  let server: WebSocketServer | undefined;
  let h: MarketHarness | undefined;

  afterEach(async () => {
    await h?.stop();
    h = undefined;
    for (const client of server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('survives any frame a peer can send: counted, never a crash, and valid frames still flow', async () => {
    const junk = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.json({ maxDepth: 4 }),
        fc.constantFrom('', 'null', '[]', '{}', '{"stream":1,"data":2}', '{"e":"depthUpdate","s":"BTCUSDT","U":"x","u":2,"b":[[1,2]],"a":null}'),
        fc.record({ e: fc.constantFrom('trade', 'depthUpdate', '24hrTicker', 'serverShutdown', 'kline'), s: fc.constantFrom('BTCUSDT', 'NOPE', ''), E: fc.anything(), t: fc.anything(), p: fc.anything(), q: fc.anything(), U: fc.anything(), u: fc.anything(), b: fc.anything(), a: fc.anything() }).map((v) => JSON.stringify(v)),
        fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
      ),
      { seed: 20261129, numRuns: 600 },
    );
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
    const port = (server.address() as { port: number }).port;
    let tradeId = 1_000_000;
    const validTrade = (): string =>
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: Date.now(), s: 'BTCUSDT', t: tradeId++, p: '65000.01', q: '0.5', T: Date.now(), m: false, M: true } });
    server.on('connection', (socket: WebSocket) => {
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as { id: number };
        socket.send(JSON.stringify({ result: null, id: request.id }));
        // After the subscription: the junk, then valid trades.
        void (async () => {
          for (const [i, frame] of junk.entries()) {
            if (socket.readyState !== socket.OPEN) return;
            socket.send(frame);
            if (i % 20 === 0) await sleep(0);
          }
          for (let i = 0; i < 5 && socket.readyState === socket.OPEN; i++) socket.send(validTrade());
        })();
      });
    });
    // REST (symbols, snapshots) from the simulator; the market socket is the hostile server.
    h = await startMarketHarness({ wsUrl: `ws://127.0.0.1:${port}` }, { bots: false });
    const trades = h.record<Trade>('trades', 'BTC/USDT');
    const valid = (): Trade[] => trades.filter((t) => BigInt(t.id) >= 1_000_000n);
    await eventually(() => valid().length >= 5, 'valid trades after the junk', 30_000);
    const counters = h.feed.metrics().connections;
    const malformed = counters.reduce((n, c) => n + c.malformedFrames, 0);
    expect(malformed).to.be.greaterThan(100);
    expect(valid().every((t) => t.symbol === 'BTC/USDT' && t.price.toString() === '65000.01')).to.equal(true);
  });

  it('counts every one of 100,000 mutated frames, never crashes or reconnects, and the valid frames after them arrive exact', async function () {
    this.timeout(60_000);
    const result = await runMarketFuzz(100_000, 0x5eed3, 45_000);
    // The plan parsed each frame once to know its kind: the connection counted exactly those, and binary frames.
    expect(result.plan.frames).to.have.length(100_000);
    expect(result.malformedCounted).to.equal(result.plan.malformed);
    expect(result.malformedCounted).to.be.greaterThan(50_000);
    expect(result.unknownCounted).to.equal(result.plan.unknown);
    expect(result.crashes, 'actor crashes').to.equal(0);
    expect(result.reconnects).to.equal(0);
    expect(result.connections).to.equal(1);
    expect(result.validTrades.map((t) => t.id)).to.deep.equal(['1000000', '1000001', '1000002', '1000003', '1000004']);
    expect(result.validTrades.every((t) => t.symbol === 'BTC/USDT' && t.price.toString() === '65000.01' && t.quantity.toString() === '0.5' && t.side === 'buy')).to.equal(true);
    expect([result.bookTicker?.bid.toString(), result.bookTicker?.bidSize.toString(), result.bookTicker?.ask.toString(), result.bookTicker?.askSize.toString()]).to.deep.equal(['64999.99', '1.25', '65000.01', '0.75']);
    const level = (l: { price: { toString(): string }; quantity: { toString(): string } }): string => `${l.price.toString()}@${l.quantity.toString()}`;
    expect(result.book?.bids.map(level)).to.deep.equal(['1@7']);
    expect(result.book?.asks.map(level)).to.deep.equal(['999999@3']);
  });

  describe('text frames with invalid UTF-8', () => {
    let run: MarketFuzzRun | undefined;
    afterEach(async () => {
      await run?.stop();
      run = undefined;
    });

    it('close the socket (ws answers 1007): the connection reconnects, resubscribes every stream, and data flows again', async () => {
      const crashes = captureCrashes();
      // A byte that is never UTF-8, a lead byte without its continuation, a UTF-16 surrogate encoded as UTF-8.
      const bad = [Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), Buffer.from([0xc3, 0x28]), Buffer.from([0x7b, 0x7d, 0xed, 0xa0, 0x80])];
      // Connections 0..2: two trades, then a text frame that is not UTF-8. Connection 3: the valid tail.
      run = await startMarketFuzz(async (connection, { lastUpdateId }) => {
        const first = FIRST_VALID_TRADE_ID + connection.index * 2;
        if (connection.index < bad.length) {
          await connection.send(JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: 1, s: 'BTCUSDT', t: first, p: '65000.01', q: '0.5', T: 1, m: false, M: true } }));
          await connection.send(JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: 1, s: 'BTCUSDT', t: first + 1, p: '65000.01', q: '0.5', T: 1, m: false, M: true } }));
          await sleep(50);
          await connection.send(bad[connection.index]!, false);
          return;
        }
        await sendValid(connection, first, 2, lastUpdateId);
      });
      const r = run;
      try {
        const ids = (): string[] => r.trades.map((t) => t.id);
        await eventually(() => ids().length >= 8 && r.bookTickers.length > 0, 'trades from all four connections', 25_000);
        expect(ids()).to.deep.equal(['1000000', '1000001', '1000002', '1000003', '1000004', '1000005', '1000006', '1000007']);
        expectContiguous(r.trades);
        expect(r.server.connections()).to.equal(4);
        // Every connection subscribed every stream again.
        for (const requests of r.server.requests) expect(subscribedAll(requests)).to.equal(true);
        const counters = r.h.feed.metrics().connections;
        expect(counters.reduce((n, c) => n + c.reconnects, 0)).to.equal(3);
        // ws refused each frame with close code 1007 (its own side of the socket then reports 1006, no handshake);
        // the disconnect says so, not "closed by the server (1006)".
        expect(r.server.closeCodes().slice(0, 3)).to.deep.equal([1007, 1007, 1007]);
        const disconnects = r.h.status.filter((s) => s.state === 'disconnected').map((s) => s.detail);
        expect(disconnects).to.deep.equal(Array(3).fill('socket closed by the client: the server sent invalid UTF-8 (1007)'));
        // The connection restarted on the close it was told of: a restart, which is how it recovers, not a tree failure.
        expect(crashes.count()).to.equal(3);
      } finally {
        crashes.stop();
      }
    });
  });
});
