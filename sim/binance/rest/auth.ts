// SIGNED endpoint security, as Binance checks it (fixtures/binance/NOTES.md section 6): the API key from
// `X-MBX-APIKEY`, `timestamp` within `recvWindow` and not 1000 ms ahead, and a signature over the query
// string + body exactly as received (percent-encoded), with the `signature` parameter cut out: HMAC-SHA256
// for an HMAC key, Ed25519 (base64, itself percent-encoded) for an Ed25519 key.
import { restSignaturePayload } from '../../../lib/exchanges/binance/signing.js';
import { verifyRequestSignature } from '../api-keys.js';
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

/** The account a SIGNED request speaks for, and the API key it named. */
export interface ApiKeyHolder {
  account: SimAccount;
  apiKey: string;
}

export function authenticateApiKey(header: string | string[] | undefined, accounts: ReadonlyMap<string, SimAccount>): ApiKeyHolder {
  const apiKey = Array.isArray(header) ? header[0] : header;
  if (apiKey === undefined || !API_KEY_RE.test(apiKey)) throw restErrors.apiKeyFormat();
  const account = accounts.get(apiKey);
  if (!account) throw restErrors.rejectedKey();
  return { account, apiKey };
}

/** Verifies timestamp/recvWindow then the signature; throws the Binance error otherwise. */
export function verifySignedRequest({ account, apiKey }: ApiKeyHolder, params: RequestParams, serverTime: number): void {
  const signature = params.string('signature');
  if (signature === undefined) throw restErrors.mandatory('signature');
  const timestamp = params.requireInteger('timestamp');
  checkTimestamp(timestamp, recvWindowMs(params.string('recvWindow'), timeErrors), serverTime, timeErrors);
  const payload = restSignaturePayload(withoutSignature(params.rawQuery), withoutSignature(params.rawBody));
  if (!verifyRequestSignature(account, apiKey, payload, signature)) throw restErrors.badSignature();
}
