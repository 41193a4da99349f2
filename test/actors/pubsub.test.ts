import { expect } from 'chai';
import {
  InvalidSubscriptionError,
  PubSub,
  pubSubChildSpec,
  PubSubStoppedError,
  type AdapterMessage,
  type PubSubAdapter,
  type PubSubEvent,
  type PubSubMsg,
  type SubscribeReply,
  type TopicMessage,
} from '../../actors/pubsub.js';
import {
  ask,
  dispatch,
  startActorSystem,
  terminateChild,
  type ActorDef,
  type ActorRef,
  type ActorSystem,
  type DeadLetter,
  lookupChild,
  whichChildren,
} from '../../actors/runtime/index.js';
import { eventually } from '../wait.js';
import { newGate, type Gate } from './runtime/helpers.js';

const TOPIC = 'trades:binance:BTC/USDT';

type CollectorMsg = TopicMessage<number> | { type: 'get'; replyTo: ActorRef<number[]> } | { type: 'crash' };

/** Records the events it receives; optionally subscribes itself in init (bound to the incarnation). */
function collector(options: { pubsub?: PubSub; inits?: { count: number } } = {}): ActorDef<number[], CollectorMsg> {
  return {
    init: (ctx) => {
      if (options.inits) options.inits.count += 1;
      options.pubsub?.subscribe<number>(TOPIC, ctx);
      return [];
    },
    receive: (seen, message) => {
      switch (message.type) {
        case 'topicEvent':
          return [...seen, message.event];
        case 'get':
          dispatch(message.replyTo, seen);
          return seen;
        case 'crash':
          throw new Error('crash on purpose');
        default:
          return message satisfies never;
      }
    },
  };
}

function received(ref: ActorRef<CollectorMsg>): Promise<number[]> {
  return ask<CollectorMsg, number[]>(ref, (replyTo) => ({ type: 'get', replyTo }), 1000);
}

/** Every adapter attached to one bus receives every message, the sender's own included (like Redis). */
class LoopbackBus {
  readonly sent: AdapterMessage[] = [];
  private readonly receivers = new Set<(message: AdapterMessage) => void>();
  adapter(): PubSubAdapter {
    let receive: ((message: AdapterMessage) => void) | undefined;
    return {
      name: 'loopback',
      start: (r) => {
        receive = r;
        this.receivers.add(r);
      },
      broadcast: (message) => {
        this.sent.push(message);
        for (const r of this.receivers) r(message);
      },
      stop: () => {
        if (receive) this.receivers.delete(receive);
      },
    };
  }
}


