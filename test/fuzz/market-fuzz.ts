// The market feed's connection actor against a hostile market socket: `frames` mutated frames (seeded), then
// valid trades, a book ticker and depth updates for BTC/USDT. Shared by the integration test and `npm run fuzz`.
// The junk is about ETHUSDT (listed, not subscribed), so junk that happens to stay valid goes nowhere; invalid
// UTF-8 goes as binary frames (as text, ws closes the socket with 1007: a separate case tests that).
import { Writable } from 'node:stream';
import winston from 'winston';
import { binanceSpotMarket } from '../../lib/exchanges/binance/market-codec.js';
import { logger } from '../../lib/log.js';
import type { BookTicker, BookView, Trade } from '../../lib/models/market.js';
import { DEFAULT_SYMBOLS } from '../../sim/symbols.js';
import { eventually } from '../wait.js';
import { startMarketHarness, type MarketHarness } from '../integration/market-harness.js';
import { FrameMutator, marketPayloads } from './frame-mutator.js';
import { startHostileServer, type HostileConnection, type HostileServer } from './hostile-server.js';

export const FUZZ_STREAMS = ['btcusdt@trade', 'btcusdt@bookTicker', 'btcusdt@depth@100ms'];
export const FIRST_VALID_TRADE_ID = 1_000_000;

export interface JunkPlan {
  /** Frames to send, in order. */
  readonly frames: readonly { readonly data: string | Buffer; readonly binary: boolean }[];
  /** How many of them the connection must count malformed (binary frames and what the codec calls malformed). */
  readonly malformed: number;
  /** How many it must count unknown (unknown events, and partial depth and klines, which it does not route). */
  readonly unknown: number;
  /** Frames the codec reads as a server shutdown: left out (a valid notice makes the connection renew). */
  readonly shutdownsLeftOut: number;
  /** Frames per mutation. */
  readonly mutations: Readonly<Record<string, number>>;
}

/** What the simulator lists (the feed's listing): a ticker about anything else is counted unknown. */
const LISTED = new Set(DEFAULT_SYMBOLS.map((s) => s.symbol));
const listed = (venueSymbol: string): boolean => LISTED.has(venueSymbol) || LISTED.has(venueSymbol.toUpperCase());

export function planJunk(count: number, seed: number): JunkPlan {
  const mutator = new FrameMutator(seed, marketPayloads('ETHUSDT'));
  const frames: { data: string | Buffer; binary: boolean }[] = [];
  const mutations: Record<string, number> = {};
  let malformed = 0;
  let unknown = 0;
  let shutdownsLeftOut = 0;
  while (frames.length < count) {
    const frame = mutator.next();
    if (frame.invalidUtf8) {
      frames.push({ data: frame.bytes, binary: true });
      malformed += 1;
    } else {
      const parsed = binanceSpotMarket.parseFrame(frame.text);
      const kind = parsed.kind;
      if (kind === 'shutdown') {
        shutdownsLeftOut += 1;
        continue;
      }
      if (kind === 'malformed') malformed += 1;
      if (kind === 'unknown' || kind === 'partialDepth' || kind === 'kline') unknown += 1;
      if ((parsed.kind === 'ticker' || parsed.kind === 'bookTicker') && !listed(parsed.venueSymbol)) unknown += 1;
      frames.push({ data: frame.bytes.toString('utf8'), binary: false });
    }
    mutations[frame.mutation] = (mutations[frame.mutation] ?? 0) + 1;
  }
  return { frames, malformed, unknown, shutdownsLeftOut, mutations };
}

/** Answers what the feed's connection sends: SUBSCRIBE, UNSUBSCRIBE and the LIST_SUBSCRIPTIONS probe. */
export function answerControl(request: unknown): string | undefined {
  const { method, id } = (request ?? {}) as { method?: string; id?: number };
  if (typeof id !== 'number') return undefined;
  return JSON.stringify({ result: method === 'LIST_SUBSCRIPTIONS' ? [] : null, id });
}

/** The connection subscribed every stream of FUZZ_STREAMS. */
export function subscribedAll(requests: readonly unknown[]): boolean {
  const streams = new Set<string>();
  for (const r of requests) {
    const { method, params } = r as { method?: string; params?: unknown };
    if (method === 'SUBSCRIBE' && Array.isArray(params)) for (const p of params) streams.add(String(p));
  }
  return FUZZ_STREAMS.every((s) => streams.has(s));
}

export const validTrade = (id: number): string =>
  JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', E: Date.now(), s: 'BTCUSDT', t: id, p: '65000.01', q: '0.5', T: Date.now(), m: false, M: true } });

export const validBookTicker = (u: number): string =>
  JSON.stringify({ stream: 'btcusdt@bookTicker', data: { u, s: 'BTCUSDT', b: '64999.99', B: '1.25', a: '65000.01', A: '0.75' } });

export const validDepth = (updateId: number, side: 'b' | 'a', price: string, quantity: string): string =>
  JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { e: 'depthUpdate', E: Date.now(), s: 'BTCUSDT', U: updateId, u: updateId, b: side === 'b' ? [[price, quantity]] : [], a: side === 'a' ? [[price, quantity]] : [] } });

