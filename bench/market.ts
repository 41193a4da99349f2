// `npx tsx bench/market.ts [--quick]`: market data throughput and latency (issue 7). A feed server in a
// child process (bench/market-server.ts) blasts diff-depth events for 10 and for 200 symbols; in the same
// run we measure (a) a bare `ws` client that only JSON.parses and applies levels to a Map (the floor) and
// (b) the full path: socket -> connection actor -> book actor (BookSync, OrderBook) -> pub/sub ->
// subscriber callback, and (c) the same path for Binance USD-M futures (the binanceusdm codec: events with pu and
// jumping ids, the pu sequencing rule, /public endpoint). Reported: events/s, CPU per event, RSS, and latency p50/p99 at 5,000 events/s
// (send time in the server to the subscriber, measured in microseconds).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startMarketFeed } from '../actors/market/feed.js';
import { PubSub } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import type { DepthUpdate, StatusEvent } from '../lib/models/market.js';
import { logger } from '../lib/log.js';
import { binanceUsdmMarket } from '../lib/exchanges/binance-usdm/market-codec.js';

const quick = process.argv.includes('--quick');
const BLAST_MS = quick ? 2000 : 5000;
const STEADY_MS = quick ? 2000 : 5000;
const RATE = 5000;
const nowMicros = (): number => (performance.timeOrigin + performance.now()) * 1000;

interface Result {
  eventsPerSecond: number;
  cpuMicrosPerEvent: number;
  rssMb: number;
  p50: number;
  p99: number;
}

interface Sink {
  count: number;
  latencies: number[];
  recording: boolean;
}

function newSink(): Sink {
  return { count: 0, latencies: [], recording: false };
}

function onEvent(sink: Sink, sentMicros: number): void {
  sink.count++;
  if (sink.recording) sink.latencies.push(nowMicros() - sentMicros);
}

async function startServer(symbols: number, market: 'spot' | 'futures' = 'spot'): Promise<{ child: ChildProcess; port: number; run(msg: object): Promise<number> }> {
  const child = fork(fileURLToPath(new URL('./market-server.ts', import.meta.url)), [String(symbols), market], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    child,
    port,
    run: (msg) =>
      new Promise<number>((resolve) => {
        child.once('message', (m: { sent: number }) => resolve(m.sent));
        child.send(msg);
      }),
  };
}

/** Blast, then a steady 5,000/s, measuring what `sink` took. */
async function measure(server: Awaited<ReturnType<typeof startServer>>, sink: Sink): Promise<Result> {
  // Warm-up: every symbol's first events (the full path syncs its books here).
  const warm = sink.count;
  await server.run({ type: 'steady', rate: 2000, ms: 1500 });
  await until(() => sink.count > warm);
  const before = sink.count;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const sent = await server.run({ type: 'blast', ms: BLAST_MS });
  await until(() => sink.count - before >= sent * 0.999, 20_000);
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const taken = sink.count - before;
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await sleep(500);
  sink.latencies = [];
  sink.recording = true;
  await server.run({ type: 'steady', rate: RATE, ms: STEADY_MS });
  await sleep(200);
  sink.recording = false;
  const sorted = [...sink.latencies].sort((a, b) => a - b);
  const at = (q: number): number => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) / 1000;
  return { eventsPerSecond: taken / elapsed, cpuMicrosPerEvent: (used.user + used.system) / taken, rssMb, p50: at(0.5), p99: at(0.99) };
}

