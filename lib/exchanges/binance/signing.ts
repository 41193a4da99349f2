// Binance request signing, shared by the client and the simulator (the logic is genuinely the same on
// both sides). REST signs "query string + body" percent-encoded; the WebSocket API signs its params
// sorted by name, joined `k=v&...`, not percent-encoded (fixtures/binance/NOTES.md section 6). HMAC keys
// sign hex; Ed25519 keys sign base64 over the same payloads (percent-encoded again in a REST query string).
import { createHmac, createPrivateKey, createPublicKey, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

export type SignParams = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string | number | boolean | bigint>>;

function entries(params: SignParams): Array<[string, string]> {
  const list = Array.isArray(params) ? params : Object.entries(params as Record<string, string | number | boolean | bigint>);
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

/**
 * Ed25519 signature of the UTF-8 payload, base64 (88 characters). `privateKey` is a PKCS#8 PEM or a
 * KeyObject; throws TypeError (without the key's text) when it is not an Ed25519 private key.
 */
export function ed25519SignBase64(privateKey: string | KeyObject, payload: string): string {
  return sign(null, Buffer.from(payload, 'utf8'), ed25519PrivateKey(privateKey)).toString('base64');
}

/** True when `signatureBase64` is the Ed25519 signature of `payload` under `publicKey` (SPKI PEM or KeyObject). */
export function verifyEd25519Base64(publicKey: string | KeyObject, payload: string, signatureBase64: string): boolean {
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== 64) return false;
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    return verify(null, Buffer.from(payload, 'utf8'), key, signature);
  } catch {
    return false;
  }
}

function ed25519PrivateKey(privateKey: string | KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  } catch {
    // Never echo the key or the parser's message: either may carry key material.
    throw new TypeError('the Ed25519 private key is not a readable PEM (PKCS#8) key');
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') throw new TypeError('the private key is not an Ed25519 private key');
  return key;
}
