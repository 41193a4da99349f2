// The NATS pub/sub adapter against the NATS server on 127.0.0.1:4222 (JetStream on): events cross processes in
// order and exact, a SIGKILLed subscriber gets the private events it missed exactly once, a lost connection is
// an adapter crash restarted with backoff (market topics resume, no private event lost), foreign messages are
// counted and dropped. Every run uses its own subject prefix and deletes its stream.
import { expect } from 'chai';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Decimal } from '../../lib/core/decimal.js';
import { encodeMessage } from '../../lib/wire/codec.js';
import type { AdapterStatusEvent } from '../../actors/pubsub.js';
import type { Trade } from '../../lib/models/market.js';
import type { Fill, FillEvent } from '../../lib/models/trading.js';
import { eventually, sleep } from '../wait.js';
import { ChildNode, connected } from '../pubsub/child-node.js';
import { deleteStream, NATS_URL, runPrefix, startNode, streamOf, testEvent, type TestNode } from '../pubsub/remote-node.js';
import { TcpProxy } from '../pubsub/tcp-proxy.js';

const TRADES = 'trades:binance:BTC/USDT';
const FILLS = 'fills:alice';

const indexOf = (id: string): number => Number(BigInt(id) - 2n ** 63n);

function expectExactTrades(trades: Trade[], from: number, count: number): void {
  expect(trades.map((t) => indexOf(t.id))).to.deep.equal(Array.from({ length: count }, (_, i) => from + i));
  for (const trade of trades) {
    expect(trade.price).to.be.instanceOf(Decimal);
    expect(trade.price.valueOf()).to.equal(((testEvent(TRADES, indexOf(trade.id)) as Trade).price).valueOf());
  }
}

function fillIndexes(fills: FillEvent[]): number[] {
  return fills.map((f) => indexOf(f.fill.tradeId));
}

