// The stream manager of one exchange's feed: it turns demand (market topics with subscribers, read
// from the pub/sub) into streams, shards them over connections (at most the venue's streams per
// connection), and starts or stops the connection, book and tape actors they need. Subscribing
// starts a stream on demand; the last unsubscribe stops it. The assignments it writes live in the
// FeedContext, so they survive its own restart and every connection rebuilds itself from them.
import { parseTopic, type PubSubEvent } from '../pubsub.js';
import type { MarketChannel } from '../../lib/models/market.js';
import {
  deleteChild,
  dispatch,
  lookupChild,
  restartChild,
  startChild,
  terminateChild,
  whichChildren,
  type ActorContext,
  type ActorDef,
  type SupervisorRef,
} from '../runtime/index.js';
import { bookActor } from './book.js';
import { connectionActor, type ConnectionMsg } from './connection.js';
import type { FeedContext } from './feed-context.js';
import { bookChildId, tapeChildId } from './messages.js';
import { tapeActor } from './tape.js';

export type ManagerMsg = { readonly type: 'reconcile' };

interface ManagerState {
  nextConnection: number;
  readonly stopListening: () => void;
}

/** Reconcile at least this often, to bring back connections that gave up (an exchange down for long). */
const RECHECK_MS = 5000;

export function streamManager(feed: FeedContext): ActorDef<ManagerState, ManagerMsg> {
  return {
    init(ctx) {
      const stopListening = feed.pubsub.onEvent((event: PubSubEvent) => {
        if ((event.type === 'topicActive' || event.type === 'topicIdle') && concerns(feed, event.topic)) {
          // Coalesced: a burst of 200 subscriptions is one reconcile.
          dispatch(ctx.self, { type: 'reconcile' });
        }
      });
      ctx.sendAfter(0, { type: 'reconcile' });
      ctx.every(RECHECK_MS, { type: 'reconcile' }, 'recheck');
      const existing = [...feed.assignments.keys()].map((id) => Number(id.slice('conn-'.length))).filter(Number.isFinite);
      return { nextConnection: Math.max(0, ...existing) + 1, stopListening };
    },
    async receive(state, _msg, ctx) {
      await reconcile(feed, state, ctx);
      return state;
    },
    onStop: (state) => state.stopListening(),
    onRestart: (state) => state.stopListening(),
  };
}

/** The demand now: stream name -> what it carries and the endpoint it lives on. */
interface Demand {
  readonly channel: MarketChannel;
  readonly venueSymbol: string;
  readonly endpoint: string;
}

function concerns(feed: FeedContext, topic: string): boolean {
  try {
    const parsed = parseTopic(topic);
    return parsed.kind === 'market' && parsed.exchange === feed.exchange;
  } catch {
    return false;
  }
}

function currentDemand(feed: FeedContext, ctx: ActorContext<ManagerMsg>): Map<string, Demand> {
  const demand = new Map<string, Demand>();
  for (const topic of feed.pubsub.topics()) {
    if (feed.pubsub.subscriberCount(topic) === 0 || !concerns(feed, topic)) continue;
    const parsed = parseTopic(topic);
    if (parsed.kind !== 'market') continue;
    if (!feed.codec.channels.includes(parsed.channel)) {
      ctx.log.warn('the exchange has no such channel: topic ignored', { topic });
      continue;
    }
    let venueSymbol: string;
    try {
      venueSymbol = feed.symbols.toVenue(parsed.symbol);
    } catch (error) {
      ctx.log.warn('no such symbol on the exchange: topic ignored', { topic, error });
      continue;
    }
    const key = { channel: parsed.channel, venueSymbol };
    demand.set(feed.codec.streamName(key), { ...key, endpoint: feed.codec.streamEndpoint(key) });
  }
  return demand;
}

async function reconcile(feed: FeedContext, state: ManagerState, ctx: ActorContext<ManagerMsg>): Promise<void> {
  const { books, tapes, connections } = feed;
  if (!books || !tapes || !connections) return;
  const demand = currentDemand(feed, ctx);

  // 1. The per-symbol actors first, so every frame of a new stream finds its route.
  const wantBooks = new Set<string>();
  const wantTapes = new Set<string>();
  for (const { channel, venueSymbol } of demand.values()) {
    if (channel === 'depth' || channel === 'book') wantBooks.add(bookChildId(venueSymbol));
    if (channel === 'trades') wantTapes.add(tapeChildId(venueSymbol));
  }
  await ensureChildren(books, wantBooks, (id) => bookActor(feed, id.slice('book-'.length)));
  await ensureChildren(tapes, wantTapes, (id) => tapeActor(feed, id.slice('tape-'.length)));

  // 2. Assignments: drop what nobody wants, place what is new on connections with room.
  const changed = new Set<string>();
  const assigned = new Set<string>();
  for (const [id, { streams }] of feed.assignments) {
    for (const stream of streams) {
      if (demand.has(stream)) assigned.add(stream);
      else {
        streams.delete(stream);
        changed.add(id);
      }
    }
  }
  const capacity = feed.streamsPerConnection;
  for (const [stream, { endpoint }] of demand) {
    if (assigned.has(stream)) continue;
    // A connection carries one endpoint's streams (USD-M splits them over /public and /market).
    let target = [...feed.assignments.entries()].find(([, a]) => a.endpoint === endpoint && a.streams.size < capacity)?.[0];
    if (target === undefined) {
      target = `conn-${state.nextConnection++}`;
      feed.assignments.set(target, { endpoint, streams: new Set() });
    }
    feed.assignments.get(target)?.streams.add(stream);
    changed.add(target);
  }

  // 3. Connections: stop the empty ones, start the missing ones, tell the changed ones.
  const children = new Map(whichChildren(connections).map((child) => [child.id, child]));
  for (const [id, { streams }] of [...feed.assignments]) {
    if (streams.size > 0) continue;
    feed.assignments.delete(id);
    if (children.has(id)) await removeChild(connections, id);
    feed.metrics.forgetConnection(id);
  }
  for (const id of feed.assignments.keys()) {
    const child = children.get(id);
    if (!child) {
      await startChild(connections, { id, start: connectionActor(feed, id) });
    } else if (child.status === 'failed' || child.status === 'stopped') {
      // It gave up after maxRestartsInARow (the exchange was down for long): try again, still paced by
      // the connection-attempt budget and its backoff.
      ctx.log.warn('restarting a connection that had given up', { connection: id });
      await restartChild(connections, id);
    } else if (changed.has(id)) {
      const ref = lookupChild<ConnectionMsg>(connections, id);
      if (ref) dispatch(ref, { type: 'sync' });
    }
  }
}

async function ensureChildren<S, M>(sup: SupervisorRef, wanted: ReadonlySet<string>, make: (id: string) => ActorDef<S, M>): Promise<void> {
  const present = new Set(whichChildren(sup).map((child) => child.id));
  for (const id of present) if (!wanted.has(id)) await removeChild(sup, id);
  for (const id of wanted) if (!present.has(id)) await startChild<M>(sup, { id, start: make(id) as ActorDef<unknown, M> });
}

async function removeChild(sup: SupervisorRef, id: string): Promise<void> {
  await terminateChild(sup, id);
  await deleteChild(sup, id);
}
