// A seeded mutator of exchange frames: valid Binance payloads (written here from web-socket-streams.md,
// user-data-stream.md and web-socket-api.md) cut, retyped, blown up, renamed, nested, mis-encoded and
// duplicated. The same seed gives the same frames, so a failure names the frame that caused it.
import { SeededRandom } from '../../sim/bots/random.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type MutationName =
  | 'truncate'
  | 'wrongType'
  | 'hugeNumber'
  | 'badNumericString'
  | 'unknownEvent'
  | 'unknownSymbol'
  | 'dropField'
  | 'deepNesting'
  | 'deepFrame'
  | 'invalidUtf8'
  | 'longString'
  | 'duplicateKey'
  | 'splice'
  | 'notAnObject';

export interface MutatedFrame {
  /** The frame as a string: what a parser sees (invalid UTF-8 decoded the way `String(buffer)` decodes it). */
  readonly text: string;
  /** The bytes to put on the wire; for `invalidUtf8` they are not valid UTF-8. */
  readonly bytes: Buffer;
  /** `bytes` is not valid UTF-8: a text frame of it makes a conforming client close the socket (1007). */
  readonly invalidUtf8: boolean;
  readonly mutation: MutationName;
  /** The payload it was made from ('trade', 'executionReport', ...). */
  readonly base: string;
  /** Whatever else a parser thinks of it, it must call this frame malformed (e.g. it is not JSON). */
  readonly mustBeMalformed: boolean;
}

export interface Payload {
  readonly name: string;
  readonly value: Json;
}

/** The market payloads of every documented kind, about `venueSymbol` (upper case). */
export function marketPayloads(venueSymbol = 'BTCUSDT'): Payload[] {
  const s = venueSymbol;
  const l = venueSymbol.toLowerCase();
  const trade = { e: 'trade', E: 1700000000100, s, t: 987654321, p: '2301.55000000', q: '0.01230000', T: 1700000000099, m: false, M: true };
  const aggTrade = { e: 'aggTrade', E: 1700000000200, s, a: 4455, p: '2301.50', q: '1.5', f: 10, l: 12, T: 1700000000199, m: true, M: true };
  const ticker = {
    e: '24hrTicker', E: 1700000000300, s, p: '-120.50', P: '-0.271', w: '44000.1', x: '44500.00', c: '44379.50', Q: '0.1',
    b: '44379.49', B: '2', a: '44379.51', A: '3', o: '44500.00', h: '45000.00', l: '43000.00', v: '1234.5', q: '54321000.25',
    O: 0, C: 86400000, F: 0, L: 18150, n: 18151,
  };
  const miniTicker = { e: '24hrMiniTicker', E: 1700000000400, s, c: '0.0030', o: '0.0020', h: '0.0031', l: '0.0019', v: '100', q: '0.25' };
  const bookTicker = { u: 777, s, b: '44379.49', B: '2.5', a: '44379.51', A: '0.75' };
  const depthUpdate = { e: 'depthUpdate', E: 1700000000500, s, U: 1001, u: 1004, b: [['44379.49', '0'], ['44379.00', '1.25']], a: [['44380.00', '3']] };
  const partial = { lastUpdateId: 5005, bids: [['10.1', '1']], asks: [['10.2', '2'], ['10.3', '0.5']] };
  const kline = {
    e: 'kline', E: 1700000000600, s,
    k: { t: 1700000000000, T: 1700000059999, s, i: '1m', f: 1, L: 9, o: '1.0', c: '1.2', h: '1.3', l: '0.9', v: '10', n: 9, x: true, q: '11.5', V: '5', Q: '5.7', B: '0' },
  };
  return [
    { name: 'trade', value: { stream: `${l}@trade`, data: trade } },
    { name: 'trade (raw)', value: trade },
    { name: 'aggTrade', value: { stream: `${l}@aggTrade`, data: aggTrade } },
    { name: '24hrTicker', value: { stream: `${l}@ticker`, data: ticker } },
    { name: '24hrMiniTicker', value: { stream: `${l}@miniTicker`, data: miniTicker } },
    { name: 'bookTicker', value: { stream: `${l}@bookTicker`, data: bookTicker } },
    { name: 'depthUpdate', value: { stream: `${l}@depth@100ms`, data: depthUpdate } },
    { name: 'partialDepth', value: { stream: `${l}@depth5`, data: partial } },
    { name: 'kline', value: { stream: `${l}@kline_1m`, data: kline } },
    { name: 'serverShutdown', value: { stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1700000000700 } } },
    { name: 'subscribeReply', value: { result: null, id: 1 } },
    { name: 'listReply', value: { result: [`${l}@trade`], id: 3 } },
    { name: 'errorReply', value: { error: { code: 2, msg: 'Invalid request: unknown variable' }, id: 2 } },
  ];
}

