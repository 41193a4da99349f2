// The Binance USD-M futures market codec: the MarketCodec contract filled from the modules beside it and the
// spot ones it shares (control frames, the frame envelope, most payload parsers, the pu sequencing rule).
import type { MarketCodec } from '../types.js';
import { listSubscriptionsFrame, subscribeFrame, unsubscribeFrame } from '../binance/control-frames.js';
import { binanceFuturesSequencing } from '../binance/sequencing.js';
import { EXCHANGE } from './constants.js';
import { parseUsdmFrame } from './parse-frame.js';
import { depthSnapshotRequest, exchangeInfoRequest, parseDepthSnapshot, parseTrades, tradesFromRequest } from './rest-market.js';
import { channelEndpoint, channelStream, connectionUrl, USDM_CHANNELS } from './stream-names.js';
import { parseSymbols } from './symbols.js';

const MINUTE_MS = 60_000;

export const binanceUsdmMarket: MarketCodec = {
  exchange: EXCHANGE,
  // NOTES.md section 4: 10 incoming messages per second, 1024 streams per connection, 24 h lifetime. The
  // connection-attempt budget is spot's 300 per 5 min (the futures docs cited there name none: inference), and
  // the REST weight the 2400 per minute /fapi/v1/exchangeInfo's rateLimits print (read the live value there).
  limits: {
    streamsPerConnection: 1024,
    controlMessagesPerSecond: 10,
    connectionAttempts: { count: 300, windowMs: 5 * MINUTE_MS },
    subscriptionOps: undefined,
    connectionLifetimeMs: 24 * 60 * MINUTE_MS,
    restWeightPerMinute: 2400,
    usedWeightHeader: 'x-mbx-used-weight-1m',
  },
  // The server pings every 3 minutes (pong within 10) and ws answers.
  keepAlive: { kind: 'server-ping', intervalMs: 3 * MINUTE_MS },
  sequencing: binanceFuturesSequencing,
  channels: USDM_CHANNELS,
  tradeIds: 'aggregate',
  streamName: channelStream,
  streamEndpoint: channelEndpoint,
  connectionUrl,
  subscribeFrame,
  unsubscribeFrame,
  probeFrame: listSubscriptionsFrame,
  parseFrame: parseUsdmFrame,
  exchangeInfoRequest,
  parseSymbols,
  depthSnapshotRequest,
  parseDepthSnapshot,
  tradesFromRequest,
  parseTrades,
};
