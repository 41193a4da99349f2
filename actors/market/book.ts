// A book actor: the local order book of one symbol, kept by BookSync (lib/book) from the diff-depth
// deltas its connection routes here and snapshots fetched through the rest gate. It publishes the
// `depth` topic (each applied delta, and a `snapshot` event after every (re)sync) and the `book`
// topic (the top levels, at most once per event-loop turn however many deltas arrived). A gap, or a book
// the venue's events left crossed, resyncs this symbol only and is reported on `status:<exchange>`.
import { BookSync, type SyncResult } from '../../lib/book/book-sync.js';
import type { DepthDelta, DepthSnapshot } from '../../lib/exchanges/types.js';
import type { BookView, DepthUpdate } from '../../lib/models/market.js';
import { dispatch, type ActorContext, type ActorDef } from '../runtime/index.js';
import type { FeedContext } from './feed-context.js';
import type { BookMsg } from './messages.js';

type BookActorMsg = BookMsg | { readonly type: 'publishBook' } | { readonly type: 'fetchSnapshot' };

interface BookState {
  readonly sync: BookSync;
  snapshotInFlight: boolean;
  /** Another snapshot is wanted once the one in flight is answered (it will be too old). */
  snapshotAgain: boolean;
  /** A `book` event is scheduled for the end of this turn. */
  bookScheduled: boolean;
  /** Time stamps of the newest delta in the book (for the `book` event). */
  exchangeTime: number;
  receivedAt: number;
  /** The book has been synced before: the next sync is a resync. */
  wasSynced: boolean;
  /** Crossed books in a row (reset after CROSSED_QUIET_MS without one) and when the last one was seen. */
  crossedStreak: number;
  lastCrossedAt: number;
}

/** A failed snapshot request is tried again after this long (the rest gate already waits out bans). */
const SNAPSHOT_RETRY_MS = 1000;

/**
 * A crossed book is refetched at once the first time; if the venue keeps crossing it (a crossed snapshot, or
 * crossing deltas after every resync), each further refetch within CROSSED_QUIET_MS of the last waits twice as
 * long, 1 s up to 30 s: a broken venue book costs a few snapshots a minute, not one per event.
 */
const CROSSED_QUIET_MS = 60_000;
const CROSSED_BACKOFF_MIN_MS = 1000;
const CROSSED_BACKOFF_MAX_MS = 30_000;

function crossedRefetchDelay(state: BookState, now: number): number {
  if (now - state.lastCrossedAt > CROSSED_QUIET_MS) state.crossedStreak = 0;
  state.lastCrossedAt = now;
  state.crossedStreak += 1;
  return state.crossedStreak === 1 ? 0 : Math.min(CROSSED_BACKOFF_MAX_MS, CROSSED_BACKOFF_MIN_MS * 2 ** (state.crossedStreak - 2));
}

