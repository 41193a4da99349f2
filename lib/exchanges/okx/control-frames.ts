// Control messages on an OKX WebSocket (NOTES.md "Connection keep-alive and limits"; fixtures ws/subscribe_*.json,
// ws/notice_64008.json, ws/login_*.json): the frames we send and the events we read back. A request carries an
// `id` (up to 32 alphanumerics) that its reply echoes; we send our numeric id as its digits and read it back as a
// number, so the connection correlates OKX replies as it does Binance's.
import type { ParsedFrame } from '../types.js';
import type { JsonObject } from '../binance/payload-fields.js';
import { codeNumber } from './payload-fields.js';
import { argOf, type OkxArg } from './stream-names.js';

/** The keep-alive: the text `ping` (not JSON), answered by the text `pong`. */
export const PING = 'ping';
export const PONG = 'pong';

/** OKX's notice that the connection will soon close for a service upgrade: reconnect now. */
export const NOTICE_RECONNECT = 64008;

function args(streams: readonly string[]): OkxArg[] {
  return streams.map((stream) => {
    const arg = argOf(stream);
    if (arg === undefined) throw new TypeError(`not an OKX stream name (channel:instId): ${JSON.stringify(stream.slice(0, 80))}`);
    return arg;
  });
}

function opFrame(op: 'subscribe' | 'unsubscribe', streams: readonly string[], id: number): string {
  return JSON.stringify({ id: String(id), op, args: args(streams) });
}

export const subscribeFrame = (streams: readonly string[], id: number): string => opFrame('subscribe', streams, id);
export const unsubscribeFrame = (streams: readonly string[], id: number): string => opFrame('unsubscribe', streams, id);
/** The probe is the keep-alive ping: its `pong` carries no id (it parses as a reply with id null). */
export const probeFrame = (): string => PING;

type Reply = Extract<ParsedFrame, { kind: 'reply' }>;
type Malformed = Extract<ParsedFrame, { kind: 'malformed' }>;

/** Our ids are digits; an id OKX echoes that is not ours (or none) correlates to null. */
function replyId(value: unknown): number | string | null | undefined {
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.length > 32) return undefined;
  return /^\d{1,15}$/.test(value) ? Number(value) : value;
}

/**
 * An `{event, ...}` message: `subscribe`/`unsubscribe` (success, one per arg), `error` (a refused request),
 * `login`, `notice` (64008: reconnect now), `channel-conn-count` and the like (unknown).
 */
export function parseEvent(message: JsonObject): Reply | Malformed | Extract<ParsedFrame, { kind: 'shutdown' | 'unknown' }> {
  const { event } = message;
  const id = replyId(message.id);
  if (id === undefined) return { kind: 'malformed', reason: 'event: id is not a string of up to 32 characters' };
  switch (event) {
    case 'subscribe':
    case 'unsubscribe':
      return { kind: 'reply', id, error: undefined, result: message.arg };
    case 'login': {
      const code = codeNumber(message.code);
      if (code === undefined) return { kind: 'malformed', reason: 'login: code is not a string of digits' };
      if (code === 0) return { kind: 'reply', id, error: undefined, result: 'login' };
      return { kind: 'reply', id, error: { code, msg: typeof message.msg === 'string' ? message.msg : '' }, result: undefined };
    }
    case 'error': {
      const code = codeNumber(message.code);
      if (code === undefined) return { kind: 'malformed', reason: 'error: code is not a string of digits' };
      if (typeof message.msg !== 'string') return { kind: 'malformed', reason: 'error: msg is not a string' };
      return { kind: 'reply', id, error: { code, msg: message.msg }, result: undefined };
    }
    case 'notice':
      return codeNumber(message.code) === NOTICE_RECONNECT ? { kind: 'shutdown' } : { kind: 'unknown', stream: undefined };
    default:
      return typeof event === 'string' ? { kind: 'unknown', stream: undefined } : { kind: 'malformed', reason: 'event is not a string' };
  }
}
