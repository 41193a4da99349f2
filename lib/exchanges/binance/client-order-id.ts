// Client order ids for new orders: the idempotency key a session retries and reconciles by. Binance
// accepts ^[a-zA-Z0-9-_]{1,36}$; ours are prefix + base-36 time + per-process counter + random, so two
// processes started in the same millisecond still differ.
import { randomBytes } from 'node:crypto';

export const CLIENT_ORDER_ID_PATTERN = /^[a-zA-Z0-9-_]{1,36}$/;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const PREFIX = 'cx';

let counter = 0;

function randomText(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** 'cx-<time36>-<counter36>-<random>' (at most 30 characters for the next few thousand years). */
export function newClientOrderId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 36 ** 4;
  return `${PREFIX}-${Math.max(0, Math.floor(nowMs)).toString(36)}-${counter.toString(36)}-${randomText(8)}`;
}
