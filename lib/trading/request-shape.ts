// The shape of what a caller hands the trading API, checked before anything reads it: a caller without
// types may pass null, a number, a string or an array where an order request or an order selector belongs.
// That is a typed refusal naming the argument, never a TypeError from deep inside, and nothing is sent.
import { InvalidOrderError, ValidationError } from '../core/errors.js';

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the caller gave, in a few words: `null`, `a number (5)`, `an array`. */
function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `a ${typeof value} (${String(value)})`;
  return String(typeof value);
}

/** The caller's value as text, as InvalidOrderError keeps it. */
function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.slice(0, 60);
  try {
    return (JSON.stringify(value) ?? String(typeof value)).slice(0, 60);
  } catch {
    return String(typeof value);
  }
}

/** Throws InvalidOrderError (field 'request') unless `request` is an object (not an array). */
export function checkOrderRequest(request: unknown): void {
  if (isObject(request)) return;
  throw new InvalidOrderError('request', shown(request), 'request', 'object', undefined, `the order request must be an object, got ${described(request)}`);
}

/** Throws ValidationError (field 'order') unless `selector` is an object (not an array). */
export function checkOrderSelector(selector: unknown): void {
  if (isObject(selector)) return;
  throw new ValidationError('order', 'object', `the order selector must be an object ({ symbol, orderId } or { symbol, clientOrderId }), got ${described(selector)}`);
}
