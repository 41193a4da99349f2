// Binance market data end to end (issue 7; USD-M futures, issue 11): the feed's actors against the simulator over
// real sockets, surviving the faults the simulator injects. Every case runs for spot and for USD-M futures (the
// same actor tree through another codec); futures adds the markPrice topic.
import { expect } from 'chai';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { BookView, DepthUpdate, MarkPrice, Ticker, Trade } from '../../lib/models/market.js';
import { UnknownSymbolError } from '../../lib/core/errors.js';
import { whichChildren, lookupSupervisor } from '../../actors/runtime/index.js';
import { InvalidTopicError } from '../../actors/pubsub.js';
import { eventually, sleep } from '../wait.js';
import { expectBookEqualsSimulator, expectContiguous, MARKETS, startMarketHarness as startHarness, type MarketCase, type MarketHarness } from './market-harness.js';
import type { MarketFeedOptions } from '../../actors/market/feed.js';
import type { RunningSimulator, SimulatorOptions } from '../../sim/index.js';

for (const market of MARKETS) describeMarket(market);

function describeMarket(market: MarketCase): void {
describe(`market data: Binance ${market.name} through the actor tree`, function () {
  this.timeout(30_000);
  let h: MarketHarness;
  const BTC = market.symbol('BTCUSDT');
  const ETH = market.symbol('ETHUSDT');
  const startMarketHarness = (
    feedOptions: Partial<MarketFeedOptions> | ((sim: RunningSimulator) => Partial<MarketFeedOptions> | Promise<Partial<MarketFeedOptions>>) = {},
    simOptions: SimulatorOptions = {},
  ): Promise<MarketHarness> => startHarness(feedOptions, simOptions, market);
  const restOf = (sim: RunningSimulator): URL => new URL(market.urls(sim).restUrl);
  const connections = (): ReturnType<MarketHarness['feed']['metrics']>['connections'] => h.feed.metrics().connections;
  const reconnected = (n = 1): boolean => connections().length > 0 && connections().some((c) => c.reconnects >= n);

  afterEach(async () => {
    await h?.stop();
  });

  it('starts streams on demand, syncs the book, and the book equals the simulator', async () => {
    h = await startMarketHarness();
    const books = h.record<BookView>('book', BTC);
    const depth = h.record<DepthUpdate>('depth', BTC);
    await eventually(() => books.length > 0, 'a book event', 8000);
    expect(depth[0]?.kind).to.equal('snapshot');
    expect(books[0]?.bids[0]?.price.greaterThan(0)).to.equal(true);
    expect(books[0]?.asks[0]?.price.greaterThan(books[0]?.bids[0]?.price ?? 0)).to.equal(true);
    await expectBookEqualsSimulator(h, BTC, 'BTCUSDT');
  });

  it('delivers trades, tickers and book tickers with unified symbols and exact decimals', async () => {
    h = await startMarketHarness();
    const trades = h.record<Trade>('trades', ETH);
    const tickers = h.record<Ticker>('ticker', ETH);
    await eventually(() => trades.length >= 3 && tickers.length >= 1, 'trades and a ticker', 10_000);
    expect(trades[0]).to.include({ type: 'trade', exchange: market.exchange, symbol: ETH });
    expect(typeof trades[0]?.id).to.equal('string');
    expect(trades[0]?.price.constructor.name).to.equal('Decimal');
    expectContiguous(trades);
    expect(tickers[0]).to.include({ type: 'ticker', symbol: ETH });
  });

  it('stops a stream and its actors when the last subscriber goes', async () => {
    h = await startMarketHarness();
    const sub = h.pubsub.listen(h.feed.topic('depth', ETH), () => undefined);
    const books = lookupSupervisor(h.feed.supervisor, 'books')!;
    await eventually(() => whichChildren(books).some((c) => c.id === 'book-ETHUSDT'), 'the book actor', 5000);
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
    const trades = h.record<Trade>('trades', BTC);
    h.record<BookView>('book', BTC);
    await eventually(() => trades.length >= 3, 'trades', 10_000);
    await sleep(300);
    expect(h.sim.faults.dropConnections({ target: market.streamsTarget })).to.be.greaterThan(0);
    await eventually(() => reconnected(), 'a reconnect', 5000);
    const before = trades.length;
    await eventually(() => trades.length > before + 3, 'trades after the reconnect', 10_000);
    expectContiguous(trades);
    await expectBookEqualsSimulator(h, BTC, 'BTCUSDT');
  });

  it('resyncs only the symbol whose depth sequence skipped', async () => {
    h = await startMarketHarness();
    h.record<BookView>('book', BTC);
    h.record<BookView>('book', ETH);
    const synced = (symbol: string): boolean => h.status.some((s) => s.state === 'synced' && s.symbol === symbol);
    await eventually(() => synced(BTC) && synced(ETH), 'both books synced', 8000);
    h.sim.faults.skipDepthUpdates('BTCUSDT', 1, market.faultMarket);
    const resyncs = (stream: string): number => h.feed.metrics().streams.find((s) => s.stream === stream)?.resyncs ?? 0;
    await eventually(() => resyncs(`depth:${BTC}`) === 1, 'BTC/USDT to resync', 8000);
    expect(resyncs(`depth:${ETH}`)).to.equal(0);
    expect(h.status.some((s) => s.state === 'gap' && s.symbol === BTC)).to.equal(true);
    await expectBookEqualsSimulator(h, BTC, 'BTCUSDT');
  });

  it('answers a read from a book resynced just before the market went quiet (no delta comes to bridge it)', async () => {
    h = await startMarketHarness();
    h.record<BookView>('book', BTC);
    await eventually(() => h.status.some((s) => s.state === 'synced' && s.symbol === BTC), 'the book synced', 8000);
    h.sim.faults.skipDepthUpdates('BTCUSDT', 1, market.faultMarket);
    // The gap is seen on the next delta; the market goes quiet at once, so the snapshot has nothing after it.
    await eventually(() => h.status.some((s) => s.state === 'gap' && s.symbol === BTC), 'the gap', 8000);
    market.bots(h.sim)?.stop();
    await expectBookEqualsSimulator(h, BTC, 'BTCUSDT');
  });

  it('refuses crossed REST snapshots and fetches again with backoff (at once, then 1 s, then 2 s), never in a hot loop', async () => {
    // A proxy in front of the simulator's REST crosses the first three BTCUSDT depth snapshots: a bid at the best ask.
    let proxy: Server | undefined;
    const snapshots: number[] = [];
    try {
      h = await startMarketHarness(
        async (sim) => {
          const target = restOf(sim);
          proxy = createServer((req, res) => {
            const crossIt = req.url?.startsWith(`${market.depthPath}?symbol=BTCUSDT`) === true;
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
      const books = h.record<BookView>('book', BTC);
      await eventually(() => books.length > 0, 'the book after the crossed snapshots', 15_000);
      const metric = h.feed.metrics().streams.find((s) => s.stream === `depth:${BTC}`);
      expect([metric?.crossed, snapshots.length]).to.deep.equal([3, 4]);
      const waits = snapshots.slice(1).map((t, i) => t - snapshots[i]!);
      expect(waits[0]).to.be.below(900);
      expect(waits[1]).to.be.within(900, 1900);
      expect(waits[2]).to.be.within(1900, 3900);
      expect(books.every((b) => b.bids[0]!.price.lessThan(b.asks[0]!.price))).to.equal(true);
      await expectBookEqualsSimulator(h, BTC, 'BTCUSDT');
    } finally {
      await h?.stop();
      h = undefined as unknown as MarketHarness;
      await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
    }
  });

  it('detects a stalled socket, replaces it, and backfills the trades made meanwhile from REST', async () => {
    h = await startMarketHarness({ silenceMs: 500, probeTimeoutMs: 500 }, { bots: { takerIntervalMs: 50 } });
    const trades = h.record<Trade>('trades', BTC);
    await eventually(() => trades.length >= 2, 'trades', 10_000);
    h.sim.faults.stallConnections({ target: market.streamsTarget });
    await eventually(() => reconnected(), 'the stalled socket replaced', 8000);
    h.sim.faults.resumeConnections({ target: market.streamsTarget });
    const before = trades.length;
    await eventually(() => trades.length > before + 2, 'trades again', 10_000);
    expectContiguous(trades);
    // Trades happened while the socket was stalled: they came from REST, in order, before the live ones.
    expect(h.feed.metrics().streams.find((s) => s.stream === `trades:${BTC}`)?.backfilled ?? 0).to.be.greaterThan(0);
    expect(h.status.some((s) => s.state === 'backfilled' && s.symbol === BTC)).to.equal(true);
  });

  it('asks a failed backfill page again (no answer, then a 503) instead of leaving a hole', async () => {
    // A proxy in front of the simulator's REST: the first historicalTrades request loses its connection, the
    // second gets a 503; the third goes through.
    let proxy: Server | undefined;
    const failures: string[] = [];
    try {
      h = await startMarketHarness(
        async (sim) => {
          const target = restOf(sim);
          proxy = createServer((req, res) => {
            if (req.url?.startsWith(market.backfillPath) && failures.length < 2) {
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
      const trades = h.record<Trade>('trades', BTC);
      await eventually(() => trades.length >= 2, 'trades', 10_000);
      h.sim.faults.stallConnections({ target: market.streamsTarget });
      await eventually(() => reconnected(), 'the stalled socket replaced', 8000);
      h.sim.faults.resumeConnections({ target: market.streamsTarget });
      await eventually(() => h.status.some((s) => s.state === 'backfilled' && s.symbol === BTC), 'the backfill', 10_000);
      const before = trades.length;
      await eventually(() => trades.length > before + 2, 'trades again', 10_000);
      expect(failures).to.have.length(2);
      expectContiguous(trades);
      expect(h.status.some((s) => s.state === 'gap' && s.symbol === BTC && /trades/.test(s.detail ?? ''))).to.equal(false);
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
          const target = restOf(sim);
          proxy = createServer((req, res) => {
            const page = req.url?.startsWith(market.backfillPath) === true;
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
      const trades = h.record<Trade>('trades', BTC);
      await eventually(() => trades.length >= 2, 'trades', 10_000);
      const reconnects = (): number => Math.max(0, ...connections().map((c) => c.reconnects));
      for (let stall = 1; stall <= 2; stall++) {
        h.sim.faults.stallConnections({ target: market.streamsTarget });
        await eventually(() => reconnects() >= stall, `stalled socket ${stall} replaced`, 8000);
        h.sim.faults.resumeConnections({ target: market.streamsTarget });
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
    const trades = h.record<Trade>('trades', BTC);
    h.record<BookView>('book', BTC);
    await eventually(() => trades.length >= 3, 'trades', 10_000);
    h.sim.faults.serverShutdown({ target: market.streamsTarget, closeAfterMs: 1000 });
    await eventually(() => connections().length > 0 && connections().every((c) => c.renewals >= 1), 'a renewal', 5000);
    const before = trades.length;
    await eventually(() => trades.length > before + 3, 'trades after the renewal', 10_000);
    expect(connections().map((c) => c.reconnects)).to.satisfy((r: number[]) => r.length > 0 && r.every((n) => n === 0));
    expectContiguous(trades);
    expect(h.feed.metrics().streams.find((s) => s.stream === `depth:${BTC}`)?.gaps ?? 0).to.equal(0);
  });

  it('renews before the connection lifetime ends', async () => {
    h = await startMarketHarness({ connectionLifetimeMs: 2500, renewBeforeMs: 1000 });
    const trades = h.record<Trade>('trades', ETH);
    await eventually(() => connections().length > 0 && connections().every((c) => c.renewals >= 1), 'a renewal', 6000);
    await eventually(() => trades.length >= 3, 'trades', 10_000);
    expect(connections().map((c) => c.reconnects)).to.satisfy((r: number[]) => r.length > 0 && r.every((n) => n === 0));
    expectContiguous(trades);
  });

  it('backs off snapshots on 429 and syncs once Retry-After has passed', async () => {
    h = await startMarketHarness();
    h.sim.faults.rateLimit({ status: 429, durationMs: 1500, retryAfterSec: 1 });
    const books = h.record<BookView>('book', ETH);
    await eventually(() => h.status.some((s) => s.state === 'rate-limited'), 'rate limited', 5000);
    expect(books).to.have.length(0);
    await eventually(() => books.length > 0, 'the book after the ban', 10_000);
    expect(h.feed.metrics().rateLimited).to.be.greaterThan(0);
  });

  if (market.name === 'futures') {
    it('delivers markPrice with exact decimals, the configured funding rate, and the next funding time as it passes', async () => {
      h = await startMarketHarness({}, { futures: { fundingIntervalMs: 1500, fundingRate: '-0.00012345' }, streamCadence: { slowMs: 250 } });
      const marks = h.record<MarkPrice>('markPrice', BTC);
      await eventually(() => new Set(marks.map((m) => m.nextFundingTime)).size >= 2, 'a funding time to pass', 10_000);
      const first = marks[0]!;
      expect(first).to.include({ type: 'markPrice', exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT' });
      expect(first.fundingRate.toFixed()).to.equal('-0.00012345');
      // Mark: the book's mid, exactly (tick 0.10: at most two places); the index is spot's mid, another market.
      expect(first.markPrice.decimalPlaces()).to.be.at.most(2);
      expect(first.markPrice.greaterThan(0) && first.indexPrice.greaterThan(0)).to.equal(true);
      for (const m of marks) {
        expect(m.nextFundingTime % 1500).to.equal(0);
        expect(m.nextFundingTime).to.be.above(m.exchangeTime);
        expect(m.nextFundingTime - m.exchangeTime).to.be.at.most(1500);
      }
    });
  } else {
    it('refuses the futures-only channels (markPrice, liquidations) with a typed error', async () => {
      h = await startMarketHarness();
      expect(() => h.feed.topic('markPrice', BTC)).to.throw(InvalidTopicError, /no markPrice channel/);
      expect(() => h.feed.topic('liquidations', BTC)).to.throw(InvalidTopicError);
    });
  }
});
}
