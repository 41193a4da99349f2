// A tape actor: the trades of one symbol, without holes. Live trades arrive from the connection; a
// jump in trade ids (a reconnect, a dropped frame) holds the live ones back, fetches the missing
// trades from REST by id through the rest gate, and delivers them in order before the held ones,
// each id once. No peer library does this; a trade stream with holes breaks VWAPs and volume bars.
import type { Unbound } from '../../lib/exchanges/types.js';
import type { Trade } from '../../lib/models/market.js';
import { dispatch, type ActorContext, type ActorDef } from '../runtime/index.js';
import type { FeedContext } from './feed-context.js';
import type { TapeMsg } from './messages.js';

interface TapeState {
  /** The last trade id delivered. */
  lastId: bigint | undefined;
  /** Live trades held back while a backfill runs, oldest first. */
  held: { readonly event: Unbound<Trade>; readonly id: bigint; readonly receivedAt: number }[];
  backfilling: boolean;
  /** The tag of the backfill request in flight: a reply with another tag is stale (an abandoned backfill's). */
  pending: string | undefined;
  /** Failed attempts at the current page (timeouts, 5xx, a dropped connection): retried with backoff. */
  failures: number;
}

/** Trades per backfill page; a larger hole takes several pages. */
const PAGE = 1000;
/** Live trades held during a backfill at most; past it the backfill is abandoned (reported as a gap). */
const MAX_HELD = 20_000;
/** A page whose request failed without an answer (timeout, 5xx, connection lost) is asked again this often. */
const MAX_FAILURES = 5;
const RETRY_MS = 250;

