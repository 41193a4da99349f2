// What the actors of one exchange's market feed share: the venue's codec, the options, the pub/sub,
// the symbol map, the metrics, the connection-attempt budget, and the stream assignments. Each piece
// has one owner that changes it (assignments: the stream manager; metrics: whoever counts); the
// others only read. Pieces that must survive an actor's restart live here (DESIGN.md section 2).
import { RateWindow } from '../../lib/net/rate-window.js';
import type { MarketCodec } from '../../lib/exchanges/types.js';
import type { MarketChannel, MarketState, StatusEvent } from '../../lib/models/market.js';
import { marketTopic, statusTopic, type PubSub } from '../pubsub.js';
import { lookupChild, lookupSupervisor, type ActorRef, type SupervisorRef } from '../runtime/index.js';
import { FeedMetrics } from './metrics.js';
import type { RestGateMsg } from './rest-gate.js';

/** Venue symbol <-> unified symbol, from the venue's listing (never guessed). */
export interface SymbolResolver {
  toUnified(venueSymbol: string): string;
  toVenue(symbol: string): string;
}

/** What one connection should carry: streams of one endpoint (MarketCodec.streamEndpoint). */
export interface Assignment {
  readonly endpoint: string;
  readonly streams: Set<string>;
}

export interface FeedOptions {
  /** REST base URL (`https://api.binance.com`). */
  readonly restUrl: string;
  /**
   * Market-stream base URL, the part before the venue's endpoints: spot's `/ws` or `/stream`
   * (`wss://stream.binance.com:9443`), USD-M's `/public` and `/market` (`wss://fstream.binance.com`).
   */
  readonly wsUrl: string;
  /** No frame for this long: probe the socket (a LIST_SUBSCRIPTIONS); no answer either: it is dead. Default 30000. */
  readonly silenceMs: number;
  /** How long a probe may go unanswered. Default 10000. */
  readonly probeTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly restTimeoutMs: number;
  /** Levels asked for in a REST depth snapshot. Default 1000. */
  readonly snapshotLimit: number;
  /** Levels per side in `book` events. Default 20. */
  readonly bookDepth: number;
  /** Renew a connection (make-before-break) this long before the venue's lifetime cut. Default 10 min. */
  readonly renewBeforeMs: number;
  /** Override the venue's connection lifetime (tests). */
  readonly connectionLifetimeMs: number | undefined;
  /** Override the venue's streams per connection (tests use a small one to see sharding). */
  readonly streamsPerConnection: number | undefined;
  /** Override the venue's REST weight per minute per IP (a simulator configured with a larger limit). */
  readonly restWeightPerMinute: number | undefined;
  /** Share of the venue's REST weight per minute this feed may use. Default 0.5. */
  readonly restWeightShare: number;
  /** Backoff of a connection's restarts. */
  readonly backoff: { readonly minMs: number; readonly maxMs: number; readonly maxRestartsInARow: number };
}

export const DEFAULT_FEED_OPTIONS: Omit<FeedOptions, 'restUrl' | 'wsUrl'> = {
  silenceMs: 30_000,
  probeTimeoutMs: 10_000,
  connectTimeoutMs: 10_000,
  restTimeoutMs: 10_000,
  snapshotLimit: 1000,
  bookDepth: 20,
  renewBeforeMs: 10 * 60_000,
  connectionLifetimeMs: undefined,
  streamsPerConnection: undefined,
  restWeightPerMinute: undefined,
  restWeightShare: 0.5,
  backoff: { minMs: 250, maxMs: 30_000, maxRestartsInARow: 50 },
};

export class FeedContext {
  readonly metrics: FeedMetrics;
  /** Connection attempts in the venue's window (e.g. 300 per 5 min per IP): every connection draws from it. */
  readonly connectionAttempts: RateWindow;
  /** connection id -> the endpoint it opens and the streams it should carry. Changed only by the stream manager. */
  readonly assignments = new Map<string, Assignment>();
  /** The exchange's supervisor, once started: its children are found through it (a restart renews their refs). */
  root: SupervisorRef | undefined;
  private readonly topics = new Map<string, string>();
  private readonly statusTopicName: string;

  constructor(
    readonly codec: MarketCodec,
    readonly options: FeedOptions,
    readonly pubsub: PubSub,
    readonly symbols: SymbolResolver,
  ) {
    this.metrics = new FeedMetrics(codec.exchange);
    const { count, windowMs } = codec.limits.connectionAttempts;
    this.connectionAttempts = new RateWindow(count, windowMs);
    this.statusTopicName = statusTopic(codec.exchange);
  }

  get restGate(): ActorRef<RestGateMsg> | undefined {
    return this.root ? lookupChild<RestGateMsg>(this.root, 'rest-gate') : undefined;
  }

  get connections(): SupervisorRef | undefined {
    return this.root ? lookupSupervisor(this.root, 'connections') : undefined;
  }

  get books(): SupervisorRef | undefined {
    return this.root ? lookupSupervisor(this.root, 'books') : undefined;
  }

  get tapes(): SupervisorRef | undefined {
    return this.root ? lookupSupervisor(this.root, 'tapes') : undefined;
  }

  get exchange(): string {
    return this.codec.exchange;
  }

  get streamsPerConnection(): number {
    return this.options.streamsPerConnection ?? this.codec.limits.streamsPerConnection;
  }

  get connectionLifetimeMs(): number {
    return this.options.connectionLifetimeMs ?? this.codec.limits.connectionLifetimeMs;
  }

  /** `depth:binance:BTC/USDT`, built once per pair (the hot path must not re-validate it). */
  topic(channel: MarketChannel, symbol: string): string {
    const key = `${channel}:${symbol}`;
    let topic = this.topics.get(key);
    if (topic === undefined) {
      topic = marketTopic({ channel, exchange: this.exchange, symbol });
      this.topics.set(key, topic);
    }
    return topic;
  }

  status(state: MarketState, details: { symbol?: string; connection?: string; detail?: string } = {}): void {
    const event: StatusEvent = { type: 'status', exchange: this.exchange, state, ...details, at: Date.now() };
    this.pubsub.broadcast(this.statusTopicName, event);
  }
}
