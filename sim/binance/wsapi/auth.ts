// `userDataStream.subscribe.signature` security, WebSocket API rules (fixtures/binance/NOTES.md section
// 6): known API key, `timestamp` within `recvWindow` and not 1000 ms ahead, HMAC-SHA256 over every param
// except `signature`, sorted by name, `k=v` joined by `&`, not percent-encoded.
import { verifyHexSignature, wsApiSignaturePayload } from '../../../lib/exchanges/binance/signing.js';
import type { SimAccount } from '../context.js';
import { checkTimestamp, recvWindowMs, type RequestTimeErrors } from '../request-time.js';
import { wsApiErrors } from './errors.js';
import { requireString, type Params } from './requests.js';

const timeErrors: RequestTimeErrors = {
  malformedRecvWindow: () => wsApiErrors.invalidParam('recvWindow'),
  recvWindowTooGreat: (max) => wsApiErrors.tooGreat('recvWindow', max),
  timestampAhead: () => wsApiErrors.timestampAhead(),
  timestampOutsideWindow: () => wsApiErrors.timestampOutsideWindow(),
};

function timestampParam(params: Params): number {
  const value = params.timestamp;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return Number(value);
  throw wsApiErrors.mandatory('timestamp');
}

function recvWindowParam(params: Params): number {
  const value = params.recvWindow;
  // JSON may carry it as a number or a string; anything else is malformed.
  const text = typeof value === 'number' ? String(value) : value;
  if (text !== undefined && typeof text !== 'string') throw timeErrors.malformedRecvWindow();
  return recvWindowMs(text, timeErrors);
}

function signable(params: Params): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[key] = value;
    else throw wsApiErrors.invalidParam(key);
  }
  return out;
}

/** The account the signed request speaks for; throws the Binance error otherwise. */
export function verifySignedParams(params: Params, accounts: ReadonlyMap<string, SimAccount>, serverTime: number): SimAccount {
  const apiKey = requireString(params, 'apiKey');
  const signature = requireString(params, 'signature');
  const timestamp = timestampParam(params);
  const recvWindow = recvWindowParam(params);
  const account = accounts.get(apiKey);
  if (!account) throw wsApiErrors.rejectedKey();
  checkTimestamp(timestamp, recvWindow, serverTime, timeErrors);
  if (!/^[0-9a-fA-F]{64}$/.test(signature) || !verifyHexSignature(account.apiSecret, wsApiSignaturePayload(signable(params)), signature)) {
    throw wsApiErrors.badSignature();
  }
  return account;
}
