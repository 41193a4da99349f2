// The wire codec of the pub/sub adapters (docs/pubsub-adapters.md): one versioned JSON envelope per message,
// `{ v, n: node, t: topic, k: kind, p: payload }`. Every event type of lib/models has a schema, so money crosses
// exact (a Decimal as its exact string, rebuilt as a Decimal), 64-bit ids stay strings, times stay numbers, and a
// payload that does not fit its schema is refused on both sides with an error naming the field.
// Payloads of other shapes (a service's own events) travel as plain JSON, checked to be JSON on the way out.
import { Decimal } from '../core/decimal.js';
import type { BookTicker, BookView, DepthUpdate, Kline, Liquidation, MarkPrice, StatusEvent, Ticker, Trade } from '../models/market.js';
import type { BalancesEvent, FillEvent, OrderEvent } from '../models/trading.js';
import { WireFormatError, WireVersionError } from './errors.js';
import { arrayOf, bool, dec, literal, num, object, oneOf, optional, orUndefined, str, stringPair, type Field, type Json, type Path } from './fields.js';

/** The version this code writes; it reads only this one (a reader for an older one is added beside it when it changes). */
export const WIRE_VERSION = 1;
export const SUPPORTED_WIRE_VERSIONS: readonly number[] = [WIRE_VERSION];

/** What crosses: the publishing node, the topic and the event (structurally the pub/sub's AdapterMessage). */
export interface WireMessage {
  readonly nodeName: string;
  readonly topic: string;
  readonly payload: unknown;
}

const marketBase = { exchange: str, symbol: str, exchangeTime: num, receivedAt: num } as const;
const side = oneOf(['buy', 'sell'] as const);
const bookLevel = object({ price: dec, quantity: dec });

const trade = object<Trade>({ type: literal('trade'), ...marketBase, id: str, price: dec, quantity: dec, side, tradeTime: num });
const ticker = object<Ticker>({
  type: literal('ticker'),
  ...marketBase,
  last: dec,
  open: dec,
  high: dec,
  low: dec,
  change: dec,
  changePercent: dec,
  volume: dec,
  quoteVolume: dec,
  bid: orUndefined(dec),
  ask: orUndefined(dec),
});
const bookTicker = object<BookTicker>({ type: literal('bookTicker'), ...marketBase, bid: dec, bidSize: dec, ask: dec, askSize: dec, sequence: orUndefined(num) });
const depth = object<DepthUpdate>({
  type: literal('depth'),
  ...marketBase,
  kind: oneOf(['delta', 'snapshot'] as const),
  bids: arrayOf(stringPair()),
  asks: arrayOf(stringPair()),
  sequence: num,
});
const markPrice = object<MarkPrice>({
  type: literal('markPrice'),
  ...marketBase,
  markPrice: dec,
  indexPrice: dec,
  estimatedSettlePrice: orUndefined(dec),
  fundingRate: dec,
  nextFundingTime: num,
});
const liquidation = object<Liquidation>({
  type: literal('liquidation'),
  ...marketBase,
  side,
  price: dec,
  averagePrice: dec,
  quantity: dec,
  filledQuantity: dec,
  status: str,
  tradeTime: num,
});
const book = object<BookView>({ type: literal('book'), ...marketBase, bids: arrayOf(bookLevel), asks: arrayOf(bookLevel), sequence: num });
const kline = object<Kline>({
  type: literal('kline'),
  ...marketBase,
  interval: str,
  openTime: num,
  closeTime: num,
  open: dec,
  high: dec,
  low: dec,
  close: dec,
  volume: dec,
  quoteVolume: dec,
  trades: num,
  closed: bool,
});
const status = object<StatusEvent>({
  type: literal('status'),
  exchange: str,
  state: oneOf(['connected', 'disconnected', 'reconnecting', 'resyncing', 'synced', 'gap', 'rate-limited', 'backfilled'] as const),
  symbol: optional(str),
  connection: optional(str),
  detail: optional(str),
  at: num,
});
const orderEvent = object<OrderEvent>({
  type: literal('order'),
  userId: str,
  order: object({
    exchange: str,
    symbol: str,
    orderId: str,
    clientOrderId: str,
    side,
    type: oneOf(['limit', 'market', 'limit_maker'] as const),
    timeInForce: orUndefined(oneOf(['GTC', 'IOC', 'FOK'] as const)),
    status: oneOf(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH', 'PENDING_NEW'] as const),
    price: dec,
    quantity: dec,
    filledQuantity: dec,
    filledQuoteQuantity: dec,
    updatedAt: num,
  }),
});
const fillEvent = object<FillEvent>({
  type: literal('fill'),
  userId: str,
  fill: object({
    exchange: str,
    symbol: str,
    orderId: str,
    clientOrderId: str,
    tradeId: str,
    side,
    price: dec,
    quantity: dec,
    quoteQuantity: dec,
    commission: dec,
    commissionAsset: orUndefined(str),
    maker: bool,
    time: num,
  }),
});
const balancesEvent = object<BalancesEvent>({
  type: literal('balances'),
  userId: str,
  balances: arrayOf(object({ asset: str, free: dec, locked: dec })),
  time: num,
});

/** Schema per event `type`; the envelope's `k` names it. */
const EVENT_FIELDS: Readonly<Record<string, Field<never>>> = {
  trade,
  ticker,
  bookTicker,
  depth,
  book,
  kline,
  markPrice,
  liquidation,
  status,
  order: orderEvent,
  fill: fillEvent,
  balances: balancesEvent,
} as unknown as Record<string, Field<never>>;

/** `k` of a payload without a schema: plain JSON. */
const JSON_KIND = 'json';

function kindOf(payload: unknown): string {
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const type = (payload as { type?: unknown }).type;
    if (typeof type === 'string' && Object.hasOwn(EVENT_FIELDS, type)) return type;
  }
  return JSON_KIND;
}

