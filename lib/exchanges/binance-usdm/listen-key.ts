// The USD-M user stream's listen key (NOTES.md section 4): POST /fapi/v1/listenKey gives the account's key (the
// active one, extended, if there is one), valid 60 minutes; PUT extends it (-1125: gone, create again); DELETE
// closes it. The stream is `${wsBase}/private/ws?listenKey=<key>` since the 2026 URL split (the old /ws base is
// retired). Keep-alive every 30 minutes: half the validity, so one lost PUT is not yet an expiry.
import { ValidationError } from '../../core/errors.js';
import type { ListenKeyCodec } from '../trading-types.js';
import { closeListenKeyRequest, createListenKeyRequest, keepAliveListenKeyRequest } from './order-requests.js';
import { parseListenKey } from './trading-parsers.js';

const MINUTE_MS = 60_000;

/**
 * The private stream's URL. `wsBase` is the part before `/private` ('wss://fstream.binance.com'); a trailing
 * slash, or a trailing endpoint and `/ws` or `/stream` copied from the docs, is dropped so no path is doubled.
 */
export function userStreamUrl(wsBase: string, listenKey: string): string {
  if (typeof listenKey !== 'string' || !/^[A-Za-z0-9]{1,100}$/.test(listenKey)) throw new ValidationError('listenKey', 'format', 'listenKey must be letters and digits');
  const base = wsBase
    .replace(/\/+$/, '')
    .replace(/\/(?:ws|stream)$/, '')
    .replace(/\/(?:public|market|private)$/, '');
  return `${base}/private/ws?listenKey=${listenKey}`;
}

export const usdmListenKey: ListenKeyCodec = {
  validityMs: 60 * MINUTE_MS,
  keepAliveIntervalMs: 30 * MINUTE_MS,
  create: createListenKeyRequest,
  keepAlive: keepAliveListenKeyRequest,
  close: closeListenKeyRequest,
  parse: parseListenKey,
  streamUrl: userStreamUrl,
};
