// Per-user trading sessions (DESIGN.md section 2):
//
//   users (partitioned: N oneForOne partition supervisors; a user goes to hash(id) % N)
//   └── <userId> (restForOne, backoff)
//       ├── session       signed REST: orders, queries, the order tracker, the private topics
//       └── user-stream   WebSocket API user data -> session; reconnect + reconcile through the session
//
// One user's crash, ban or bad key stays in its own subtree. A user is driven by messages to its
// session (`dispatch(user.ref, { type: 'placeOrder', request, replyTo })`) or by the promise methods of
// its handle, which send the same messages.
import { SymbolMap } from '../../lib/core/symbols.js';
import type { TradingCodec, TradingCredentials } from '../../lib/exchanges/trading-types.js';
import type { Balance, Fill, Order, OrderRequest } from '../../lib/models/trading.js';
import { getPublic } from '../../lib/net/http-get.js';
import { RateWindow } from '../../lib/net/rate-window.js';
import type { PubSub } from '../pubsub.js';
import { ask, lookupChild, startPartitionedSupervisor, type ActorRef, type PartitionedSupervisor, type SupervisorRef } from '../runtime/index.js';
import { sessionActor, type OrderSelector, type SessionMsg, type SessionReply, type SessionRequest } from './session.js';
import { DEFAULT_TRADING_OPTIONS, UserContext, type TradingOptions, type VenueContext } from './user-context.js';
import { userStreamActor } from './user-stream.js';

export type StartTradingOptions = Pick<TradingOptions, 'restUrl' | 'wsApiUrl'> &
  Partial<Omit<TradingOptions, 'restUrl' | 'wsApiUrl' | 'backoff'>> & {
    readonly backoff?: Partial<TradingOptions['backoff']>;
    readonly codec: TradingCodec;
    /** Partition supervisors for users. Default 8. */
    readonly partitions?: number;
    /** Child id of the users supervisor under `parent`. Default `users-<exchange>`. */
    readonly id?: string;
  };

/** A user's data stream, as `UserHandle.metrics()` and `Trading.metrics()` read it. */
export interface UserStreamMetricsSnapshot {
  readonly user: string;
  /** False for a user started with `userStream: false`: then the counters stay 0. */
  readonly userStream: boolean;
  /** Subscribed to the user's data now. */
  readonly subscribed: boolean;
  /** Connections after the first (each one subscribes again, and the session reconciles). */
  readonly reconnects: number;
  /** Frames that are not the venue's shape (binary ones too): counted and dropped. */
  readonly malformedFrames: number;
  /** Well-formed frames this client does not handle (a new event, an unlisted symbol): counted and dropped. */
  readonly unknownFrames: number;
  /** When the last frame arrived (ms epoch); undefined before the first. */
  readonly lastMessageAt: number | undefined;
}

export interface TradingMetricsSnapshot {
  readonly exchange: string;
  /** The running users, in start order. */
  readonly users: readonly UserStreamMetricsSnapshot[];
}

/** A running user: promise methods over the same messages an actor would send to `ref`. */
export interface UserHandle {
  readonly id: string;
  /** The session actor: send it `SessionRequest`s with your own `replyTo`. */
  readonly ref: ActorRef<SessionRequest>;
  /** `orders:<id>`, `fills:<id>`, `balances:<id>`. */
  readonly topics: { readonly orders: string; readonly fills: string; readonly balances: string };
  placeOrder(request: OrderRequest): Promise<Order>;
  cancelOrder(order: OrderSelector): Promise<Order>;
  cancelAll(symbol: string): Promise<Order[]>;
  getOrder(order: OrderSelector): Promise<Order>;
  openOrders(symbol?: string): Promise<Order[]>;
  balances(): Promise<Balance[]>;
  myTrades(symbol: string, options?: { readonly fromId?: string; readonly limit?: number }): Promise<Fill[]>;
  /** The user-data stream's counters now (they survive its reconnects). */
  metrics(): UserStreamMetricsSnapshot;
}