/** Checks that `value` survives JSON unchanged (no Decimal, bigint, undefined in arrays, class instance, NaN). */
function plainJson(value: unknown, path: string): Json {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WireFormatError(path, 'must be a finite number');
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => plainJson(item, `${path}[${i}]`));
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const what = value instanceof Decimal ? 'a Decimal outside a known event type' : 'a class instance';
      throw new WireFormatError(path, `must be plain JSON, got ${what} (send Decimals as strings, or use an event type the codec knows)`);
    }
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = plainJson(item, `${path}.${key}`);
    }
    return out;
  }
  throw new WireFormatError(path, `must be plain JSON, got a ${typeof value}`);
}

/** The envelope as JSON text. Throws WireFormatError naming the field when the event does not fit its schema. */
export function encodeMessage(message: WireMessage): string {
  const kind = kindOf(message.payload);
  const field = EVENT_FIELDS[kind];
  const payload = field === undefined ? plainJson(message.payload, 'p') : withPaths((path) => field.encode(message.payload as never, path));
  return JSON.stringify({ v: WIRE_VERSION, n: message.nodeName, t: message.topic, k: kind, p: payload });
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an envelope. Throws WireVersionError for another version, WireFormatError for anything else that is not
 * a message of ours (invalid UTF-8 or JSON, a missing or mistyped field), naming the field.
 */
export function decodeMessage(data: string | Uint8Array): WireMessage {
  let text: string;
  try {
    text = typeof data === 'string' ? data : utf8.decode(data);
  } catch {
    throw new WireFormatError('(message)', 'must be UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WireFormatError('(message)', 'must be JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new WireFormatError('(message)', 'must be a JSON object');
  const envelope = parsed as Record<string, unknown>;
  if (!('v' in envelope)) throw new WireFormatError('v', 'missing: not a cex-actors wire message');
  if (!SUPPORTED_WIRE_VERSIONS.includes(envelope.v as number)) throw new WireVersionError(envelope.v, SUPPORTED_WIRE_VERSIONS);
  const nodeName = envelope.n;
  const topic = envelope.t;
  const kind = envelope.k;
  if (typeof nodeName !== 'string' || nodeName.length === 0) throw new WireFormatError('n', 'must be a non-empty string');
  if (typeof topic !== 'string' || topic.length === 0) throw new WireFormatError('t', 'must be a non-empty string');
  if (typeof kind !== 'string' || (kind !== JSON_KIND && !Object.hasOwn(EVENT_FIELDS, kind))) throw new WireFormatError('k', 'must name a known event kind');
  if (!('p' in envelope)) throw new WireFormatError('p', 'missing');
  const field = EVENT_FIELDS[kind];
  const payload = field === undefined ? envelope.p : withPaths((path) => field.decode(envelope.p, path));
  return { nodeName, topic, payload };
}

/**
 * Runs a field codec without paths (no string per field per message), and once more with them when it fails, so the
 * error names the field. Field codecs are pure, so the second run fails the same way.
 */
function withPaths<T>(run: (path: Path) => T): T {
  try {
    return run(undefined);
  } catch (error) {
    if (error instanceof WireFormatError) return run('p');
    throw error;
  }
}
