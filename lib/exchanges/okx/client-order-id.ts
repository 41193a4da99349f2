// Client order ids for OKX orders: the idempotency key a session retries and reconciles by. OKX's clOrdId is "a
// combination of case-sensitive alphanumerics, all numbers, or all letters of up to 32 characters": no '-' or '_'
// (Binance's `cx-...` ids are refused), so the parts of ours are told apart by fixed widths instead.
import { randomBytes } from 'node:crypto';

export const CLIENT_ORDER_ID_PATTERN = /^[A-Za-z0-9]{1,32}$/;
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const PREFIX = 'cx';

let counter = 0;

function randomText(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** 'cx' + base-36 time (9 wide) + counter (4) + random (8): 23 characters, two processes in one ms still differ. */
export function newClientOrderId(nowMs: number = Date.now()): string {
  counter = (counter + 1) % 36 ** 4;
  const time = Math.max(0, Math.floor(nowMs)).toString(36).padStart(9, '0');
  return `${PREFIX}${time}${counter.toString(36).padStart(4, '0')}${randomText(8)}`;
}