export interface Trading {
  readonly exchange: string;
  readonly symbols: SymbolMap;
  /**
   * Starts a user's subtree. `userStream: false` starts the session alone (REST only: one-shot tools, or a
   * venue endpoint without a WebSocket API); then nothing reconciles and private topics carry only what REST
   * answers report.
   */
  startUser(user: { readonly id: string; readonly credentials: TradingCredentials; readonly userStream?: boolean }): Promise<UserHandle>;
  /** The handle of a running user, or undefined. */
  user(id: string): UserHandle | undefined;
  stopUser(id: string): Promise<void>;
  /** Ids of the users started and not stopped. */
  users(): string[];
  /** Every running user's stream counters. */
  metrics(): TradingMetricsSnapshot;
}

export async function startTrading(parent: SupervisorRef, pubsub: PubSub, input: StartTradingOptions): Promise<Trading> {
  const { codec, partitions = 8, backoff, id: supervisorId = `users-${input.codec.exchange}`, ...rest } = input;
  const options: TradingOptions = {
    ...DEFAULT_TRADING_OPTIONS,
    ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<TradingOptions>),
    backoff: { ...DEFAULT_TRADING_OPTIONS.backoff, ...backoff },
  } as TradingOptions;
  const listing = await getPublic(codec.exchange, options.restUrl, codec.exchangeInfoRequest(), options.requestTimeoutMs);
  const rules = codec.parseSymbolRules(listing);
  const venue: VenueContext = { codec, rules, symbols: new SymbolMap(codec.exchange, codec.parseSymbols(listing)), options, pubsub, weight: new RateWindow(options.weightPerMinute, 60_000) };
  const users: PartitionedSupervisor = await startPartitionedSupervisor(parent, { id: supervisorId, partitions, intensity: 100, periodMs: 10_000 });
  const handles = new Map<string, UserHandle>();
  const askTimeout = options.unknownOutcomeMs + 3 * options.requestTimeoutMs;

  return {
    exchange: codec.exchange,
    symbols: venue.symbols,
    async startUser({ id, credentials, userStream = true }) {
      const context = new UserContext(id, credentials, venue);
      const sup = await users.startChild({
        id,
        start: {
          strategy: 'restForOne',
          backoff: { ...options.backoff, resetAfterMs: Math.max(options.backoff.maxMs, 10_000) },
          children: [
            { id: 'session', start: sessionActor(context) },
            ...(userStream ? [{ id: 'user-stream', start: userStreamActor(context) }] : []),
          ],
        },
      });
      const ref = lookupChild<SessionMsg>(sup, 'session');
      if (!ref) throw new Error(`user ${id}: the session did not start`);
      const call = <T>(make: (replyTo: ActorRef<SessionReply<T>>) => SessionMsg): Promise<T> =>
        ask<SessionMsg, SessionReply<T>>(ref, make, askTimeout).then((reply) => {
          if (reply.ok) return reply.value;
          throw reply.error;
        });
      const handle: UserHandle = {
        id,
        ref,
        topics: context.topics,
        placeOrder: (request) => call<Order>((replyTo) => ({ type: 'placeOrder', request, replyTo })),
        cancelOrder: (order) => call<Order>((replyTo) => ({ type: 'cancelOrder', order, replyTo })),
        cancelAll: (symbol) => call<Order[]>((replyTo) => ({ type: 'cancelAll', symbol, replyTo })),
        getOrder: (order) => call<Order>((replyTo) => ({ type: 'getOrder', order, replyTo })),
        openOrders: (symbol) => call<Order[]>((replyTo) => ({ type: 'openOrders', symbol, replyTo })),
        balances: () => call<Balance[]>((replyTo) => ({ type: 'balances', replyTo })),
        myTrades: (symbol, opts = {}) => call<Fill[]>((replyTo) => ({ type: 'myTrades', symbol, fromId: opts.fromId, limit: opts.limit, replyTo })),
        metrics: () => ({ user: id, userStream, ...context.stream }),
      };
      handles.set(id, handle);
      return handle;
    },
    user: (id) => handles.get(id),
    async stopUser(id) {
      handles.delete(id);
      await users.terminateChild(id);
      await users.deleteChild(id);
    },
    users: () => [...handles.keys()],
    metrics: () => ({ exchange: codec.exchange, users: [...handles.values()].map((handle) => handle.metrics()) }),
  };
}
