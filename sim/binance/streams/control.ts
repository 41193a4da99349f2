// Live control messages on a market stream connection (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS,
// SET_PROPERTY, GET_PROPERTY): parsing and the documented error replies (ws/control/error_messages.json).
import type { Payload } from './payloads.js';

/** 64-bit signed integer, alphanumeric string (<= 36 chars) or null. */
export type ControlId = number | string | null;

export type ControlRequest =
  | { type: 'subscribe'; id: ControlId; streams: string[] }
  | { type: 'unsubscribe'; id: ControlId; streams: string[] }
  | { type: 'listSubscriptions'; id: ControlId }
  | { type: 'setProperty'; id: ControlId; property: 'combined'; value: boolean }
  | { type: 'getProperty'; id: ControlId; property: 'combined' };

/** A request the server refuses: `reply` is what goes back on the wire. */
export interface ControlRejection {
  type: 'rejected';
  reply: Payload;
}

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY'] as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Error texts quote at most this much of what the client sent: an answer must not grow with the input. */
const MAX_ECHO_CHARS = 64;

function echo(text: string): string {
  return text.length <= MAX_ECHO_CHARS ? text : `${text.slice(0, MAX_ECHO_CHARS)}...`;
}

/** serde's name for the JSON type of a value that should have been a method name. */
function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'sequence';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'floating point';
  return typeof value === 'object' ? 'map' : typeof value;
}

function reject(code: number, msg: string, id?: ControlId): ControlRejection {
  // Only "Unknown property" echoes the id in Binance's table; the others are printed without it.
  return { type: 'rejected', reply: id === undefined ? { code, msg } : { code, msg, id } };
}

/** Line and column (1-based) of character `index` in `text`, as serde_json reports them. */
function lineColumn(text: string, index: number): [number, number] {
  const before = text.slice(0, Math.max(0, Math.min(index, text.length)));
  const lines = before.split('\n');
  return [lines.length, (lines[lines.length - 1]?.length ?? 0) + 1];
}

function invalidJson(text: string, error: unknown): ControlRejection {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message);
  const [line, column] = lineColumn(text, position ? Number(position[1]) : text.length);
  return reject(3, `Invalid JSON: expected value at line ${line} column ${column}`);
}

function isValidId(id: unknown): id is ControlId {
  if (id === null) return true;
  if (typeof id === 'string') return /^[A-Za-z0-9]{1,36}$/.test(id);
  if (typeof id === 'number' && Number.isInteger(id)) {
    const big = BigInt(id);
    return big >= INT64_MIN && big <= INT64_MAX;
  }
  return false;
}

function streamList(params: unknown, method: string): string[] | ControlRejection {
  if (!Array.isArray(params) || params.length === 0 || !params.every((p): p is string => typeof p === 'string')) {
    return reject(2, `Invalid request: ${method} needs params as a non-empty list of stream names`);
  }
  return params;
}

function propertyName(params: unknown, maxParams: number, id: ControlId): 'combined' | ControlRejection {
  if (!Array.isArray(params) || typeof params[0] !== 'string') return reject(2, 'Invalid request: property name must be a string');
  if (params.length > maxParams) return reject(2, 'Invalid request: too many parameters');
  if (params[0] !== 'combined') return reject(0, 'Unknown property', id);
  return 'combined';
}

export function parseControlMessage(text: string): ControlRequest | ControlRejection {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (error) {
    return invalidJson(text, error);
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message) || !('method' in message)) {
    // serde reports the missing field at the closing brace, the last character.
    const [line, column] = lineColumn(text, text.length - 1);
    return reject(2, `Invalid request: missing field \`method\` at line ${line} column ${column}`);
  }
  const { method, params, id } = message as { method: unknown; params?: unknown; id?: unknown };
  const expected = METHODS.map((m) => `\`${m}\``).join(', ');
  // Not a string: never stringified, the value may be anything (`{"toString":1}`, 20,000 nested arrays).
  if (typeof method !== 'string') return reject(2, `Invalid request: invalid type: ${jsonKind(method)}, expected one of ${expected}`);
  if (!(METHODS as readonly string[]).includes(method)) {
    const shown = JSON.stringify(method);
    const end = text.indexOf(shown, text.indexOf('"method"')) + shown.length;
    const [line, column] = lineColumn(text, end);
    return reject(2, `Invalid request: unknown variant \`${echo(method)}\`, expected one of ${expected} at line ${line} column ${column}`);
  }
  if (!('id' in message) || !isValidId(id)) return reject(2, 'Invalid request: request ID must be an unsigned integer');

  switch (method as (typeof METHODS)[number]) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      const streams = streamList(params, method);
      if (!Array.isArray(streams)) return streams;
      return { type: method === 'SUBSCRIBE' ? 'subscribe' : 'unsubscribe', id, streams };
    }
    case 'LIST_SUBSCRIPTIONS':
      if (Array.isArray(params) ? params.length > 0 : params !== undefined) return reject(2, 'Invalid request: too many parameters');
      return { type: 'listSubscriptions', id };
    case 'SET_PROPERTY': {
      const property = propertyName(params, 2, id);
      if (typeof property !== 'string') return property;
      const value = (params as unknown[])[1];
      if (typeof value !== 'boolean') return reject(1, 'Invalid value type: expected Boolean');
      return { type: 'setProperty', id, property, value };
    }
    case 'GET_PROPERTY': {
      const property = propertyName(params, 1, id);
      if (typeof property !== 'string') return property;
      return { type: 'getProperty', id, property };
    }
    default: {
      const unreachable: never = method as never;
      return unreachable;
    }
  }
}

/** Custom refusals the documentation does not print (the simulator is stricter than Binance). */
export function unknownStreamRejection(name: string): ControlRejection {
  return reject(2, `Invalid request: unknown stream name \`${echo(name)}\``);
}

export function tooManyStreamsRejection(limit: number): ControlRejection {
  return reject(2, `Invalid request: too many streams; the limit is ${limit} per connection`);
}
