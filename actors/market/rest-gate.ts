// The rest gate: every public REST request of one exchange's feed (depth snapshots, trade backfills)
// goes through this one actor, so they share the venue's request-weight budget. Requests wait in
// order rather than break the limit (200 books resyncing at once are paced, not refused), a 429/418
// stops everything until its Retry-After and the request is retried after it, and the venue's own
// used-weight header corrects our count (other clients may share the IP).
import type { RestRequest } from '../../lib/exchanges/types.js';
import { httpRequest, retryAfterMs, type HttpResponse } from '../../lib/net/http-get.js';
import { RateWindow } from '../../lib/net/rate-window.js';
import { dispatch, type ActorDef, type ActorRef } from '../runtime/index.js';
import type { FeedContext } from './feed-context.js';

/** The answer to a `request`: the HTTP status and body, or why there is none. */
export type RestReply =
  | { readonly type: 'restReply'; readonly tag: string; readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly type: 'restReply'; readonly tag: string; readonly ok: false; readonly error: string };

export type RestGateMsg =
  | { readonly type: 'request'; readonly request: RestRequest; readonly tag: string; readonly replyTo: ActorRef<RestReply> }
  | { readonly type: 'drain' }
  | { readonly type: 'answered'; readonly item: Pending; readonly response: HttpResponse }
  | { readonly type: 'failed'; readonly item: Pending; readonly error: unknown };

interface Pending {
  readonly request: RestRequest;
  readonly tag: string;
  readonly replyTo: ActorRef<RestReply>;
}

interface GateState {
  /** Waiting requests, oldest first (hundreds at most: a plain array is fine). */
  readonly queue: Pending[];
  readonly weight: RateWindow;
  inFlight: number;
  bannedUntil: number;
}

/** Requests sent at once at most: snapshots are large; a few in parallel is enough to be fast. */
const MAX_IN_FLIGHT = 4;
const MINUTE = 60_000;

export function restGate(feed: FeedContext): ActorDef<GateState, RestGateMsg> {
  return {
    init: () => ({
      queue: [],
      weight: new RateWindow(Math.max(1, Math.floor((feed.options.restWeightPerMinute ?? feed.codec.limits.restWeightPerMinute) * feed.options.restWeightShare)), MINUTE),
      inFlight: 0,
      bannedUntil: 0,
    }),
    receive(state, msg, ctx) {
      switch (msg.type) {
        case 'request':
          state.queue.push({ request: msg.request, tag: msg.tag, replyTo: msg.replyTo });
          break;
        case 'drain':
          break;
        case 'answered':
          state.inFlight -= 1;
          answered(feed, state, msg.item, msg.response);
          break;
        case 'failed':
          state.inFlight -= 1;
          dispatch(msg.item.replyTo, { type: 'restReply', tag: msg.item.tag, ok: false, error: describe(msg.error) });
          break;
        default: {
          const never: never = msg;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
      drain(feed, state, ctx.self, (ms) => ctx.sendAfter(ms, { type: 'drain' }, 'drain'), ctx.signal);
      return state;
    },
  };
}

function drain(feed: FeedContext, state: GateState, self: ActorRef<RestGateMsg>, later: (ms: number) => void, signal: AbortSignal): void {
  while (state.queue.length > 0 && state.inFlight < MAX_IN_FLIGHT) {
    const now = Date.now();
    if (now < state.bannedUntil) return later(state.bannedUntil - now);
    const item = state.queue[0];
    if (item === undefined) return;
    const wait = state.weight.tryTake(now, item.request.weight);
    if (wait > 0) return later(wait);
    state.queue.shift();
    state.inFlight += 1;
    const url = feed.options.restUrl.replace(/\/+$/, '') + item.request.path;
    httpRequest(item.request.method, url, { timeoutMs: feed.options.restTimeoutMs, signal }).then(
      (response) => dispatch(self, { type: 'answered', item, response }),
      (error: unknown) => dispatch(self, { type: 'failed', item, error }),
    );
  }
}

function answered(feed: FeedContext, state: GateState, item: Pending, response: HttpResponse): void {
  const now = Date.now();
  const header = feed.codec.limits.usedWeightHeader;
  const used = header === undefined ? null : response.headers.get(header);
  if (used !== null && Number.isFinite(Number(used))) {
    // The server's count is for the whole IP; scale it to our share of the budget.
    state.weight.floor(now, Math.ceil(Number(used) * feed.options.restWeightShare));
  }
  if (response.status === 429 || response.status === 418) {
    // Honour Retry-After (default: a minute), stop sending meanwhile, and retry this request after it.
    const waitMs = retryAfterMs(response.headers, now) ?? MINUTE;
    state.bannedUntil = Math.max(state.bannedUntil, now + waitMs);
    feed.metrics.rateLimited += 1;
    feed.metrics.bannedUntil = state.bannedUntil;
    feed.status('rate-limited', { detail: `HTTP ${response.status}: no REST request for ${waitMs} ms` });
    state.queue.unshift(item);
    return;
  }
  dispatch(item.replyTo, { type: 'restReply', tag: item.tag, ok: true, status: response.status, body: response.body });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
