// The publishing node of bench/pubsub.ts, in its own process: book events (10 levels a side, Decimals) at a fixed rate
// through a NATS or Redis adapter, each stamped with a high-resolution wall-clock time in `receivedAt`.
import { performance } from 'node:perf_hooks';
import { Decimal } from '../lib/core/decimal.js';
import { createPubSubAdapter, PubSub, pubSubTreeSpec, type PubSubAdapterConfig } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import { logger } from '../lib/log.js';

logger.silent = true;
const { adapter, rate, seconds } = JSON.parse(process.argv[2] ?? '{}') as { adapter: PubSubAdapterConfig; rate: number; seconds: number };
const TOPIC = 'book:binance:BTC/USDT';
const levels = (base: number, step: number) => Array.from({ length: 10 }, (_, i) => ({ price: new Decimal(base + i * step).toDecimalPlaces(2), quantity: new Decimal('0.12345678') }));

async function main(): Promise<void> {
  const pubsub = new PubSub({ nodeName: 'bench-publisher', adapter: createPubSubAdapter(adapter) });
  const system = await startActorSystem({ name: 'bench-pub', root: { children: [pubSubTreeSpec(pubsub)] } });
  while (pubsub.stats().remote?.connected !== true) await new Promise((r) => setTimeout(r, 20));
  process.send?.({ type: 'ready' });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  const bids = levels(30000, -0.01);
  const asks = levels(30000.01, 0.01);
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    for (; sent < due; sent++) {
      pubsub.broadcast(TOPIC, { type: 'book', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: sent, receivedAt: performance.timeOrigin + performance.now(), bids, asks, sequence: sent });
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 500));
  process.send?.({ type: 'done', sent });
  await system.stop();
  await pubsub.stop();
  process.exit(0);
}

void main();