export interface MarketFuzzRun {
  readonly h: MarketHarness;
  readonly server: HostileServer;
  readonly trades: Trade[];
  readonly bookTickers: BookTicker[];
  readonly books: BookView[];
  stop(): Promise<void>;
}

/** A market harness whose market socket is a hostile server running `script` on each connection. */
export async function startMarketFuzz(script: (connection: HostileConnection, run: { lastUpdateId: number }) => Promise<void>): Promise<MarketFuzzRun> {
  const state = { lastUpdateId: 0 };
  const server = await startHostileServer({ answer: answerControl, ready: subscribedAll, script: (c) => script(c, state) });
  let h: MarketHarness;
  try {
    // REST (symbols, snapshots) from the simulator, without bots: its BTCUSDT book stands still.
    h = await startMarketHarness({ wsUrl: server.url }, { bots: false });
  } catch (error) {
    await server.close();
    throw error;
  }
  state.lastUpdateId = h.sim.engine.depth('BTCUSDT', 1).lastUpdateId;
  const trades = h.record<Trade>('trades', 'BTC/USDT');
  const bookTickers = h.record<BookTicker>('bookTicker', 'BTC/USDT');
  const books = h.record<BookView>('book', 'BTC/USDT');
  return {
    h,
    server,
    trades,
    bookTickers,
    books,
    async stop() {
      await h.stop();
      await server.close();
    },
  };
}

/** Sends the valid tail: trades from `firstTradeId`, a book ticker, and the two depth updates after the snapshot. */
export async function sendValid(connection: HostileConnection, firstTradeId: number, trades: number, lastUpdateId: number): Promise<void> {
  for (let i = 0; i < trades; i++) await connection.send(validTrade(firstTradeId + i));
  await connection.send(validBookTicker(lastUpdateId + 2));
  await connection.send(validDepth(lastUpdateId + 1, 'b', '1.00', '7'));
  await connection.send(validDepth(lastUpdateId + 2, 'a', '999999.00', '3'));
}

export interface MarketFuzzResult {
  readonly plan: JunkPlan;
  readonly malformedCounted: number;
  readonly unknownCounted: number;
  readonly reconnects: number;
  /** Actors of the tree that crashed during the run (log records 'actor crashed'). */
  readonly crashes: number;
  readonly connections: number;
  readonly validTrades: readonly Trade[];
  readonly bookTicker: BookTicker | undefined;
  readonly book: BookView | undefined;
  /** From the first junk frame sent to the last valid event received. */
  readonly elapsedMs: number;
}

/** `frames` junk frames then the valid tail over one connection; resolves once the valid tail went through. */
export async function runMarketFuzz(frames: number, seed: number, timeoutMs = 120_000): Promise<MarketFuzzResult> {
  const plan = planJunk(frames, seed);
  let startedAt = 0;
  const crashes = captureCrashes();
  const run = await startMarketFuzz(async (connection, { lastUpdateId }) => {
    if (connection.index === 0) {
      startedAt = Date.now();
      for (const frame of plan.frames) if (!(await connection.send(frame.data, frame.binary))) return;
    }
    await sendValid(connection, FIRST_VALID_TRADE_ID, 5, lastUpdateId);
  });
  try {
    const valid = (): Trade[] => run.trades.filter((t) => BigInt(t.id) >= BigInt(FIRST_VALID_TRADE_ID));
    const bookReady = (): boolean => run.books.some((b) => b.bids.some((l) => l.price.toString() === '1') && b.asks.some((l) => l.price.toString() === '999999'));
    await eventually(() => valid().length >= 5 && run.bookTickers.length > 0 && bookReady(), 'the valid frames after the junk', timeoutMs);
    const elapsedMs = Date.now() - startedAt;
    const counters = run.h.feed.metrics().connections;
    return {
      plan,
      malformedCounted: counters.reduce((n, c) => n + c.malformedFrames, 0),
      unknownCounted: counters.reduce((n, c) => n + c.unknownFrames, 0),
      reconnects: counters.reduce((n, c) => n + c.reconnects, 0),
      crashes: crashes.count(),
      connections: run.server.connections(),
      validTrades: valid(),
      bookTicker: run.bookTickers[run.bookTickers.length - 1],
      book: run.books[run.books.length - 1],
      elapsedMs,
    };
  } finally {
    await run.stop();
    crashes.stop();
  }
}

/** Counts 'actor crashed' log records from now until `stop()`. */
export function captureCrashes(): { count(): number; stop(): void } {
  let crashed = 0;
  const stream = new Writable({
    objectMode: true,
    write(record: { message?: string }, _encoding, done) {
      if (record.message === 'actor crashed') crashed += 1;
      done();
    },
  });
  const transport = new winston.transports.Stream({ stream, level: 'error' });
  logger.add(transport);
  return { count: () => crashed, stop: () => void logger.remove(transport) };
}
