// The user-stream actor: the user's private events over the venue's WebSocket API (Binance:
// `userDataStream.subscribe.signature`; listen keys are retired on spot). It forwards order, fill and
// balance events to its session, in order. Any loss is a crash: a close, a subscription the venue
// terminated, a shutdown notice, a ping left unanswered; the supervisor restarts it with backoff, and
// each (re)subscription asks the session to reconcile, which publishes whatever was missed, once.
// Frames it cannot use (malformed, unknown) are counted in `user.stream` and dropped, never a crash.
import WebSocket from 'ws';
import { openWebSocket } from '../../lib/net/abortable.js';
import { wsRefusal } from '../../lib/net/ws-refusal.js';
import type { UserFrame } from '../../lib/exchanges/trading-types.js';
import { dispatch, lookupChild, type ActorContext, type ActorDef, type ActorRef } from '../runtime/index.js';
import type { SessionMsg } from './session.js';
import type { UserContext, UserStreamCounters } from './user-context.js';

/** The answer to a request sent over the user-data connection: the venue's response frame, or why there is none. */
export type WsAnswer =
  | { readonly ok: true; readonly frame: Extract<UserFrame, { kind: 'response' }> }
  | { readonly ok: false; readonly sent: boolean; readonly reason: string };

export type UserStreamMsg =
  /** Send `frame` (a signed WebSocket API request with this `id`) and route its answer to `replyTo`. */
  | { readonly type: 'request'; readonly id: string; readonly frame: string; readonly replyTo: ActorRef<WsAnswer> }
  | { readonly type: 'connect' }
  | { readonly type: 'opened'; readonly owner: object; readonly ws: WebSocket }
  | { readonly type: 'openFailed'; readonly owner: object; readonly error: unknown }
  | { readonly type: 'response'; readonly frame: Extract<UserFrame, { kind: 'response' }> }
  | { readonly type: 'lost'; readonly reason: string }
  | { readonly type: 'ping' };

interface StreamState {
  ws: WebSocket | undefined;
  /** Requests sent for the session and not answered yet, by id. */
  readonly requests: Map<string, ActorRef<WsAnswer>>;
  subscribed: boolean;
  /** The id of the ping sent and not answered yet. */
  pendingPing: string | undefined;
  nextId: number;
}

