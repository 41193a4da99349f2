// The Binance spot market codec: stream names, control frames, parseFrame on every documented payload
// shape (payloads written here from web-socket-streams.md), its failure paths, and a seeded fuzz.
import { expect } from 'chai';
import fc from 'fast-check';
import { Decimal } from '../../../lib/core/decimal.js';
import { binanceSpotMarket as codec } from '../../../lib/exchanges/binance/market-codec.js';
import {
  aggTradeStream,
  diffDepthStream,
  klineStream,
  miniTickerStream,
  partialDepthStream,
  streamSymbol,
} from '../../../lib/exchanges/binance/stream-names.js';
import type { ParsedFrame } from '../../../lib/exchanges/types.js';
import { FrameMutator, marketPayloads, type MutationName } from '../../fuzz/frame-mutator.js';
import { insaneField } from '../../fuzz/sane-result.js';

type Kind = ParsedFrame['kind'];
const KINDS: readonly Kind[] = ['trade', 'ticker', 'bookTicker', 'kline', 'depth', 'partialDepth', 'reply', 'shutdown', 'unknown', 'malformed'];

function parse<K extends Kind>(value: unknown, kind: K): Extract<ParsedFrame, { kind: K }> {
  const frame = codec.parseFrame(typeof value === 'string' ? value : JSON.stringify(value));
  expect(frame.kind, JSON.stringify(frame)).to.equal(kind);
  return frame as Extract<ParsedFrame, { kind: K }>;
}

const dec = (d: Decimal | undefined): string | undefined => d?.toString();

const trade = { e: 'trade', E: 1700000000100, s: 'ETHUSDT', t: 987654321, p: '2301.55000000', q: '0.01230000', T: 1700000000099, m: false, M: true };
const aggTrade = { e: 'aggTrade', E: 1700000000200, s: 'ETHUSDT', a: 4455, p: '2301.50', q: '1.5', f: 10, l: 12, T: 1700000000199, m: true, M: true };
const ticker = {
  e: '24hrTicker', E: 1700000000300, s: 'BTCUSDT', p: '-120.50', P: '-0.271', w: '44000.1', x: '44500.00', c: '44379.50', Q: '0.1',
  b: '44379.49', B: '2', a: '44379.51', A: '3', o: '44500.00', h: '45000.00', l: '43000.00', v: '1234.5', q: '54321000.25',
  O: 0, C: 86400000, F: 0, L: 18150, n: 18151,
};
const miniTicker = { e: '24hrMiniTicker', E: 1700000000400, s: 'BTCUSDT', c: '0.0030', o: '0.0020', h: '0.0031', l: '0.0019', v: '100', q: '0.25' };
const bookTicker = { u: 777, s: 'BTCUSDT', b: '44379.49', B: '2.5', a: '44379.51', A: '0.75' };
const depthUpdate = { e: 'depthUpdate', E: 1700000000500, s: 'BTCUSDT', U: 1001, u: 1004, b: [['44379.49', '0'], ['44379.00', '1.25']], a: [['44380.00', '3']] };
const partial = { lastUpdateId: 5005, bids: [['10.1', '1']], asks: [['10.2', '2'], ['10.3', '0.5']] };
const kline = {
  e: 'kline', E: 1700000000600, s: 'BTCUSDT',
  k: { t: 1700000000000, T: 1700000059999, s: 'BTCUSDT', i: '1m', f: 1, L: 9, o: '1.0', c: '1.2', h: '1.3', l: '0.9', v: '10', n: 9, x: true, q: '11.5', V: '5', Q: '5.7', B: '0' },
};
const combined = (stream: string, data: unknown): unknown => ({ stream, data });