export function tapeActor(feed: FeedContext, venueSymbol: string): ActorDef<TapeState, TapeMsg> {
  const symbol = feed.symbols.toUnified(venueSymbol);
  const topic = feed.topic('trades', symbol);
  const stream = `trades:${symbol}`;

  const deliver = (state: TapeState, event: Unbound<Trade>, id: bigint, receivedAt: number): void => {
    state.lastId = id;
    feed.pubsub.broadcast(topic, { ...event, exchange: feed.exchange, symbol, receivedAt });
    feed.metrics.delivered(stream, event.exchangeTime, receivedAt, Date.now());
  };

  let requests = 0;
  const requestPage = (state: TapeState, ctx: ActorContext<TapeMsg>): boolean => {
    const from = (state.lastId ?? 0n) + 1n;
    const request = feed.codec.tradesFromRequest(venueSymbol, from.toString(), PAGE);
    if (!request || !feed.restGate) return false;
    state.pending = `backfill-${++requests}`;
    dispatch(feed.restGate, { type: 'request', request, tag: state.pending, replyTo: ctx.self });
    return true;
  };

  /**
   * Delivers the held trades in id order while they follow on. A hole among them (the stream broke again while
   * the backfill ran) starts another backfill from there: the held trades after it wait for it. `force` (a
   * backfill given up) delivers everything held, holes and all: the gap was reported.
   */
  const release = (state: TapeState, ctx: ActorContext<TapeMsg>, force = false): void => {
    const held = state.held.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let i = 0;
    for (; i < held.length; i++) {
      const next = held[i]!;
      if (state.lastId !== undefined && next.id <= state.lastId) continue; // delivered already (an overlap)
      if (!force && state.lastId !== undefined && next.id !== state.lastId + 1n) break;
      deliver(state, next.event, next.id, next.receivedAt);
    }
    state.held = held.slice(i);
    state.pending = undefined;
    state.failures = 0;
    if (state.held.length > 0) {
      feed.metrics.gap(stream);
      if (!requestPage(state, ctx)) abandon(state, ctx, 'the exchange cannot page trades by id');
      return;
    }
    state.backfilling = false;
  };

  /** No answer to the page (or a 5xx): ask again after a backoff, a few times, before calling it a gap. */
  const retry = (state: TapeState, ctx: ActorContext<TapeMsg>, why: string): void => {
    state.pending = undefined;
    state.failures += 1;
    if (state.failures > MAX_FAILURES) return abandon(state, ctx, `${why} (${MAX_FAILURES} retries)`);
    ctx.log.debug('trade backfill page failed; asking again', { symbol, why, attempt: state.failures });
    ctx.sendAfter(RETRY_MS * 2 ** (state.failures - 1), { type: 'retryBackfill' }, 'backfill-retry');
  };

  const abandon = (state: TapeState, ctx: ActorContext<TapeMsg>, why: string): void => {
    ctx.log.warn('trade backfill abandoned: the tape has a gap', { symbol, why });
    feed.status('gap', { symbol, detail: `trades: ${why}` });
    release(state, ctx, true);
  };

  return {
    init: () => ({ lastId: undefined, held: [], backfilling: false, pending: undefined, failures: 0 }),
    receive(state, msg, ctx) {
      if (msg.type === 'trade') {
        const id = BigInt(msg.event.id);
        if (state.backfilling) {
          state.held.push({ event: msg.event, id, receivedAt: msg.receivedAt });
          if (state.held.length > MAX_HELD) abandon(state, ctx, `more than ${MAX_HELD} live trades arrived during the backfill`);
          return state;
        }
        if (state.lastId === undefined || id === state.lastId + 1n) deliver(state, msg.event, id, msg.receivedAt);
        else if (id > state.lastId) {
          // A hole: hold this one back and fetch what is missing first.
          feed.metrics.gap(stream);
          state.held.push({ event: msg.event, id, receivedAt: msg.receivedAt });
          state.backfilling = true;
          if (!requestPage(state, ctx)) abandon(state, ctx, 'the exchange cannot page trades by id');
        }
        // id <= lastId: already delivered (a renewal's overlap, a backfill that raced the stream).
        return state;
      }
      if (msg.type === 'retryBackfill') {
        if (state.backfilling && state.pending === undefined && !requestPage(state, ctx)) abandon(state, ctx, 'the exchange cannot page trades by id');
        return state;
      }
      // The backfill's REST answer (a stale one, from a backfill already given up, is dropped).
      if (!state.backfilling || msg.tag !== state.pending) return state;
      state.pending = undefined;
      if (!msg.ok) {
        retry(state, ctx, msg.error);
        return state;
      }
      if (msg.status >= 500) {
        retry(state, ctx, `HTTP ${msg.status}`);
        return state;
      }
      if (msg.status !== 200) {
        abandon(state, ctx, `HTTP ${msg.status}`);
        return state;
      }
      let trades: Unbound<Trade>[];
      try {
        trades = feed.codec.parseTrades(msg.body);
      } catch (error) {
        abandon(state, ctx, error instanceof Error ? error.message : String(error));
        return state;
      }
      const firstHeld = state.held.reduce<bigint | undefined>((min, h) => (min === undefined || h.id < min ? h.id : min), undefined);
      let recovered = 0;
      const now = Date.now();
      for (const trade of trades) {
        const id = BigInt(trade.id);
        if (state.lastId !== undefined && id <= state.lastId) continue;
        if (firstHeld !== undefined && id >= firstHeld) break;
        deliver(state, trade, id, now);
        recovered += 1;
      }
      feed.metrics.backfilled(stream, recovered);
      state.failures = 0;
      const stillMissing = firstHeld !== undefined && state.lastId !== undefined && state.lastId + 1n < firstHeld;
      if (stillMissing && trades.length >= PAGE && recovered > 0) {
        requestPage(state, ctx);
        return state;
      }
      if (stillMissing) {
        const got = trades.length === 0 ? 'none' : `${trades[0]!.id}..${trades[trades.length - 1]!.id}`;
        abandon(state, ctx, `the exchange has no trades between ${String(state.lastId)} and ${String(firstHeld)} (it returned ${got})`);
        return state;
      }
      feed.status('backfilled', { symbol, detail: `${recovered} trades recovered` });
      release(state, ctx);
      return state;
    },
  };
}