describe('NATS pub/sub adapter (real NATS on 127.0.0.1:4222)', function () {
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
    await deleteStream(prefix);
  });

  const child = (name: string, durableName = name): ChildNode => {
    const node = new ChildNode({ name, adapter: 'nats', url: NATS_URL, subjectPrefix: prefix, durableName });
    children.push(node);
    return node;
  };

  it('carries market events between two processes in order and exact; localBroadcast stays home', async () => {
    const publisher = child('pub');
    const subscriber = child('sub');
    await Promise.all([connected(publisher), connected(subscriber)]);
    subscriber.send({ type: 'subscribe', topics: [TRADES] });
    publisher.send({ type: 'subscribe', topics: [TRADES] });
    // Core NATS subscriptions reach the server asynchronously: probe until one crosses.
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
    expectExactTrades(trades, 1, 1000);
    // The publisher got each of its own events once (locally), the localBroadcast one included; echoes never came back.
    const own = publisher.events<Trade>(TRADES).map((t) => indexOf(t.id));
    expect(own.filter((i) => i > 0)).to.have.lengthOf(1001);
    expect(own).to.include(100_000);
    expect((await subscriber.stats()).malformed).to.equal(0);
  });

  it('gives a subscriber node killed with SIGKILL the private events it missed once it restarts, exactly once, in order', async () => {
    const publisher = child('pub');
    let subscriber = child('sub-1', 'sub-durable');
    await Promise.all([connected(publisher), connected(subscriber)]);
    subscriber.send({ type: 'subscribe', topics: [FILLS] });
    await subscriber.waitFor(() => subscriber.reports.some((r) => r.type === 'subscribed'), 'subscribed');
    publisher.send({ type: 'publish', topic: FILLS, from: 0, count: 20 });
    await subscriber.waitFor(() => subscriber.events(FILLS).length === 20, '20 fills');
    expect(fillIndexes(subscriber.events<FillEvent>(FILLS))).to.deep.equal(Array.from({ length: 20 }, (_, i) => i));
    // Killed once its acknowledgements reached the server.
    const nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    const consumer = async () => (await jsm.consumers.list(streamOf(prefix)).next())[0];
    for (let i = 0; i < 100 && (await consumer())?.ack_floor.stream_seq !== 20; i++) await sleep(20);
    expect((await consumer())?.num_ack_pending).to.equal(0);
    await subscriber.kill('SIGKILL');

    publisher.send({ type: 'publish', topic: FILLS, from: 20, count: 30 });
    for (let i = 0; i < 100 && (await publisher.stats()).pendingDurable !== 0; i++) await sleep(20);
    expect((await publisher.stats()).pendingDurable).to.equal(0);

    subscriber = child('sub-2', 'sub-durable');
    await connected(subscriber);
    subscriber.send({ type: 'subscribe', topics: [FILLS] });
    await subscriber.waitFor(() => subscriber.events(FILLS).length >= 30, 'the 30 missed fills');
    publisher.send({ type: 'publish', topic: FILLS, from: 50, count: 5 });
    await subscriber.waitFor(() => subscriber.events(FILLS).length >= 35, '5 new fills');
    await sleep(200);
    const fills = subscriber.events<FillEvent>(FILLS);
    expect(fillIndexes(fills)).to.deep.equal(Array.from({ length: 35 }, (_, i) => 20 + i));
    const first = fills[0]!.fill as Fill;
    expect(first.price).to.be.instanceOf(Decimal);
    expect(first.price.valueOf()).to.equal(((testEvent(FILLS, 20) as FillEvent).fill.price).valueOf());
    expect(first.price.valueOf()).to.equal('20.000000000000000000000002');
    expect((await consumer())?.num_pending).to.equal(0);
    await nc.close();
  });

  it('treats a lost connection as an adapter crash: restarted with backoff, reported, market topics resume, no private event lost', async () => {
    const proxy = new TcpProxy('127.0.0.1', 4222);
    const port = await proxy.start();
    try {
      const viaProxy = { adapter: 'nats' as const, url: `nats://127.0.0.1:${port}`, subjectPrefix: prefix };
      const a = await startNode('node-a', { ...viaProxy, durableName: 'node-a' });
      const b = await startNode('node-b', { ...viaProxy, durableName: 'node-b' });
      nodes.push(a, b);
      const statuses: AdapterStatusEvent[] = [];
      b.pubsub.listen<AdapterStatusEvent>('status:pubsub', (event) => void statuses.push(event));
      const trades: Trade[] = [];
      const fills: FillEvent[] = [];
      const localFills: FillEvent[] = [];
      b.pubsub.listen<Trade>(TRADES, (t) => void trades.push(t));
      b.pubsub.listen<FillEvent>(FILLS, (f) => void fills.push(f));
      a.pubsub.listen<FillEvent>(FILLS, (f) => void localFills.push(f));
      await eventually(() => a.pubsub.stats().remote?.connected === true && b.pubsub.stats().remote?.connected === true, 'both connected', 5000);
      let i = 0;
      const timer = setInterval(() => {
        a.pubsub.broadcast(TRADES, testEvent(TRADES, i));
        a.pubsub.broadcast(FILLS, testEvent(FILLS, i));
        i += 1;
      }, 5);
      try {
        await eventually(() => fills.length >= 20 && trades.length >= 10, 'traffic before the cut', 5000);
        await proxy.cut();
        await eventually(() => statuses.some((s) => s.state === 'disconnected'), 'disconnected status', 5000);
        const cutAt = i;
        await sleep(400);
        // Local delivery went on while the adapter was down.
        expect(localFills.length).to.be.greaterThan(cutAt);
        await proxy.restore();
        await eventually(() => b.pubsub.stats().remote?.connected === true && a.pubsub.stats().remote?.connected === true, 'reconnected', 10_000);
        const resumedFrom = i;
        await eventually(() => trades.some((t) => indexOf(t.id) > resumedFrom + 5), 'market topic resumed', 5000);
      } finally {
        clearInterval(timer);
      }
      const published = i;
      await eventually(() => fills.length >= published, `all ${published} fills`, 10_000);
      await sleep(200);
      expect(fillIndexes(fills)).to.deep.equal(Array.from({ length: published }, (_, k) => k));
      expect(statuses.map((s) => s.state)).to.include.members(['disconnected', 'connected']);
      expect(statuses.filter((s) => s.state === 'disconnected')[0]?.adapter).to.equal('nats');
      expect(b.pubsub.stats().remote?.connects).to.be.greaterThan(1);
      expect(a.pubsub.stats().remote?.pendingDurable).to.equal(0);
    } finally {
      await proxy.stop();
    }
  });

  it('drops and counts malformed or foreign messages on its subjects, and keeps delivering', async () => {
    const node = await startNode('node-m', { adapter: 'nats', url: NATS_URL, subjectPrefix: prefix, durableName: 'node-m' });
    nodes.push(node);
    const trades: Trade[] = [];
    const fills: FillEvent[] = [];
    node.pubsub.listen<Trade>(TRADES, (t) => void trades.push(t));
    node.pubsub.listen<FillEvent>(FILLS, (f) => void fills.push(f));
    await eventually(() => node.pubsub.stats().remote?.connected === true, 'connected', 5000);
    const nc = await connect({ servers: NATS_URL });
    const js = jetstream(nc);
    const tradeSubject = `${prefix}.trades.binance.BTC_USDT`;
    const fillSubject = `${prefix}.fills.alice`;
    const good = (topic: string, i: number): string => encodeMessage({ nodeName: 'other', topic, payload: testEvent(topic, i) });
    const foreign = ['not json', '{"price":1}', good(TRADES, 1).replace('"v":1', '"v":99'), good('trades:binance:ETH/USDT', 1), '{"v":1,"n":"x","t":"trades:binance:BTC/USDT","k":"trade","p":{"type":"trade"}}'];
    while (trades.length === 0) {
      nc.publish(tradeSubject, good(TRADES, 0));
      await sleep(50);
    }
    for (const data of foreign) nc.publish(tradeSubject, data);
    nc.publish(tradeSubject, good(TRADES, 7));
    for (const data of foreign.slice(0, 2)) await js.publish(fillSubject, data);
    await js.publish(fillSubject, good(FILLS, 3));
    await eventually(() => trades.some((t) => indexOf(t.id) === 7) && fills.length === 1, 'the good messages', 5000);
    expect(fillIndexes(fills)).to.deep.equal([3]);
    expect(node.pubsub.stats().remote?.malformed).to.equal(foreign.length + 2);
    await nc.close();
  });
});
