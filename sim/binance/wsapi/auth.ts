// Signed WebSocket API requests (`order.*`, `session.logon`, `userDataStream.subscribe.signature`), WebSocket
// API rules (fixtures/binance/NOTES.md section 6): known API key, `timestamp` within `recvWindow` and not
// 1000 ms ahead, a signature over every param except `signature`, sorted by name, `k=v` joined by `&`, not
// percent-encoded: HMAC-SHA256 (hex) for an HMAC key, Ed25519 (base64) for an Ed25519 key.
import { wsApiSignaturePayload } from '../../../lib/exchanges/binance/signing.js';
import { apiKeyType, verifyRequestSignature, type ApiKeyType } from '../api-keys.js';
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

/** Who signed a request: the account, the API key named and its type. */
export interface Signer {
  account: SimAccount;
  apiKey: string;
  keyType: ApiKeyType;
}

/** The signer of the request; throws the Binance error otherwise. */
export function verifySignedParams(params: Params, accounts: ReadonlyMap<string, SimAccount>, serverTime: number): Signer {
  const apiKey = requireString(params, 'apiKey');
  const signature = requireString(params, 'signature');
  const timestamp = timestampParam(params);
  const recvWindow = recvWindowParam(params);
  const account = accounts.get(apiKey);
  const keyType = account && apiKeyType(account, apiKey);
  if (!account || !keyType) throw wsApiErrors.rejectedKey();
  checkTimestamp(timestamp, recvWindow, serverTime, timeErrors);
  if (!verifyRequestSignature(account, apiKey, wsApiSignaturePayload(signable(params)), signature)) throw wsApiErrors.badSignature();
  return { account, apiKey, keyType };
}

/** A request on a logged-on session carries no signature, but still its `timestamp` (and `recvWindow`). */
export function verifyRequestTime(params: Params, serverTime: number): void {
  checkTimestamp(timestampParam(params), recvWindowParam(params), serverTime, timeErrors);
}
