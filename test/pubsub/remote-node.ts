// Test helpers for the remote pub/sub adapters: a node (actor system + pub/sub with a NATS or Redis adapter),
// a unique subject prefix per run, and cleanup of the JetStream stream a run created.
import { randomBytes } from 'node:crypto';
import { Decimal } from '../../lib/core/decimal.js';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { createPubSubAdapter, PubSub, pubSubTreeSpec, type PubSubAdapterConfig } from '../../actors/pubsub.js';
import { startActorSystem, type ActorSystem } from '../../actors/runtime/index.js';

export const NATS_URL = process.env.CEX_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const REDIS_URL = process.env.CEX_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A subject prefix no other run shares: `cex-test-<random>`. */
export function runPrefix(): string {
  return `cex-test-${randomBytes(4).toString('hex')}`;
}

export function streamOf(prefix: string): string {
  return `${prefix.replace(/[.]/g, '_').toUpperCase()}_PRIVATE`;
}

export interface TestNode {
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  stop(): Promise<void>;
}

export async function startNode(nodeName: string, adapter: PubSubAdapterConfig, backoff = { minMs: 50, maxMs: 500 }): Promise<TestNode> {
  const pubsub = new PubSub({ nodeName, adapter: createPubSubAdapter(adapter) });
  const system = await startActorSystem({ name: nodeName, root: { children: [pubSubTreeSpec(pubsub, 'pubsub', backoff)] } });
  return {
    system,
    pubsub,
    async stop() {
      await system.stop();
      await pubsub.stop();
    },
  };
}

/** Deletes the run's JetStream stream (and with it every consumer of the run). */
export async function deleteStream(prefix: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streamOf(prefix)).catch(() => false);
  } finally {
    await nc.close();
  }
}

const BIG = 2n ** 63n;

/** The i-th test event of `topic`: a fill on private topics, a trade otherwise; ids beyond 2^53, prices with 25 digits. */
export function testEvent(topic: string, i: number): unknown {
  const price = new Decimal(`${i}.000000000000000000000${String(i).padStart(4, '0')}`);
  const id = String(BIG + BigInt(i));
  if (topic.startsWith('fills:')) {
    const userId = topic.slice('fills:'.length);
    return {
      type: 'fill',
      userId,
      fill: { exchange: 'binance', symbol: 'BTC/USDT', orderId: id, clientOrderId: `c${i}`, tradeId: id, side: 'buy', price, quantity: new Decimal('0.001'), quoteQuantity: price.mul('0.001'), commission: new Decimal(0), commissionAsset: undefined, maker: false, time: 1_700_000_000_000 + i },
    };
  }
  return { type: 'trade', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: 1_700_000_000_000 + i, receivedAt: Date.now(), id, price, quantity: new Decimal('0.5'), side: 'sell', tradeTime: 1_700_000_000_000 + i };
}