export function bookActor(feed: FeedContext, venueSymbol: string): ActorDef<BookState, BookActorMsg> {
  const symbol = feed.symbols.toUnified(venueSymbol);
  const depthTopic = feed.topic('depth', symbol);
  const bookTopic = feed.topic('book', symbol);
  const stream = `depth:${symbol}`;

  const requestSnapshot = (state: BookState, ctx: ActorContext<BookActorMsg>): void => {
    if (state.snapshotInFlight) {
      state.snapshotAgain = true;
      return;
    }
    const gate = feed.restGate;
    if (!gate) {
      ctx.sendAfter(SNAPSHOT_RETRY_MS, { type: 'fetchSnapshot' }, 'snapshot');
      return;
    }
    state.snapshotInFlight = true;
    const request = feed.codec.depthSnapshotRequest(venueSymbol, feed.options.snapshotLimit);
    dispatch(gate, { type: 'request', request, tag: 'snapshot', replyTo: ctx.self });
  };

  const publishDelta = (delta: DepthDelta, receivedAt: number): void => {
    if (feed.pubsub.subscriberCount(depthTopic) === 0) {
      // Counted even when only the `book` topic is read: the metrics are the stream's.
      feed.metrics.delivered(stream, delta.exchangeTime, receivedAt, Date.now());
      return;
    }
    const event: DepthUpdate = {
      type: 'depth',
      kind: 'delta',
      exchange: feed.exchange,
      symbol,
      exchangeTime: delta.exchangeTime,
      receivedAt,
      bids: delta.bids,
      asks: delta.asks,
      sequence: delta.last,
    };
    feed.pubsub.broadcast(depthTopic, event);
    feed.metrics.delivered(stream, delta.exchangeTime, receivedAt, Date.now());
  };

  const publishSnapshot = (state: BookState, sequence: number): void => {
    if (feed.pubsub.subscriberCount(depthTopic) === 0) return;
    const { bids, asks } = state.sync.book.toSnapshot();
    const event: DepthUpdate = { type: 'depth', kind: 'snapshot', exchange: feed.exchange, symbol, exchangeTime: state.exchangeTime, receivedAt: state.receivedAt, bids, asks, sequence };
    feed.pubsub.broadcast(depthTopic, event);
  };

  const scheduleBook = (state: BookState, ctx: ActorContext<BookActorMsg>): void => {
    if (state.bookScheduled || feed.pubsub.subscriberCount(bookTopic) === 0) return;
    state.bookScheduled = true;
    ctx.sendAfter(0, { type: 'publishBook' });
  };

  /**
   * The book's top levels: a synced book; for a direct read also a bridging one (the snapshot applied and every
   * buffered delta with it, waiting for the next delta to prove the stream follows on). A quiet market may send no
   * delta for long: such a book is the venue's as of the snapshot, and a read must not wait for trading to resume
   * (a resync just before the market went quiet left `readBook` undefined until the next change). The `book` topic
   * publishes synced books only.
   */
  const view = (state: BookState, depth: number, forRead = false): BookView | undefined => {
    const sequence = state.sync.sequence;
    const readable = state.sync.state === 'synced' || (forRead && state.sync.state === 'bridging');
    if (!readable || sequence === undefined) return undefined;
    const { bids, asks } = state.sync.book.view(depth);
    return { type: 'book', exchange: feed.exchange, symbol, exchangeTime: state.exchangeTime, receivedAt: state.receivedAt, bids, asks, sequence };
  };

  /** Acts on what BookSync said. */
  const handle = (state: BookState, result: SyncResult, receivedAt: number, ctx: ActorContext<BookActorMsg>): void => {
    switch (result.status) {
      case 'buffered':
      case 'skipped':
      case 'pending':
        return;
      case 'needSnapshot':
        if (result.reason !== 'first delta') ctx.log.info('fetching another depth snapshot', { symbol, reason: result.reason, detail: result.detail });
        if (state.wasSynced || result.reason !== 'first delta') feed.status('resyncing', { symbol, detail: result.detail });
        requestSnapshot(state, ctx);
        return;
      case 'applied':
        for (const delta of result.applied) publishDelta(delta, receivedAt);
        scheduleBook(state, ctx);
        return;
      case 'synced':
        if (state.wasSynced) feed.metrics.resync(stream);
        state.wasSynced = true;
        publishSnapshot(state, result.sequence);
        scheduleBook(state, ctx);
        feed.status('synced', { symbol, detail: `book at ${result.sequence}` });
        return;
      case 'gap':
        feed.metrics.gap(stream);
        ctx.log.warn('order book gap: resyncing this symbol', { symbol, detail: result.detail });
        feed.status('gap', { symbol, detail: result.detail });
        feed.status('resyncing', { symbol, detail: result.detail });
        // 'resubscribe' is for venues that push snapshots in-stream; none is wired yet (docs/adding-an-exchange.md).
        requestSnapshot(state, ctx);
        return;
      case 'crossed': {
        // Nothing crossed was published: the crossing delta is not, and `book` reads only a synced book.
        feed.metrics.crossed(stream);
        const delayMs = crossedRefetchDelay(state, Date.now());
        ctx.log.warn('crossed order book from the venue: resyncing this symbol', { symbol, source: result.source, detail: result.detail, refetchInMs: delayMs });
        feed.status('resyncing', { symbol, detail: `crossed book: ${result.detail}` });
        if (delayMs === 0) requestSnapshot(state, ctx);
        else ctx.sendAfter(delayMs, { type: 'fetchSnapshot' }, 'snapshot');
        return;
      }
      default: {
        const never: never = result;
        throw new Error(`unknown sync result ${JSON.stringify(never)}`);
      }
    }
  };

  return {
    init: () => ({
      sync: new BookSync(feed.codec.sequencing),
      snapshotInFlight: false,
      snapshotAgain: false,
      bookScheduled: false,
      exchangeTime: 0,
      receivedAt: 0,
      wasSynced: false,
      crossedStreak: 0,
      lastCrossedAt: 0,
    }),
    receive(state, msg, ctx) {
      switch (msg.type) {
        case 'delta':
          state.exchangeTime = msg.delta.exchangeTime;
          state.receivedAt = msg.receivedAt;
          handle(state, state.sync.onDelta(msg.delta), msg.receivedAt, ctx);
          return state;
        case 'restReply': {
          state.snapshotInFlight = false;
          const snapshot = readSnapshot(feed, msg, ctx, symbol);
          if (snapshot === undefined) {
            ctx.sendAfter(SNAPSHOT_RETRY_MS, { type: 'fetchSnapshot' }, 'snapshot');
            return state;
          }
          const again = state.snapshotAgain;
          state.snapshotAgain = false;
          handle(state, state.sync.onSnapshot(snapshot), Date.now(), ctx);
          if (again && state.sync.state !== 'synced' && !state.snapshotInFlight) requestSnapshot(state, ctx);
          return state;
        }
        case 'fetchSnapshot':
          if (state.sync.state !== 'synced') requestSnapshot(state, ctx);
          return state;
        case 'publishBook': {
          state.bookScheduled = false;
          const event = view(state, feed.options.bookDepth);
          if (event) feed.pubsub.broadcast(bookTopic, event);
          return state;
        }
        case 'read':
          dispatch(msg.replyTo, view(state, msg.depth, true));
          return state;
        default: {
          const never: never = msg;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
    },
  };
}

function readSnapshot(feed: FeedContext, reply: Extract<BookMsg, { type: 'restReply' }>, ctx: ActorContext<BookActorMsg>, symbol: string): DepthSnapshot | undefined {
  if (!reply.ok) {
    ctx.log.warn('depth snapshot request failed', { symbol, error: reply.error });
    return undefined;
  }
  if (reply.status !== 200) {
    ctx.log.warn('depth snapshot refused', { symbol, status: reply.status });
    return undefined;
  }
  try {
    return feed.codec.parseDepthSnapshot(reply.body);
  } catch (error) {
    ctx.log.warn('malformed depth snapshot', { symbol, error });
    return undefined;
  }
}
