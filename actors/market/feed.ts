// One exchange's market feed as a supervised subtree (DESIGN.md section 2):
//
//   <exchange> (restForOne)
//   ├── rest-gate        shared REST weight budget (snapshots, trade backfills)
//   ├── connections      (oneForOne, backoff) connection-N: one WebSocket each
//   ├── books            (oneForOne) one actor per symbol with a depth or book subscription
//   ├── tapes            (oneForOne) one actor per symbol with a trades subscription
//   └── stream-manager   demand -> streams -> connections; starts and stops the per-symbol actors
//
// Demand is the pub/sub itself: subscribing to `depth:binance:BTC/USDT` starts what it needs, the
// last unsubscribe stops it. `startMarketFeed` loads the venue's symbols first (a topic naming an
// unknown symbol fails with UnknownSymbolError before anything is subscribed).
import { SymbolMap } from '../../lib/core/symbols.js';
import { binanceSpotMarket } from '../../lib/exchanges/binance/market-codec.js';
import type { MarketCodec } from '../../lib/exchanges/types.js';
import type { BookView, MarketChannel } from '../../lib/models/market.js';
import { getPublic } from '../../lib/net/http-get.js';
import { InvalidTopicError, type PubSub } from '../pubsub.js';
import { ask, lookupChild, startChild, terminateChild, deleteChild, type SupervisorRef } from '../runtime/index.js';
import { connectionActor } from './connection.js';
import { DEFAULT_FEED_OPTIONS, FeedContext, type FeedOptions } from './feed-context.js';
import { bookChildId, type BookMsg } from './messages.js';
import type { FeedMetricsSnapshot } from './metrics.js';
import { restGate } from './rest-gate.js';
import { streamManager } from './stream-manager.js';

export type MarketFeedOptions = Pick<FeedOptions, 'restUrl' | 'wsUrl'> &
  Partial<Omit<FeedOptions, 'restUrl' | 'wsUrl' | 'backoff'>> & {
    readonly backoff?: Partial<FeedOptions['backoff']>;
    /** The venue's codec. Default: Binance spot. */
    readonly codec?: MarketCodec;
  };

export interface MarketFeed {
  readonly exchange: string;
  readonly symbols: SymbolMap;
  /** The exchange's supervisor. */
  readonly supervisor: SupervisorRef;
  /**
   * The topic for a channel of a unified symbol; throws UnknownSymbolError for a symbol the venue does not list,
   * InvalidTopicError for a channel it does not carry (`markPrice` on spot).
   */
  topic(channel: MarketChannel, symbol: string): string;
  /** The synced book's top `depth` levels per side, or undefined when nobody subscribes to its depth or book, or it is resyncing. */
  readBook(symbol: string, depth?: number): Promise<BookView | undefined>;
  metrics(): FeedMetricsSnapshot;
  /** Stops the subtree (connections closed, per-symbol actors stopped). */
  stop(): Promise<void>;
}

export async function startMarketFeed(parent: SupervisorRef, pubsub: PubSub, input: MarketFeedOptions): Promise<MarketFeed> {
  const codec = input.codec ?? binanceSpotMarket;
  const options: FeedOptions = {
    ...DEFAULT_FEED_OPTIONS,
    ...stripUndefined(input),
    backoff: { ...DEFAULT_FEED_OPTIONS.backoff, ...stripUndefined(input.backoff ?? {}) },
  } as FeedOptions;
  const symbols = await loadSymbols(codec, options);
  const feed = new FeedContext(codec, options, pubsub, symbols);
  const { minMs, maxMs, maxRestartsInARow } = options.backoff;
  const supervisor = await startChild(parent, {
    id: codec.exchange,
    start: {
      strategy: 'restForOne',
      intensity: 5,
      periodMs: 30_000,
      children: [
        { id: 'rest-gate', start: restGate(feed) },
        { id: 'connections', start: { strategy: 'oneForOne', backoff: { minMs, maxMs, maxRestartsInARow, resetAfterMs: Math.max(maxMs, 10_000) }, children: [] } },
        { id: 'books', start: { strategy: 'oneForOne', intensity: 20, periodMs: 10_000, children: [] } },
        { id: 'tapes', start: { strategy: 'oneForOne', intensity: 20, periodMs: 10_000, children: [] } },
        { id: 'stream-manager', start: streamManager(feed) },
      ],
    },
  });
  feed.root = supervisor;
  void connectionActor; // started by the stream manager
  return {
    exchange: codec.exchange,
    symbols,
    supervisor,
    topic: (channel, symbol) => {
      if (!codec.channels.includes(channel)) {
        throw new InvalidTopicError('channel', 'supported', `${codec.exchange} has no ${channel} channel (it has ${codec.channels.join(', ')})`);
      }
      return feed.topic(channel, symbols.info(symbol).symbol);
    },
    async readBook(symbol, depth = options.bookDepth) {
      const venueSymbol = symbols.toVenue(symbol);
      const books = feed.books;
      const ref = books ? lookupChild<BookMsg>(books, bookChildId(venueSymbol)) : undefined;
      if (!ref) return undefined;
      return ask<BookMsg, BookView | undefined>(ref, (replyTo) => ({ type: 'read', depth, replyTo }), 5000);
    },
    metrics: () => feed.metrics.snapshot(),
    async stop() {
      await terminateChild(parent, codec.exchange);
      await deleteChild(parent, codec.exchange);
    },
  };
}

async function loadSymbols(codec: MarketCodec, options: FeedOptions): Promise<SymbolMap> {
  const body = await getPublic(codec.exchange, options.restUrl, codec.exchangeInfoRequest(), options.restTimeoutMs);
  return new SymbolMap(codec.exchange, codec.parseSymbols(body));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
