// SIGNED endpoint security, as Binance checks it (fixtures/binance/NOTES.md section 6): the API key from
// `X-MBX-APIKEY`, `timestamp` within `recvWindow` and not 1000 ms ahead, and an HMAC-SHA256 over the
// query string + body exactly as received (percent-encoded), with the `signature` parameter cut out.
import { restSignaturePayload, verifyHexSignature } from '../../../lib/exchanges/binance/signing.js';
import type { SimAccount } from '../context.js';
import { checkTimestamp, RECV_WINDOW_PATTERN, recvWindowMs, type RequestTimeErrors } from '../request-time.js';
import { restErrors } from './errors.js';
import type { RequestParams } from './params.js';

const API_KEY_RE = /^[A-Za-z0-9]{1,128}$/;

const timeErrors: RequestTimeErrors = {
  malformedRecvWindow: () => restErrors.illegalChars('recvWindow', RECV_WINDOW_PATTERN),
  recvWindowTooGreat: (max) => restErrors.tooGreat('recvWindow', max),
  timestampAhead: () => restErrors.timestampAhead(),
  timestampOutsideWindow: () => restErrors.timestampOutsideWindow(),
};

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
  checkTimestamp(timestamp, recvWindowMs(params.string('recvWindow'), timeErrors), serverTime, timeErrors);
  const payload = restSignaturePayload(withoutSignature(params.rawQuery), withoutSignature(params.rawBody));
  if (!/^[0-9a-fA-F]{64}$/.test(signature) || !verifyHexSignature(account.apiSecret, payload, signature)) {
    throw restErrors.badSignature();
  }
}
