// What a user's trading subtree shares and what must survive its actors' restarts: the credentials
// (only here, in memory; never logged, never in an error or event), the order tracker (so a restarted
// session still knows which fills it published), the clock offset, the request limits, the private
// topics, and the user-data stream's counters. The session is the only one that changes the tracker.
import type { SymbolMap } from '../../lib/core/symbols.js';
import type { OrderRef, TradingCodec, TradingCredentials, TradingRules } from '../../lib/exchanges/trading-types.js';
import { RateWindow } from '../../lib/net/rate-window.js';
import { OrderTracker } from '../../lib/trading/order-tracker.js';
import { userTopic, type PubSub } from '../pubsub.js';

export interface TradingOptions {
  /** REST base URL (`https://api.binance.com`, or the simulator's). */
  readonly restUrl: string;
  /** WebSocket API endpoint (`wss://ws-api.binance.com:443/ws-api/v3`). */
  readonly wsApiUrl: string;
  readonly recvWindowMs: number;
  readonly requestTimeoutMs: number;
  /** REST request weight per minute all users of this trading system may use together (the venue counts it per IP). Default 6000 * 0.5. */
  readonly weightPerMinute: number;
  /** Orders per 10 s this user may place (Binance's ORDERS limit is per account: 50 / 10 s by default). */
  readonly ordersPer10s: number;
  /** How long to keep asking about an order whose placement had no clear answer. Default 10 s. */
  readonly unknownOutcomeMs: number;
  /** User-data connection: a ping this often; no answer within the next one is a dead socket. */
  readonly pingIntervalMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: { readonly minMs: number; readonly maxMs: number; readonly maxRestartsInARow: number };
  /** Place and cancel orders over the WebSocket API instead of REST (lower latency). Default false. */
  readonly ordersOverWebSocket: boolean;
}

export const DEFAULT_TRADING_OPTIONS: Omit<TradingOptions, 'restUrl' | 'wsApiUrl'> = {
  recvWindowMs: 5000,
  requestTimeoutMs: 10_000,
  weightPerMinute: 3000,
  ordersPer10s: 50,
  unknownOutcomeMs: 10_000,
  pingIntervalMs: 20_000,
  connectTimeoutMs: 10_000,
  backoff: { minMs: 200, maxMs: 30_000, maxRestartsInARow: 30 },
  ordersOverWebSocket: false,
};

/** The user-data connection's figures; only the user-stream actor changes them. */
export interface UserStreamCounters {
  /** Subscribed to the user's data now. */
  subscribed: boolean;
  /** Connections after the first (each one subscribes, and the session reconciles). */
  reconnects: number;
  /** Frames that are not the venue's shape (binary ones too: the venue speaks text): counted and dropped. */
  malformedFrames: number;
  /** Well-formed frames this client does not handle (a new event, an unlisted symbol): counted and dropped. */
  unknownFrames: number;
  /** When the last frame arrived (ms epoch); undefined before the first. */
  lastMessageAt: number | undefined;
}

/** The venue facts every user of one trading system shares. */
export interface VenueContext {
  readonly codec: TradingCodec;
  readonly rules: TradingRules;
  readonly symbols: SymbolMap;
  readonly options: TradingOptions;
  readonly pubsub: PubSub;
  /** Request weight is the IP's, so one window for every user (the venue's used-weight header floors it). */
  readonly weight: RateWindow;
}

export class UserContext {
  readonly tracker = new OrderTracker();
  /** Order counts are the account's: one window per user. */
  readonly orders: RateWindow;
  /** Server time minus local time (ms), measured at start and after -1021. */
  clockOffsetMs = 0;
  /** No request before this (ms epoch): a 429/418's Retry-After. */
  bannedUntil = 0;
  /** The refusal that set `bannedUntil` was a 418 (an IP ban), not a 429 (throttling). */
  bannedBy418 = false;
  /** Orders whose placement or cancel had no clear answer and could not be looked up yet: reconciliation asks again. */
  readonly unknown = new Map<string, { readonly venueSymbol: string; readonly ref: OrderRef }>();
  readonly topics: { readonly orders: string; readonly fills: string; readonly balances: string };
  readonly stream: UserStreamCounters = { subscribed: false, reconnects: 0, malformedFrames: 0, unknownFrames: 0, lastMessageAt: undefined };

  constructor(
    readonly userId: string,
    readonly credentials: TradingCredentials,
    readonly venue: VenueContext,
  ) {
    this.orders = new RateWindow(venue.options.ordersPer10s, 10_000);
    this.topics = { orders: userTopic('orders', userId), fills: userTopic('fills', userId), balances: userTopic('balances', userId) };
  }

  get weight(): RateWindow {
    return this.venue.weight;
  }

  get exchange(): string {
    return this.venue.codec.exchange;
  }

  /** The server's time now, as far as we know. */
  serverNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  toUnified = (venueSymbol: string): string => this.venue.symbols.toUnified(venueSymbol);

  /** Never the credentials: what a log line or an inspection of the context shows. */
  toJSON(): object {
    return { userId: this.userId, exchange: this.exchange };
  }
}
