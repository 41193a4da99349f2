// One text frame from a Binance USD-M market connection -> ParsedFrame. The envelope (lossless JSON, the
// combined wrapper, control replies) is spot's (../binance/parse-frame.ts); the payloads differ: depth carries
// `pu`, the book ticker names its event, the 24 h ticker has no best bid/ask, a partial-depth stream pushes
// depthUpdates, and there are markPriceUpdate and forceOrder. Never throws.
import type { ParsedFrame } from '../types.js';
import { parseFrameWith } from '../binance/parse-frame.js';
import { isObject } from '../binance/payload-fields.js';
import { parseBookTicker, parseDepthUpdate, parseKline, parseMiniTicker, parseTicker24h, parseTradeEvent } from '../binance/stream-parsers.js';
import { isPartialDepthStream } from './stream-names.js';
import { parseForceOrder, parseMarkPrice, parsePartialDepthUpdate } from './stream-parsers.js';

export function parseUsdmFrame(text: string): ParsedFrame {
  return parseFrameWith(text, parseUsdmPayload);
}

function parseUsdmPayload(data: unknown, stream: string | undefined): ParsedFrame {
  // Market-wide array streams (!markPrice@arr, !ticker@arr) are valid but not handled here.
  if (Array.isArray(data)) return { kind: 'unknown', stream };
  if (!isObject(data)) return { kind: 'malformed', reason: 'payload is not a JSON object' };
  switch (data.e) {
    case 'depthUpdate':
      if (stream !== undefined && isPartialDepthStream(stream)) return parsePartialDepthUpdate(data);
      return parseDepthUpdate(data);
    case 'aggTrade':
      return parseTradeEvent(data, true);
    case 'trade':
      return parseTradeEvent(data, false);
    case 'bookTicker':
      return parseBookTicker(data);
    case '24hrTicker':
      return parseTicker24h(data, 'absent');
    case '24hrMiniTicker':
      return parseMiniTicker(data);
    case 'kline':
      return parseKline(data);
    case 'markPriceUpdate':
      return parseMarkPrice(data);
    case 'forceOrder':
      return parseForceOrder(data);
    case 'serverShutdown':
      return { kind: 'shutdown' };
    default:
      // A documented event we do not map (continuous_kline, compositeIndex, contractInfo, assetIndex) or a new one.
      return typeof data.e === 'string' ? { kind: 'unknown', stream } : { kind: 'malformed', reason: 'payload: e is not a string' };
  }
}
