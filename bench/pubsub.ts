// `npm run bench:pubsub` (tsx bench/pubsub.ts [--seconds N] [--rate N]): cross-process fan-out of book events (10
// levels a side, Decimals) over NATS and over Redis on 127.0.0.1, beside in-process delivery: events/s received and
// publish-to-callback latency p50/p99. The publisher is a forked process (bench/pubsub-publisher.ts); latency uses the
// high-resolution wall clock (performance.timeOrigin + now), comparable across processes on one machine.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Decimal } from '../lib/core/decimal.js';
import { createPubSubAdapter, PubSub, pubSubTreeSpec, type PubSubAdapterConfig } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import type { BookView } from '../lib/models/market.js';
import { logger } from '../lib/log.js';

logger.silent = true;
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 5);
const RATE = arg('rate', 5000);
const TOPIC = 'book:binance:BTC/USDT';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function report(name: string, latencies: number[], received: number, sent: number, seconds: number): void {
  latencies.sort((a, b) => a - b);
  const ms = (v: number): string => `${v.toFixed(3)} ms`;
  process.stdout.write(`${name.padEnd(36)} ${`${Math.round(received / seconds)}/s`.padStart(10)} ${`${received}/${sent}`.padStart(14)} ${ms(percentile(latencies, 50)).padStart(11)} ${ms(percentile(latencies, 99)).padStart(11)}\n`);
}

async function inProcess(): Promise<void> {
  const pubsub = new PubSub({ nodeName: 'local' });
  const latencies: number[] = [];
  pubsub.listen<BookView>(TOPIC, (book) => void latencies.push(performance.timeOrigin + performance.now() - book.receivedAt));
  const levels = Array.from({ length: 10 }, (_, i) => ({ price: new Decimal(30000 - i), quantity: new Decimal('0.12345678') }));
  const total = RATE * SECONDS;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    for (; sent < due; sent++) pubsub.broadcast(TOPIC, { type: 'book', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: sent, receivedAt: performance.timeOrigin + performance.now(), bids: levels, asks: levels, sequence: sent });
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 200));
  report('in process (local adapter)', latencies, latencies.length, sent, SECONDS);
  await pubsub.stop();
}

async function crossProcess(name: string, adapter: PubSubAdapterConfig): Promise<void> {
  const pubsub = new PubSub({ nodeName: 'bench-subscriber', adapter: createPubSubAdapter(adapter) });
  const system = await startActorSystem({ name: 'bench-sub', root: { children: [pubSubTreeSpec(pubsub)] } });
  const latencies: number[] = [];
  pubsub.listen<BookView>(TOPIC, (book) => void latencies.push(performance.timeOrigin + performance.now() - book.receivedAt));
  while (pubsub.stats().remote?.connected !== true) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 200)); // the subscription reaches the server
  const child = fork(fileURLToPath(new URL('./pubsub-publisher.ts', import.meta.url)), [JSON.stringify({ adapter, rate: RATE, seconds: SECONDS })], { execArgv: ['--import', 'tsx'] });
  const messages: { type: string; sent?: number }[] = [];
  const next = (type: string): Promise<{ type: string; sent?: number }> =>
    new Promise((resolve) => {
      const check = (): void => {
        const found = messages.find((m) => m.type === type);
        if (found) resolve(found);
        else setTimeout(check, 10);
      };
      check();
    });
  child.on('message', (m: { type: string; sent?: number }) => void messages.push(m));
  await next('ready');
  child.send('go');
  const done = await next('done');
  report(name, latencies, latencies.length, done.sent ?? 0, SECONDS);
  await new Promise((resolve) => child.once('exit', resolve));
  await system.stop();
  await pubsub.stop();
}

async function main(): Promise<void> {
  process.stdout.write(`cex-actors pub/sub fan-out benchmark: book events (10 levels a side) at ${RATE}/s for ${SECONDS} s\n`);
  process.stdout.write(`node ${process.version}, ${availableParallelism()} cpus (${cpus()[0]?.model ?? 'unknown'}), ${process.platform}/${process.arch}\n\n`);
  process.stdout.write(`${'path'.padEnd(36)} ${'received'.padStart(10)} ${'got/sent'.padStart(14)} ${'p50'.padStart(11)} ${'p99'.padStart(11)}\n`);
  await inProcess();
  const prefix = `cex-bench-${randomBytes(4).toString('hex')}`;
  await crossProcess('cross-process over NATS (core)', { adapter: 'nats', url: process.env.CEX_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222', subjectPrefix: prefix });
  await crossProcess('cross-process over Redis pub/sub', { adapter: 'redis', url: process.env.CEX_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', subjectPrefix: prefix });
  const nc = await connect({ servers: process.env.CEX_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222' });
  await (await jetstreamManager(nc)).streams.delete(`${prefix.toUpperCase()}_PRIVATE`).catch(() => false);
  await nc.close();
}

void main();
