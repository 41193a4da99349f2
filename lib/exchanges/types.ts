// The ExchangeAdapter contract: everything the market actors need to know about a venue, as data
// and pure functions. The actors never branch on a venue's name; a venue differs only in what it
// puts here (docs/adding-an-exchange.md maps Binance USD-M, OKX, Gate.io and MEXC onto it).
import type { BookTicker, DepthLevel, Kline, Liquidation, MarkPrice, MarketChannel, Ticker, Trade } from '../models/market.js';

/** A symbol as the venue lists it, with the unified name (from exchangeInfo-like metadata, never guessed). */
export interface SymbolInfo {
  /** Unified: 'BTC/USDT'. */
  readonly symbol: string;
  /** The venue's own id: 'BTCUSDT', 'BTC-USDT', 'BTC_USDT'. */
  readonly venueSymbol: string;
  readonly base: string;
  readonly quote: string;
  /** The venue's price tick and quantity step as exact strings ('0.01'), where it gives them. */
  readonly tickSize: string | undefined;
  readonly stepSize: string | undefined;
  readonly trading: boolean;
}

/** A REST request described as data: the actor owns the HTTP client, the weight budget and retries. */
export interface RestRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with query string: '/api/v3/depth?symbol=BTCUSDT&limit=1000'. */
  readonly path: string;
  /** Request weight the venue charges (counted against the shared budget before sending). */
  readonly weight: number;
}

/** A full book from REST (or from the stream, for venues that push snapshots). */
export interface DepthSnapshot {
  readonly venueSymbol: string | undefined;
  /** The snapshot's sequence id (Binance lastUpdateId, Gate.io id, MEXC version, OKX seqId). */
  readonly sequence: number;
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
  readonly exchangeTime: number | undefined;
}

/**
 * One diff-depth event as sequencing needs it. `first`/`last` are the update-id range it covers
 * (Binance U/u, Gate.io U/u, MEXC fromVersion/toVersion; OKX: seqId for both); `previous` is the id
 * the venue says came before it (Binance USD-M `pu`, OKX `prevSeqId`), where there is one.
 */
export interface DepthDelta {
  readonly venueSymbol: string;
  readonly first: number;
  readonly last: number;
  readonly previous: number | undefined;
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
  readonly exchangeTime: number;
  /** The venue pushed a full book in-stream (OKX `action: snapshot`, Gate.io `full: true`). */
  readonly isSnapshot: boolean;
  /**
   * The venue's integrity check of its book after this delta, where it sends one that means something (OKX's
   * legacy CRC32 of the top 25 levels; deprecated and fixed to 0, so absent unless non-zero).
   */
  readonly checksum?: number;
}

/**
 * How a venue chains its diff-depth events. BookSync (lib/book) runs the procedure; this says
 * only what each venue's documentation says about ids.
 * - `snapshotSource`: 'rest' (fetch a snapshot, then bridge the buffered deltas to it) or 'stream'
 *   (the stream pushes the snapshot itself; a gap is repaired by resubscribing).
 * - `bridge(delta, snapshotSequence)`: for a buffered delta after a REST snapshot: 'stale' (covered
 *   by the snapshot: drop), 'apply' (the first one to apply), or 'ahead' (the snapshot is older
 *   than this delta: fetch another snapshot).
 * - `follow(delta, lastApplied)`: for each next delta: 'apply', 'skip' (stale, or a keep-alive that
 *   changes nothing), or 'gap' (something was missed: resync).
 */
export interface BookSequencing {
  readonly snapshotSource: 'rest' | 'stream';
  bridge(delta: DepthDelta, snapshotSequence: number): 'stale' | 'apply' | 'ahead';
  follow(delta: DepthDelta, lastApplied: LastApplied): 'apply' | 'skip' | 'gap';
}

/** What BookSync remembers of the last delta it applied (or of the snapshot). */
export interface LastApplied {
  /** The book's update id now. */
  readonly sequence: number;
}

/** A market stream subscription: one channel of one symbol, in the venue's own naming. */
export interface StreamKey {
  readonly channel: MarketChannel;
  readonly venueSymbol: string;
}

/** An event as a codec parses it: the actor adds the exchange, the unified symbol and the receive time. */
export type Unbound<T> = Omit<T, 'exchange' | 'symbol' | 'receivedAt'>;

/** What one frame from a market socket turned out to be. */
export type ParsedFrame =
  /** `aggregated`: an aggTrade (its id is the aggregate id, a different series from trade ids). */
  | { readonly kind: 'trade'; readonly venueSymbol: string; readonly aggregated: boolean; readonly event: Unbound<Trade> }
  | { readonly kind: 'ticker'; readonly venueSymbol: string; readonly event: Unbound<Ticker> }
  | { readonly kind: 'bookTicker'; readonly venueSymbol: string; readonly event: Unbound<BookTicker> }
  | { readonly kind: 'kline'; readonly venueSymbol: string; readonly event: Unbound<Kline> }
  /** Derivatives: mark and index price, funding rate, next funding time (Binance USD-M markPriceUpdate). */
  | { readonly kind: 'markPrice'; readonly venueSymbol: string; readonly event: Unbound<MarkPrice> }
  /** Derivatives: a liquidation order (Binance USD-M forceOrder). */
  | { readonly kind: 'liquidation'; readonly venueSymbol: string; readonly event: Unbound<Liquidation> }
  | { readonly kind: 'depth'; readonly delta: DepthDelta }
  /** A partial-depth (top-N) snapshot stream: `venueSymbol` from the stream name when the payload lacks it. */
  | { readonly kind: 'partialDepth'; readonly snapshot: DepthSnapshot }
  /** The answer to a control frame we sent (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, ...). */
  | { readonly kind: 'reply'; readonly id: number | string | null; readonly error: { readonly code: number; readonly msg: string } | undefined; readonly result: unknown }
  /** The server announces it will close this connection: reconnect now. */
  | { readonly kind: 'shutdown' }
  /** Valid JSON the codec does not handle (a new event type): counted, not an error. */
  | { readonly kind: 'unknown'; readonly stream: string | undefined }
  /** Not what the venue documents: counted and logged, never thrown. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** How the connection proves it is alive. */
