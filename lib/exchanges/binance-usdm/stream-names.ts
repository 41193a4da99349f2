// Binance USD-M futures market stream names and endpoints (NOTES.md section 4): `<symbol>@<kind>` with the
// symbol lower-cased, as on spot, but split over two endpoints since the 2026 URL change: `/public` carries
// book ticker and depth, `/market` everything else (aggTrade, markPrice, kline, tickers, forceOrder). The old
// `/ws` and `/stream` bases are retired (2026-04-23).
import type { MarketChannel } from '../../models/market.js';
import type { StreamKey } from '../types.js';

/** The channels USD-M futures carries: spot's plus mark price and liquidations. */
export const USDM_CHANNELS: readonly MarketChannel[] = ['trades', 'ticker', 'bookTicker', 'depth', 'book', 'markPrice', 'liquidations'];

export type UsdmEndpoint = 'public' | 'market';

const lower = (venueSymbol: string): string => venueSymbol.toLowerCase();

/** Diff depth every 100 ms (`@depth` alone is every 250 ms). */
export const diffDepthStream = (venueSymbol: string): string => `${lower(venueSymbol)}@depth@100ms`;
/** Futures has no raw @trade on the new split: the tape follows aggregate trades (ids page by /fapi/v1/aggTrades). */
export const aggTradeStream = (venueSymbol: string): string => `${lower(venueSymbol)}@aggTrade`;
export const tickerStream = (venueSymbol: string): string => `${lower(venueSymbol)}@ticker`;
export const bookTickerStream = (venueSymbol: string): string => `${lower(venueSymbol)}@bookTicker`;
/** Mark price every second (`@markPrice` alone is every 3 s). */
export const markPriceStream = (venueSymbol: string): string => `${lower(venueSymbol)}@markPrice@1s`;
export const forceOrderStream = (venueSymbol: string): string => `${lower(venueSymbol)}@forceOrder`;

export function channelStream(key: StreamKey): string {
  const channel: MarketChannel = key.channel;
  switch (channel) {
    case 'trades':
      return aggTradeStream(key.venueSymbol);
    case 'ticker':
      return tickerStream(key.venueSymbol);
    case 'bookTicker':
      return bookTickerStream(key.venueSymbol);
    case 'depth':
    case 'book':
      return diffDepthStream(key.venueSymbol);
    case 'markPrice':
      return markPriceStream(key.venueSymbol);
    case 'liquidations':
      return forceOrderStream(key.venueSymbol);
    default: {
      const never: never = channel;
      throw new TypeError(`no Binance USD-M stream for channel ${String(never)}`);
    }
  }
}

/** Book ticker and depth live on `/public`; the rest on `/market`. */
export function channelEndpoint(key: StreamKey): UsdmEndpoint {
  return key.channel === 'depth' || key.channel === 'book' || key.channel === 'bookTicker' ? 'public' : 'market';
}

/**
 * `${wsBase}/${endpoint}/stream`: a combined-stream connection on one endpoint, subscribed live afterwards. `wsBase`
 * is the part before `/public` or `/market` (`wss://fstream.binance.com`); a trailing slash, or a trailing
 * endpoint and `/ws` or `/stream` copied from the docs' URLs, is dropped so the path is never doubled.
 */
export function connectionUrl(wsBase: string, endpoint: string): string {
  const base = wsBase
    .replace(/\/+$/, '')
    .replace(/\/(?:ws|stream)$/, '')
    .replace(/\/(?:public|market|private)$/, '');
  return `${base}/${endpoint}/stream`;
}

/** `btcusdt@depth5`, `btcusdt@depth10@100ms`: partial-depth streams, whose payload is a depthUpdate on futures. */
const PARTIAL_DEPTH = /^[^@]+@depth(?:5|10|20)(?:@\d+ms)?$/;

export function isPartialDepthStream(stream: string): boolean {
  return PARTIAL_DEPTH.test(stream);
}
