// Ed25519 keys for the simulator's accounts: a demo key pair derived from 32 seed bytes (stable per simulator
// seed, so clients can keep it in their config), and the check that a configured public key is Ed25519.
// node:crypto has no "key from seed" call, but a PKCS#8 Ed25519 private key is a fixed 16-byte DER header
// followed by the 32-byte seed (RFC 8410), so the seed alone makes the key.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Ed25519KeyPair {
  /** SPKI PEM: what an account registers with the exchange. */
  publicKey: string;
  /** PKCS#8 PEM: what the client signs with. */
  privateKey: string;
}

export function ed25519KeyPairFromSeed(seed: Buffer): Ed25519KeyPair {
  if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return {
    publicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** The public key of a PEM text, or undefined when it is not an Ed25519 public key. */
export function ed25519PublicKey(pem: string): KeyObject | undefined {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key : undefined;
  } catch {
    return undefined;
  }
}
