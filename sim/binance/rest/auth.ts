// SIGNED endpoint security, as Binance checks it (fixtures/binance/NOTES.md section 6): the API key from
// `X-MBX-APIKEY`, `timestamp` within `recvWindow` and not 1000 ms ahead, and an HMAC-SHA256 over the
// query string + body exactly as received (percent-encoded), with the `signature` parameter cut out.
import { restSignaturePayload, verifyHexSignature } from '../../../lib/exchanges/binance/signing.js';
import type { SimAccount } from '../context.js';
import { restErrors } from './errors.js';
import type { RequestParams } from './params.js';

const API_KEY_RE = /^[A-Za-z0-9]{1,128}$/;
const MAX_RECV_WINDOW = 60_000;
const DEFAULT_RECV_WINDOW = 5_000;

/** Removes the `signature=...` component from a raw query string or body. */
function withoutSignature(raw: string): string {
  return raw
    .split('&')
    .filter((part) => !part.startsWith('signature='))
    .join('&');
}

export function authenticateApiKey(header: string | string[] | undefined, accounts: ReadonlyMap<string, SimAccount>): SimAccount {
  const apiKey = Array.isArray(header) ? header[0] : header;
  if (apiKey === undefined || !API_KEY_RE.test(apiKey)) throw restErrors.apiKeyFormat();
  const account = accounts.get(apiKey);
  if (!account) throw restErrors.rejectedKey();
  return account;
}

/** Verifies timestamp/recvWindow then the signature; throws the Binance error otherwise. */
export function verifySignedRequest(account: SimAccount, params: RequestParams, serverTime: number): void {
  const signature = params.string('signature');
  if (signature === undefined) throw restErrors.mandatory('signature');
  const timestamp = params.requireInteger('timestamp');
  const recvWindowText = params.string('recvWindow');
  let recvWindow = DEFAULT_RECV_WINDOW;
  if (recvWindowText !== undefined) {
    // Binance allows up to three decimals (microsecond precision) in recvWindow.
    if (!/^\d{1,10}(\.\d{1,3})?$/.test(recvWindowText)) throw restErrors.illegalChars('recvWindow', '^[0-9]{1,10}(\\.[0-9]{1,3})?$');
    recvWindow = Number(recvWindowText);
    if (recvWindow > MAX_RECV_WINDOW) throw restErrors.tooGreat('recvWindow', MAX_RECV_WINDOW);
  }
  // Timestamps above 10^13 are microseconds.
  const timestampMs = timestamp >= 1e13 ? timestamp / 1000 : timestamp;
  if (timestampMs >= serverTime + 1000) throw restErrors.timestampAhead();
  if (serverTime - timestampMs > recvWindow) throw restErrors.timestampOutsideWindow();
  const payload = restSignaturePayload(withoutSignature(params.rawQuery), withoutSignature(params.rawBody));
  if (!/^[0-9a-fA-F]{64}$/.test(signature) || !verifyHexSignature(account.apiSecret, payload, signature)) {
    throw restErrors.badSignature();
  }
}
