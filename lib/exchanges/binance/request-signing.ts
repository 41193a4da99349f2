// Signs Binance requests with a user's credentials: REST (query string in send order, percent-encoded,
// HMAC hex or Ed25519 base64 then percent-encoded) and WebSocket API params (sorted, not encoded). The
// credentials never leave this module except as a signature; errors never carry them.
import { ValidationError } from '../../core/errors.js';
import type { HttpRequestParts, SignedRestRequest, TradingCredentials } from '../trading-types.js';
import { ed25519SignBase64, hmacSha256Hex, restSignaturePayload, toQueryString, wsApiSignaturePayload } from './signing.js';

export const API_KEY_HEADER = 'X-MBX-APIKEY';
/** recvWindow bounds (NOTES.md section 6): default 5000, at most 60000. */
export const MAX_RECV_WINDOW_MS = 60_000;

function checkTiming(timestampMs: number, recvWindowMs: number | undefined): void {
  if (!Number.isSafeInteger(timestampMs) || timestampMs <= 0) {
    throw new ValidationError('timestamp', 'epoch-ms', `timestamp must be a positive integer of ms, got ${timestampMs}`);
  }
  if (recvWindowMs !== undefined && (!Number.isInteger(recvWindowMs) || recvWindowMs < 1 || recvWindowMs > MAX_RECV_WINDOW_MS)) {
    throw new ValidationError('recvWindow', 'range', `recvWindow must be an integer in 1..${MAX_RECV_WINDOW_MS}, got ${recvWindowMs}`);
  }
}

function checkApiKey(credentials: TradingCredentials): void {
  // Only printable ASCII goes into a header; the key's value is not echoed.
  if (typeof credentials.apiKey !== 'string' || !/^[\x21-\x7e]{1,256}$/.test(credentials.apiKey)) {
    throw new ValidationError('credentials.apiKey', 'format', 'the API key is empty or not printable ASCII');
  }
}

/** The signature of `payload`: HMAC-SHA256 hex, or Ed25519 base64. Throws ValidationError (no secret in it). */
export function signPayload(credentials: TradingCredentials, payload: string): string {
  if (credentials.kind === 'ed25519') {
    try {
      return ed25519SignBase64(credentials.privateKeyPem, payload);
    } catch (error) {
      throw new ValidationError('credentials.privateKeyPem', 'ed25519-pkcs8', error instanceof TypeError ? error.message : 'the private key is unusable');
    }
  }
  if (typeof credentials.apiSecret !== 'string' || credentials.apiSecret.length === 0) {
    throw new ValidationError('credentials.apiSecret', 'required', 'the API secret is empty');
  }
  return hmacSha256Hex(credentials.apiSecret, payload);
}

/**
 * The request as it goes on the wire. Every param goes in the query string (Binance accepts that for
 * POST and DELETE too, and the signed payload is then just the query string); `recvWindow` and
 * `timestamp` close the list, `signature` last, as the documentation's examples order them.
 */
export function signRequest(
  request: SignedRestRequest,
  credentials: TradingCredentials,
  timestampMs: number,
  recvWindowMs: number,
): HttpRequestParts {
  if (request.security === 'none') {
    const query = toQueryString(request.params);
    return { method: request.method, path: query ? `${request.path}?${query}` : request.path, headers: {}, body: '' };
  }
  checkApiKey(credentials);
  const headers = { [API_KEY_HEADER]: credentials.apiKey };
  if (request.security === 'apiKey') {
    const query = toQueryString(request.params);
    return { method: request.method, path: query ? `${request.path}?${query}` : request.path, headers, body: '' };
  }
  checkTiming(timestampMs, recvWindowMs);
  const query = toQueryString([...request.params, ['recvWindow', String(recvWindowMs)], ['timestamp', String(timestampMs)]]);
  const signature = signPayload(credentials, restSignaturePayload(query));
  return { method: request.method, path: `${request.path}?${query}&${toQueryString([['signature', signature]])}`, headers, body: '' };
}

/** A bigint is a 64-bit id: written as an exact JSON number (stringifyJson), signed as its digits. */
export type WsParamValue = string | number | boolean | bigint;

/**
 * WebSocket API params with apiKey, timestamp, recvWindow (when given) and the signature over all of
 * them sorted by name (web-socket-api.md "SIGNED request security").
 */
export function signWsParams(
  params: Readonly<Record<string, WsParamValue>>,
  credentials: TradingCredentials,
  timestampMs: number,
  recvWindowMs?: number,
): Record<string, WsParamValue> {
  checkApiKey(credentials);
  checkTiming(timestampMs, recvWindowMs);
  const signed: Record<string, WsParamValue> = { ...params, apiKey: credentials.apiKey, timestamp: timestampMs };
  if (recvWindowMs !== undefined) signed.recvWindow = recvWindowMs;
  return { ...signed, signature: signPayload(credentials, wsApiSignaturePayload(signed)) };
}
