// A connection actor: one market WebSocket (two while renewing). Its streams come from the feed's
// assignments (owned by the stream manager), so a restarted connection resubscribes by itself.
// Any failure is a crash (its supervisor restarts it with backoff): a close, a failed connect, a
// silence that a probe does not break. A server shutdown notice or the venue's lifetime cut
// renews it make-before-break: the new socket is subscribed before the old one closes.
//
// Frames are handled in the socket's callback, not through the mailbox: that is the hot path, and
// the callback runs on the same event loop as this actor's handlers, which are synchronous for
// everything the frame path touches (no interleaving). Lifecycle signals (close, replies, shutdown
// notices, silence) do go through the mailbox, and only `receive` changes the lifecycle.
import type { ParsedFrame } from '../../lib/exchanges/types.js';
import type WebSocket from 'ws';
import { abortableSleep, openWebSocket } from '../../lib/net/abortable.js';
import { RateWindow } from '../../lib/net/rate-window.js';
import { wsRefusal } from '../../lib/net/ws-refusal.js';
import { dispatch, isAlive, lookupChild, mailboxSize, type ActorContext, type ActorDef, type ActorRef } from '../runtime/index.js';
import type { FeedContext } from './feed-context.js';
import { bookChildId, tapeChildId, type BookMsg, type TapeMsg } from './messages.js';

export type ConnectionMsg =
  | { readonly type: 'connect' }
  /** The assignments changed: subscribe and unsubscribe to match them. */
  | { readonly type: 'sync' }
  | { readonly type: 'drainControl' }
  | { readonly type: 'reply'; readonly tag: number; readonly id: number; readonly error: string | undefined }
  /** `refusal`: the ws client closed the socket itself, refusing what the server sent (wsRefusal). */
  | { readonly type: 'socketClosed'; readonly tag: number; readonly code: number; readonly reason: string; readonly refusal: string | undefined }
  | { readonly type: 'checkSilence' }
  | { readonly type: 'renew'; readonly reason: 'lifetime' | 'serverShutdown' }
  /** A socket opened by `connect` or `renew` (`owner`: the incarnation's state that asked for it). */
  | { readonly type: 'opened'; readonly role: 'primary' | 'next'; readonly owner: object; readonly socket: Socket }
  | { readonly type: 'openFailed'; readonly role: 'primary' | 'next'; readonly owner: object; readonly error: unknown }
  /** A frame's handling threw (`owner`: the incarnation's state whose socket it came from). */
  | { readonly type: 'frameFailed'; readonly owner: object; readonly error: unknown }
  /** The socket is paused because a book fell behind: resume once it caught up. */
  | { readonly type: 'checkBackpressure' };

type ControlKind = 'subscribe' | 'unsubscribe' | 'probe';

export interface Socket {
  readonly ws: WebSocket;
  readonly tag: number;
  /** Streams the server confirmed. */
  readonly subscribed: Set<string>;
  /** Control frames waiting for the per-connection rate limit. */
  readonly queue: { readonly id: number; readonly frame: string; readonly kind: ControlKind; readonly streams: readonly string[] }[];
  /** Sent and not answered yet, by id. */
  readonly pending: Map<number, { readonly kind: ControlKind; readonly streams: readonly string[] }>;
  readonly control: RateWindow;
}

interface ConnState {
  primary: Socket | undefined;
  /** The replacement socket during a renewal. */
  next: Socket | undefined;
  lastFrameAt: number;
  probe: { readonly id: number; readonly sentAt: number } | undefined;
  /** A replacement socket is being opened. */
  renewing: boolean;
  nextId: number;
  nextTag: number;
  /** Resolved refs of the per-symbol actors (stable across their restarts). */
  readonly routes: Map<string, ActorRef<BookMsg> | ActorRef<TapeMsg>>;
  readonly counters: ReturnType<FeedContext['metrics']['connection']>;
  /** The sockets are paused because the books fell behind. */
  paused: boolean;
  /** Frames routed since the backlog was last measured. */
  sinceCheck: number;
}

/**
 * When the books this connection feeds have more than HIGH_WATER deltas queued between them, the
 * sockets pause (TCP then slows the server) and resume under LOW_WATER: memory stays bounded under any
 * burst, and no event is dropped. The backlog is measured every CHECK_EVERY frames (it costs a pass
 * over the routes).
 */
const HIGH_WATER = 20_000;
const LOW_WATER = 5_000;
const CHECK_EVERY = 256;