async function bare(symbols: number): Promise<Result> {
  const server = await startServer(symbols);
  const sink = newSink();
  const books = new Map<string, { bids: Map<string, string>; asks: Map<string, string> }>();
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/stream`, { perMessageDeflate: false });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { data?: { e: string; E: number; s: string; b: string[][]; a: string[][] } };
    const event = frame.data;
    if (event?.e !== 'depthUpdate') return;
    let book = books.get(event.s);
    if (!book) books.set(event.s, (book = { bids: new Map(), asks: new Map() }));
    for (const [p, q] of event.b) if (q === '0.0000') book.bids.delete(p!); else book.bids.set(p!, q!);
    for (const [p, q] of event.a) if (q === '0.0000') book.asks.delete(p!); else book.asks.set(p!, q!);
    onEvent(sink, event.E);
  });
  const params = Array.from({ length: symbols }, (_, i) => `b${String(i + 1).padStart(3, '0')}usdt@depth@100ms`);
  ws.send(JSON.stringify({ method: 'SUBSCRIBE', params, id: 1 }));
  const result = await measure(server, sink);
  ws.terminate();
  server.child.kill();
  return result;
}

async function full(symbols: number, market: 'spot' | 'futures' = 'spot'): Promise<Result> {
  const server = await startServer(symbols, market);
  const sink = newSink();
  const system = await startActorSystem({ name: 'bench' });
  const pubsub = new PubSub();
  const url = `127.0.0.1:${server.port}`;
  const codec = market === 'futures' ? { codec: binanceUsdmMarket } : {};
  const feed = await startMarketFeed(system.root, pubsub, { restUrl: `http://${url}`, wsUrl: `ws://${url}`, snapshotLimit: 100, restWeightShare: 1, ...codec });
  const synced = new Set<string>();
  pubsub.listen<StatusEvent>(`status:${feed.exchange}`, (s) => void (s.state === 'synced' && s.symbol && synced.add(s.symbol)));
  for (let i = 1; i <= symbols; i++) {
    pubsub.listen<DepthUpdate>(feed.topic('depth', `B${String(i).padStart(3, '0')}/USDT${market === 'futures' ? ':USDT' : ''}`), (event) => {
      if (event.kind === 'delta') onEvent(sink, event.exchangeTime);
    }, { delivery: { kind: 'all', capacity: 10_000_000 } });
  }
  const result = await measure(server, sink);
  if (synced.size !== symbols) throw new Error(`only ${synced.size} of ${symbols} books synced`);
  await system.stop();
  await pubsub.stop();
  server.child.kill();
  return result;
}

function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error('benchmark timed out waiting for events'));
      setTimeout(poll, 5);
    };
    poll();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function row(label: string, r: Result): string {
  const k = (n: number): string => `${(n / 1000).toFixed(1)} k`;
  return `${label.padEnd(34)} ${k(r.eventsPerSecond).padStart(10)}/s ${r.cpuMicrosPerEvent.toFixed(2).padStart(8)} µs ${r.rssMb.toFixed(0).padStart(6)} MB ${r.p50.toFixed(3).padStart(8)} ms ${r.p99.toFixed(3).padStart(8)} ms`;
}

async function main(): Promise<void> {
  for (const transport of logger.transports) transport.silent = !process.argv.includes('--verbose');
  console.log(`cex-actors market benchmark (${quick ? 'quick' : 'full'}): node ${process.version}, ${(await import('node:os')).cpus().length} cpus`);
  console.log(`${'path'.padEnd(34)} ${'events'.padStart(12)} ${'CPU/event'.padStart(11)} ${'RSS'.padStart(9)} ${'p50@5k/s'.padStart(11)} ${'p99@5k/s'.padStart(11)}`);
  const verdicts: string[] = [];
  for (const symbols of [10, 200]) {
    const a = await bare(symbols);
    console.log(row(`(a) bare ws + Map, ${symbols} symbols`, a));
    const b = await full(symbols);
    console.log(row(`(b) actor path, ${symbols} symbols`, b));
    const c = await full(symbols, 'futures');
    console.log(row(`(c) actor path, futures, ${symbols} sym`, c));
    const ratio = b.eventsPerSecond / a.eventsPerSecond;
    verdicts.push(`${symbols} symbols: (b)/(a) throughput ${ratio.toFixed(2)}x (target >= 0.75x) ${ratio >= 0.75 ? 'MET' : 'MISSED'}; (b) p99 at 5k/s ${b.p99.toFixed(3)} ms (target < 2 ms) ${b.p99 < 2 ? 'MET' : 'MISSED'}`);
    verdicts.push(`${symbols} symbols, futures: (c)/(a) throughput ${(c.eventsPerSecond / a.eventsPerSecond).toFixed(2)}x; (c) p99 at 5k/s ${c.p99.toFixed(3)} ms`);
  }
  for (const line of verdicts) console.log(line);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
