// `npm run bench:pubsub` (tsx bench/pubsub.ts [--seconds N] [--rate N] [--warmup N] [--quick] [--only nats|redis]), also the last part of
// `npm run bench`: cross-process fan-out of book events (10 levels a side, Decimals) over NATS and over Redis on
// 127.0.0.1, beside in-process delivery and beside each engine's bare client (same bytes, no codec, no pub/sub: what
// the adapter adds is the difference). The publisher is a forked process (bench/pubsub-publisher.ts); latency is
// publish to the subscriber's callback on the high-resolution wall clock (performance.timeOrigin + now), comparable
// across processes on one machine; the first --warmup seconds (JIT) are left out. The subscriber's own event-loop delay
// and GC pauses during the run are printed beside, since on a small machine they are most of the tail. A server that
// does not answer is skipped with a line saying so (exit 0).
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { constants, monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import { Decimal } from '../lib/core/decimal.js';
import { createPubSubAdapter, PubSub, pubSubTreeSpec } from '../actors/pubsub.js';
import type { RemoteAdapter } from '../actors/pubsub/remote-adapter.js';
import { startActorSystem } from '../actors/runtime/index.js';
import type { BookView } from '../lib/models/market.js';
import { topicToSubject } from '../lib/wire/subjects.js';
import { logger } from '../lib/log.js';
import type { PublisherArgs } from './pubsub-publisher.js';

logger.silent = true;
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const QUICK = process.argv.includes('--quick');
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const SECONDS = arg('seconds', QUICK ? 2 : 10);
const WARMUP = arg('warmup', 1);
const RATE = arg('rate', 5000);
const TOPIC = 'book:binance:BTC/USDT';
const now = (): number => performance.timeOrigin + performance.now();
type Engine = PublisherArgs['adapter'];

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** What the subscriber's process did besides receiving: event-loop delay and GC pauses while a run lasts. */
function watchSubscriber(): () => string {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  let gcMs = 0;
  let gcMinorMs = 0;
  let gcMax = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gcMinorMs += entry.duration;
      gcMax = Math.max(gcMax, entry.duration);
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  loop.enable();
  return () => {
    loop.disable();
    gc.disconnect();
    return `loop p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)}; gc ${gcMs.toFixed(0)} ms (${gcMinorMs.toFixed(0)} minor), max ${gcMax.toFixed(1)}`;
  };
}

function report(name: string, latencies: number[], received: number, sent: number, side: string, inAdapter?: number[]): void {
  latencies.sort((a, b) => a - b);
  inAdapter?.sort((a, b) => a - b);
  const ms = (v: number): string => `${v.toFixed(3)} ms`;
  const ours = inAdapter === undefined ? '-' : ms(percentile(inAdapter, 99));
  process.stdout.write(
    `${name.padEnd(30)} ${`${Math.round(received / (SECONDS + WARMUP))}/s`.padStart(7)} ${`${received}/${sent}`.padStart(13)} ${ms(percentile(latencies, 50)).padStart(9)} ${ms(percentile(latencies, 99)).padStart(9)} ${ms(percentile(latencies, 99.9)).padStart(9)} ${ours.padStart(9)}   ${side}\n`,
  );
}

/** Latency of events past the warm-up; `seq` numbers them from 0. */
function recorder(): { readonly latencies: number[]; count: number; add(seq: number, stamp: number): void } {
  const skip = RATE * WARMUP;
  return {
    latencies: [],
    count: 0,
    add(seq, stamp) {
      this.count += 1;
      if (seq >= skip) this.latencies.push(now() - stamp);
    },
  };
}

async function inProcess(): Promise<void> {
  const pubsub = new PubSub({ nodeName: 'local' });
  const seen = recorder();
  pubsub.listen<BookView>(TOPIC, (book) => seen.add(book.sequence, book.receivedAt));
  const levels = Array.from({ length: 10 }, (_, i) => ({ price: new Decimal(30000 - i), quantity: new Decimal('0.12345678') }));
  const total = RATE * (SECONDS + WARMUP);
  const side = watchSubscriber();
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    for (; sent < due; sent++) pubsub.broadcast(TOPIC, { type: 'book', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: sent, receivedAt: now(), bids: levels, asks: levels, sequence: sent });
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 200));
  report('in process (local adapter)', seen.latencies, seen.count, sent, side());
  await pubsub.stop();
}