/** The user-data payloads (WebSocket API subscription events and answers), about `venueSymbol`. */
export function userPayloads(venueSymbol = 'BTCUSDT'): Payload[] {
  const executionReport = {
    e: 'executionReport', E: 1700000000100, s: venueSymbol, c: 'cx-1', S: 'SELL', o: 'LIMIT', f: 'GTC', q: '1.00000000', p: '30000.00000000',
    P: '0.00000000', F: '0.00000000', g: -1, C: '', x: 'TRADE', X: 'PARTIALLY_FILLED', r: 'NONE', i: 4293153, l: '0.40000000', z: '0.40000000',
    L: '30000.00000000', n: '12.00000000', N: 'USDT', T: 1700000000099, t: 77, v: 3, I: 8641984, w: false, m: true, M: true, O: 1700000000000,
    Z: '12000.00000000', Y: '12000.00000000', Q: '0.00000000', W: 1700000000000, V: 'NONE',
  };
  const position = { e: 'outboundAccountPosition', E: 1700000000200, u: 1700000000199, B: [{ a: 'BTC', f: '1.50000000', l: '0.50000000' }, { a: 'USDT', f: '100.00', l: '0.00' }] };
  const balanceUpdate = { e: 'balanceUpdate', E: 1700000000300, a: 'BTC', d: '-0.25000000', T: 1700000000299 };
  return [
    { name: 'executionReport', value: { subscriptionId: 0, event: executionReport } },
    { name: 'executionReport (NEW)', value: { subscriptionId: 0, event: { ...executionReport, x: 'NEW', X: 'NEW', t: -1, l: '0.00000000', z: '0.00000000' } } },
    { name: 'outboundAccountPosition', value: { subscriptionId: 0, event: position } },
    { name: 'balanceUpdate', value: { subscriptionId: 0, event: balanceUpdate } },
    { name: 'listenKeyExpired', value: { subscriptionId: 0, event: { e: 'listenKeyExpired', E: 1700000000400, listenKey: 'OfYGbUzi3PraNagEkdKuFwUHn48brFsItTdsuiIXrucEvD0rhRXZ7I6URWfE8YE8' } } },
    { name: 'eventStreamTerminated', value: { subscriptionId: 0, event: { e: 'eventStreamTerminated', E: 1700000000500 } } },
    { name: 'serverShutdown', value: { event: { e: 'serverShutdown', E: 1700000000600 } } },
    { name: 'response', value: { id: 'req-7', status: 200, result: { subscriptionId: 0 }, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 }] } },
    { name: 'errorResponse', value: { id: 'req-8', status: 400, error: { code: -2010, msg: 'Account has insufficient balance for requested action.' } } },
  ];
}

