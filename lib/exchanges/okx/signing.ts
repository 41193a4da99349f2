// OKX request signing (NOTES.md "Authentication"; signing.json): REST signs timestamp + METHOD + requestPath
// (GET query included) + body with HMAC-SHA256, Base64, the timestamp an ISO 8601 UTC time with milliseconds; the
// headers are OK-ACCESS-KEY, -SIGN, -TIMESTAMP and -PASSPHRASE. The WebSocket login signs timestamp + 'GET' +
// '/users/self/verify' the same way, the timestamp in Unix seconds. Credentials leave this module only as a
// signature and in the headers and login frame OKX requires; errors never carry them (the logger also redacts
// OK-ACCESS-* headers, apiKey and passphrase).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../../core/errors.js';

/** OKX API credentials: the passphrase is chosen when the key is created and sent with every request. */
export interface OkxCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly passphrase: string;
}

export type OkxMethod = 'GET' | 'POST';

export const HEADERS = {
  key: 'OK-ACCESS-KEY',
  sign: 'OK-ACCESS-SIGN',
  timestamp: 'OK-ACCESS-TIMESTAMP',
  passphrase: 'OK-ACCESS-PASSPHRASE',
} as const;

/** Demo trading: the production hosts with this header (REST), or the wspap host (WebSocket). */
export const SIMULATED_TRADING_HEADER = 'x-simulated-trading';

/** The path the WebSocket login signs. */
export const LOGIN_PATH = '/users/self/verify';

function checkTime(timestampMs: number): void {
  if (!Number.isSafeInteger(timestampMs) || timestampMs <= 0) {
    throw new ValidationError('timestamp', 'epoch-ms', `timestamp must be a positive integer of ms, got ${timestampMs}`);
  }
}

/** Header values must be printable ASCII; the value itself is never echoed. */
function checkCredentials(credentials: OkxCredentials): void {
  const fields = ['apiKey', 'apiSecret', 'passphrase'] as const;
  for (const field of fields) {
    const value: unknown = (credentials as unknown as Record<string, unknown> | undefined)?.[field];
    if (typeof value !== 'string' || !/^[\x20-\x7e]{1,256}$/.test(value)) {
      throw new ValidationError(`credentials.${field}`, 'format', `the ${field} is missing, empty or not printable ASCII`);
    }
  }
}

/** `2020-12-08T09:08:57.715Z`: the OK-ACCESS-TIMESTAMP format. */
export function isoTimestamp(timestampMs: number): string {
  checkTime(timestampMs);
  return new Date(timestampMs).toISOString();
}

/** What OKX signs for REST: timestamp + METHOD + requestPath (with its query) + body ('' when there is none). */
export function restPrehash(timestamp: string, method: string, requestPath: string, body = ''): string {
  return `${timestamp}${method.toUpperCase()}${requestPath}${body}`;
}

/** What the WebSocket login signs: Unix seconds + 'GET' + '/users/self/verify'. */
export function loginPrehash(timestampSeconds: string): string {
  return `${timestampSeconds}GET${LOGIN_PATH}`;
}

export function hmacSha256Base64(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

/** Constant-time check of a Base64 signature (the simulator's side). */
export function verifyBase64Signature(secret: string, prehash: string, signature: string): boolean {
  const expected = Buffer.from(hmacSha256Base64(secret, prehash), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface OkxSignedRequest {
  readonly method: OkxMethod;
  /** requestPath with its query string: '/api/v5/account/balance?ccy=BTC'. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text for a POST, '' for a GET. */
  readonly body: string;
}

export interface SignOptions {
  /** Demo trading (`x-simulated-trading: 1`). */
  readonly simulated?: boolean;
}

/**
 * A private REST request as it goes on the wire. `requestPath` carries a GET's query; a POST's JSON body is
 * signed as sent (so it is serialized once, here).
 */
export function signRestRequest(
  method: OkxMethod,
  requestPath: string,
  body: unknown,
  credentials: OkxCredentials,
  timestampMs: number,
  options: SignOptions = {},
): OkxSignedRequest {
  checkCredentials(credentials);
  if (!requestPath.startsWith('/')) throw new ValidationError('requestPath', 'format', 'the request path must start with /');
  if (method === 'GET' && body !== undefined) throw new ValidationError('body', 'get-body', 'a GET carries its parameters in the request path');
  const text = body === undefined ? '' : JSON.stringify(body);
  const timestamp = isoTimestamp(timestampMs);
  const headers: Record<string, string> = {
    [HEADERS.key]: credentials.apiKey,
    [HEADERS.sign]: hmacSha256Base64(credentials.apiSecret, restPrehash(timestamp, method, requestPath, text)),
    [HEADERS.timestamp]: timestamp,
    [HEADERS.passphrase]: credentials.passphrase,
  };
  if (text) headers['Content-Type'] = 'application/json';
  if (options.simulated) headers[SIMULATED_TRADING_HEADER] = '1';
  return { method, path: requestPath, headers, body: text };
}

/** `{"op":"login","args":[{apiKey, passphrase, timestamp, sign}]}`: valid for 30 s after its timestamp. */
export function loginFrame(credentials: OkxCredentials, timestampMs: number): string {
  checkCredentials(credentials);
  checkTime(timestampMs);
  const timestamp = String(Math.floor(timestampMs / 1000));
  const sign = hmacSha256Base64(credentials.apiSecret, loginPrehash(timestamp));
  return JSON.stringify({ op: 'login', args: [{ apiKey: credentials.apiKey, passphrase: credentials.passphrase, timestamp, sign }] });
}
