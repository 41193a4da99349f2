// One text frame from an OKX WebSocket -> ParsedFrame. The text `pong` answers our `ping`; everything else is
// JSON (parsed losslessly): `{event, ...}` control events, or a push `{arg: {channel, instId}, [action], data}`
// dispatched on its channel. A swap whose contract size the listing has not given yet cannot be read in base
// units: 'unknown' (counted), not a guess. Never throws.
import { parseJsonLossless } from '../../core/lossless-json.js';
import type { ParsedFrame } from '../types.js';
import { isObject, nonEmptyText, type JsonObject } from '../binance/payload-fields.js';
import { isSwapInstId, type ContractSizes } from './contract-sizes.js';
import { parseEvent, PONG } from './control-frames.js';
import { onlyItem, parseBbo, parseBooks, parseBooks5, parseCandle, parseTicker, parseTrade } from './push-parsers.js';
import { isCandleChannel, streamOf } from './stream-names.js';

const PONG_REPLY: ParsedFrame = Object.freeze({ kind: 'reply', id: null, error: undefined, result: PONG });

export function parseOkxFrame(text: string, sizes: ContractSizes): ParsedFrame {
  if (typeof text !== 'string') return { kind: 'malformed', reason: 'frame is not text' };
  if (text === PONG) return PONG_REPLY;
  let message: unknown;
  try {
    message = parseJsonLossless(text);
  } catch {
    return { kind: 'malformed', reason: 'frame is not JSON' };
  }
  try {
    return parseMessage(message, sizes);
  } catch {
    // Unreachable by construction (every field is checked before use): the contract holds even if a parser forgets one.
    return { kind: 'malformed', reason: 'frame could not be read' };
  }
}

function parseMessage(message: unknown, sizes: ContractSizes): ParsedFrame {
  if (!isObject(message)) return { kind: 'malformed', reason: 'frame is not a JSON object' };
  if ('event' in message) return parseEvent(message);
  if (!isObject(message.arg)) return { kind: 'malformed', reason: 'push: arg is not an object' };
  const channel = nonEmptyText(message.arg.channel);
  if (channel === undefined) return { kind: 'malformed', reason: 'push: arg.channel is not a channel' };
  const instId = nonEmptyText(message.arg.instId);
  // Channels keyed by instType or instFamily (instruments, opt-summary) name no instrument: not ours.
  if (instId === undefined) return message.arg.instId === undefined ? { kind: 'unknown', stream: channel } : { kind: 'malformed', reason: 'push: arg.instId is not an instrument id' };
  if (instId.length > 64) return { kind: 'malformed', reason: 'push: arg.instId is too long for an instrument id' };
  const stream = streamOf(channel, instId);
  if (isCandleChannel(channel)) return parseCandle(message.data, instId, channel, isSwapInstId(instId));
  if (sizes.missing(instId)) return { kind: 'unknown', stream };
  return parsePush(message, channel, instId, stream, sizes);
}

function parsePush(message: JsonObject, channel: string, instId: string, stream: string, sizes: ContractSizes): ParsedFrame {
  switch (channel) {
    case 'books':
    case 'books-l2-tbt':
    case 'books50-l2-tbt': {
      const one = onlyItem(message.data, channel);
      return 'kind' in one ? one : parseBooks(one.item, instId, message.action, sizes);
    }
    case 'books5': {
      const one = onlyItem(message.data, channel);
      return 'kind' in one ? one : parseBooks5(one.item, instId, sizes);
    }
    case 'bbo-tbt': {
      const one = onlyItem(message.data, channel);
      return 'kind' in one ? one : parseBbo(one.item, instId, sizes);
    }
    case 'tickers': {
      const one = onlyItem(message.data, channel);
      return 'kind' in one ? one : parseTicker(one.item, instId, isSwapInstId(instId));
    }
    case 'trades': {
      const one = onlyItem(message.data, channel);
      return 'kind' in one ? one : parseTrade(one.item, instId, sizes);
    }
    default:
      // A documented channel we do not map (trades-all, mark-price, funding-rate, ...) or a new one.
      return { kind: 'unknown', stream };
  }
}
