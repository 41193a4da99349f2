// The OKX market codec: the MarketCodec contract filled from the modules beside it. Unlike Binance's it holds
// one piece of data, the contract sizes of the swaps its listing named (parseSymbols records them, parseFrame
// reads them to report swap sizes in base units), so each feed makes its own with createOkxMarket().
import type { MarketCodec, RestRequest, SymbolInfo } from '../types.js';
import { EXCHANGE } from './constants.js';
import { ContractSizes } from './contract-sizes.js';
import { probeFrame, subscribeFrame, unsubscribeFrame } from './control-frames.js';
import { parseOkxFrame } from './parse-frame.js';
import { depthSnapshotRequest, parseDepthSnapshot, parseTrades } from './rest-market.js';
import { okxSequencing } from './sequencing.js';
import { channelEndpoint, channelStream, connectionUrl, OKX_CHANNELS } from './stream-names.js';
import { instrumentsRequest, parseInstruments, type OkxInstType } from './symbols.js';

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;

export interface OkxMarketCodec extends MarketCodec {
  /** The swaps' contract sizes, filled by parseSymbols. */
  readonly contractSizes: ContractSizes;
  /**
   * Every listing the codec needs, one per instType (OKX has no all-types listing): `exchangeInfoRequest` is the
   * first (spot); parseSymbols takes one body or the list of bodies of these requests in this order.
   */
  listingRequests(): readonly RestRequest[];
}

const INST_TYPES: readonly OkxInstType[] = ['SPOT', 'SWAP'];

export function createOkxMarket(): OkxMarketCodec {
  const contractSizes = new ContractSizes();
  return {
    exchange: EXCHANGE,
    contractSizes,
    // NOTES.md "Connection keep-alive and limits": 3 connection requests a second per IP, 480 subscribe,
    // unsubscribe and login requests per connection an hour. OKX documents no per-second message pace, no
    // channel count per connection and no connection lifetime: 3 control messages a second (the connection
    // spaces them one a second), 100 channels a connection (one subscribe request; a gap's resubscribe costs 2 of
    // the 480) and a 24 h renewal are our choices. REST market data is limited per endpoint (20-40 requests / 2 s),
    // not by a weight: one unit per request against 600 a minute, and no usage header.
    limits: {
      streamsPerConnection: 100,
      controlMessagesPerSecond: 3,
      connectionAttempts: { count: 3, windowMs: SECOND_MS },
      subscriptionOps: { count: 480, windowMs: HOUR_MS },
      connectionLifetimeMs: 24 * HOUR_MS,
      restWeightPerMinute: 600,
      usedWeightHeader: undefined,
    },
    // No data for 30 s closes the connection: the client sends the text `ping` after 25 s of silence, expects `pong`.
    keepAlive: { kind: 'client-text', idleMs: 25 * SECOND_MS, message: 'ping', reply: 'pong' },
    sequencing: okxSequencing,
    channels: OKX_CHANNELS,
    // tradeId of the last trade a push aggregates (docs/okx.md: ids step by `count`).
    tradeIds: 'trade',
    streamName: channelStream,
    streamEndpoint: channelEndpoint,
    connectionUrl,
    subscribeFrame,
    unsubscribeFrame,
    probeFrame,
    parseFrame: (text) => parseOkxFrame(text, contractSizes),
    exchangeInfoRequest: () => instrumentsRequest('SPOT'),
    listingRequests: () => INST_TYPES.map(instrumentsRequest),
    parseSymbols: (body): SymbolInfo[] => parseInstruments(body, contractSizes),
    depthSnapshotRequest,
    parseDepthSnapshot: (body) => parseDepthSnapshot(body),
    // OKX pages history trades by tradeId newest first (`after`); paging forward from an id is not documented here.
    tradesFromRequest: () => undefined,
    parseTrades: (body) => parseTrades(body, contractSizes),
  };
}