export function userStreamActor(user: UserContext): ActorDef<StreamState, UserStreamMsg> {
  const { codec, options } = user.venue;
  const counters = user.stream;
  let subscriptions = 0;
  let started = false;

  const session = (ctx: ActorContext<UserStreamMsg>): ActorRef<SessionMsg> | undefined => lookupChild<SessionMsg>(ctx.parent, 'session');

  return {
    init(ctx) {
      if (started) counters.reconnects += 1;
      started = true;
      ctx.sendAfter(0, { type: 'connect' });
      ctx.every(options.pingIntervalMs, { type: 'ping' }, 'ping');
      return { ws: undefined, requests: new Map(), subscribed: false, pendingPing: undefined, nextId: 1 };
    },
    receive(state, msg, ctx) {
      switch (msg.type) {
        case 'request':
          if (!state.ws || !state.subscribed || state.ws.readyState !== WebSocket.OPEN) {
            dispatch(msg.replyTo, { ok: false, sent: false, reason: 'the user-data connection is not up' });
            return state;
          }
          state.requests.set(msg.id, msg.replyTo);
          state.ws.send(msg.frame);
          return state;
        case 'connect':
          openWebSocket(options.wsApiUrl, options.connectTimeoutMs, ctx.signal, 'the user-data endpoint').then(
            (ws) => dispatch(ctx.self, { type: 'opened', owner: state, ws }),
            (error: unknown) => dispatch(ctx.self, { type: 'openFailed', owner: state, error }),
          );
          return state;
        case 'opened': {
          if (msg.owner !== state) {
            msg.ws.terminate();
            return state;
          }
          state.ws = msg.ws;
          msg.ws.on('message', (data, isBinary) => {
            if (ctx.signal.aborted) return;
            counters.lastMessageAt = Date.now();
            const frame: UserFrame = isBinary ? { kind: 'malformed', reason: 'binary frame' } : codec.parseUserFrame(String(data), user.toUnified);
            switch (frame.kind) {
              case 'orderUpdate':
              case 'balances':
              case 'balanceDelta': {
                const ref = session(ctx);
                if (ref) dispatch(ref, { type: 'streamEvent', frame });
                return;
              }
              case 'response':
                dispatch(ctx.self, { type: 'response', frame });
                return;
              case 'terminated':
                dispatch(ctx.self, { type: 'lost', reason: 'the venue terminated the user-data subscription' });
                return;
              case 'serverShutdown':
                dispatch(ctx.self, { type: 'lost', reason: 'the venue announced a server shutdown' });
                return;
              case 'unknown':
                counters.unknownFrames += 1;
                return;
              case 'malformed': {
                // Logged now and then: a peer sending garbage must not flood the log.
                const count = ++counters.malformedFrames;
                if (count === 1 || count % 1000 === 0) ctx.log.warn('malformed frames on the user-data stream', { user: user.userId, count, reason: frame.reason });
                return;
              }
              default: {
                const never: never = frame;
                return never;
              }
            }
          });
          // An error before the close says whether ws refused a frame itself (its close then reads 1006).
          let refusal: string | undefined;
          msg.ws.on('close', (code) => {
            if (!ctx.signal.aborted) dispatch(ctx.self, { type: 'lost', reason: refusal === undefined ? `socket closed (${code})` : `socket closed by the client: ${refusal}` });
          });
          msg.ws.on('error', (error) => {
            refusal ??= wsRefusal(error);
          });
          msg.ws.send(codec.userStreamSubscribeFrame(user.credentials, user.serverNow(), `subscribe-${state.nextId++}`, { recvWindowMs: options.recvWindowMs }));
          return state;
        }
        case 'openFailed':
          if (msg.owner !== state) return state;
          throw msg.error;
        case 'response': {
          const { frame } = msg;
          const waiting = typeof frame.id === 'string' ? state.requests.get(frame.id) : undefined;
          if (waiting !== undefined && typeof frame.id === 'string') {
            state.requests.delete(frame.id);
            dispatch(waiting, { ok: true, frame });
            return state;
          }
          if (typeof frame.id === 'string' && frame.id.startsWith('ping-')) {
            if (frame.id === state.pendingPing) state.pendingPing = undefined;
            return state;
          }
          if (typeof frame.id === 'string' && frame.id.startsWith('subscribe-')) {
            // A refused subscription (bad key, clock) is a crash: the supervisor retries with backoff.
            if (frame.error !== undefined) throw codec.mapError(frame.status, { code: frame.error.code, msg: frame.error.msg }, {});
            state.subscribed = true;
            counters.subscribed = true;
            subscriptions += 1;
            const ref = session(ctx);
            if (ref) dispatch(ref, { type: 'reconcile', reason: subscriptions === 1 ? 'subscribed' : 'resubscribed' });
          }
          return state;
        }
        case 'ping':
          if (!state.ws || !state.subscribed) return state;
          if (state.pendingPing !== undefined) throw new Error(`no answer to ping ${state.pendingPing} within ${options.pingIntervalMs} ms`);
          state.pendingPing = `ping-${state.nextId++}`;
          state.ws.send(codec.pingFrame(state.pendingPing));
          return state;
        case 'lost':
          throw new Error(`user stream lost: ${msg.reason}`);
        default: {
          const never: never = msg;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
    },
    onStop: (state) => end(state, counters),
    onRestart: (state) => end(state, counters),
  };
}

/** The connection is gone: requests still waiting may or may not have been executed. */
function end(state: StreamState, counters: UserStreamCounters): void {
  counters.subscribed = false;
  state.ws?.terminate();
  for (const replyTo of state.requests.values()) dispatch(replyTo, { ok: false, sent: true, reason: 'the user-data connection was lost before the answer' });
  state.requests.clear();
}
