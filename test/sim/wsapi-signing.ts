// Test-side signing of WebSocket API requests, written from the documented rule (params except `signature`
// sorted by name, `k=v` joined by `&`, not percent-encoded) rather than with the project's signing code:
// HMAC-SHA256 hex for an HMAC key, Ed25519 base64 for an Ed25519 key.
import { createHmac, sign } from 'node:crypto';
import type { SimAccount } from '../../sim/binance/context.js';

export type WsParams = Record<string, string | number | boolean>;

export function wsPayload(params: WsParams): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}

/** `params` + apiKey + timestamp, signed with the account's HMAC secret. */
export function hmacSigned(account: SimAccount, params: WsParams, timestamp = Date.now()): WsParams {
  const all = { ...params, apiKey: account.apiKey, timestamp };
  return { ...all, signature: createHmac('sha256', account.apiSecret).update(wsPayload(all)).digest('hex') };
}

/** `params` + apiKey + timestamp, signed with the account's Ed25519 demo key. */
export function ed25519Signed(account: SimAccount, params: WsParams, timestamp = Date.now()): WsParams {
  const key = account.ed25519;
  if (!key?.privateKey) throw new Error(`${account.name} has no Ed25519 demo key`);
  const all = { ...params, apiKey: key.apiKey, timestamp };
  return { ...all, signature: sign(null, Buffer.from(wsPayload(all)), key.privateKey).toString('base64') };
}
