// Which kind of API key a request names, and the check of its signature: an account's HMAC key signs with
// HMAC-SHA256 (hex, case-insensitive), its Ed25519 key with Ed25519 (base64, case-sensitive; percent-encoded
// in a REST query, decoded before it gets here). fixtures/binance/NOTES.md section 6.
import { verify, type KeyObject } from 'node:crypto';
import { verifyHexSignature } from '../../lib/exchanges/binance/signing.js';
import type { SimAccount, SimEd25519Key } from './context.js';
import { ed25519PublicKey } from './ed25519-keys.js';

export type ApiKeyType = 'HMAC_SHA256' | 'ED25519';

const HEX_SIGNATURE = /^[0-9a-fA-F]{64}$/;
/** 64 bytes in base64: 86 characters and `==`. */
const ED25519_SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

/** Parsed public keys, once per configured key (accounts live as long as the simulator). */
const publicKeys = new WeakMap<SimEd25519Key, KeyObject>();

function publicKeyOf(key: SimEd25519Key): KeyObject | undefined {
  let parsed = publicKeys.get(key);
  if (!parsed) {
    parsed = ed25519PublicKey(key.publicKey);
    if (parsed) publicKeys.set(key, parsed);
  }
  return parsed;
}

/** The type of `apiKey` if it is one of `account`'s keys. */
export function apiKeyType(account: SimAccount, apiKey: string): ApiKeyType | undefined {
  if (apiKey === account.apiKey) return 'HMAC_SHA256';
  if (account.ed25519 !== undefined && apiKey === account.ed25519.apiKey) return 'ED25519';
  return undefined;
}

export function ownsApiKey(account: SimAccount, apiKey: string): boolean {
  return apiKeyType(account, apiKey) !== undefined;
}

/** True when `signature` signs `payload` with the key `apiKey` names (one of `account`'s). */
export function verifyRequestSignature(account: SimAccount, apiKey: string, payload: string, signature: string): boolean {
  const type = apiKeyType(account, apiKey);
  switch (type) {
    case 'HMAC_SHA256':
      return HEX_SIGNATURE.test(signature) && verifyHexSignature(account.apiSecret, payload, signature);
    case 'ED25519': {
      const key = account.ed25519 && publicKeyOf(account.ed25519);
      return key !== undefined && ED25519_SIGNATURE.test(signature) && verify(null, Buffer.from(payload, 'utf8'), key, Buffer.from(signature, 'base64'));
    }
    case undefined:
      return false;
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}
