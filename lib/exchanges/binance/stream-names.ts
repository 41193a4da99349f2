// Binance spot market stream names (web-socket-streams.md; NOTES.md section 2): `<symbol>@<kind>` with the
// symbol lower-cased, and the URL of a combined-stream connection that is subscribed live afterwards.
import type { StreamKey } from '../types.js';
import type { MarketChannel } from '../../models/market.js';

export type PartialDepthLevels = 5 | 10 | 20;
export type DepthSpeed = '100ms' | '1000ms';

/** Kline intervals Binance spot documents for `<symbol>@kline_<interval>`. */
export const KLINE_INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

const lower = (venueSymbol: string): string => venueSymbol.toLowerCase();

export const tradeStream = (venueSymbol: string): string => `${lower(venueSymbol)}@trade`;
export const aggTradeStream = (venueSymbol: string): string => `${lower(venueSymbol)}@aggTrade`;
export const tickerStream = (venueSymbol: string): string => `${lower(venueSymbol)}@ticker`;
export const miniTickerStream = (venueSymbol: string): string => `${lower(venueSymbol)}@miniTicker`;
export const bookTickerStream = (venueSymbol: string): string => `${lower(venueSymbol)}@bookTicker`;

/** Diff depth: `@depth` pushes every 1000 ms, `@depth@100ms` every 100 ms (the one the book uses). */
export function diffDepthStream(venueSymbol: string, speed: DepthSpeed = '100ms'): string {
  return speed === '100ms' ? `${lower(venueSymbol)}@depth@100ms` : `${lower(venueSymbol)}@depth`;
}

/** Partial depth (top 5/10/20 snapshots), `<symbol>@depth<levels>[@100ms]`. */
export function partialDepthStream(venueSymbol: string, levels: PartialDepthLevels, speed: DepthSpeed = '1000ms'): string {
  return `${lower(venueSymbol)}@depth${levels}${speed === '100ms' ? '@100ms' : ''}`;
}

export function klineStream(venueSymbol: string, interval: KlineInterval): string {
  return `${lower(venueSymbol)}@kline_${interval}`;
}

/** The channels spot carries (no mark price or liquidations: those are derivatives'). */
export const SPOT_CHANNELS: readonly MarketChannel[] = ['trades', 'ticker', 'bookTicker', 'depth', 'book'];

/** Spot's one market endpoint (`${wsBase}/stream`). */
export const SPOT_ENDPOINT = 'stream';

/** The stream that carries a topic channel; `book` is built from the same diff depth as `depth`. */
export function channelStream(key: StreamKey): string {
  const channel: MarketChannel = key.channel;
  switch (channel) {
    case 'trades':
      return tradeStream(key.venueSymbol);
    case 'ticker':
      return tickerStream(key.venueSymbol);
    case 'bookTicker':
      return bookTickerStream(key.venueSymbol);
    case 'depth':
    case 'book':
      return diffDepthStream(key.venueSymbol, '100ms');
    case 'markPrice':
    case 'liquidations':
      throw new TypeError(`Binance spot has no ${channel} stream`);
    default: {
      const never: never = channel;
      throw new TypeError(`no Binance stream for channel ${String(never)}`);
    }
  }
}

/**
 * `${wsBase}/stream`: a combined-stream connection, so every payload arrives wrapped with its stream name
 * and streams are added with SUBSCRIBE afterwards. `wsBase` is the part before /ws or /stream; a trailing
 * slash, or a trailing /ws or /stream copied from the docs' URLs, is dropped so the path is never doubled.
 */
export function combinedConnectionUrl(wsBase: string): string {
  const base = wsBase.replace(/\/+$/, '').replace(/\/(?:ws|stream)$/, '');
  return `${base}/stream`;
}

/**
 * The upper-case venue symbol a stream name is about ('bnbbtc@depth5@100ms' -> 'BNBBTC'), or undefined
 * for market-wide streams ('!miniTicker@arr', '!serverShutdown') and names without '@'.
 */
export function streamSymbol(stream: string): string | undefined {
  const at = stream.indexOf('@');
  if (at <= 0 || stream.startsWith('!')) return undefined;
  return stream.slice(0, at).toUpperCase();
}
