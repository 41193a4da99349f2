// Live control messages on a Binance market connection (web-socket-streams.md "Live Subscribing/
// Unsubscribing"; fixtures ws/control/): the frames we send and the replies we read back.
import type { ParsedFrame } from '../types.js';
import { isObject, type JsonObject } from './payload-fields.js';

type ControlMethod = 'SUBSCRIBE' | 'UNSUBSCRIBE' | 'LIST_SUBSCRIPTIONS';

function controlFrame(method: ControlMethod, params: readonly string[] | undefined, id: number): string {
  return JSON.stringify(params === undefined ? { method, id } : { method, params, id });
}

export const subscribeFrame = (streams: readonly string[], id: number): string => controlFrame('SUBSCRIBE', streams, id);
export const unsubscribeFrame = (streams: readonly string[], id: number): string => controlFrame('UNSUBSCRIBE', streams, id);
/** The reply's `result` is the list of stream names the connection carries. */
export const listSubscriptionsFrame = (id: number): string => controlFrame('LIST_SUBSCRIPTIONS', undefined, id);

type ReplyId = number | string | null;
type Reply = Extract<ParsedFrame, { kind: 'reply' }>;
type Malformed = Extract<ParsedFrame, { kind: 'malformed' }>;

function replyId(value: unknown): ReplyId | undefined {
  if (value === null || typeof value === 'string') return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function controlError(value: unknown): { code: number; msg: string } | undefined {
  if (!isObject(value)) return undefined;
  const { code, msg } = value;
  return typeof code === 'number' && Number.isInteger(code) && typeof msg === 'string' ? { code, msg } : undefined;
}

/**
 * True for a payload shaped as a control reply. Success is `{"result": ..., "id": N}`; errors come in two
 * shapes: `{"error": {"code", "msg"}, "id"}` (what the servers send) and the bare `{"code", "msg"[, "id"]}`
 * that the docs' Error Messages table prints (and the simulator answers); both are read.
 */
export function isControlReply(payload: JsonObject): boolean {
  if (payload.e !== undefined) return false;
  if ('id' in payload && ('result' in payload || 'error' in payload)) return true;
  return 'code' in payload && 'msg' in payload;
}

/** The reply of a payload for which isControlReply holds. An error without an id correlates to null. */
export function parseControlReply(payload: JsonObject): Reply | Malformed {
  const id = 'id' in payload ? replyId(payload.id) : null;
  if (id === undefined) return { kind: 'malformed', reason: 'control reply: id is not a number, string or null' };
  if ('error' in payload) {
    const error = controlError(payload.error);
    if (error === undefined) return { kind: 'malformed', reason: 'control reply: error is not {code, msg}' };
    return { kind: 'reply', id, error, result: undefined };
  }
  if ('result' in payload) return { kind: 'reply', id, error: undefined, result: payload.result };
  const error = controlError(payload);
  if (error === undefined) return { kind: 'malformed', reason: 'control reply: code/msg are not a number and a string' };
  return { kind: 'reply', id, error, result: undefined };
}
