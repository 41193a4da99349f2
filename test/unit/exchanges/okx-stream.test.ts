// The OKX frame parser never throws: arbitrary text and JSON, valid pushes with a field replaced, cut or spliced
// (fast-check, seeded), and 100,000 frames from the shared mutator over OKX payloads written here.
import { expect } from 'chai';
import fc from 'fast-check';
import { createOkxMarket } from '../../../lib/exchanges/okx/market-codec.js';
import type { ParsedFrame } from '../../../lib/exchanges/types.js';
import { FrameMutator, type MutationName, type Payload } from '../../fuzz/frame-mutator.js';
import { insaneField } from '../../fuzz/sane-result.js';

type Kind = ParsedFrame['kind'];
const KINDS: readonly Kind[] = ['trade', 'ticker', 'bookTicker', 'kline', 'depth', 'partialDepth', 'reply', 'shutdown', 'unknown', 'malformed'];

const codec = createOkxMarket();
codec.contractSizes.set('ETH-USDT-SWAP', '0.1');

const level = (p: string, s: string): string[] => [p, s, '0', '1'];
const payloads = {
  books: { arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'update', data: [{ asks: [level('101.5', '2')], bids: [level('101', '0')], ts: '1700000000001', checksum: 0, prevSeqId: 10, seqId: 11 }] },
  swapBooks: { arg: { channel: 'books', instId: 'ETH-USDT-SWAP' }, action: 'snapshot', data: [{ asks: [level('2000.2', '30')], bids: [level('2000.1', '7')], ts: '1700000000002', checksum: 0, prevSeqId: -1, seqId: 5 }] },
  books5: { arg: { channel: 'books5', instId: 'BTC-USDT' }, data: [{ asks: [level('11', '1')], bids: [level('10', '1')], instId: 'BTC-USDT', ts: '1700000000003', seqId: 7 }] },
  bbo: { arg: { channel: 'bbo-tbt', instId: 'ETH-USDT-SWAP' }, data: [{ asks: [level('11', '1')], bids: [level('10', '1')], ts: '1700000000004', seqId: 8 }] },
  tickers: {
    arg: { channel: 'tickers', instId: 'BTC-USDT' },
    data: [{ instType: 'SPOT', instId: 'BTC-USDT', last: '105', lastSz: '0.1', askPx: '106', askSz: '1', bidPx: '104', bidSz: '2', open24h: '100', high24h: '110', low24h: '90', volCcy24h: '2000', vol24h: '20', sodUtc0: '1', sodUtc8: '1', ts: '1700000000005' }],
  },
  trades: { arg: { channel: 'trades', instId: 'BTC-USDT' }, data: [{ instId: 'BTC-USDT', tradeId: '130639474', px: '42219.9', sz: '0.12', side: 'buy', ts: '1700000000006', count: '3', source: '0', seqId: 1234 }] },
  candle: { arg: { channel: 'candle1m', instId: 'BTC-USDT' }, data: [['1700000040000', '1', '2', '0.5', '1.5', '10', '15', '15', '0']] },
  subscribed: { id: '4', event: 'subscribe', arg: { channel: 'books', instId: 'BTC-USDT' }, connId: 'a4d3ae55' },
  error: { id: '5', event: 'error', code: '60012', msg: 'Invalid request', connId: 'a4d3ae55' },
  notice: { event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.', connId: 'a4d3ae55' },
};
const okxPayloads: Payload[] = Object.entries(payloads).map(([name, value]) => ({ name, value }));

const kindOf = (text: string): Kind => {
  let frame: ParsedFrame | undefined;
  expect(() => {
    frame = codec.parseFrame(text);
  }).not.to.throw();
  return frame!.kind;
};

describe('OKX parseFrame fuzz (seeded)', () => {
  const params = { seed: 0x0c5a, numRuns: 2000 };
  const valid = Object.values(payloads);

  it('parses every payload it is fuzzed from as its kind', () => {
    expect(valid.map((p) => kindOf(JSON.stringify(p)))).to.deep.equal(['depth', 'depth', 'partialDepth', 'bookTicker', 'ticker', 'trade', 'kline', 'reply', 'reply', 'shutdown']);
  });
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => KINDS.includes(kindOf(text))), params);
  });
  it('never throws on arbitrary JSON values, bare or as a push', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom('books', 'books5', 'bbo-tbt', 'tickers', 'trades', 'candle1m', undefined), (value, channel) => {
        const text = JSON.stringify(channel === undefined ? value : { arg: { channel, instId: 'ETH-USDT-SWAP' }, action: 'update', data: [value] });
        return KINDS.includes(kindOf(text));
      }),
      params,
    );
  });
  it('never throws on valid payloads with one field (or one data field) replaced by any JSON value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (payload, pick, replacement, inner) => {
        const data = (payload as { data?: unknown }).data;
        const item = Array.isArray(data) && !Array.isArray(data[0]) ? (data[0] as Record<string, unknown>) : undefined;
        let mutated: unknown;
        if (inner && item) {
          const keys = Object.keys(item);
          mutated = { ...payload, data: [{ ...item, [keys[pick % keys.length]!]: replacement }] };
        } else {
          const keys = Object.keys(payload);
          mutated = { ...payload, [keys[pick % keys.length]!]: replacement };
        }
        return KINDS.includes(kindOf(JSON.stringify(mutated)));
      }),
      params,
    );
  });
  it('never throws on valid payload text cut or spliced at any point', () => {
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), fc.string({ maxLength: 5 }), (payload, at, insert) => {
        const text = JSON.stringify(payload);
        const cut = at % (text.length + 1);
        return KINDS.includes(kindOf(text.slice(0, cut) + insert + text.slice(cut + 1)));
      }),
      params,
    );
  });
});

describe('OKX parseFrame over 100,000 mutated frames (seeded)', function () {
  this.timeout(30_000);
  it('never throws, answers a known kind, calls every non-JSON frame malformed, and accepts no NaN, Infinity or rounded id', () => {
    const mutator = new FrameMutator(0x0c5a1, okxPayloads);
    const kinds = new Map<Kind, number>();
    const mutations = new Set<MutationName>();
    for (let i = 0; i < 100_000; i++) {
      const frame = mutator.next();
      mutations.add(frame.mutation);
      for (const text of frame.invalidUtf8 ? [frame.text, frame.bytes.toString('latin1')] : [frame.text]) {
        let parsed: ParsedFrame;
        try {
          parsed = codec.parseFrame(text);
        } catch (error) {
          throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) threw ${String(error)}: ${text.slice(0, 200)}`);
        }
        if (!KINDS.includes(parsed.kind)) throw new Error(`frame ${i}: unknown kind ${String(parsed.kind)}`);
        if (frame.mustBeMalformed && parsed.kind !== 'malformed') throw new Error(`frame ${i} (${frame.mutation}) parsed as ${parsed.kind}: ${text.slice(0, 200)}`);
        const why = parsed.kind === 'reply' ? undefined : insaneField(parsed);
        if (why) throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) parsed as ${parsed.kind} with ${why}: ${text.slice(0, 200)}`);
        kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
      }
    }
    expect(mutations.size, 'every mutation was made').to.equal(14);
    expect(kinds.get('malformed')).to.be.greaterThan(40_000);
    for (const kind of ['trade', 'ticker', 'bookTicker', 'depth', 'partialDepth', 'kline', 'reply', 'shutdown', 'unknown'] as const) {
      expect(kinds.get(kind) ?? 0, kind).to.be.greaterThan(0);
    }
  });
});
