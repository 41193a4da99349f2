// Binance spot market data end to end (issue 7): the feed's actors against the simulator over real
// sockets, surviving the faults the simulator injects.
import { expect } from 'chai';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { BookView, DepthUpdate, Ticker, Trade } from '../../lib/models/market.js';
import { UnknownSymbolError } from '../../lib/core/errors.js';
import { whichChildren, lookupSupervisor } from '../../actors/runtime/index.js';
import { eventually, sleep } from '../wait.js';
import { expectBookEqualsSimulator, expectContiguous, startMarketHarness, type MarketHarness } from './market-harness.js';

describe('market data: Binance spot through the actor tree', function () {
  this.timeout(30_000);
  let h: MarketHarness;

  afterEach(async () => {
    await h?.stop();
  });

  it('starts streams on demand, syncs the book, and the book equals the simulator', async () => {
    h = await startMarketHarness();
    const books = h.record<BookView>('book', 'BTC/USDT');
    const depth = h.record<DepthUpdate>('depth', 'BTC/USDT');
    await eventually(() => books.length > 0, 'a book event', 8000);
    expect(depth[0]?.kind).to.equal('snapshot');
    expect(books[0]?.bids[0]?.price.greaterThan(0)).to.equal(true);
    expect(books[0]?.asks[0]?.price.greaterThan(books[0]?.bids[0]?.price ?? 0)).to.equal(true);
    await expectBookEqualsSimulator(h, 'BTC/USDT', 'BTCUSDT');
  });

  it('delivers trades, tickers and book tickers with unified symbols and exact decimals', async () => {
    h = await startMarketHarness();
    const trades = h.record<Trade>('trades', 'ETH/USDT');
    const tickers = h.record<Ticker>('ticker', 'ETH/USDT');
    await eventually(() => trades.length >= 3 && tickers.length >= 1, 'trades and a ticker', 10_000);
    expect(trades[0]).to.include({ type: 'trade', exchange: 'binance', symbol: 'ETH/USDT' });
    expect(typeof trades[0]?.id).to.equal('string');
    expect(trades[0]?.price.constructor.name).to.equal('Decimal');
    expectContiguous(trades);
    expect(tickers[0]).to.include({ type: 'ticker', symbol: 'ETH/USDT' });
  });

  it('stops a stream and its actors when the last subscriber goes', async () => {
    h = await startMarketHarness();
    const sub = h.pubsub.listen(h.feed.topic('depth', 'ETH/BTC'), () => undefined);
    const books = lookupSupervisor(h.feed.supervisor, 'books')!;
    await eventually(() => whichChildren(books).some((c) => c.id === 'book-ETHBTC'), 'the book actor', 5000);
    sub.unsubscribe();
    await eventually(() => whichChildren(books).length === 0, 'the book actor to stop', 5000);
    const connections = lookupSupervisor(h.feed.supervisor, 'connections')!;
    await eventually(() => whichChildren(connections).length === 0, 'the connection to close', 5000);
  });

  it('refuses a topic for a symbol the exchange does not list', async () => {
    h = await startMarketHarness();
    expect(() => h.feed.topic('trades', 'NOPE/USDT')).to.throw(UnknownSymbolError, /NOPE\/USDT/);
  });

  it('reconnects with backoff after a dropped connection, resubscribes, resyncs, and misses no trade', async () => {
    h = await startMarketHarness();
    const trades = h.record<Trade>('trades', 'BTC/USDT');
    h.record<BookView>('book', 'BTC/USDT');
    await eventually(() => trades.length >= 3, 'trades', 10_000);
    await sleep(300);
    expect(h.sim.faults.dropConnections({ target: 'streams' })).to.be.greaterThan(0);
    await eventually(() => (h.feed.metrics().connections[0]?.reconnects ?? 0) >= 1, 'a reconnect', 5000);
    const before = trades.length;
    await eventually(() => trades.length > before + 3, 'trades after the reconnect', 10_000);
    expectContiguous(trades);
    await expectBookEqualsSimulator(h, 'BTC/USDT', 'BTCUSDT');
  });

  it('resyncs only the symbol whose depth sequence skipped', async () => {
    h = await startMarketHarness();
    h.record<BookView>('book', 'BTC/USDT');
    h.record<BookView>('book', 'ETH/USDT');
    const synced = (symbol: string): boolean => h.status.some((s) => s.state === 'synced' && s.symbol === symbol);
    await eventually(() => synced('BTC/USDT') && synced('ETH/USDT'), 'both books synced', 8000);
    h.sim.faults.skipDepthUpdates('BTCUSDT', 1);
    const resyncs = (stream: string): number => h.feed.metrics().streams.find((s) => s.stream === stream)?.resyncs ?? 0;
    await eventually(() => resyncs('depth:BTC/USDT') === 1, 'BTC/USDT to resync', 8000);
    expect(resyncs('depth:ETH/USDT')).to.equal(0);
    expect(h.status.some((s) => s.state === 'gap' && s.symbol === 'BTC/USDT')).to.equal(true);
    await expectBookEqualsSimulator(h, 'BTC/USDT', 'BTCUSDT');
  });

  it('refuses crossed REST snapshots and fetches again with backoff (at once, then 1 s, then 2 s), never in a hot loop', async () => {
    // A proxy in front of the simulator's REST crosses the first three BTCUSDT depth snapshots: a bid at the best ask.
    let proxy: Server | undefined;
    const snapshots: number[] = [];
    try {
      h = await startMarketHarness(
        async (sim) => {
          const target = new URL(sim.rest);
          proxy = createServer((req, res) => {
            const crossIt = req.url?.startsWith('/api/v3/depth?symbol=BTCUSDT') === true;
            if (crossIt) snapshots.push(Date.now());
            const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
              if (!crossIt || snapshots.length > 3) {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                return void answer.pipe(res);
              }
              const chunks: Buffer[] = [];
              answer.on('data', (c: Buffer) => chunks.push(c));
              answer.on('end', () => {
                const body = JSON.parse(Buffer.concat(chunks).toString()) as { bids: string[][]; asks: string[][] };
                body.bids.unshift([body.asks[0]![0]!, '1.00000000']);
                const text = JSON.stringify(body);
                res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
              });
            });
            upstream.on('error', () => res.destroy());
            req.pipe(upstream);
          });
          await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve()));
          const { port } = proxy.address() as { port: number };
          return { restUrl: `http://127.0.0.1:${port}` };
        },
        { bots: { makerIntervalMs: 50 } },
      );
      const books = h.record<BookView>('book', 'BTC/USDT');
      await eventually(() => books.length > 0, 'the book after the crossed snapshots', 15_000);
      const metric = h.feed.metrics().streams.find((s) => s.stream === 'depth:BTC/USDT');
      expect([metric?.crossed, snapshots.length]).to.deep.equal([3, 4]);
      const waits = snapshots.slice(1).map((t, i) => t - snapshots[i]!);
      expect(waits[0]).to.be.below(900);
      expect(waits[1]).to.be.within(900, 1900);
      expect(waits[2]).to.be.within(1900, 3900);
      expect(books.every((b) => b.bids[0]!.price.lessThan(b.asks[0]!.price))).to.equal(true);
      await expectBookEqualsSimulator(h, 'BTC/USDT', 'BTCUSDT');
    } finally {
      await h?.stop();
      h = undefined as unknown as MarketHarness;
      await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    }
  });

  it('detects a stalled socket, replaces it, and backfills the trades made meanwhile from REST', async () => {
    h = await startMarketHarness({ silenceMs: 500, probeTimeoutMs: 500 }, { bots: { takerIntervalMs: 50 } });
    const trades = h.record<Trade>('trades', 'BTC/USDT');
    await eventually(() => trades.length >= 2, 'trades', 10_000);
    h.sim.faults.stallConnections({ target: 'streams' });
    await eventually(() => (h.feed.metrics().connections[0]?.reconnects ?? 0) >= 1, 'the stalled socket replaced', 8000);
    h.sim.faults.resumeConnections({ target: 'streams' });
    const before = trades.length;
    await eventually(() => trades.length > before + 2, 'trades again', 10_000);
    expectContiguous(trades);
    // Trades happened while the socket was stalled: they came from REST, in order, before the live ones.
    expect(h.feed.metrics().streams.find((s) => s.stream === 'trades:BTC/USDT')?.backfilled ?? 0).to.be.greaterThan(0);
    expect(h.status.some((s) => s.state === 'backfilled' && s.symbol === 'BTC/USDT')).to.equal(true);
  });

  it('asks a failed backfill page again (no answer, then a 503) instead of leaving a hole', async () => {
    // A proxy in front of the simulator's REST: the first historicalTrades request loses its connection, the
    // second gets a 503; the third goes through.
    let proxy: Server | undefined;
    const failures: string[] = [];
    try {
      h = await startMarketHarness(
        async (sim) => {
          const target = new URL(sim.rest);
          proxy = createServer((req, res) => {
            if (req.url?.startsWith('/api/v3/historicalTrades') && failures.length < 2) {
              failures.push(req.url);
              if (failures.length === 1) return void req.socket.destroy();
              res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}');
              return;
            }
            const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            });
            upstream.on('error', () => res.destroy());
            req.pipe(upstream);
          });
          await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve()));
          const { port } = proxy.address() as { port: number };
          return { restUrl: `http://127.0.0.1:${port}`, silenceMs: 500, probeTimeoutMs: 500 };
        },
        { bots: { takerIntervalMs: 50 } },
      );
      const trades = h.record<Trade>('trades', 'BTC/USDT');
      await eventually(() => trades.length >= 2, 'trades', 10_000);
      h.sim.faults.stallConnections({ target: 'streams' });
      await eventually(() => (h.feed.metrics().connections[0]?.reconnects ?? 0) >= 1, 'the stalled socket replaced', 8000);
      h.sim.faults.resumeConnections({ target: 'streams' });
      await eventually(() => h.status.some((s) => s.state === 'backfilled' && s.symbol === 'BTC/USDT'), 'the backfill', 10_000);
      const before = trades.length;
      await eventually(() => trades.length > before + 2, 'trades again', 10_000);
      expect(failures).to.have.length(2);
      expectContiguous(trades);
      expect(h.status.some((s) => s.state === 'gap' && s.symbol === 'BTC/USDT' && /trades/.test(s.detail ?? ''))).to.equal(false);
    } finally {
      await h?.stop();
      h = undefined as unknown as MarketHarness;
      await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    }
  });

  it('backfills a second hole that opens while the first backfill waits (no silent skip among held trades)', async () => {
    // The first historicalTrades answer is held back 4 s; meanwhile the stream stalls again, so the trades
    // held during the backfill have a hole of their own.
    let proxy: Server | undefined;
    const pages: string[] = [];
    try {
      h = await startMarketHarness(
        async (sim) => {
          const target = new URL(sim.rest);
          proxy = createServer((req, res) => {
            const page = req.url?.startsWith('/api/v3/historicalTrades') === true;
            if (page) pages.push(req.url!);
            const forward = (): void => {
              const upstream = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.headers);
                answer.pipe(res);
              });
              upstream.on('error', () => res.destroy());
              upstream.end();
            };
            if (page && pages.length === 1) setTimeout(forward, 4000);
            else forward();
          });
          await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', () => resolve()));
          const { port } = proxy.address() as { port: number };
          return { restUrl: `http://127.0.0.1:${port}`, silenceMs: 400, probeTimeoutMs: 300 };
        },
        { bots: { takerIntervalMs: 40 } },
      );
      const trades = h.record<Trade>('trades', 'BTC/USDT');
      await eventually(() => trades.length >= 2, 'trades', 10_000);
      const reconnects = (): number => h.feed.metrics().connections[0]?.reconnects ?? 0;
      for (let stall = 1; stall <= 2; stall++) {
        h.sim.faults.stallConnections({ target: 'streams' });
        await eventually(() => reconnects() >= stall, `stalled socket ${stall} replaced`, 8000);
        h.sim.faults.resumeConnections({ target: 'streams' });
        if (stall === 1) await eventually(() => pages.length === 1, 'the first backfill page asked', 5000);
      }
      await eventually(() => pages.length >= 2, 'a backfill for the second hole', 10_000);
      const before = trades.length;
      await eventually(() => trades.length > before + 5, 'trades again', 10_000);
      expectContiguous(trades);
    } finally {
      await h?.stop();
      h = undefined as unknown as MarketHarness;
      await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    }
  });

  it('renews on serverShutdown make-before-break: no reconnect, no gap, no duplicate', async () => {
    h = await startMarketHarness();
    const trades = h.record<Trade>('trades', 'BTC/USDT');
    h.record<BookView>('book', 'BTC/USDT');
    await eventually(() => trades.length >= 3, 'trades', 10_000);
    h.sim.faults.serverShutdown({ target: 'streams', closeAfterMs: 1000 });
    await eventually(() => (h.feed.metrics().connections[0]?.renewals ?? 0) >= 1, 'a renewal', 5000);
    const before = trades.length;
    await eventually(() => trades.length > before + 3, 'trades after the renewal', 10_000);
    expect(h.feed.metrics().connections[0]?.reconnects).to.equal(0);
    expectContiguous(trades);
    expect(h.feed.metrics().streams.find((s) => s.stream === 'depth:BTC/USDT')?.gaps ?? 0).to.equal(0);
  });

  it('renews before the connection lifetime ends', async () => {
    h = await startMarketHarness({ connectionLifetimeMs: 2500, renewBeforeMs: 1000 });
    const trades = h.record<Trade>('trades', 'ETH/USDT');
    await eventually(() => (h.feed.metrics().connections[0]?.renewals ?? 0) >= 1, 'a renewal', 6000);
    await eventually(() => trades.length >= 3, 'trades', 10_000);
    expect(h.feed.metrics().connections[0]?.reconnects).to.equal(0);
    expectContiguous(trades);
  });

  it('backs off snapshots on 429 and syncs once Retry-After has passed', async () => {
    h = await startMarketHarness();
    h.sim.faults.rateLimit({ status: 429, durationMs: 1500, retryAfterSec: 1 });
    const books = h.record<BookView>('book', 'ETH/USDT');
    await eventually(() => h.status.some((s) => s.state === 'rate-limited'), 'rate limited', 5000);
    expect(books).to.have.length(0);
    await eventually(() => books.length > 0, 'the book after the ban', 10_000);
    expect(h.feed.metrics().rateLimited).to.be.greaterThan(0);
  });
});
