// OKX WebSocket channels as stream names, and the endpoint each lives on (NOTES.md "Endpoints"). A subscription
// is `{channel, instId}`; our stream name for it is `channel:instId` (`books:BTC-USDT`), which the control frames
// split back. books, books5, bbo-tbt, tickers and trades live on /ws/v5/public; candles (`candle1m`, ...) on
// /ws/v5/business; orders and account (logged in) on /ws/v5/private.
import type { MarketChannel } from '../../models/market.js';
import type { StreamKey } from '../types.js';

/** The topic channels OKX carries here (markPrice and liquidations: not yet). */
export const OKX_CHANNELS: readonly MarketChannel[] = ['trades', 'ticker', 'bookTicker', 'depth', 'book'];

export type OkxEndpoint = 'public' | 'business' | 'private';

export interface OkxArg {
  readonly channel: string;
  readonly instId: string;
}

export const streamOf = (channel: string, instId: string): string => `${channel}:${instId}`;

/** `books:BTC-USDT` -> {channel, instId}; undefined when the name has no `:` (instIds never contain one). */
export function argOf(stream: string): OkxArg | undefined {
  const at = stream.indexOf(':');
  if (at <= 0 || at === stream.length - 1) return undefined;
  return { channel: stream.slice(0, at), instId: stream.slice(at + 1) };
}

/** 400-level snapshot then increments every 100 ms: the book. */
export const booksStream = (instId: string): string => streamOf('books', instId);
/** 5-level snapshots every 100 ms when changed (partialDepth). */
export const books5Stream = (instId: string): string => streamOf('books5', instId);
/** Best bid/ask snapshot every 10 ms when changed. */
export const bboStream = (instId: string): string => streamOf('bbo-tbt', instId);
export const tickersStream = (instId: string): string => streamOf('tickers', instId);
export const tradesStream = (instId: string): string => streamOf('trades', instId);

/** Candle bars OKX names (`candle1m` ... `candle1M`, and the `utc` variants of 6H and up). */
const CANDLE_BAR = /^(?:1s|1m|3m|5m|15m|30m|1H|2H|4H|6H|12H|1D|2D|3D|1W|1M|3M|6Hutc|12Hutc|1Dutc|2Dutc|3Dutc|1Wutc|1Mutc|3Mutc)$/;

export function candleStream(instId: string, bar: string): string {
  if (!CANDLE_BAR.test(bar)) throw new RangeError(`not an OKX candle bar: ${JSON.stringify(bar)}`);
  return streamOf(`candle${bar}`, instId);
}

export const isCandleChannel = (channel: string): boolean => channel.startsWith('candle');

export function channelStream(key: StreamKey): string {
  const channel: MarketChannel = key.channel;
  switch (channel) {
    case 'trades':
      return tradesStream(key.venueSymbol);
    case 'ticker':
      return tickersStream(key.venueSymbol);
    case 'bookTicker':
      return bboStream(key.venueSymbol);
    case 'depth':
    case 'book':
      return booksStream(key.venueSymbol);
    case 'markPrice':
    case 'liquidations':
      throw new TypeError(`OKX channel ${channel} is not carried yet`);
    default: {
      const never: never = channel;
      throw new TypeError(`no OKX channel for ${String(never)}`);
    }
  }
}

/** The endpoint of a stream name: candles on /business, the rest on /public. */
export function streamEndpointOf(stream: string): OkxEndpoint {
  const arg = argOf(stream);
  return arg !== undefined && isCandleChannel(arg.channel) ? 'business' : 'public';
}

/** Every topic channel maps to a public channel (candles are no topic yet; streamEndpointOf places them). */
export function channelEndpoint(key: StreamKey): OkxEndpoint {
  return streamEndpointOf(channelStream(key));
}

/**
 * `${wsBase}/ws/v5/${endpoint}`. `wsBase` is the part before `/ws/v5` (`wss://ws.okx.com:8443`); a trailing
 * slash, `/ws/v5` or a whole endpoint path copied from the docs is dropped so the path is never doubled.
 */
export function connectionUrl(wsBase: string, endpoint: string): string {
  const base = wsBase
    .replace(/\/+$/, '')
    .replace(/\/(?:public|private|business)$/, '')
    .replace(/\/ws\/v5$/, '');
  return `${base}/ws/v5/${endpoint}`;
}
