// Topic names (DESIGN.md section 4): `<channel>:<exchange>:<symbol>` for market data, `status:<exchange>`,
// `<orders|fills|balances>:<userId>` for private streams. Built and parsed here so no caller concatenates by hand.
import { InvalidTopicError } from './errors.js';

export const MARKET_CHANNELS = ['trades', 'ticker', 'bookTicker', 'depth', 'book', 'markPrice', 'liquidations'] as const;
export type MarketChannel = (typeof MARKET_CHANNELS)[number];

export const USER_CHANNELS = ['orders', 'fills', 'balances'] as const;
export type UserChannel = (typeof USER_CHANNELS)[number];

export interface MarketTopicParts {
  readonly channel: MarketChannel;
  /** Lower-case exchange name, e.g. `binance`. */
  readonly exchange: string;
  /** Unified symbol, e.g. `BTC/USDT` (spot) or `BTC/USDT:USDT` (USD-M futures). */
  readonly symbol: string;
}

export type ParsedTopic =
  | ({ readonly kind: 'market' } & MarketTopicParts)
  | { readonly kind: 'status'; readonly exchange: string }
  | { readonly kind: 'user'; readonly channel: UserChannel; readonly userId: string };

const EXCHANGE = /^[a-z][a-z0-9-]*$/;
// Base/quote, plus an optional settle asset after ':' for derivatives (the ccxt convention).
const UNIFIED_SYMBOL = /^[A-Z0-9]+\/[A-Z0-9]+(?::[A-Z0-9]+)?$/;
const USER_ID = /^[A-Za-z0-9_.@-]+$/;

function isMarketChannel(text: string): text is MarketChannel {
  return (MARKET_CHANNELS as readonly string[]).includes(text);
}

function isUserChannel(text: string): text is UserChannel {
  return (USER_CHANNELS as readonly string[]).includes(text);
}

function checkExchange(exchange: string): void {
  if (!EXCHANGE.test(exchange)) {
    throw new InvalidTopicError('exchange', 'lower-case', `exchange must be a lower-case name like 'binance', got ${JSON.stringify(exchange)}`);
  }
}

function checkSymbol(symbol: string): void {
  if (!UNIFIED_SYMBOL.test(symbol)) {
    throw new InvalidTopicError('symbol', 'unified', `symbol must be unified like 'BTC/USDT' or 'BTC/USDT:USDT', got ${JSON.stringify(symbol)}`);
  }
}

function checkUserId(userId: string): void {
  if (!USER_ID.test(userId)) {
    throw new InvalidTopicError('userId', 'token', `userId must be non-empty letters, digits, '_', '.', '@' or '-', got ${JSON.stringify(userId)}`);
  }
}

/** `depth:binance:BTC/USDT`; throws InvalidTopicError naming the bad part. */
export function marketTopic(parts: MarketTopicParts): string {
  if (!isMarketChannel(parts.channel)) {
    throw new InvalidTopicError('channel', 'known', `channel must be one of ${MARKET_CHANNELS.join(', ')}, got ${JSON.stringify(parts.channel)}`);
  }
  checkExchange(parts.exchange);
  checkSymbol(parts.symbol);
  return `${parts.channel}:${parts.exchange}:${parts.symbol}`;
}

/** `status:binance`. */
export function statusTopic(exchange: string): string {
  checkExchange(exchange);
  return `status:${exchange}`;
}

/** `orders:alice`. */
export function userTopic(channel: UserChannel, userId: string): string {
  if (!isUserChannel(channel)) {
    throw new InvalidTopicError('channel', 'known', `channel must be one of ${USER_CHANNELS.join(', ')}, got ${JSON.stringify(channel)}`);
  }
  checkUserId(userId);
  return `${channel}:${userId}`;
}

/** Inverse of the builders. The symbol may itself contain ':' (`BTC/USDT:USDT`), so only the first two split. */
export function parseTopic(topic: string): ParsedTopic {
  const first = topic.indexOf(':');
  if (first <= 0) throw new InvalidTopicError('topic', 'format', `topic must look like '<channel>:<exchange>:<symbol>', got ${JSON.stringify(topic)}`);
  const channel = topic.slice(0, first);
  const rest = topic.slice(first + 1);
  if (channel === 'status') {
    checkExchange(rest);
    return { kind: 'status', exchange: rest };
  }
  if (isUserChannel(channel)) {
    checkUserId(rest);
    return { kind: 'user', channel, userId: rest };
  }
  if (!isMarketChannel(channel)) {
    throw new InvalidTopicError('channel', 'known', `unknown topic channel ${JSON.stringify(channel)} in ${JSON.stringify(topic)}`);
  }
  const second = rest.indexOf(':');
  if (second <= 0) throw new InvalidTopicError('topic', 'format', `market topic must look like '${channel}:<exchange>:<symbol>', got ${JSON.stringify(topic)}`);
  const exchange = rest.slice(0, second);
  const symbol = rest.slice(second + 1);
  checkExchange(exchange);
  checkSymbol(symbol);
  return { kind: 'market', channel, exchange, symbol };
}