export type KeepAlive =
  /**
   * The server pings (protocol frames) every `intervalMs` and the client answers pong (ws does it): Binance
   * (spot 20 s, USD-M futures 3 min). Data silence is watched separately (FeedOptions.silenceMs).
   */
  | { readonly kind: 'server-ping'; readonly intervalMs: number }
  /** The client sends a text frame after `idleMs` without traffic and expects `reply`: OKX 'ping'/'pong'. */
  | { readonly kind: 'client-text'; readonly idleMs: number; readonly message: string; readonly reply: string }
  /** The client sends a JSON ping every `intervalMs`: Gate.io `spot.ping`, MEXC `PING`. */
  | { readonly kind: 'client-json'; readonly intervalMs: number; readonly message: () => string };

/** Limits the venue documents for market connections (the stream manager and connections obey them). */
export interface MarketLimits {
  readonly streamsPerConnection: number;
  /** Incoming messages per second per connection that the venue accepts from us (control frames, pings). */
  readonly controlMessagesPerSecond: number;
  /** Connection attempts allowed per window per IP. */
  readonly connectionAttempts: { readonly count: number; readonly windowMs: number };
  /**
   * Subscribe, unsubscribe and login requests allowed per window on one connection (OKX: 480 an hour), beside the
   * per-second pace above; undefined where the venue counts only the per-second pace (Binance).
   */
  readonly subscriptionOps: { readonly count: number; readonly windowMs: number } | undefined;
  /** The venue cuts a connection after this long: renew before it. */
  readonly connectionLifetimeMs: number;
  /** Public REST request weight per minute per IP, and the response header that reports the IP's use. */
  readonly restWeightPerMinute: number;
  readonly usedWeightHeader: string | undefined;
}

/** The market-data half of an exchange adapter. */
export interface MarketCodec {
  /** Lower-case venue name used in topics: 'binance', 'binanceusdm'. */
  readonly exchange: string;
  /** The topic channels this venue carries (spot has no `markPrice`); a topic outside them is refused. */
  readonly channels: readonly MarketChannel[];
  readonly limits: MarketLimits;
  readonly keepAlive: KeepAlive;
  readonly sequencing: BookSequencing;
  /**
   * Which id series the `trades` topic follows, and so which trade frames feed it and what backfill pages:
   * 'trade' (Binance spot @trade, trade ids) or 'aggregate' (Binance USD-M @aggTrade, aggregate ids). Frames of
   * the other series are not routed to the tape.
   */
  readonly tradeIds: 'trade' | 'aggregate';
  /** The stream that carries `channel` for a symbol (the book needs diff depth; `book` reuses `depth`). */
  streamName(key: StreamKey): string;
  /**
   * The WebSocket endpoint a stream lives on: one name for a venue with a single market endpoint (Binance spot
   * 'stream'), several where the venue splits them (Binance USD-M 'public' for depth and book ticker, 'market'
   * for the rest). A connection carries the streams of one endpoint only.
   */
  streamEndpoint(key: StreamKey): string;
  /** The URL to open for a connection to `endpoint` (streams are subscribed live afterwards). */
  connectionUrl(wsBaseUrl: string, endpoint: string): string;
  /** Control frames, as the text to send. `id` correlates the reply. */
  subscribeFrame(streams: readonly string[], id: number): string;
  unsubscribeFrame(streams: readonly string[], id: number): string;
  /**
   * A frame the server answers with a reply carrying `id` (Binance LIST_SUBSCRIPTIONS): sent after a
   * silence to tell a quiet market from a dead socket whose pings may still flow.
   */
  probeFrame(id: number): string;
  /** Parse one text frame. Never throws. */
  parseFrame(text: string): ParsedFrame;
  /** Unified symbols from the venue's instrument listing (exchangeInfo). Throws on a malformed body. */
  exchangeInfoRequest(): RestRequest;
  parseSymbols(body: unknown): SymbolInfo[];
  /** Depth snapshot for BookSync (snapshotSource 'rest'). */
  depthSnapshotRequest(venueSymbol: string, limit: number): RestRequest;
  parseDepthSnapshot(body: unknown): DepthSnapshot;
  /**
   * Trades from `fromId` on (inclusive) in the `tradeIds` series, oldest first, to backfill a gap after a
   * reconnect; undefined when the venue cannot page trades by id.
   */
  tradesFromRequest(venueSymbol: string, fromId: string, limit: number): RestRequest | undefined;
  parseTrades(body: unknown): Unbound<Trade>[];
}
