// `userDataStream.subscribe.signature` security, WebSocket API rules (fixtures/binance/NOTES.md section
// 6): known API key, `timestamp` within `recvWindow` and not 1000 ms ahead, HMAC-SHA256 over every param
// except `signature`, sorted by name, `k=v` joined by `&`, not percent-encoded.
import { verifyHexSignature, wsApiSignaturePayload } from '../../../lib/exchanges/binance/signing.js';
import type { SimAccount } from '../context.js';
import { wsApiErrors } from './errors.js';
import { requireString, type Params } from './requests.js';

const MAX_RECV_WINDOW = 60_000;
const DEFAULT_RECV_WINDOW = 5_000;

function timestampParam(params: Params): number {
  const value = params.timestamp;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return Number(value);
  throw wsApiErrors.mandatory('timestamp');
}

function recvWindowParam(params: Params): number {
  const value = params.recvWindow;
  if (value === undefined) return DEFAULT_RECV_WINDOW;
  // Up to three decimals (microsecond precision) are allowed.
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,10}(\.\d{1,3})?$/.test(text)) throw wsApiErrors.invalidParam('recvWindow');
  const recvWindow = Number(text);
  if (recvWindow > MAX_RECV_WINDOW) throw wsApiErrors.tooGreat('recvWindow', MAX_RECV_WINDOW);
  return recvWindow;
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
  // Timestamps above 10^13 are microseconds.
  const timestampMs = timestamp >= 1e13 ? timestamp / 1000 : timestamp;
  if (timestampMs >= serverTime + 1000) throw wsApiErrors.timestampAhead();
  if (serverTime - timestampMs > recvWindow) throw wsApiErrors.timestampOutsideWindow();
  if (!/^[0-9a-fA-F]{64}$/.test(signature) || !verifyHexSignature(account.apiSecret, wsApiSignaturePayload(signable(params)), signature)) {
    throw wsApiErrors.badSignature();
  }
  return account;
}