const WRONG_TYPES: Json[] = [0, -1, 1.5, '', 'x', 'true', true, false, null, [], {}, [1, 2], { a: 1 }, ['1', '2']];
/** Raw JSON number texts that JSON.parse reads as Infinity, a rounded integer, or -0. */
const HUGE_RAW = ['1e400', '-1e400', '1E+400', '18446744073709551616', '99999999999999999999', '9007199254740993', '1e308', '-0', '4.9e-324', '123456789012345678901234567890.5'];
const HUGE_TEXT = ['1e400', '18446744073709551616', '99999999999999999999', '9'.repeat(400), '0.' + '0'.repeat(400) + '1', '1' + '0'.repeat(60)];
const BAD_NUMERIC = ['-1', '-0.5', 'NaN', '-NaN', 'Infinity', '-Infinity', '+1', '1e5', '1e-8', '0x1f', ' 1', '1 ', '', '.5', '5.', '1.2.3', '١٢٣', '１', '1_000', '--1', 'null'];
const SYMBOLS = ['NOPE', '', 'nope', 'BTC/USDT', 'ÄÖÜ', 'X'.repeat(300), '../../etc', '\u0000'];
const INVALID_UTF8: readonly number[][] = [
  [0xff],
  [0xfe, 0xff],
  [0xc3, 0x28], // a lead byte without its continuation
  [0xa0, 0xa1], // continuation bytes alone
  [0xe2, 0x28, 0xa1],
  [0xf0, 0x28, 0x8c, 0x28],
  [0xc0, 0xaf], // overlong '/'
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate encoded
  [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];
const RAW_MARK = '\u0000raw:';

export interface FrameMutatorOptions {
  /** Upper bound of `deepNesting` depth. Default 10,000. */
  readonly maxDepth?: number;
  /** Upper bound of `longString` length. Default 100,000. */
  readonly maxStringLength?: number;
  /** Make `invalidUtf8` frames at all (a socket test may want them only as binary). Default true. */
  readonly invalidUtf8?: boolean;
}

/** Seeded: `new FrameMutator(seed, payloads).next()` gives the same frame sequence for the same seed. */
export class FrameMutator {
  private readonly random: SeededRandom;
  private readonly maxDepth: number;
  private readonly maxStringLength: number;
  private readonly mutations: readonly MutationName[];

  constructor(
    seed: number,
    private readonly payloads: readonly Payload[],
    options: FrameMutatorOptions = {},
  ) {
    this.random = new SeededRandom(seed);
    this.maxDepth = options.maxDepth ?? 10_000;
    this.maxStringLength = options.maxStringLength ?? 100_000;
    const all: MutationName[] = [
      ...repeat<MutationName>('truncate', 6),
      ...repeat<MutationName>('wrongType', 6),
      ...repeat<MutationName>('hugeNumber', 4),
      ...repeat<MutationName>('badNumericString', 4),
      ...repeat<MutationName>('unknownEvent', 2),
      ...repeat<MutationName>('unknownSymbol', 2),
      ...repeat<MutationName>('dropField', 3),
      ...repeat<MutationName>('duplicateKey', 3),
      ...repeat<MutationName>('splice', 3),
      'deepNesting',
      'deepFrame',
      'longString',
      'notAnObject',
      ...(options.invalidUtf8 === false ? [] : repeat<MutationName>('invalidUtf8', 3)),
    ];
    this.mutations = all;
  }

  next(): MutatedFrame {
    const payload = this.random.pick(this.payloads);
    const mutation = this.random.pick(this.mutations);
    return this.apply(payload, mutation);
  }

  /** `count` frames. */
  take(count: number): MutatedFrame[] {
    const out: MutatedFrame[] = [];
    for (let i = 0; i < count; i++) out.push(this.next());
    return out;
  }

  private apply(payload: Payload, mutation: MutationName): MutatedFrame {
    const r = this.random;
    const text = JSON.stringify(payload.value);
    const frame = (out: string, mustBeMalformed = false): MutatedFrame => ({
      text: out,
      bytes: Buffer.from(out, 'utf8'),
      invalidUtf8: false,
      mutation,
      base: payload.name,
      mustBeMalformed,
    });
    switch (mutation) {
      case 'truncate':
        // A JSON object cut anywhere before its last byte is not JSON.
        return frame(text.slice(0, r.int(0, text.length - 1)), true);
      case 'wrongType':
        return frame(this.replaceAt(payload.value, () => this.wrongTypeFor()));
      case 'hugeNumber':
        return frame(this.replaceAt(payload.value, () => (r.chance(0.6) ? RAW_MARK + r.pick(HUGE_RAW) : r.pick(HUGE_TEXT))));
      case 'badNumericString':
        return frame(this.replaceAt(payload.value, () => r.pick(BAD_NUMERIC), (v) => typeof v === 'string' || typeof v === 'number'));
      case 'unknownEvent': {
        const copy = structuredClone(payload.value);
        const target = eventObject(copy);
        const name = r.pick(['fuzzEvent', 'TRADE', 'trade ', 'depthupdate', '', 'executionreport', `e${r.int(0, 1e6)}`, '__proto__', 'constructor']);
        if (target) target.e = name;
        if (isObject(copy) && typeof copy.stream === 'string' && r.chance(0.5)) copy.stream = `${name}@${r.pick(['trade', 'fuzz', 'depth@1ms', ''])}`;
        return frame(JSON.stringify(copy));
      }
      case 'unknownSymbol': {
        const copy = structuredClone(payload.value);
        const target = eventObject(copy) ?? (isObject(copy) ? copy : undefined);
        if (target) target.s = r.pick(SYMBOLS);
        return frame(JSON.stringify(copy));
      }
      case 'dropField': {
        const copy = structuredClone(payload.value);
        const paths = pathsOf(copy).filter((p) => p.length > 0);
        const path = r.pick(paths);
        const parent = at(copy, path.slice(0, -1));
        const key = path[path.length - 1]!;
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else if (isObject(parent)) delete parent[key];
        return frame(JSON.stringify(copy));
      }
      case 'deepNesting': {
        const depth = this.depth();
        const nested = r.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
        return frame(this.replaceAt(payload.value, () => RAW_MARK + nested));
      }
      case 'deepFrame': {
        const depth = this.depth();
        const balanced = r.chance(0.7);
        // A top-level array (balanced) or a cut one: either way not a JSON object.
        return frame('['.repeat(depth) + (balanced ? ']'.repeat(depth) : ''), true);
      }
      case 'longString': {
        const length = Math.floor(this.maxStringLength * r.next() ** 3) + 1;
        const unit = r.pick(['x', '1', '9', 'é', '\\u0000', '"']);
        const long = unit === '"' ? '\\"'.repeat(Math.ceil(length / 2)) : unit.repeat(length);
        return frame(this.replaceAt(payload.value, () => RAW_MARK + `"${long}"`));
      }
      case 'duplicateKey': {
        const keys = isObject(payload.value) ? Object.keys(payload.value) : [];
        const inner = eventObject(payload.value);
        const innerKeys = inner ? Object.keys(inner) : [];
        const key = innerKeys.length > 0 && r.chance(0.7) ? r.pick(innerKeys) : keys.length > 0 ? r.pick(keys) : 'e';
        const value = JSON.stringify(r.chance(0.5) ? this.wrongTypeFor() : r.pick(BAD_NUMERIC));
        const insert = `${JSON.stringify(key)}:${value}`;
        // Before an object's first key (the original wins in JSON.parse) or after its last (the duplicate wins).
        const openings = indexesOf(text, '{');
        const closings = indexesOf(text, '}');
        if (r.chance(0.5) && openings.length > 0) {
          const i = r.pick(openings);
          const empty = text[i + 1] === '}';
          return frame(text.slice(0, i + 1) + insert + (empty ? '' : ',') + text.slice(i + 1));
        }
        const i = r.pick(closings);
        const empty = text[i - 1] === '{';
        return frame(text.slice(0, i) + (empty ? '' : ',') + insert + text.slice(i));
      }
      case 'splice': {
        const at = r.int(0, text.length);
        const junk = r.pick(['"', '\\', ',', ':', '}', ']', '{', '[', 'null', '\u0000', '\ud800', '\udfff', '💥', ' ', '\n', 'NaN', '0']);
        const cut = r.int(0, 3);
        return frame(text.slice(0, at) + junk + text.slice(at + cut));
      }
      case 'notAnObject': {
        const texts = ['', ' ', 'null', 'true', '0', '-1e400', '"text"', '[]', JSON.stringify([payload.value]), JSON.stringify(text), '\ufeff' + '{}x', 'undefined', 'NaN'];
        return frame(r.pick(texts), true);
      }
      case 'invalidUtf8': {
        const bytes = Buffer.from(text, 'utf8');
        const bad = Buffer.from(r.pick(INVALID_UTF8));
        // Inside a string value more often than not: that is where a real encoder bug puts it.
        const quotes = indexesOf(text, '"');
        const at = quotes.length > 0 && r.chance(0.7) ? r.pick(quotes) + 1 : r.int(0, bytes.length);
        const byteAt = Buffer.byteLength(text.slice(0, Math.min(at, text.length)), 'utf8');
        const out = Buffer.concat([bytes.subarray(0, byteAt), bad, bytes.subarray(byteAt)]);
        return { text: out.toString('utf8'), bytes: out, invalidUtf8: true, mutation, base: payload.name, mustBeMalformed: false };
      }
      default: {
        const never: never = mutation;
        throw new Error(`unknown mutation ${String(never)}`);
      }
    }
  }

  /** 100 .. maxDepth, mostly shallow: each one costs its depth to parse. */
  private depth(): number {
    if (this.random.chance(0.05)) return this.maxDepth;
    return 100 + Math.floor((this.maxDepth - 100) * this.random.next() ** 2);
  }

  private wrongTypeFor(): Json {
    return structuredClone(this.random.pick(WRONG_TYPES));
  }

  /** The payload's text with one value (any depth, containers too) replaced by `make()`; raw texts spliced in. */
  private replaceAt(value: Json, make: () => Json, accept: (current: Json) => boolean = () => true): string {
    const copy = structuredClone(value);
    const paths = pathsOf(copy).filter((p) => p.length > 0 && accept(at(copy, p)!));
    if (paths.length === 0) return JSON.stringify(copy);
    const path = this.random.pick(paths);
    const parent = at(copy, path.slice(0, -1)) as JsonObject | Json[];
    const replacement = make();
    const key = path[path.length - 1]!;
    const marker = `${RAW_MARK}${this.random.int(0, 1e9)}`;
    const raw = typeof replacement === 'string' && replacement.startsWith(RAW_MARK) ? replacement.slice(RAW_MARK.length) : undefined;
    const put = raw === undefined ? replacement : marker;
    if (Array.isArray(parent)) parent[Number(key)] = put;
    else parent[key] = put;
    const out = JSON.stringify(copy);
    return raw === undefined ? out : out.replace(JSON.stringify(marker), raw);
  }
}

function repeat<T>(item: T, times: number): T[] {
  return Array.from({ length: times }, () => item);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The event object of a payload: `data` of a combined frame, `event` of a user-data frame, else the payload. */
function eventObject(value: Json): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.data)) return value.data;
  if (isObject(value.event)) return value.event;
  return 'e' in value ? value : undefined;
}

/** Every path (list of keys) in a JSON value, the root's `[]` included. */
function pathsOf(value: Json, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((child, i) => pathsOf(child, [...prefix, String(i)], out));
  else if (isObject(value)) for (const [key, child] of Object.entries(value)) pathsOf(child, [...prefix, key], out);
  return out;
}

function at(value: Json, path: readonly string[]): Json | undefined {
  let node: Json | undefined = value;
  for (const key of path) {
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

function indexesOf(text: string, char: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) out.push(i);
  return out;
}
