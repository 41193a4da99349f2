// The private WebSocket (/ws/v5/private, after login): the frames we send (login is signing.ts's; subscriptions
// to `orders` for every instrument type and to `account`) and one text frame -> OkxPrivateFrame. An `orders` push
// carries one or more orders, each with the fill it reports (if any); an `account` push the balances that
// changed. Never throws: what is not as documented is 'malformed', naming the field.
import { ExchangeFormatError } from '../../core/errors.js';
import { parseJsonLossless } from '../../core/lossless-json.js';
import type { Balance, Fill, Order } from '../../models/trading.js';
import type { ToUnified } from '../trading-types.js';
import type { ParsedFrame } from '../types.js';
import { isObject, nonEmptyText } from '../binance/payload-fields.js';
import type { ContractSizes } from './contract-sizes.js';
import { parseEvent, PONG } from './control-frames.js';
import { parseBalanceDetails, parseFillItem, parseOrderItem } from './order-answers.js';
import { msTime } from './payload-fields.js';

export type OkxPrivateFrame =
  | { readonly kind: 'orders'; readonly updates: ReadonlyArray<{ readonly order: Order; readonly fill: Fill | undefined }> }
  | { readonly kind: 'balances'; readonly balances: readonly Balance[]; readonly time: number }
  | Extract<ParsedFrame, { kind: 'reply' | 'shutdown' | 'unknown' | 'malformed' }>;

/** `orders` of every instrument type (instType ANY) and `account`, in one subscribe request. */
export function privateSubscribeFrame(id: number): string {
  return JSON.stringify({ id: String(id), op: 'subscribe', args: [{ channel: 'orders', instType: 'ANY' }, { channel: 'account' }] });
}

const malformed = (reason: string): OkxPrivateFrame => ({ kind: 'malformed', reason });

export function parsePrivateFrame(text: string, toUnified: ToUnified, sizes: ContractSizes): OkxPrivateFrame {
  if (typeof text !== 'string') return malformed('frame is not text');
  if (text === PONG) return { kind: 'reply', id: null, error: undefined, result: PONG };
  let message: unknown;
  try {
    message = parseJsonLossless(text);
  } catch {
    return malformed('frame is not JSON');
  }
  // toUnified throws for a symbol the listing lacks (a listing newer than ours): that push is unknown, not malformed.
  const known: ToUnified = (venueSymbol) => {
    try {
      return toUnified(venueSymbol);
    } catch {
      throw new NotListed(venueSymbol);
    }
  };
  try {
    return parseMessage(message, known, sizes);
  } catch (error) {
    // The field parsers throw ExchangeFormatError naming the field.
    if (error instanceof ExchangeFormatError) return malformed(error.message.slice(0, 300));
    if (error instanceof NotListed) return { kind: 'unknown', stream: `orders:${error.venueSymbol.slice(0, 64)}` };
    // Unreachable by construction (every field is checked before use); kept so the parser never throws.
    return malformed('frame could not be read');
  }
}

class NotListed extends Error {
  constructor(readonly venueSymbol: string) {
    super('not listed');
  }
}

function parseMessage(message: unknown, toUnified: ToUnified, sizes: ContractSizes): OkxPrivateFrame {
  if (!isObject(message)) return malformed('frame is not a JSON object');
  if ('event' in message) return parseEvent(message);
  if (!isObject(message.arg)) return malformed('push: arg is not an object');
  const channel = nonEmptyText(message.arg.channel);
  if (channel === undefined) return malformed('push: arg.channel is not a channel');
  if (!Array.isArray(message.data)) return malformed(`${channel}: data is not a list`);
  const data = message.data as unknown[];
  switch (channel) {
    case 'orders':
      return {
        kind: 'orders',
        updates: data.map((item, i) => {
          const at = `orders.data[${i}]`;
          const order = parseOrderItem(item, at, toUnified, sizes);
          return { order, fill: parseFillItem(item as Record<string, unknown>, at, order, sizes) };
        }),
      };
    case 'account': {
      const [account] = data;
      if (!isObject(account) || !Array.isArray(account.details)) return malformed('account: data[0].details is not a list');
      const time = msTime(account.uTime);
      if (time === undefined) return malformed('account: data[0].uTime is not a millisecond time');
      return { kind: 'balances', balances: parseBalanceDetails(account.details as unknown[], 'account.data[0].details'), time };
    }
    default:
      return { kind: 'unknown', stream: channel };
  }
}
