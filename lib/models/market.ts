// Normalized market-data events (DESIGN.md section 4): what every venue's codec produces and what
// subscribers of the market topics receive. Every event names its exchange and unified symbol and
// carries the exchange's time and our local receive time (ms since the epoch).
// Money is exact: trades, tickers and book views carry Decimals; depth deltas, the firehose, carry
// the exchange's exact decimal strings (a Decimal per level would cost most of the throughput; see
// docs/benchmarks.md) — `new Decimal(level[0])` when you need arithmetic.
import type { Decimal } from '../core/decimal.js';

export type MarketChannel = 'trades' | 'ticker' | 'bookTicker' | 'depth' | 'book' | 'markPrice' | 'liquidations';

/** Every market channel, in the order docs and the CLI list them; derivatives venues add the last two. */
export const MARKET_CHANNELS: readonly MarketChannel[] = ['trades', 'ticker', 'bookTicker', 'depth', 'book', 'markPrice', 'liquidations'];

/** The taker's side of a trade. */
export type TradeSide = 'buy' | 'sell';

interface MarketEventBase {
  /** Lower-case venue name: 'binance'. */
  readonly exchange: string;
  /** Unified symbol: 'BTC/USDT' (USD-M futures: 'BTC/USDT:USDT'). */
  readonly symbol: string;
  /** Event time stamped by the exchange (ms). */
  readonly exchangeTime: number;
  /** When this process received it (ms, Date.now()). */
  readonly receivedAt: number;
}

export interface Trade extends MarketEventBase {
  readonly type: 'trade';
  /** The exchange's trade id, as a string (64-bit ids never go through a float). */
  readonly id: string;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly side: TradeSide;
  /** When the trade happened (ms). */
  readonly tradeTime: number;
}

/** A rolling-window (24 h) ticker. */
export interface Ticker extends MarketEventBase {
  readonly type: 'ticker';
  readonly last: Decimal;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly change: Decimal;
  readonly changePercent: Decimal;
  /** Base-asset volume over the window. */
  readonly volume: Decimal;
  readonly quoteVolume: Decimal;
  readonly bid: Decimal | undefined;
  readonly ask: Decimal | undefined;
}

export interface BookTicker extends MarketEventBase {
  readonly type: 'bookTicker';
  readonly bid: Decimal;
  readonly bidSize: Decimal;
  readonly ask: Decimal;
  readonly askSize: Decimal;
  /** The order book update id this best bid/ask belongs to, where the venue gives one. */
  readonly sequence: number | undefined;
}

/** One price level as the exchange printed it: [price, quantity]; quantity '0' removes the level. */
export type DepthLevel = readonly [price: string, quantity: string];

/**
 * The `depth` topic: deltas in sequence, and a `snapshot` (the whole synced book) after every
 * (re)sync, so a subscriber can rebuild without a REST call. `sequence` is the book's update id
 * after this event.
 */
export interface DepthUpdate extends MarketEventBase {
  readonly type: 'depth';
  readonly kind: 'delta' | 'snapshot';
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
  readonly sequence: number;
}

export interface BookLevel {
  readonly price: Decimal;
  readonly quantity: Decimal;
}

/** The `book` topic: a conflated top-N view, best first. */
export interface BookView extends MarketEventBase {
  readonly type: 'book';
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly sequence: number;
}

/** A candlestick (parsed for completeness; not a topic yet). */
export interface Kline extends MarketEventBase {
  readonly type: 'kline';
  /** '1m', '1h', ... as the venue names it. */
  readonly interval: string;
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
  readonly volume: Decimal;
  readonly quoteVolume: Decimal;
  readonly trades: number;
  /** The candle is final (Binance `x`). */
  readonly closed: boolean;
}

/**
 * The `markPrice` topic (perpetual futures): the venue's mark and index price and the funding rate that the
 * next funding (at `nextFundingTime`) will apply. Exact: the venue's decimal strings as Decimals.
 */
export interface MarkPrice extends MarketEventBase {
  readonly type: 'markPrice';
  readonly markPrice: Decimal;
  readonly indexPrice: Decimal;
  /** Estimated settle price (Binance `P`; only meaningful in the last hour before settlement). */
  readonly estimatedSettlePrice: Decimal | undefined;
  /** Signed: a negative rate means shorts pay longs. */
  readonly fundingRate: Decimal;
  /** When the next funding happens (ms). */
  readonly nextFundingTime: number;
}

/** The `liquidations` topic: a liquidation order the venue placed (Binance forceOrder). */
export interface Liquidation extends MarketEventBase {
  readonly type: 'liquidation';
  /** The liquidation order's side: 'sell' closes a long. */
  readonly side: TradeSide;
  readonly price: Decimal;
  readonly averagePrice: Decimal;
  /** The order's quantity, and how much of it has filled. */
  readonly quantity: Decimal;
  readonly filledQuantity: Decimal;
  /** The venue's order status ('FILLED', 'PARTIALLY_FILLED', ...). */
  readonly status: string;
  readonly tradeTime: number;
}

export type MarketEvent = Trade | Ticker | BookTicker | DepthUpdate | BookView | MarkPrice | Liquidation;

/** What a `status:<exchange>` subscriber is told. */
export type MarketState =
  | 'connected'
  | 'disconnected'
  | 'reconnecting'
  | 'resyncing'
  | 'synced'
  | 'gap'
  | 'rate-limited'
  | 'backfilled';

export interface StatusEvent {
  readonly type: 'status';
  readonly exchange: string;
  readonly state: MarketState;
  /** The symbol concerned (book and trade states), if any. */
  readonly symbol?: string;
  /** The connection concerned (connection states), if any. */
  readonly connection?: string;
  /** Human-readable detail: the reason of a disconnect, the size of a gap, ... */
  readonly detail?: string;
  readonly at: number;
}
