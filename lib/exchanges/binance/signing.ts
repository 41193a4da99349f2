// Binance request signing, shared by the client and the simulator (the logic is genuinely the same on
// both sides). REST signs "query string + body" percent-encoded; the WebSocket API signs its params
// sorted by name, joined `k=v&...`, not percent-encoded (fixtures/binance/NOTES.md section 6).
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignParams = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | number | boolean>>;

function entries(params: SignParams): Array<[string, string]> {
  const list = Array.isArray(params) ? params : Object.entries(params as Record<string, string | number | boolean>);
  return list.map(([k, v]) => [k, String(v)]);
}

/** RFC 3986 percent-encoding of one query component (what Binance expects for non-ASCII values). */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `k=v&k=v` in the given order, percent-encoded: the REST query string or form body. */
export function toQueryString(params: SignParams): string {
  return entries(params)
    .map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`)
    .join('&');
}

/** REST payload: the query string concatenated without separator to the body (both already encoded). */
export function restSignaturePayload(queryString: string, body = ''): string {
  return `${queryString}${body}`;
}

/** WebSocket API payload: every param except `signature`, sorted by name, `k=v` joined by `&`, not encoded. */
export function wsApiSignaturePayload(params: SignParams): string {
  return entries(params)
    .filter(([k]) => k !== 'signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** Constant-time, case-insensitive comparison of a hex signature with the expected one. */
export function verifyHexSignature(secret: string, payload: string, signature: string): boolean {
  const expected = Buffer.from(hmacSha256Hex(secret, payload), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
