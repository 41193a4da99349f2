// The publishing node of bench/pubsub.ts, in its own process: book events (10 levels a side, Decimals) at a fixed rate,
// each stamped with a high-resolution wall-clock time, either through a NATS or Redis adapter (`adapter`) or through
// the bare client with no codec and no pub/sub (`raw`: the transport's own latency, the floor the adapter adds to).
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { Decimal } from '../lib/core/decimal.js';
import { createPubSubAdapter, PubSub, pubSubTreeSpec, type PubSubAdapterConfig } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import { encodeMessage } from '../lib/wire/codec.js';
import { topicToSubject } from '../lib/wire/subjects.js';
import { logger } from '../lib/log.js';

logger.silent = true;
export interface PublisherArgs {
  readonly mode: 'adapter' | 'raw';
  readonly adapter: PubSubAdapterConfig & { readonly adapter: 'nats' | 'redis'; readonly url: string; readonly subjectPrefix: string };
  readonly rate: number;
  readonly seconds: number;
}
const { mode, adapter, rate, seconds } = JSON.parse(process.argv[2] ?? '{}') as PublisherArgs;
const TOPIC = 'book:binance:BTC/USDT';
const levels = (base: number, step: number) => Array.from({ length: 10 }, (_, i) => ({ price: new Decimal(base + i * step).toDecimalPlaces(2), quantity: new Decimal('0.12345678') }));
const now = (): number => performance.timeOrigin + performance.now();

/** Sends `send(seq)` at `rate` per second for `seconds`: each timer turn catches up with the schedule. */
async function paced(send: (seq: number) => void): Promise<number> {
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) send(sent);
    await new Promise((r) => setTimeout(r, 1));
  }
  return sent;
}

const go = (): Promise<void> => new Promise<void>((resolve) => process.once('message', () => resolve()));
const finish = async (sent: number): Promise<void> => {
  await new Promise((r) => setTimeout(r, 500));
  process.send?.({ type: 'done', sent });
};

async function viaAdapter(): Promise<void> {
  const pubsub = new PubSub({ nodeName: 'bench-publisher', adapter: createPubSubAdapter(adapter) });
  const system = await startActorSystem({ name: 'bench-pub', root: { children: [pubSubTreeSpec(pubsub)] } });
  while (pubsub.stats().remote?.connected !== true) await new Promise((r) => setTimeout(r, 20));
  process.send?.({ type: 'ready' });
  await go();
  const bids = levels(30000, -0.01);
  const asks = levels(30000.01, 0.01);
  const sent = await paced((seq) => {
    pubsub.broadcast(TOPIC, { type: 'book', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: seq, receivedAt: now(), bids, asks, sequence: seq });
  });
  await finish(sent);
  await system.stop();
  await pubsub.stop();
}

async function raw(): Promise<void> {
  // The same bytes the adapter would send (one encoded book), behind a time stamp the subscriber reads back.
  const body = encodeMessage({ nodeName: 'bench-publisher', topic: TOPIC, payload: { type: 'book', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: 0, receivedAt: 0, bids: levels(30000, -0.01), asks: levels(30000.01, 0.01), sequence: 0 } });
  const subject = topicToSubject(adapter.subjectPrefix, TOPIC);
  let publish: (data: string) => void;
  let close: () => Promise<unknown>;
  if (adapter.adapter === 'nats') {
    const nc = await connect({ servers: adapter.url, noEcho: true });
    publish = (data) => nc.publish(subject, data);
    close = () => nc.close();
  } else {
    const redis = new Redis(adapter.url);
    publish = (data) => void redis.publish(subject, data);
    close = () => redis.quit();
  }
  process.send?.({ type: 'ready' });
  await go();
  const sent = await paced((seq) => publish(`${now()} ${seq} ${body}`));
  await finish(sent);
  await close();
}

await (mode === 'raw' ? raw() : viaAdapter());
process.exit(0);
