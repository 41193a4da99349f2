// The Redis pub/sub adapter against the Redis server on 127.0.0.1:6379: events cross processes in order and exact,
// a lost connection is an adapter crash restarted with backoff (reported; topics resume; at-most-once meanwhile),
// foreign messages on its channels are counted and dropped. Every run uses its own channel prefix.
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Decimal } from '../../lib/core/decimal.js';
import { encodeMessage } from '../../lib/wire/codec.js';
import type { AdapterStatusEvent } from '../../actors/pubsub.js';
import type { Trade } from '../../lib/models/market.js';
import { eventually, sleep } from '../wait.js';
import { ChildNode, connected } from '../pubsub/child-node.js';
import { REDIS_URL, runPrefix, startNode, testEvent, type TestNode } from '../pubsub/remote-node.js';
import { TcpProxy } from '../pubsub/tcp-proxy.js';

const TRADES = 'trades:binance:BTC/USDT';
const indexOf = (id: string): number => Number(BigInt(id) - 2n ** 63n);

describe('Redis pub/sub adapter (real Redis on 127.0.0.1:6379)', function () {
  this.timeout(30_000);
  let prefix: string;
  const children: ChildNode[] = [];
  const nodes: TestNode[] = [];

  beforeEach(() => {
    prefix = runPrefix();
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.kill('SIGKILL')));
    await Promise.all(nodes.splice(0).map((node) => node.stop()));
  });

  it('carries events between two processes in order and exact', async () => {
    const options = { adapter: 'redis' as const, url: REDIS_URL, subjectPrefix: prefix };
    const publisher = new ChildNode({ name: 'pub', ...options });
    const subscriber = new ChildNode({ name: 'sub', ...options });
    children.push(publisher, subscriber);
    await Promise.all([connected(publisher), connected(subscriber)]);
    subscriber.send({ type: 'subscribe', topics: [TRADES] });
    while (subscriber.events(TRADES).length === 0) {
      publisher.send({ type: 'publish', topic: TRADES, from: 0, count: 1 });
      await sleep(50);
    }
    const probes = subscriber.events(TRADES).length;
    publisher.send({ type: 'publish', topic: TRADES, from: 100_000, count: 1, local: true });
    publisher.send({ type: 'publish', topic: TRADES, from: 1, count: 1000 });
    await subscriber.waitFor(() => subscriber.events(TRADES).length >= probes + 1000, '1000 trades');
    await sleep(100);
    const trades = subscriber.events<Trade>(TRADES).filter((t) => indexOf(t.id) > 0);
    expect(trades.map((t) => indexOf(t.id))).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i + 1));
    for (const trade of trades) {
      expect(trade.price).to.be.instanceOf(Decimal);
      expect(trade.price.valueOf()).to.equal((testEvent(TRADES, indexOf(trade.id)) as Trade).price.valueOf());
    }
  });

  it('treats a lost connection as an adapter crash: restarted with backoff, reported, topics resume, local delivery goes on', async () => {
    const proxy = new TcpProxy('127.0.0.1', 6379);
    const port = await proxy.start();
    try {
      const a = await startNode('node-a', { adapter: 'redis', url: `redis://127.0.0.1:${port}`, subjectPrefix: prefix });
      const b = await startNode('node-b', { adapter: 'redis', url: `redis://127.0.0.1:${port}`, subjectPrefix: prefix });
      nodes.push(a, b);
      const statuses: AdapterStatusEvent[] = [];
      b.pubsub.listen<AdapterStatusEvent>('status:pubsub', (event) => void statuses.push(event));
      const remote: Trade[] = [];
      const local: Trade[] = [];
      b.pubsub.listen<Trade>(TRADES, (t) => void remote.push(t));
      a.pubsub.listen<Trade>(TRADES, (t) => void local.push(t));
      await eventually(() => a.pubsub.stats().remote?.connected === true && b.pubsub.stats().remote?.connected === true, 'both connected', 5000);
      let i = 0;
      const timer = setInterval(() => a.pubsub.broadcast(TRADES, testEvent(TRADES, i++)), 5);
      try {
        await eventually(() => remote.length >= 10, 'traffic before the cut', 5000);
        await proxy.cut();
        await eventually(() => statuses.some((s) => s.state === 'disconnected'), 'disconnected status', 5000);
        const localAtCut = local.length;
        await sleep(300);
        expect(local.length).to.be.greaterThan(localAtCut);
        await proxy.restore();
        await eventually(() => a.pubsub.stats().remote?.connected === true && b.pubsub.stats().remote?.connected === true, 'reconnected', 10_000);
        const resumedFrom = i;
        await eventually(() => remote.some((t) => indexOf(t.id) > resumedFrom + 5), 'topic resumed', 5000);
      } finally {
        clearInterval(timer);
      }
      const ids = remote.map((t) => indexOf(t.id));
      expect(ids).to.deep.equal([...ids].sort((x, y) => x - y)); // in order, gaps allowed (at-most-once)
      expect(new Set(ids).size).to.equal(ids.length);
      expect(statuses.map((s) => s.state)).to.include.members(['disconnected', 'connected']);
      expect(a.pubsub.stats().remote?.droppedWhileDown).to.be.greaterThan(0);
    } finally {
      await proxy.stop();
    }
  });

  it('drops and counts malformed or foreign messages on its channels', async () => {
    const node = await startNode('node-m', { adapter: 'redis', url: REDIS_URL, subjectPrefix: prefix });
    nodes.push(node);
    const trades: Trade[] = [];
    node.pubsub.listen<Trade>(TRADES, (t) => void trades.push(t));
    await eventually(() => node.pubsub.stats().remote?.connected === true, 'connected', 5000);
    const redis = new Redis(REDIS_URL);
    try {
      const channel = `${prefix}.trades.binance.BTC_USDT`;
      const good = (i: number): string => encodeMessage({ nodeName: 'other', topic: TRADES, payload: testEvent(TRADES, i) });
      while (trades.length === 0) {
        await redis.publish(channel, good(0));
        await sleep(50);
      }
      const foreign = ['garbage', '{"v":1}', good(1).replace('"v":1', '"v":2'), encodeMessage({ nodeName: 'x', topic: 'trades:binance:ETH/USDT', payload: testEvent(TRADES, 1) })];
      for (const data of foreign) await redis.publish(channel, data);
      await redis.publish(channel, good(9));
      await eventually(() => trades.some((t) => indexOf(t.id) === 9), 'the good message', 5000);
      expect(node.pubsub.stats().remote?.malformed).to.equal(foreign.length);
    } finally {
      redis.disconnect();
    }
  });
});
