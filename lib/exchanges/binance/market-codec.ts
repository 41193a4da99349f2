// The Binance spot market codec: the MarketCodec contract filled from the small modules beside it
// (stream names, control frames, frame parsing, sequencing, REST market data, symbols).
import type { MarketCodec } from '../types.js';
import { listSubscriptionsFrame, subscribeFrame, unsubscribeFrame } from './control-frames.js';
import { parseBinanceFrame } from './parse-frame.js';
import { EXCHANGE } from './constants.js';
import { depthSnapshotRequest, exchangeInfoRequest, parseDepthSnapshot, parseTrades, tradesFromRequest } from './rest-market.js';
import { binanceSpotSequencing } from './sequencing.js';
import { channelStream, combinedConnectionUrl, SPOT_CHANNELS, SPOT_ENDPOINT } from './stream-names.js';
import { parseSymbols } from './symbols.js';

const MINUTE_MS = 60_000;

export const binanceSpotMarket: MarketCodec = {
  exchange: EXCHANGE,
  // NOTES.md section 2 (web-socket-streams.md:57-63, 44).
  limits: {
    streamsPerConnection: 1024,
    controlMessagesPerSecond: 5,
    connectionAttempts: { count: 300, windowMs: 5 * MINUTE_MS },
    subscriptionOps: undefined,
    connectionLifetimeMs: 24 * 60 * MINUTE_MS,
    // The REQUEST_WEIGHT limit exchangeInfo prints (NOTES.md section 5: read the live value from rateLimits)
    // and X-MBX-USED-WEIGHT-1M, the IP's weight used in the current minute (Headers.get is case-insensitive).
    restWeightPerMinute: 6000,
    usedWeightHeader: 'x-mbx-used-weight-1m',
  },
  // The server pings every 20 s and ws answers; no client traffic needed.
  keepAlive: { kind: 'server-ping', intervalMs: 20_000 },
  sequencing: binanceSpotSequencing,
  channels: SPOT_CHANNELS,
  // The trades topic follows @trade: its ids page through /api/v3/historicalTrades.
  tradeIds: 'trade',
  streamName: channelStream,
  // One market endpoint: every stream on `${wsBase}/stream`.
  streamEndpoint: () => SPOT_ENDPOINT,
  connectionUrl: (wsBase) => combinedConnectionUrl(wsBase),
  subscribeFrame,
  unsubscribeFrame,
  // LIST_SUBSCRIPTIONS is cheap, changes nothing, and is always answered with the same id.
  probeFrame: listSubscriptionsFrame,
  parseFrame: parseBinanceFrame,
  exchangeInfoRequest,
  parseSymbols,
  depthSnapshotRequest,
  parseDepthSnapshot,
  tradesFromRequest,
  parseTrades,
};