describe('Binance spot codec', () => {
  describe('stream names', () => {
    it('names each topic channel with the lower-case symbol; depth and book share the 100 ms diff depth', () => {
      expect(codec.streamName({ channel: 'trades', venueSymbol: 'BTCUSDT' })).to.equal('btcusdt@trade');
      expect(codec.streamName({ channel: 'ticker', venueSymbol: 'BTCUSDT' })).to.equal('btcusdt@ticker');
      expect(codec.streamName({ channel: 'bookTicker', venueSymbol: 'BTCUSDT' })).to.equal('btcusdt@bookTicker');
      expect(codec.streamName({ channel: 'depth', venueSymbol: 'BTCUSDT' })).to.equal('btcusdt@depth@100ms');
      expect(codec.streamName({ channel: 'book', venueSymbol: 'BTCUSDT' })).to.equal('btcusdt@depth@100ms');
    });
    it('offers the other documented streams', () => {
      expect(aggTradeStream('BNBBTC')).to.equal('bnbbtc@aggTrade');
      expect(miniTickerStream('BNBBTC')).to.equal('bnbbtc@miniTicker');
      expect(diffDepthStream('BNBBTC', '1000ms')).to.equal('bnbbtc@depth');
      expect(partialDepthStream('BNBBTC', 5)).to.equal('bnbbtc@depth5');
      expect(partialDepthStream('BNBBTC', 20, '100ms')).to.equal('bnbbtc@depth20@100ms');
      expect(klineStream('BNBBTC', '1m')).to.equal('bnbbtc@kline_1m');
    });
    it('reads the symbol back from a stream name, not from market-wide streams', () => {
      expect(streamSymbol('bnbbtc@depth5@100ms')).to.equal('BNBBTC');
      expect(streamSymbol('!miniTicker@arr')).to.equal(undefined);
      expect(streamSymbol('!serverShutdown')).to.equal(undefined);
    });
  });

  describe('connectionUrl', () => {
    it('opens a combined-stream connection under the base', () => {
      expect(codec.connectionUrl('wss://stream.binance.com:9443', 'stream')).to.equal('wss://stream.binance.com:9443/stream');
    });
    it('drops a trailing slash, /ws or /stream instead of doubling the path', () => {
      expect(codec.connectionUrl('wss://stream.binance.com:9443/', 'stream')).to.equal('wss://stream.binance.com:9443/stream');
      expect(codec.connectionUrl('ws://127.0.0.1:9000/ws', 'stream')).to.equal('ws://127.0.0.1:9000/stream');
      expect(codec.connectionUrl('ws://127.0.0.1:9000/stream/', 'stream')).to.equal('ws://127.0.0.1:9000/stream');
    });
  });

  describe('control frames', () => {
    it('writes SUBSCRIBE, UNSUBSCRIBE and the LIST_SUBSCRIPTIONS probe as the docs print them', () => {
      expect(JSON.parse(codec.subscribeFrame(['btcusdt@trade', 'btcusdt@depth@100ms'], 7))).to.deep.equal({
        method: 'SUBSCRIBE',
        params: ['btcusdt@trade', 'btcusdt@depth@100ms'],
        id: 7,
      });
      expect(JSON.parse(codec.unsubscribeFrame(['btcusdt@trade'], 8))).to.deep.equal({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 8 });
      expect(JSON.parse(codec.probeFrame(9))).to.deep.equal({ method: 'LIST_SUBSCRIPTIONS', id: 9 });
    });
    it('reads a success reply with its id and result', () => {
      expect(parse({ result: null, id: 7 }, 'reply')).to.deep.equal({ kind: 'reply', id: 7, error: undefined, result: null });
      expect(parse({ result: ['btcusdt@trade'], id: 'abc' }, 'reply').result).to.deep.equal(['btcusdt@trade']);
    });
    it('reads an error reply in the {error: {code, msg}, id} shape', () => {
      const reply = parse({ error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 4 }, 'reply');
      expect(reply).to.deep.equal({ kind: 'reply', id: 4, error: { code: 2, msg: 'Invalid request: too many parameters' }, result: undefined });
    });
    it('reads the bare {code, msg} error of the docs table, with or without an id', () => {
      expect(parse({ code: 0, msg: 'Unknown property', id: 5 }, 'reply').error).to.deep.equal({ code: 0, msg: 'Unknown property' });
      const noId = parse({ code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' }, 'reply');
      expect(noId.id).to.equal(null);
      expect(noId.error?.code).to.equal(3);
    });
    it('calls a reply with a bad id or error malformed', () => {
      parse({ result: null, id: { x: 1 } }, 'malformed');
      parse({ error: 'nope', id: 1 }, 'malformed');
      parse({ code: '2', msg: 'x' }, 'malformed');
    });
  });

  describe('parseFrame', () => {
    it('maps a trade: id as a string, exact price and quantity, taker buy when the buyer is not the maker', () => {
      const frame = parse(combined('ethusdt@trade', trade), 'trade');
      expect(frame.venueSymbol).to.equal('ETHUSDT');
      expect(frame.aggregated).to.equal(false);
      const { event } = frame;
      expect(event.id).to.equal('987654321');
      expect(event.price.toFixed()).to.equal('2301.55');
      expect(event.quantity.equals(new Decimal('0.0123'))).to.equal(true);
      expect(event.side).to.equal('buy');
      expect(event.exchangeTime).to.equal(1700000000100);
      expect(event.tradeTime).to.equal(1700000000099);
    });
    it('maps an aggTrade as an aggregated trade with the aggregate id; buyer maker means the taker sold', () => {
      const frame = parse(aggTrade, 'trade');
      expect(frame.aggregated).to.equal(true);
      expect(frame.event.id).to.equal('4455');
      expect(frame.event.side).to.equal('sell');
    });
    it('maps a 24hrTicker with Binance change, percent and best bid/ask', () => {
      const { event, venueSymbol } = parse(combined('btcusdt@ticker', ticker), 'ticker');
      expect(venueSymbol).to.equal('BTCUSDT');
      expect(dec(event.last)).to.equal('44379.5');
      expect(dec(event.change)).to.equal('-120.5');
      expect(dec(event.changePercent)).to.equal('-0.271');
      expect(dec(event.bid)).to.equal('44379.49');
      expect(dec(event.ask)).to.equal('44379.51');
      expect(dec(event.volume)).to.equal('1234.5');
      expect(dec(event.quoteVolume)).to.equal('54321000.25');
      expect(event.exchangeTime).to.equal(1700000000300);
    });
    it('maps a miniTicker, computing change and percent exactly and leaving bid/ask undefined', () => {
      const { event } = parse(miniTicker, 'ticker');
      expect(dec(event.change)).to.equal('0.001');
      expect(dec(event.changePercent)).to.equal('50');
      expect(event.bid).to.equal(undefined);
      expect(event.ask).to.equal(undefined);
    });
    it('gives a miniTicker with open 0 a change percent of 0', () => {
      expect(dec(parse({ ...miniTicker, o: '0' }, 'ticker').event.changePercent)).to.equal('0');
    });
    it('keeps a non-terminating percent exact to the configured precision', () => {
      const { event } = parse({ ...miniTicker, o: '3', c: '4' }, 'ticker');
      expect(event.changePercent.toFixed(10)).to.equal('33.3333333333');
    });
    it('recognises bookTicker by shape (no e) and uses 0 for the missing event time', () => {
      const { event, venueSymbol } = parse(combined('btcusdt@bookTicker', bookTicker), 'bookTicker');
      expect(venueSymbol).to.equal('BTCUSDT');
      expect(event.sequence).to.equal(777);
      expect(event.exchangeTime).to.equal(0);
      expect([dec(event.bid), dec(event.bidSize), dec(event.ask), dec(event.askSize)]).to.deep.equal(['44379.49', '2.5', '44379.51', '0.75']);
    });
    it('takes the bookTicker event time when one is sent (USD-M shape)', () => {
      expect(parse({ e: 'bookTicker', E: 42, ...bookTicker }, 'bookTicker').event.exchangeTime).to.equal(42);
    });
    it('maps a diff depth update to a delta with its [U, u] range and the level strings untouched', () => {
      const { delta } = parse(combined('btcusdt@depth@100ms', depthUpdate), 'depth');
      expect(delta).to.deep.equal({
        venueSymbol: 'BTCUSDT',
        first: 1001,
        last: 1004,
        previous: undefined,
        bids: [['44379.49', '0'], ['44379.00', '1.25']],
        asks: [['44380.00', '3']],
        exchangeTime: 1700000000500,
        isSnapshot: false,
      });
    });
    it('reads pu as previous when present (USD-M)', () => {
      expect(parse({ ...depthUpdate, pu: 1000 }, 'depth').delta.previous).to.equal(1000);
    });
    it('maps a partial depth snapshot, taking the symbol from the combined stream name', () => {
      const { snapshot } = parse(combined('bnbbtc@depth10@100ms', partial), 'partialDepth');
      expect(snapshot).to.deep.equal({ venueSymbol: 'BNBBTC', sequence: 5005, bids: partial.bids, asks: partial.asks, exchangeTime: undefined });
      expect(parse(partial, 'partialDepth').snapshot.venueSymbol).to.equal(undefined);
    });
    it('maps a kline', () => {
      const { event, venueSymbol } = parse(combined('btcusdt@kline_1m', kline), 'kline');
      expect(venueSymbol).to.equal('BTCUSDT');
      expect(event).to.include({ interval: '1m', openTime: 1700000000000, closeTime: 1700000059999, trades: 9, closed: true, exchangeTime: 1700000000600 });
      expect([event.open, event.high, event.low, event.close, event.volume, event.quoteVolume].map(dec)).to.deep.equal(['1', '1.3', '0.9', '1.2', '10', '11.5']);
    });
    it('reports serverShutdown raw and combined', () => {
      parse({ e: 'serverShutdown', E: 1 }, 'shutdown');
      parse(combined('!serverShutdown', { e: 'serverShutdown', E: 1 }), 'shutdown');
    });
    it('calls documented events it does not map, and array streams, unknown with their stream', () => {
      expect(parse(combined('btcusdt@avgPrice', { e: 'avgPrice', E: 1, s: 'BTCUSDT', i: '5m', w: '1', T: 1 }), 'unknown').stream).to.equal('btcusdt@avgPrice');
      expect(parse(combined('!miniTicker@arr', [miniTicker]), 'unknown').stream).to.equal('!miniTicker@arr');
      expect(parse({ e: 'somethingNew' }, 'unknown').stream).to.equal(undefined);
      parse({}, 'unknown');
    });

    describe('malformed input', () => {
      const cases: Array<[string, unknown]> = [
        ['a price given as a number', { ...trade, p: 2301.55 }],
        ['a quantity with an exponent', { ...trade, q: '1e-8' }],
        ['a negative quantity', { ...trade, q: '-1' }],
        ['a negative trade id', { ...trade, t: -1 }],
        ['a fractional trade id', { ...trade, t: 1.5 }],
        ['a missing buyer-maker flag', { ...trade, m: undefined }],
        ['a missing symbol', { ...trade, s: undefined }],
        ['a ticker price that is not decimal', { ...ticker, c: 'NaN' }],
        ['a ticker change that is not decimal', { ...ticker, p: '' }],
        ['a miniTicker time that is a string', { ...miniTicker, E: '1700000000400' }],
        ['a bookTicker update id beyond 2^53', { ...bookTicker, u: 2 ** 54 }],
        ['a bookTicker size given as a number', { ...bookTicker, A: 1 }],
        ['a depth update id beyond 2^53', { ...depthUpdate, u: 2 ** 53 + 2 }],
        ['a negative depth update id', { ...depthUpdate, U: -1 }],
        ['a depth range with U > u', { ...depthUpdate, U: 2000 }],
        ['a depth level with a number', { ...depthUpdate, b: [[44379.49, '1']] }],
        ['a depth level with one element', { ...depthUpdate, a: [['1']] }],
        ['depth levels that are not a list', { ...depthUpdate, b: {} }],
        ['a partial depth id that is a string', { ...partial, lastUpdateId: '5005' }],
        ['a kline without k', { ...kline, k: null }],
        ['a kline price that is a number', { ...kline, k: { ...kline.k, o: 1 } }],
        ['an e that is not a string', { e: 5 }],
        ['a combined frame with an empty stream', { stream: '', data: trade }],
        ['a combined frame whose data is a number', { stream: 'x@trade', data: 5 }],
      ];
      for (const [name, payload] of cases) {
        it(`calls ${name} malformed, naming why`, () => {
          expect(parse(payload, 'malformed').reason).to.be.a('string').and.not.equal('');
        });
      }
      it('calls text that is not a JSON object malformed', () => {
        for (const text of ['', 'not json', '{', '[]', '[1,2]', 'null', '42', '"text"', 'true']) {
          expect(codec.parseFrame(text).kind, text).to.equal('malformed');
        }
      });
      it('survives absurd nesting', () => {
        const deep = '['.repeat(200_000) + ']'.repeat(200_000);
        expect(codec.parseFrame(deep).kind).to.equal('malformed');
        const deepData = `{"stream":"x@trade","data":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
        expect(['unknown', 'malformed']).to.include(codec.parseFrame(deepData).kind);
      });
      it('trims the extra element older docs printed in a level', () => {
        expect(parse({ ...depthUpdate, b: [['1.0', '2.0', []]] }, 'depth').delta.bids).to.deep.equal([['1.0', '2.0']]);
      });
    });
  });

  describe('parseFrame fuzz (seeded)', () => {
    const params = { seed: 0x7b1a, numRuns: 2000 };
    const valid = [trade, aggTrade, ticker, miniTicker, bookTicker, depthUpdate, partial, kline, { e: 'serverShutdown', E: 1 }, { result: null, id: 1 }];
    const kindOf = (text: string): Kind => {
      let frame: ParsedFrame | undefined;
      expect(() => {
        frame = codec.parseFrame(text);
      }).not.to.throw();
      return frame!.kind;
    };

    it('never throws on arbitrary strings', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => KINDS.includes(kindOf(text))), params);
    });
    it('never throws on arbitrary JSON values, raw or combined', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, wrap) => {
          const text = JSON.stringify(wrap ? { stream: 'btcusdt@depth5', data: value } : value);
          return KINDS.includes(kindOf(text));
        }),
        params,
      );
    });
    it('never throws on valid payloads with one field replaced by any JSON value', () => {
      fc.assert(
        fc.property(fc.constantFrom(...valid), fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.boolean(), (payload, pick, replacement, wrap) => {
          const keys = Object.keys(payload);
          const key = keys[pick % keys.length]!;
          const mutated = { ...payload, [key]: replacement };
          const text = JSON.stringify(wrap ? { stream: 'btcusdt@depth5', data: mutated } : mutated);
          return KINDS.includes(kindOf(text));
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

  describe('parseFrame over 100,000 mutated frames (seeded)', function () {
    this.timeout(30_000);
    it('never throws, answers a known kind, calls every non-JSON frame malformed, and accepts no NaN, Infinity or rounded id', () => {
      const mutator = new FrameMutator(0x5eed1, marketPayloads());
      const kinds = new Map<Kind, number>();
      const mutations = new Set<MutationName>();
      for (let i = 0; i < 100_000; i++) {
        const frame = mutator.next();
        mutations.add(frame.mutation);
        // Invalid UTF-8 reaches a parser decoded one way or another: with replacement characters, or byte by byte.
        for (const text of frame.invalidUtf8 ? [frame.text, frame.bytes.toString('latin1')] : [frame.text]) {
          let parsed: ParsedFrame;
          try {
            parsed = codec.parseFrame(text);
          } catch (error) {
            throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) threw ${String(error)}: ${text.slice(0, 200)}`);
          }
          // Plain checks, not chai: 100,000 frames.
          if (!KINDS.includes(parsed.kind)) throw new Error(`frame ${i}: unknown kind ${String(parsed.kind)}`);
          if (frame.mustBeMalformed && parsed.kind !== 'malformed') throw new Error(`frame ${i} (${frame.mutation}) parsed as ${parsed.kind}: ${text.slice(0, 200)}`);
          const why = parsed.kind === 'reply' ? undefined : insaneField(parsed);
          if (why) throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) parsed as ${parsed.kind} with ${why}: ${text.slice(0, 200)}`);
          kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
        }
      }
      expect(mutations.size, 'every mutation was made').to.equal(14);
      expect(kinds.get('malformed')).to.be.greaterThan(40_000);
      // Mutations that leave a payload valid (a dropped optional field, a duplicate key the original overrides) still parse.
      for (const kind of ['trade', 'ticker', 'bookTicker', 'depth', 'partialDepth', 'kline', 'reply', 'shutdown', 'unknown'] as const) {
        expect(kinds.get(kind) ?? 0, kind).to.be.greaterThan(0);
      }
    });
  });
});