function backlog(state: ConnState): number {
  let queued = 0;
  for (const ref of state.routes.values()) queued += mailboxSize(ref);
  return queued;
}

const SUBSCRIBE_CHUNK = 100;
/** Added to the spacing of control frames (see `open`). */
const CONTROL_MARGIN_MS = 50;

export function connectionActor(feed: FeedContext, id: string): ActorDef<ConnState, ConnectionMsg> {
  const counters = feed.metrics.connection(id);
  let started = false;
  return {
    init(ctx) {
      if (started) counters.reconnects += 1;
      started = true;
      counters.state = 'connecting';
      ctx.sendAfter(0, { type: 'connect' });
      ctx.every(Math.max(10, Math.min(1000, Math.floor(feed.options.silenceMs / 4))), { type: 'checkSilence' }, 'silence');
      return { primary: undefined, next: undefined, lastFrameAt: Date.now(), probe: undefined, renewing: false, nextId: 1, nextTag: 1, routes: new Map(), counters, paused: false, sinceCheck: 0 };
    },

    // Synchronous on purpose: nothing here waits for the network (a socket opens in the background and
    // reports back), so a stop never waits behind a connect.
    receive(state, msg, ctx) {
      switch (msg.type) {
        case 'connect':
          openInBackground(feed, id, state, 'primary', ctx);
          return state;
        case 'opened':
          if (msg.owner !== state) {
            msg.socket.ws.terminate(); // opened for an incarnation that is gone
            return state;
          }
          if (msg.role === 'primary') {
            state.primary = msg.socket;
            state.lastFrameAt = Date.now();
            counters.state = 'connected';
            feed.status('connected', { connection: id });
            scheduleRenewal(feed, ctx);
            sync(feed, id, state, ctx);
          } else {
            startRenewal(feed, id, state, msg.socket, ctx);
          }
          return state;
        case 'openFailed':
          if (msg.owner !== state) return state;
          if (msg.role === 'primary') throw msg.error;
          ctx.log.warn('could not open the replacement socket: keeping the current one', { connection: id, error: msg.error });
          state.renewing = false;
          counters.state = 'connected';
          ctx.sendAfter(5000, { type: 'renew', reason: 'lifetime' }, 'renew');
          return state;
        case 'sync':
          sync(feed, id, state, ctx);
          return state;
        case 'drainControl':
          drainControl(feed, state, ctx);
          return state;
        case 'reply':
          onReply(feed, id, state, msg, ctx);
          return state;
        case 'socketClosed':
          return onClosed(feed, id, state, msg);
        case 'checkSilence':
          checkSilence(feed, state, ctx);
          return state;
        case 'renew':
          if (state.renewing || state.next || !state.primary) return state;
          state.renewing = true;
          counters.state = 'renewing';
          ctx.log.info('renewing the connection (make-before-break)', { connection: id, reason: msg.reason });
          openInBackground(feed, id, state, 'next', ctx);
          return state;
        case 'frameFailed':
          // Frames of one TCP read are handled before the crash: the later ones must not crash the next incarnation.
          if (msg.owner !== state) return state;
          throw msg.error;
        case 'checkBackpressure':
          if (backlog(state) > LOW_WATER) {
            ctx.sendAfter(5, { type: 'checkBackpressure' }, 'backpressure');
            return state;
          }
          state.paused = false;
          for (const socket of [state.primary, state.next]) socket?.ws.resume();
          state.lastFrameAt = Date.now(); // paused on purpose: not a silence
          return state;
        default: {
          const never: never = msg;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
    },

    onStop(state) {
      counters.state = 'down';
      closeAll(state);
      feed.status('disconnected', { connection: id, detail: 'stopped' });
    },

    onRestart(state, error) {
      counters.state = 'down';
      closeAll(state);
      feed.status('disconnected', { connection: id, detail: error instanceof Error ? error.message : String(error) });
    },
  };
}

// ---- sockets -----------------------------------------------------------------------------------------

function openInBackground(feed: FeedContext, id: string, state: ConnState, role: 'primary' | 'next', ctx: ActorContext<ConnectionMsg>): void {
  open(feed, id, state, ctx).then(
    (socket) => dispatch(ctx.self, { type: 'opened', role, owner: state, socket }),
    (error: unknown) => dispatch(ctx.self, { type: 'openFailed', role, owner: state, error }),
  );
}

async function open(feed: FeedContext, id: string, state: ConnState, ctx: ActorContext<ConnectionMsg>): Promise<Socket> {
  // Never more connection attempts than the venue allows per window (300 per 5 min on Binance).
  const wait = feed.connectionAttempts.tryTake(Date.now());
  if (wait > 0) {
    await abortableSleep(wait, ctx.signal);
    // The window may be taken again by the time we wake: take a slot or wait once more.
    const again = feed.connectionAttempts.tryTake(Date.now());
    if (again > 0) await abortableSleep(again, ctx.signal);
  }
  // The endpoint is fixed for the life of a connection id (the stream manager never moves one to another).
  const endpoint = feed.assignments.get(id)?.endpoint;
  if (endpoint === undefined) throw new Error(`connection ${id} has no assignment`);
  const url = feed.codec.connectionUrl(feed.options.wsUrl, endpoint);
  const ws = await openWebSocket(url, feed.options.connectTimeoutMs, ctx.signal);
  const socket: Socket = {
    ws,
    tag: state.nextTag++,
    subscribed: new Set(),
    queue: [],
    pending: new Map(),
    // Evenly spaced, two under the venue's limit a second: one for our pongs (they count against the same limit),
    // one for the jitter between our send and the venue's count (a burst of 4 sent at the end of one second and
    // 4 at the start of the next can land in one of the venue's seconds: the 1,000-symbol soak was closed with
    // 1008 "Too many messages" that way).
    // Plus 50 ms: three gaps of exactly a third of a second span 1,002 ms, one jittered frame from four in a second.
    control: new RateWindow(1, Math.ceil(1000 / Math.max(1, feed.codec.limits.controlMessagesPerSecond - 2)) + CONTROL_MARGIN_MS),
  };
  ws.on('message', (data, isBinary) => {
    if (ctx.signal.aborted) return;
    try {
      if (isBinary) {
        state.counters.malformedFrames += 1; // the venue speaks text
        return;
      }
      onFrame(feed, state, socket, String(data), ctx);
    } catch (error) {
      dispatch(ctx.self, { type: 'frameFailed', owner: state, error });
    }
  });
  let refusal: string | undefined;
  ws.on('close', (code, reason) => {
    if (!ctx.signal.aborted) dispatch(ctx.self, { type: 'socketClosed', tag: socket.tag, code, reason: String(reason), refusal });
  });
  // 'close' follows and is what we act on; an error first says whether ws refused a frame (its close then reads 1006).
  ws.on('error', (error) => {
    refusal ??= wsRefusal(error);
  });
  return socket;
}

function closeAll(state: ConnState): void {
  for (const socket of [state.primary, state.next]) socket?.ws.terminate();
  state.primary = undefined;
  state.next = undefined;
}

function onClosed(feed: FeedContext, id: string, state: ConnState, msg: Extract<ConnectionMsg, { type: 'socketClosed' }>): ConnState {
  if (state.next && msg.tag === state.next.tag) {
    // The replacement died before it took over: keep the old one, try again later.
    state.next = undefined;
    feed.metrics.connection(id).state = 'connected';
    return state;
  }
  if (!state.primary || msg.tag !== state.primary.tag) return state; // a retired socket
  if (state.next) {
    // The server closed the old socket first (shutdown notice): the new one takes over now.
    promote(feed, id, state);
    return state;
  }
  if (msg.refusal !== undefined) throw new Error(`socket closed by the client: ${msg.refusal}`);
  throw new Error(`socket closed by the server (${msg.code}${msg.reason ? ` ${msg.reason}` : ''})`);
}

// ---- frames (hot path) ---------------------------------------------------------------------------------

function onFrame(feed: FeedContext, state: ConnState, socket: Socket, text: string, ctx: ActorContext<ConnectionMsg>): void {
  const self = ctx.self;
  const receivedAt = Date.now();
  state.lastFrameAt = receivedAt;
  // Data proves the socket alive: a probe sent before (say, during a stall the server dropped it in) is moot.
  if (socket === state.primary) state.probe = undefined;
  const frame: ParsedFrame = feed.codec.parseFrame(text);
  switch (frame.kind) {
    case 'depth': {
      const book = route<BookMsg>(feed, state, bookChildId(frame.delta.venueSymbol), 'book');
      if (!book) return;
      dispatch(book, { type: 'delta', delta: frame.delta, receivedAt });
      if (++state.sinceCheck >= CHECK_EVERY) {
        state.sinceCheck = 0;
        if (!state.paused && backlog(state) > HIGH_WATER) {
          state.paused = true;
          for (const s of [state.primary, state.next]) s?.ws.pause();
          dispatch(self, { type: 'checkBackpressure' });
        }
      }
      return;
    }
    case 'trade': {
      // Only the series the trades topic follows (codec.tradeIds): the other one's ids would read as holes.
      if (frame.aggregated !== aggregateTrades(feed)) return;
      const tape = route<TapeMsg>(feed, state, tapeChildId(frame.venueSymbol), 'tape');
      if (tape) dispatch(tape, { type: 'trade', event: frame.event, receivedAt });
      return;
    }
    case 'ticker':
    case 'bookTicker':
    case 'markPrice':
    case 'liquidation': {
      // Not sequenced: during a renewal only the primary socket speaks, so nothing is delivered twice.
      if (socket !== state.primary) return;
      // A symbol the listing lacks (a peer's mistake, or a listing newer than ours): counted, not a crash.
      let symbol: string;
      try {
        symbol = feed.symbols.toUnified(frame.venueSymbol);
      } catch {
        state.counters.unknownFrames += 1;
        return;
      }
      const channel = frame.kind === 'liquidation' ? 'liquidations' : frame.kind;
      const topic = feed.topic(channel, symbol);
      feed.pubsub.broadcast(topic, { ...frame.event, exchange: feed.exchange, symbol, receivedAt });
      feed.metrics.delivered(`${channel}:${symbol}`, frame.event.exchangeTime, receivedAt, Date.now());
      return;
    }
    case 'reply':
      if (typeof frame.id === 'number') dispatch(self, { type: 'reply', tag: socket.tag, id: frame.id, error: frame.error ? `${frame.error.code} ${frame.error.msg}` : undefined });
      return;
    case 'shutdown':
      dispatch(self, { type: 'renew', reason: 'serverShutdown' });
      return;
    case 'unknown':
    case 'partialDepth':
    case 'kline':
      state.counters.unknownFrames += 1;
      return;
    case 'malformed': {
      // Counted, and logged now and then (a peer sending garbage must not flood the log).
      const count = ++state.counters.malformedFrames;
      if (count === 1 || count % 1000 === 0) ctx.log.warn('malformed frames from the exchange', { count, reason: frame.reason });
      return;
    }
    default: {
      const never: never = frame;
      throw new Error(`unknown frame ${JSON.stringify(never)}`);
    }
  }
}

const aggregateTrades = (feed: FeedContext): boolean => feed.codec.tradeIds === 'aggregate';

function route<M>(feed: FeedContext, state: ConnState, childId: string, kind: 'book' | 'tape'): ActorRef<M> | undefined {
  const cached = state.routes.get(childId);
  if (cached && isAlive(cached)) return cached as ActorRef<M>;
  const sup = kind === 'book' ? feed.books : feed.tapes;
  const ref = sup ? lookupChild<M>(sup, childId) : undefined;
  if (ref) state.routes.set(childId, ref as ActorRef<BookMsg> | ActorRef<TapeMsg>);
  else state.routes.delete(childId);
  return ref;
}

// ---- subscriptions and control frames ----------------------------------------------------------------

function sync(feed: FeedContext, id: string, state: ConnState, ctx: ActorContext<ConnectionMsg>): void {
  const desired = feed.assignments.get(id)?.streams ?? new Set<string>();
  feed.metrics.connection(id).streams = desired.size;
  for (const socket of [state.primary, state.next]) if (socket) reconcile(feed, state, socket, desired);
  drainControl(feed, state, ctx);
}

function reconcile(feed: FeedContext, state: ConnState, socket: Socket, desired: ReadonlySet<string>): void {
  const wanted = new Set(socket.subscribed);
  for (const item of [...socket.queue, ...socket.pending.values()]) {
    for (const stream of item.streams) {
      if (item.kind === 'subscribe') wanted.add(stream);
      if (item.kind === 'unsubscribe') wanted.delete(stream);
    }
  }
  const add = [...desired].filter((stream) => !wanted.has(stream));
  const drop = [...wanted].filter((stream) => !desired.has(stream));
  for (let i = 0; i < add.length; i += SUBSCRIBE_CHUNK) enqueue(feed, state, socket, 'subscribe', add.slice(i, i + SUBSCRIBE_CHUNK));
  for (let i = 0; i < drop.length; i += SUBSCRIBE_CHUNK) enqueue(feed, state, socket, 'unsubscribe', drop.slice(i, i + SUBSCRIBE_CHUNK));
}

function enqueue(feed: FeedContext, state: ConnState, socket: Socket, kind: ControlKind, streams: readonly string[]): number {
  const id = state.nextId++;
  const frame =
    kind === 'subscribe' ? feed.codec.subscribeFrame(streams, id) : kind === 'unsubscribe' ? feed.codec.unsubscribeFrame(streams, id) : feed.codec.probeFrame(id);
  socket.queue.push({ id, frame, kind, streams });
  return id;
}

function drainControl(feed: FeedContext, state: ConnState, ctx: ActorContext<ConnectionMsg>): void {
  for (const socket of [state.primary, state.next]) {
    if (!socket) continue;
    while (socket.queue.length > 0) {
      const wait = socket.control.tryTake(Date.now());
      if (wait > 0) {
        ctx.sendAfter(wait, { type: 'drainControl' }, 'drain');
        break;
      }
      const item = socket.queue.shift();
      if (!item) break;
      socket.pending.set(item.id, { kind: item.kind, streams: item.streams });
      socket.ws.send(item.frame);
    }
  }
}

function onReply(feed: FeedContext, id: string, state: ConnState, msg: Extract<ConnectionMsg, { type: 'reply' }>, ctx: ActorContext<ConnectionMsg>): void {
  const socket = [state.primary, state.next].find((s) => s?.tag === msg.tag);
  const sent = socket?.pending.get(msg.id);
  if (!socket || !sent) return;
  socket.pending.delete(msg.id);
  if (sent.kind === 'probe') {
    state.probe = undefined;
    return;
  }
  if (msg.error !== undefined) {
    ctx.log.error('the exchange refused a subscription change', { connection: id, kind: sent.kind, streams: sent.streams.length, error: msg.error });
    return;
  }
  for (const stream of sent.streams) {
    if (sent.kind === 'subscribe') socket.subscribed.add(stream);
    else socket.subscribed.delete(stream);
  }
  // A renewal completes once the new socket carries everything the old one did.
  if (socket === state.next && socket.queue.length === 0 && socket.pending.size === 0) promote(feed, id, state);
}

// ---- liveness and renewal ------------------------------------------------------------------------------

function checkSilence(feed: FeedContext, state: ConnState, ctx: ActorContext<ConnectionMsg>): void {
  const socket = state.primary;
  if (!socket || state.paused) return; // paused by us: the silence is ours
  const now = Date.now();
  if (state.probe) {
    if (now - state.probe.sentAt > feed.options.probeTimeoutMs) {
      throw new Error(`socket silent for ${now - state.lastFrameAt} ms and the probe got no answer`);
    }
    return;
  }
  if (now - state.lastFrameAt < feed.options.silenceMs) return;
  // A quiet market and a dead socket look the same until the server has to answer something.
  state.probe = { id: enqueue(feed, state, socket, 'probe', []), sentAt: now };
  drainControl(feed, state, ctx);
}

function scheduleRenewal(feed: FeedContext, ctx: ActorContext<ConnectionMsg>): void {
  const delay = Math.max(1000, feed.connectionLifetimeMs - feed.options.renewBeforeMs);
  ctx.sendAfter(Math.min(delay, 2_147_483_647), { type: 'renew', reason: 'lifetime' }, 'renew');
}

function startRenewal(feed: FeedContext, id: string, state: ConnState, next: Socket, ctx: ActorContext<ConnectionMsg>): void {
  state.renewing = false;
  if (!state.primary) {
    next.ws.terminate();
    return;
  }
  state.next = next;
  const desired = feed.assignments.get(id)?.streams ?? new Set<string>();
  reconcile(feed, state, next, desired);
  if (next.queue.length === 0) promote(feed, id, state);
  else drainControl(feed, state, ctx);
  scheduleRenewal(feed, ctx);
}

function promote(feed: FeedContext, id: string, state: ConnState): void {
  const old = state.primary;
  const next = state.next;
  if (!next) return;
  state.primary = next;
  state.next = undefined;
  state.probe = undefined;
  old?.ws.close(1000, 'renewed');
  const counters = feed.metrics.connection(id);
  counters.state = 'connected';
  counters.renewals += 1;
  feed.status('connected', { connection: id, detail: 'renewed' });
}
