// cex-actors public entry point: `startExchangeSystem` (the facade) first, then every part it is made of.
export {
  startExchangeSystem,
  type ExchangeSystem,
  type ExchangeSystemOptions,
  type ExchangeSystemStatus,
  type TopicSelector,
} from './facade/exchange-system.js';
export { loadConfig, validateConfig, ENV_MAPPING, configSchema, type Config, type ExchangeConfig, type LoadOptions } from './config/index.js';
export { logger, childLogger, configureLogger, type Logger, type LogLevel, type LogFormat } from './lib/log.js';
export { Decimal, toDecimal, isDecimalString, toFixedString } from './lib/core/decimal.js';
export * from './lib/core/errors.js';
export { SymbolMap } from './lib/core/symbols.js';
export type { Trade, TradeSide, Ticker, BookTicker, DepthLevel, DepthUpdate, BookLevel, BookView, Kline, MarkPrice, Liquidation, MarketEvent, MarketState, StatusEvent } from './lib/models/market.js';
export type * from './lib/models/trading.js';
export type { MarketCodec, BookSequencing, SymbolInfo, DepthDelta, DepthSnapshot } from './lib/exchanges/types.js';
export { binanceSpotMarket } from './lib/exchanges/binance/market-codec.js';
export { binanceUsdmMarket } from './lib/exchanges/binance-usdm/market-codec.js';
export { OrderBook } from './lib/book/order-book.js';
export { BookSync } from './lib/book/book-sync.js';
export { startMarketFeed, type MarketFeed, type MarketFeedOptions } from './actors/market/feed.js';
export { startTrading, type Trading, type UserHandle, type StartTradingOptions, type TradingMetricsSnapshot, type UserStreamMetricsSnapshot } from './actors/trading/trading.js';
export type { SessionRequest, SessionReply, OrderSelector } from './actors/trading/session.js';
export { binanceSpotTrading } from './lib/exchanges/binance/trading-codec.js';
export type { TradingCodec, TradingCredentials } from './lib/exchanges/trading-types.js';
export { OrderTracker } from './lib/trading/order-tracker.js';
export type { FeedMetricsSnapshot, StreamMetricsSnapshot, ConnectionMetricsSnapshot } from './actors/market/metrics.js';
export * from './actors/runtime/index.js';
export * from './actors/registry.js';
export * from './actors/pubsub.js';