describe('PubSub', () => {
  let system: ActorSystem;
  let pubsub: PubSub;
  let deadLetters: DeadLetter[];

  beforeEach(async () => {
    system = await startActorSystem({ name: 'pubsub-test' });
    pubsub = new PubSub({ nodeName: 'node-a' });
    deadLetters = [];
    system.onDeadLetter((letter) => deadLetters.push(letter));
  });

  afterEach(async () => {
    await pubsub.stop();
    await system.stop();
  });

  it('delivers a broadcast to an actor ref as a TopicMessage', async () => {
    const ref = await system.spawn(collector(), { id: 'c' });
    pubsub.subscribe<number>(TOPIC, ref);
    pubsub.broadcast(TOPIC, 42);
    expect(await received(ref)).to.deep.equal([42]);
  });

  it('maps events to the actor’s own protocol with toMessage', async () => {
    const ref = await system.spawn(collector(), { id: 'c' });
    pubsub.subscribe<string, CollectorMsg>(TOPIC, ref, { toMessage: (event, topic) => ({ type: 'topicEvent', topic, event: event.length }) });
    pubsub.broadcast(TOPIC, 'four');
    expect(await received(ref)).to.deep.equal([4]);
  });

  it('delivers each broadcast once per subscription, in subscription order (behaviour 29)', async () => {
    const order: string[] = [];
    pubsub.listen<number>(TOPIC, (e) => void order.push(`first:${e}`));
    pubsub.listen<number>(TOPIC, (e) => void order.push(`second:${e}`));
    pubsub.listen<number>(TOPIC, (e) => void order.push(`third:${e}`));
    pubsub.listen<number>('ticker:binance:BTC/USDT', (e) => void order.push(`other:${e}`));
    expect(pubsub.broadcast(TOPIC, 1)).to.equal(3);
    pubsub.broadcast(TOPIC, 2);
    expect(order).to.deep.equal(['first:1', 'second:1', 'third:1', 'first:2', 'second:2', 'third:2']);
  });

  it('delivers twice to an actor subscribed twice, and unsubscribe ends one subscription', async () => {
    const ref = await system.spawn(collector(), { id: 'c' });
    const first = pubsub.subscribe<number>(TOPIC, ref);
    pubsub.subscribe<number>(TOPIC, ref);
    pubsub.broadcast(TOPIC, 1);
    expect(first.unsubscribe()).to.equal(true);
    expect(first.unsubscribe()).to.equal(false);
    pubsub.broadcast(TOPIC, 2);
    expect(await received(ref)).to.deep.equal([1, 1, 2]);
    expect(pubsub.unsubscribeAll(ref)).to.equal(1);
    expect(pubsub.topics()).to.deep.equal([]);
  });

  it('skips the sender’s subscriptions with broadcastFrom', async () => {
    const sender = await system.spawn(collector(), { id: 'sender' });
    const other = await system.spawn(collector(), { id: 'other' });
    const senderCallback: number[] = [];
    pubsub.subscribe<number>(TOPIC, sender);
    pubsub.listen<number>(TOPIC, (e) => void senderCallback.push(e), { owner: sender });
    pubsub.subscribe<number>(TOPIC, other);
    expect(pubsub.broadcastFrom(sender, TOPIC, 7)).to.equal(1);
    expect(await received(other)).to.deep.equal([7]);
    expect(await received(sender)).to.deep.equal([]);
    expect(senderCallback).to.deep.equal([]);
  });

  it('removes a stopped subscriber before the next broadcast, so nothing is dead-lettered (behaviour 30)', async () => {
    const live = await system.spawn(collector(), { id: 'live' });
    const doomed = await system.spawn(collector(), { id: 'doomed' });
    pubsub.subscribe<number>(TOPIC, doomed);
    pubsub.subscribe<number>(TOPIC, live);
    const ownedCallback: number[] = [];
    pubsub.listen<number>(TOPIC, (e) => void ownedCallback.push(e), { owner: doomed });
    await terminateChild(system.root, 'doomed');
    expect(pubsub.subscriberCount(TOPIC)).to.equal(1);
    expect(pubsub.broadcast(TOPIC, 1)).to.equal(1);
    expect(await received(live)).to.deep.equal([1]);
    expect(ownedCallback).to.deep.equal([]);
    expect(deadLetters).to.deep.equal([]);
  });

  it('keeps one subscription across a restart when the actor subscribes in init with its context', async () => {
    const inits = { count: 0 };
    const ref = await system.spawn(collector({ pubsub, inits }), { id: 'c' });
    expect(pubsub.subscriberCount(TOPIC)).to.equal(1);
    dispatch(ref, { type: 'crash' });
    await eventually(() => inits.count === 2, 'restart');
    expect(pubsub.subscriberCount(TOPIC)).to.equal(1);
    pubsub.broadcast(TOPIC, 9);
    expect(await received(ref)).to.deep.equal([9]);
  });

  it('refuses to subscribe an actor that is no longer alive', async () => {
    const ref = await system.spawn(collector(), { id: 'c' });
    await terminateChild(system.root, 'c');
    expect(() => pubsub.subscribe<number>(TOPIC, ref)).to.throw(InvalidSubscriptionError).with.property('field', 'subscriber');
  });

  it('reports a topic becoming active with its first subscriber and idle when the last one goes', () => {
    const events: PubSubEvent[] = [];
    pubsub.onEvent((event) => events.push(event));
    const first = pubsub.listen('t:1', () => undefined);
    const second = pubsub.listen('t:1', () => undefined);
    first.unsubscribe();
    expect(events).to.deep.equal([{ type: 'topicActive', topic: 't:1' }]);
    second.unsubscribe();
    const again = pubsub.listen('t:1', () => undefined);
    expect(events.map((e) => e.type)).to.deep.equal(['topicActive', 'topicIdle', 'topicActive']);
    again.unsubscribe();
  });

  describe('observe', () => {
    it('emits the topic’s events, and unsubscribing removes the subscription', () => {
      const seen: number[] = [];
      const subscription = pubsub.observe<number>(TOPIC).subscribe((e) => seen.push(e));
      pubsub.broadcast(TOPIC, 1);
      expect(pubsub.subscriberCount(TOPIC)).to.equal(1);
      subscription.unsubscribe();
      expect(pubsub.subscriberCount(TOPIC)).to.equal(0);
      pubsub.broadcast(TOPIC, 2);
      expect(seen).to.deep.equal([1]);
    });

    it('completes when the pub/sub stops', async () => {
      let completed = false;
      pubsub.observe<number>(TOPIC).subscribe({ complete: () => (completed = true) });
      await pubsub.stop();
      expect(completed).to.equal(true);
      expect(() => pubsub.listen(TOPIC, () => undefined)).to.throw(PubSubStoppedError);
    });
  });

  describe('delivery policies', () => {
    it('latest: a slow subscriber gets the newest event once it is free', async () => {
      const seen: number[] = [];
      let release: (() => void) | undefined;
      pubsub.listen<number>(
        TOPIC,
        (e) => {
          seen.push(e);
          return new Promise<void>((resolve) => (release = resolve));
        },
        { delivery: 'latest' },
      );
      for (let i = 1; i <= 100; i += 1) pubsub.broadcast(TOPIC, i);
      release?.();
      await eventually(() => seen.length === 2, 'second delivery');
      expect(seen).to.deep.equal([1, 100]);
    });

    it('all: overflow of the bounded queue is counted in stats and reported as an event', async () => {
      const events: PubSubEvent[] = [];
      pubsub.onEvent((event) => events.push(event));
      const subscription = pubsub.listen<number>(TOPIC, () => new Promise<void>(() => undefined), { delivery: { kind: 'all', capacity: 3 } });
      for (let i = 1; i <= 10; i += 1) pubsub.broadcast(TOPIC, i);
      expect(subscription.stats()).to.include({ delivered: 1, pending: 3, dropped: 6 });
      const overflows = events.filter((e) => e.type === 'overflow');
      expect(overflows).to.have.length(6);
      expect(overflows.at(-1)).to.include({ subscriptionId: subscription.id, topic: TOPIC, dropped: 6, capacity: 3 });
      expect(pubsub.stats().perSubscription[0]?.stats.dropped).to.equal(6);
    });

    it('reports a throwing callback and keeps delivering to the others', () => {
      const events: PubSubEvent[] = [];
      pubsub.onEvent((event) => events.push(event));
      const seen: number[] = [];
      pubsub.listen<number>(TOPIC, () => {
        throw new Error('subscriber bug');
      });
      pubsub.listen<number>(TOPIC, (e) => void seen.push(e));
      pubsub.broadcast(TOPIC, 1);
      expect(seen).to.deep.equal([1]);
      expect(events.map((e) => e.type)).to.deep.equal(['topicActive', 'subscriberFailed']);
    });
  });

  describe('actor subscribers, bounded by delivery receipts', () => {
    type SlowMsg = TopicMessage<number> | { type: 'get'; replyTo: ActorRef<number[]> };
    /** Each event's receive waits until the test opens the gate: a slow consumer the test controls. */
    function slowActor(gate: Gate): ActorDef<number[], SlowMsg> {
      return {
        init: () => [],
        receive: async (seen, message) => {
          switch (message.type) {
            case 'topicEvent':
              if (!gate.open) await new Promise<void>((resolve) => gate.waiters.push(resolve));
              return [...seen, message.event];
            case 'get':
              dispatch(message.replyTo, seen);
              return seen;
            default:
              return message satisfies never;
          }
        },
      };
    }
    const seenBy = (ref: ActorRef<SlowMsg>): Promise<number[]> => ask<SlowMsg, number[]>(ref, (replyTo) => ({ type: 'get', replyTo }), 1000);

    it('all (capacity 3): a slow actor gets exactly 3 events, the rest are counted and reported as overflow', async () => {
      const gate = newGate();
      const ref = await system.spawn(slowActor(gate), { id: 'slow' });
      const events: PubSubEvent[] = [];
      pubsub.onEvent((event) => events.push(event));
      const subscription = pubsub.subscribe<number>(TOPIC, ref, { delivery: { kind: 'all', capacity: 3 } });
      for (let i = 1; i <= 10; i += 1) pubsub.broadcast(TOPIC, i);
      expect(subscription.stats()).to.include({ delivered: 3, dropped: 7, pending: 3 });
      expect(events.filter((e) => e.type === 'overflow').map((e) => e.dropped)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
      gate.release();
      expect(await seenBy(ref)).to.deep.equal([1, 2, 3]);
      expect(subscription.stats()).to.include({ pending: 0 });
      pubsub.broadcast(TOPIC, 11); // room again once the receipts came back
      expect(await seenBy(ref)).to.deep.equal([1, 2, 3, 11]);
    });

    it('latest: a slow actor ends up seeing the newest value, not a backlog', async () => {
      const gate = newGate();
      const ref = await system.spawn(slowActor(gate), { id: 'slow' });
      const subscription = pubsub.subscribe<number>(TOPIC, ref, { delivery: 'latest' });
      for (let i = 1; i <= 100; i += 1) pubsub.broadcast(TOPIC, i);
      expect(subscription.stats()).to.include({ delivered: 1, conflated: 98, pending: 2 });
      gate.release();
      await eventually(() => subscription.stats()?.pending === 0, 'conflated event handled');
      expect(await seenBy(ref)).to.deep.equal([1, 100]);
      expect(subscription.stats()).to.include({ delivered: 2, dropped: 0 });
    });

    it('a fast actor gets every event, in order', async () => {
      const ref = await system.spawn(collector(), { id: 'c' });
      const subscription = pubsub.subscribe<number>(TOPIC, ref, { delivery: { kind: 'all', capacity: 2 } });
      for (let i = 1; i <= 5; i += 1) {
        pubsub.broadcast(TOPIC, i);
        await eventually(() => subscription.stats()?.pending === 0, `event ${i} handled`);
      }
      expect(await received(ref)).to.deep.equal([1, 2, 3, 4, 5]);
    });

    it('a dead subscriber’s outstanding deliveries do not leak: the subscription and its counters are gone', async () => {
      const gate = newGate();
      const ref = await system.spawn(slowActor(gate), { id: 'slow', shutdown: 'brutal' });
      const subscription = pubsub.subscribe<number>(TOPIC, ref, { delivery: { kind: 'all', capacity: 3 } });
      const other: number[] = [];
      pubsub.listen<number>(TOPIC, (e) => void other.push(e));
      for (let i = 1; i <= 5; i += 1) pubsub.broadcast(TOPIC, i);
      expect(subscription.stats()).to.include({ pending: 3, dropped: 2 });
      await eventually(() => gate.waiters.length === 1, 'first event in the handler');
      await terminateChild(system.root, 'slow');
      expect(subscription.stats()).to.equal(undefined);
      expect(pubsub.stats().perSubscription.map((s) => s.stats.pending)).to.deep.equal([0]);
      expect(deadLetters.map((l) => l.reason)).to.deep.equal(['discarded', 'discarded']);
      gate.release(); // the abandoned handler settles late: nothing may come back to life
      pubsub.broadcast(TOPIC, 6);
      expect(other).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(pubsub.subscriberCount(TOPIC)).to.equal(1);
    });

    it('counts events the runtime dead-lettered while the actor restarts', async () => {
      const ref = await system.startChild({
        id: 'sup',
        start: { strategy: 'oneForOne', backoff: { minMs: 20, maxMs: 20, randomFactor: 0 }, stash: 'deadLetter', children: [{ id: 'c', start: collector() }] },
      });
      const child = lookupChild<CollectorMsg>(ref, 'c')!;
      const subscription = pubsub.subscribe<number>(TOPIC, child);
      dispatch(child, { type: 'crash' });
      await eventually(() => whichChildren(ref)[0]?.status === 'restarting', 'restart pending');
      pubsub.broadcast(TOPIC, 1);
      expect(subscription.stats()).to.include({ deadLettered: 1, pending: 0 });
      await eventually(() => whichChildren(ref)[0]?.status === 'running', 'restarted');
      pubsub.broadcast(TOPIC, 2);
      expect(await received(child)).to.deep.equal([2]);
    });

    it('reports a toMessage that throws as a failed delivery and keeps the subscription', async () => {
      const ref = await system.spawn(collector(), { id: 'c' });
      const events: PubSubEvent[] = [];
      pubsub.onEvent((event) => events.push(event));
      const subscription = pubsub.subscribe<number, CollectorMsg>(TOPIC, ref, {
        delivery: 'latest',
        toMessage: (event, topic) => {
          if (event === 1) throw new Error('mapping bug');
          return { type: 'topicEvent', topic, event };
        },
      });
      pubsub.broadcast(TOPIC, 1);
      pubsub.broadcast(TOPIC, 2);
      expect(events.map((e) => e.type)).to.deep.equal(['topicActive', 'subscriberFailed']);
      expect(await received(ref)).to.deep.equal([2]);
      expect(subscription.stats()).to.include({ failed: 1, delivered: 2 });
    });
  });

  describe('adapter seam (behaviour 31)', () => {
    it('sends broadcast through the adapter but never localBroadcast', async () => {
      const bus = new LoopbackBus();
      const node = new PubSub({ nodeName: 'node-x', adapter: bus.adapter() });
      await node.start();
      node.localBroadcast(TOPIC, 1);
      node.broadcast(TOPIC, 2);
      expect(bus.sent).to.deep.equal([{ nodeName: 'node-x', topic: TOPIC, payload: 2 }]);
      await node.stop();
    });

    it('delivers once locally, drops its own echo, and reaches the other node once', async () => {
      const bus = new LoopbackBus();
      const a = new PubSub({ nodeName: 'node-a', adapter: bus.adapter() });
      const b = new PubSub({ nodeName: 'node-b', adapter: bus.adapter() });
      await Promise.all([a.start(), b.start()]);
      const onA: number[] = [];
      const onB: number[] = [];
      a.listen<number>(TOPIC, (e) => void onA.push(e));
      b.listen<number>(TOPIC, (e) => void onB.push(e));
      a.broadcast(TOPIC, 1);
      b.broadcast(TOPIC, 2);
      expect(onA).to.deep.equal([1, 2]);
      expect(onB).to.deep.equal([1, 2]);
      expect(a.stats()).to.include({ echoesDropped: 1, remoteDelivered: 1 });
      await Promise.all([a.stop(), b.stop()]);
    });

    it('reports an adapter that fails to broadcast without failing the publisher', async () => {
      const failing: PubSubAdapter = {
        name: 'failing',
        start: () => undefined,
        broadcast: () => Promise.reject(new Error('link down')),
        stop: () => undefined,
      };
      const node = new PubSub({ nodeName: 'n', adapter: failing });
      const events: PubSubEvent[] = [];
      node.onEvent((event) => events.push(event));
      const seen: number[] = [];
      node.listen<number>(TOPIC, (e) => void seen.push(e));
      expect(node.broadcast(TOPIC, 1)).to.equal(1);
      const failures = (): PubSubEvent[] => events.filter((e) => e.type === 'adapterFailed');
      await eventually(() => failures().length === 1, 'adapter failure event');
      expect(seen).to.deep.equal([1]);
      expect(failures()[0]).to.include({ type: 'adapterFailed', operation: 'broadcast' });
      expect(node.stats().adapterFailures).to.equal(1);
      await node.stop();
    });
  });

  describe('pubsub actor', () => {
    it('subscribes by message and ends every subscription when it stops for good', async () => {
      const ref = await system.startChild(pubSubChildSpec(pubsub));
      const sub = await system.spawn(collector(), { id: 'c' });
      const reply = await ask<PubSubMsg, SubscribeReply>(ref, (replyTo) => ({ type: 'subscribe', topic: TOPIC, subscriber: sub, replyTo }), 1000);
      expect(reply.ok).to.equal(true);
      pubsub.broadcast(TOPIC, 5);
      expect(await received(sub)).to.deep.equal([5]);
      const bad = await ask<PubSubMsg, SubscribeReply>(ref, (replyTo) => ({ type: 'subscribe', topic: '', subscriber: sub, replyTo }), 1000);
      expect(bad.ok ? undefined : bad.error.code).to.equal('PUBSUB_INVALID_TOPIC');
      await terminateChild(system.root, 'pubsub');
      expect(pubsub.isStopped).to.equal(true);
      expect(pubsub.subscriberCount(TOPIC)).to.equal(0);
    });
  });
});