/** Forks the publisher, lets it publish, resolves with how many it sent. */
async function publish(args: PublisherArgs): Promise<number> {
  const child = fork(fileURLToPath(new URL('./pubsub-publisher.ts', import.meta.url)), [JSON.stringify(args)], { execArgv: ['--import', 'tsx'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const next = (type: string): Promise<{ type: string; sent?: number }> =>
    new Promise((resolve) => {
      const on = (m: { type: string; sent?: number }): void => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
    });
  const ready = next('ready');
  await ready;
  const done = next('done');
  child.send('go');
  const { sent } = await done;
  await exited;
  return sent ?? 0;
}

async function throughAdapter(name: string, engine: Engine): Promise<void> {
  const adapter = createPubSubAdapter(engine) as RemoteAdapter;
  // "ours": from the engine client's callback handing us the bytes to the subscriber's callback (decode, checks,
  // pub/sub delivery), all synchronous, so the last arrival is this event's.
  let arrived = 0;
  const deliver = adapter.deliver.bind(adapter);
  adapter.deliver = (topic, data) => {
    arrived = now();
    return deliver(topic, data);
  };
  const inAdapter: number[] = [];
  const pubsub = new PubSub({ nodeName: 'bench-subscriber', adapter });
  const system = await startActorSystem({ name: 'bench-sub', root: { children: [pubSubTreeSpec(pubsub)] } });
  const seen = recorder();
  pubsub.listen<BookView>(TOPIC, (book) => {
    if (book.sequence >= RATE * WARMUP) inAdapter.push(now() - arrived);
    seen.add(book.sequence, book.receivedAt);
  });
  while (pubsub.stats().remote?.connected !== true) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200)); // the subscription reaches the server
  const side = watchSubscriber();
  const sent = await publish({ mode: 'adapter', adapter: engine, rate: RATE, seconds: SECONDS + WARMUP });
  report(name, seen.latencies, seen.count, sent, side(), inAdapter);
  await system.stop();
  await pubsub.stop();
}

/** The engine's bare client on both sides: the same bytes, a time stamp in front, no codec, no pub/sub, no actors. */
async function bareClient(name: string, engine: Engine): Promise<void> {
  const seen = recorder();
  const onData = (text: string): void => {
    const first = text.indexOf(' ');
    const second = text.indexOf(' ', first + 1);
    seen.add(Number(text.slice(first + 1, second)), Number(text.slice(0, first)));
  };
  const subject = topicToSubject(engine.subjectPrefix, TOPIC);
  let close: () => Promise<unknown>;
  if (engine.adapter === 'nats') {
    const nc: NatsConnection = await connect({ servers: engine.url });
    nc.subscribe(subject, { callback: (_error, msg) => onData(msg.string()) });
    await nc.flush();
    close = () => nc.close();
  } else {
    const redis = new Redis(engine.url);
    redis.on('message', (_channel: string, message: string) => onData(message));
    await redis.subscribe(subject);
    close = () => redis.quit();
  }
  const side = watchSubscriber();
  const sent = await publish({ mode: 'raw', adapter: engine, rate: RATE, seconds: SECONDS + WARMUP });
  report(name, seen.latencies, seen.count, sent, side());
  await close();
}

/** Whether something listens at the URL's host and port. */
function answers(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort), timeout: 1000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function main(): Promise<void> {
  const natsUrl = process.env.CEX_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
  const redisUrl = process.env.CEX_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
  process.stdout.write(`\ncex-actors pub/sub fan-out benchmark: book events (10 levels a side) at ${RATE}/s for ${SECONDS} s after a ${WARMUP} s warm-up\n`);
  process.stdout.write(`node ${process.version}, ${availableParallelism()} cpus (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}/${process.arch}, load average ${loadavg()[0]!.toFixed(2)}\n\n`);
  process.stdout.write(`${'path'.padEnd(30)} ${'recv'.padStart(7)} ${'got/sent'.padStart(13)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'p99.9'.padStart(9)} ${'ours p99'.padStart(9)}   subscriber process\n`);
  if (ONLY === undefined) await inProcess();
  const prefix = `cex-bench-${randomBytes(4).toString('hex')}`;
  if (ONLY !== undefined && ONLY !== 'nats') {
    // --only redis
  } else if (await answers(natsUrl, 4222)) {
    const engine: Engine = { adapter: 'nats', url: natsUrl, subjectPrefix: prefix };
    await bareClient('NATS bare client (no adapter)', engine);
    await throughAdapter('NATS adapter (core subjects)', engine);
    const nc = await connect({ servers: natsUrl });
    await (await jetstreamManager(nc)).streams.delete(`${prefix.toUpperCase()}_PRIVATE`).catch(() => false);
    await nc.close();
  } else {
    process.stdout.write(`skip: NATS does not answer at ${natsUrl} (start nats-server -js, or set CEX_BENCH_NATS_URL)\n`);
  }
  if (ONLY !== undefined && ONLY !== 'redis') {
    // --only nats
  } else if (await answers(redisUrl, 6379)) {
    const engine: Engine = { adapter: 'redis', url: redisUrl, subjectPrefix: prefix };
    await bareClient('Redis bare client (no adapter)', engine);
    await throughAdapter('Redis adapter (pub/sub)', engine);
  } else {
    process.stdout.write(`skip: Redis does not answer at ${redisUrl} (start redis-server, or set CEX_BENCH_REDIS_URL)\n`);
  }
}

await main();
process.exit(0);
