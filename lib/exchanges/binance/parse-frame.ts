// One text frame from a Binance spot market connection -> ParsedFrame. Parse once (losslessly: a 64-bit id
// arrives as its exact digits, lib/core/lossless-json.ts), unwrap the combined-stream envelope {stream, data},
// dispatch on `e` (or on the shape, for the payloads without one). Never throws: whatever arrives becomes
// 'malformed' (not what the docs print) or 'unknown'.
import { parseJsonLossless } from '../../core/lossless-json.js';
import type { ParsedFrame } from '../types.js';
import { isControlReply, parseControlReply } from './control-frames.js';
import { isObject, type JsonObject } from './payload-fields.js';
import { streamSymbol } from './stream-names.js';
import {
  isBookTickerShape,
  isPartialDepthShape,
  parseBookTicker,
  parseDepthUpdate,
  parseKline,
  parseMiniTicker,
  parsePartialDepth,
  parseTicker24h,
  parseTradeEvent,
} from './stream-parsers.js';

/** Stream names longer than this are not Binance's (the longest real one is ~40 chars): cap what we echo. */
const MAX_STREAM_NAME = 200;

/** Reads one payload (a combined frame's `data`, or a raw frame) given the combined stream name, if any. */
export type PayloadParser = (data: unknown, stream: string | undefined) => ParsedFrame;

export function parseBinanceFrame(text: string): ParsedFrame {
  return parseFrameWith(text, parsePayload);
}

/**
 * The envelope Binance's market connections share (spot and USD-M futures): lossless JSON, the combined
 * wrapper, control replies; `parsePayload` reads what is inside. Never throws.
 */
export function parseFrameWith(text: string, parsePayload: PayloadParser): ParsedFrame {
  if (typeof text !== 'string') return { kind: 'malformed', reason: 'frame is not text' };
  let message: unknown;
  try {
    message = parseJsonLossless(text);
  } catch {
    // Includes RangeError from absurdly deep nesting: still just a bad frame.
    return { kind: 'malformed', reason: 'frame is not JSON' };
  }
  try {
    return parseMessage(message, parsePayload);
  } catch {
    // Unreachable by construction (every field is checked before use); kept so the contract holds even
    // if a future parser forgets a check.
    return { kind: 'malformed', reason: 'frame could not be read' };
  }
}

function parseMessage(message: unknown, parsePayload: PayloadParser): ParsedFrame {
  if (!isObject(message)) return { kind: 'malformed', reason: 'frame is not a JSON object' };
  // The combined wrapper: exactly a string `stream` and a `data`.
  if (typeof message.stream === 'string' && 'data' in message) {
    const stream = message.stream;
    if (stream.length === 0 || stream.length > MAX_STREAM_NAME) return { kind: 'malformed', reason: 'combined frame: stream is not a stream name' };
    return parsePayload(message.data, stream);
  }
  if (isControlReply(message)) return parseControlReply(message);
  return parsePayload(message, undefined);
}

function parsePayload(data: unknown, stream: string | undefined): ParsedFrame {
  // Market-wide array streams (!miniTicker@arr) are valid but not handled here.
  if (Array.isArray(data)) return { kind: 'unknown', stream };
  if (!isObject(data)) return { kind: 'malformed', reason: 'payload is not a JSON object' };
  const payload: JsonObject = data;
  switch (payload.e) {
    case 'depthUpdate':
      return parseDepthUpdate(payload);
    case 'trade':
      return parseTradeEvent(payload, false);
    case 'aggTrade':
      return parseTradeEvent(payload, true);
    case 'bookTicker':
      return parseBookTicker(payload);
    case '24hrTicker':
      return parseTicker24h(payload);
    case '24hrMiniTicker':
      return parseMiniTicker(payload);
    case 'kline':
      return parseKline(payload);
    case 'serverShutdown':
      return { kind: 'shutdown' };
    case undefined:
      break;
    default:
      // A documented event we do not map (avgPrice, 1hTicker, blockTrade, referencePrice) or a new one.
      return typeof payload.e === 'string' ? { kind: 'unknown', stream } : { kind: 'malformed', reason: 'payload: e is not a string' };
  }
  if (isBookTickerShape(payload)) return parseBookTicker(payload);
  if (isPartialDepthShape(payload)) return parsePartialDepth(payload, stream === undefined ? undefined : streamSymbol(stream));
  return { kind: 'unknown', stream };
}
