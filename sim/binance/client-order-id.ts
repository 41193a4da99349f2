// Client order ids Binance generates itself (a cancel request without newClientOrderId gets one): 22
// characters of [A-Za-z0-9], as in its answers. One generator for the REST answer and the user events.
import { randomBytes } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function generatedClientOrderId(): string {
  return [...randomBytes(22)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
}
