// The OKX market codec: channels and endpoints, control frames and events, every public push it maps (payloads
// written here from the v5 WebSocket reference), swap sizes in base units, the books sequence rules through the
// shared BookSync, the legacy checksum, limits and keep-alive, REST market bodies.
import { expect } from 'chai';
import { BookSync } from '../../../lib/book/book-sync.js';
import { ExchangeFormatError } from '../../../lib/core/errors.js';
import { checksumMatches, checksumString, okxChecksum } from '../../../lib/exchanges/okx/checksum.js';
import { createOkxMarket } from '../../../lib/exchanges/okx/market-codec.js';
import { candleStream } from '../../../lib/exchanges/okx/stream-names.js';
import type { DepthDelta, ParsedFrame } from '../../../lib/exchanges/types.js';

type Kind = ParsedFrame['kind'];

const codec = createOkxMarket();
codec.contractSizes.set('ETH-USDT-SWAP', '0.1');

function parse<K extends Kind>(value: unknown, kind: K): Extract<ParsedFrame, { kind: K }> {
  const frame = codec.parseFrame(typeof value === 'string' ? value : JSON.stringify(value));
  expect(frame.kind, JSON.stringify(frame)).to.equal(kind);
  return frame as Extract<ParsedFrame, { kind: K }>;
}

const push = (channel: string, instId: string, data: unknown, action?: string): unknown => ({ arg: { channel, instId }, ...(action ? { action } : {}), data });
const book = (prevSeqId: number, seqId: number, bids: string[][] = [], asks: string[][] = [], extra: object = {}): object => ({
  asks, bids, ts: '1700000000123', checksum: 0, prevSeqId, seqId, ...extra,
});
const books = (action: 'snapshot' | 'update', item: object, instId = 'BTC-USDT'): unknown => push('books', instId, [item], action);

describe('OKX market codec', () => {
  describe('channels and endpoints', () => {
    it('names each topic channel channel:instId; depth and book share books', () => {
      const name = (channel: 'trades' | 'ticker' | 'bookTicker' | 'depth' | 'book'): string => codec.streamName({ channel, venueSymbol: 'BTC-USDT' });
      expect([name('trades'), name('ticker'), name('bookTicker'), name('depth'), name('book')]).to.deep.equal([
        'trades:BTC-USDT', 'tickers:BTC-USDT', 'bbo-tbt:BTC-USDT', 'books:BTC-USDT', 'books:BTC-USDT',
      ]);
      expect(codec.channels).to.not.include('markPrice');
      expect(() => codec.streamName({ channel: 'markPrice', venueSymbol: 'BTC-USDT-SWAP' })).to.throw(TypeError);
    });
    it('puts the topic channels on /public and candles on /business', () => {
      expect(codec.streamEndpoint({ channel: 'book', venueSymbol: 'BTC-USDT' })).to.equal('public');
      expect(codec.streamEndpoint({ channel: 'trades', venueSymbol: 'BTC-USDT' })).to.equal('public');
      expect(candleStream('BTC-USDT', '1D')).to.equal('candle1D:BTC-USDT');
      expect(() => candleStream('BTC-USDT', '7m')).to.throw(RangeError);
    });
    it('opens <base>/ws/v5/<endpoint>, never doubling a path copied from the docs', () => {
      expect(codec.connectionUrl('wss://ws.okx.com:8443', 'public')).to.equal('wss://ws.okx.com:8443/ws/v5/public');
      expect(codec.connectionUrl('wss://ws.okx.com:8443/', 'business')).to.equal('wss://ws.okx.com:8443/ws/v5/business');
      expect(codec.connectionUrl('wss://ws.okx.com:8443/ws/v5', 'public')).to.equal('wss://ws.okx.com:8443/ws/v5/public');
      expect(codec.connectionUrl('wss://wspap.okx.com:8443/ws/v5/public', 'business')).to.equal('wss://wspap.okx.com:8443/ws/v5/business');
    });
  });

  describe('limits and keep-alive', () => {
    it('states 3 connection requests a second and 480 subscription requests an hour per connection', () => {
      expect(codec.limits.connectionAttempts).to.deep.equal({ count: 3, windowMs: 1000 });
      expect(codec.limits.subscriptionOps).to.deep.equal({ count: 480, windowMs: 3_600_000 });
    });
    it('pings with the text ping under 30 s of silence and expects pong', () => {
      expect(codec.keepAlive).to.deep.equal({ kind: 'client-text', idleMs: 25_000, message: 'ping', reply: 'pong' });
      expect(codec.probeFrame(9)).to.equal('ping');
      expect(parse('pong', 'reply')).to.deep.equal({ kind: 'reply', id: null, error: undefined, result: 'pong' });
    });
  });

  describe('control frames and events', () => {
    it('subscribes and unsubscribes with {id, op, args: [{channel, instId}]}', () => {
      expect(JSON.parse(codec.subscribeFrame(['books:BTC-USDT', 'trades:ETH-USDT-SWAP'], 7))).to.deep.equal({
        id: '7', op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }, { channel: 'trades', instId: 'ETH-USDT-SWAP' }],
      });
      expect(JSON.parse(codec.unsubscribeFrame(['bbo-tbt:BTC-USDT'], 8))).to.deep.equal({ id: '8', op: 'unsubscribe', args: [{ channel: 'bbo-tbt', instId: 'BTC-USDT' }] });
      expect(() => codec.subscribeFrame(['btcusdt@depth'], 1)).to.throw(TypeError);
    });
    it('reads a subscribe or unsubscribe event as the reply to the id it echoes', () => {
      const arg = { channel: 'books', instId: 'BTC-USDT' };
      expect(parse({ id: '12', event: 'subscribe', arg, connId: 'c1' }, 'reply')).to.deep.equal({ kind: 'reply', id: 12, error: undefined, result: arg });
      expect(parse({ event: 'unsubscribe', arg, connId: 'c1' }, 'reply').id).to.equal(null);
      expect(parse({ id: 'abc', event: 'subscribe', arg }, 'reply').id).to.equal('abc');
    });
    it('reads an error event as a refused reply with its numeric code', () => {
      expect(parse({ id: '3', event: 'error', code: '60012', msg: 'Invalid request', connId: 'c1' }, 'reply')).to.deep.equal({
        kind: 'reply', id: 3, error: { code: 60012, msg: 'Invalid request' }, result: undefined,
      });
      expect(parse({ event: 'error', code: 60012, msg: 'x' }, 'malformed').reason).to.match(/code/);
    });
    it('reads login events', () => {
      expect(parse({ event: 'login', code: '0', msg: '', connId: 'c1' }, 'reply').error).to.equal(undefined);
      expect(parse({ event: 'login', code: '60009', msg: 'Login failed.', connId: 'c1' }, 'reply').error).to.deep.equal({ code: 60009, msg: 'Login failed.' });
    });
    it('takes notice 64008 as the server closing the connection: reconnect now', () => {
      parse({ event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade.', connId: 'c1' }, 'shutdown');
      parse({ event: 'notice', code: '64009', msg: 'other' }, 'unknown');
      parse({ event: 'channel-conn-count', channel: 'orders', connCount: '2', connId: 'c1' }, 'unknown');
    });
  });

  describe('books', () => {
    it('reads a snapshot: seqId is first and last, prevSeqId -1 the previous, levels trimmed to [price, size]', () => {
      const { delta } = parse(books('snapshot', book(-1, 10, [['100.1', '2', '0', '3']], [['100.2', '1.5', '0', '1']])), 'depth');
      expect(delta).to.deep.equal({
        venueSymbol: 'BTC-USDT', first: 10, last: 10, previous: -1, bids: [['100.1', '2']], asks: [['100.2', '1.5']], exchangeTime: 1700000000123, isSnapshot: true,
      });
    });
    it('reads an update and keeps a non-zero (legacy) checksum on it', () => {
      const { delta } = parse(books('update', book(10, 15, [], [['100.2', '0', '0', '0']], { checksum: -855196043 })), 'depth');
      expect(delta).to.include({ first: 15, last: 15, previous: 10, isSnapshot: false, checksum: -855196043 });
      expect(parse(books('update', book(10, 15)), 'depth').delta).to.not.have.property('checksum');
    });
    it('reports a swap book in base units (sizes times ctVal)', () => {
      const { delta } = parse(books('snapshot', book(-1, 1, [['2000.1', '55154', '0', '2']], [['2000.2', '3', '0', '1']]), 'ETH-USDT-SWAP'), 'depth');
      expect(delta.bids).to.deep.equal([['2000.1', '5515.4']]);
      expect(delta.asks).to.deep.equal([['2000.2', '0.3']]);
    });
    it('calls a swap whose contract size is unknown unknown, not a guess', () => {
      expect(parse(books('snapshot', book(-1, 1), 'SOL-USDT-SWAP'), 'unknown').stream).to.equal('books:SOL-USDT-SWAP');
    });
    it('calls a book not as documented malformed, naming the field', () => {
      const cases: Array<[unknown, RegExp]> = [
        [books('update', book(10, 15, [['1', 'x']])), /bids/],
        [push('books', 'BTC-USDT', [book(1, 2)], 'partial'), /action/],
        [push('books', 'BTC-USDT', [book(1, 2)]), /action/],
        [books('update', book(-2, 15)), /prevSeqId/],
        [books('update', book(10, -1)), /seqId/],
        [books('update', book(10, 15, [], [], { ts: 1.5 })), /ts/],
        [books('update', book(10, 15, [], [], { checksum: 2 ** 31 })), /checksum/],
        [push('books', 'BTC-USDT', [book(1, 2), book(2, 3)], 'update'), /2 items/],
        [push('books', 'BTC-USDT', {}, 'update'), /data/],
        [push('books', 'BTC-USDT', [{ kind: 'trade' }], 'update'), /seqId/],
      ];
      for (const [value, reason] of cases) expect(parse(value, 'malformed').reason).to.match(reason);
    });
  });

  describe('books sequence rules through BookSync', () => {
    const delta = (value: unknown): DepthDelta => parse(value, 'depth').delta;

    it('follows the documented example: snapshot, increment, keep-alive, reset, increment', () => {
      const sync = new BookSync(codec.sequencing);
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.onDelta(delta(books('snapshot', book(-1, 10, [['100', '1']], [['101', '1']]))))).to.include({ status: 'synced', sequence: 10 });
      expect(sync.onDelta(delta(books('update', book(10, 15, [['100', '2']])))).status).to.equal('applied');
      expect(sync.onDelta(delta(books('update', book(15, 15)))).status).to.equal('skipped');
      expect(sync.onDelta(delta(books('update', book(15, 3, [], [['101', '3']]))))).to.include({ status: 'applied', sequence: 3 });
      expect(sync.onDelta(delta(books('update', book(3, 5, [['99', '1']]))))).to.include({ status: 'applied', sequence: 5 });
      expect(sync.book.top(5)).to.deep.equal({ bids: [['100', '2'], ['99', '1']], asks: [['101', '3']] });
    });
    it('reports a broken chain as a gap repaired by resubscribing, and takes the next snapshot', () => {
      const sync = new BookSync(codec.sequencing);
      sync.onDelta(delta(books('snapshot', book(-1, 10, [['100', '1']], [['101', '1']]))));
      expect(sync.onDelta(delta(books('update', book(11, 12))))).to.include({ status: 'gap', repair: 'resubscribe', lastSequence: 10 });
      expect(sync.onDelta(delta(books('update', book(12, 13)))).status).to.equal('skipped');
      expect(sync.onDelta(delta(books('snapshot', book(-1, 20, [['100', '1']], [['101', '1']]))))).to.include({ status: 'synced', sequence: 20 });
    });
    it('skips an increment the book already holds (the overlap of a renewed connection)', () => {
      const sync = new BookSync(codec.sequencing);
      sync.onDelta(delta(books('snapshot', book(-1, 10, [['100', '1']], [['101', '1']]))));
      sync.onDelta(delta(books('update', book(10, 15))));
      expect(sync.onDelta(delta(books('update', book(10, 15)))).status).to.equal('skipped');
      expect(sync.onDelta(delta(books('update', book(15, 16)))).status).to.equal('applied');
    });
  });

  describe('the legacy checksum', () => {
    it('interleaves bid and ask price:size, 25 levels a side, skipping a side that ran out', () => {
      expect(checksumString([['10', '1'], ['9', '2']], [['11', '3']])).to.equal('10:1:11:3:9:2');
      const many = Array.from({ length: 30 }, (_, i): [string, string] => [String(100 - i), '1']);
      expect(checksumString(many, []).split(':')).to.have.length(50);
      expect(checksumString([], [])).to.equal('');
    });
    it('is a signed 32-bit CRC32, and only a non-zero checksum is checked', () => {
      const bids: [string, string][] = [['10', '1']];
      const asks: [string, string][] = [['11', '3']];
      const sum = okxChecksum(bids, asks);
      expect(sum).to.be.within(-(2 ** 31), 2 ** 31 - 1);
      expect(checksumMatches({ bids, asks }, sum)).to.equal(true);
      expect(checksumMatches({ bids, asks }, sum ^ 1)).to.equal(false);
      expect(checksumMatches({ bids, asks }, 0)).to.equal(true);
      expect(checksumMatches({ bids, asks }, undefined)).to.equal(true);
    });
    it('checks a swap book in the venue sizes it was computed on', () => {
      const venue = okxChecksum([['2000.1', '55154']], [['2000.2', '3']]);
      const unified = { bids: [['2000.1', '5515.4']] as [string, string][], asks: [['2000.2', '0.3']] as [string, string][] };
      expect(checksumMatches(unified, venue)).to.equal(false);
      expect(checksumMatches(unified, venue, (size) => codec.contractSizes.toVenue('ETH-USDT-SWAP', size))).to.equal(true);
    });
  });

  describe('other pushes', () => {
    it('reads books5 as a partial-depth snapshot at seqId', () => {
      const { snapshot } = parse(push('books5', 'BTC-USDT', [{ asks: [['11', '1', '0', '1']], bids: [['10', '2', '0', '1']], instId: 'BTC-USDT', ts: '1700000000001', seqId: 42 }]), 'partialDepth');
      expect(snapshot).to.deep.equal({ venueSymbol: 'BTC-USDT', sequence: 42, bids: [['10', '2']], asks: [['11', '1']], exchangeTime: 1700000000001 });
    });
    it('reads bbo-tbt as a book ticker, sizes in base units for a swap', () => {
      const { venueSymbol, event } = parse(push('bbo-tbt', 'ETH-USDT-SWAP', [{ asks: [['2000.2', '20', '0', '2']], bids: [['2000.1', '10', '0', '1']], ts: '1700000000002', seqId: 7 }]), 'bookTicker');
      expect(venueSymbol).to.equal('ETH-USDT-SWAP');
      expect(event).to.include({ type: 'bookTicker', exchangeTime: 1700000000002, sequence: 7 });
      expect([event.bid, event.bidSize, event.ask, event.askSize].map(String)).to.deep.equal(['2000.1', '1', '2000.2', '2']);
      parse(push('bbo-tbt', 'BTC-USDT', [{ asks: [], bids: [['1', '1', '0', '1']], ts: '1', seqId: 1 }]), 'unknown');
    });
    const ticker = {
      instType: 'SPOT', instId: 'BTC-USDT', last: '105', lastSz: '0.1', askPx: '105.5', askSz: '2', bidPx: '104.5', bidSz: '1', open24h: '100',
      high24h: '110', low24h: '95', volCcy24h: '21000', vol24h: '200', sodUtc0: '101', sodUtc8: '99', ts: '1700000000003',
    };
    it('reads a spot ticker: base volume vol24h, quote volume volCcy24h, change from open24h', () => {
      const { event } = parse(push('tickers', 'BTC-USDT', [ticker]), 'ticker');
      expect(event.exchangeTime).to.equal(1700000000003);
      const text = Object.fromEntries(['last', 'open', 'high', 'low', 'change', 'changePercent', 'volume', 'quoteVolume', 'bid', 'ask'].map((k) => [k, String(event[k as keyof typeof event])]));
      expect(text).to.deep.equal({ last: '105', open: '100', high: '110', low: '95', change: '5', changePercent: '5', volume: '200', quoteVolume: '21000', bid: '104.5', ask: '105.5' });
    });
    it('reads a swap ticker: base volume volCcy24h, quote volume estimated as volume * last; an empty bid is none', () => {
      const { event } = parse(push('tickers', 'ETH-USDT-SWAP', [{ ...ticker, instType: 'SWAP', instId: 'ETH-USDT-SWAP', vol24h: '2000', volCcy24h: '200', bidPx: '' }]), 'ticker');
      expect(String(event.volume)).to.equal('200');
      expect(String(event.quoteVolume)).to.equal('21000');
      expect(event.bid).to.equal(undefined);
    });
    it('reads a trade: the taker side, the last trade id of the aggregation, size in base units', () => {
      const raw = { instId: 'ETH-USDT-SWAP', tradeId: '130639474', px: '2000.5', sz: '12', side: 'sell', ts: '1700000000004', count: '3', source: '0', seqId: 1234 };
      const { venueSymbol, aggregated, event } = parse(push('trades', 'ETH-USDT-SWAP', [raw]), 'trade');
      expect({ venueSymbol, aggregated }).to.deep.equal({ venueSymbol: 'ETH-USDT-SWAP', aggregated: false });
      expect(event).to.include({ id: '130639474', side: 'sell', tradeTime: 1700000000004, exchangeTime: 1700000000004 });
      expect(String(event.quantity)).to.equal('1.2');
      expect(parse(push('trades', 'BTC-USDT', [{ ...raw, instId: 'BTC-USDT', side: 'SELL' }]), 'malformed').reason).to.match(/side/);
    });
    it('reads a candle from /business: volume in base units, closed when confirm is 1', () => {
      const row = ['1700006400000', '100', '110', '95', '105', '2000', '200', '21000', '1'];
      const { event } = parse(push('candle1H', 'ETH-USDT-SWAP', [row]), 'kline');
      expect(event).to.include({ interval: '1H', openTime: 1700006400000, closeTime: 1700006400000 + 3_600_000 - 1, closed: true, trades: 0 });
      expect(String(event.volume)).to.equal('200');
      expect(String(event.quoteVolume)).to.equal('21000');
      expect(String(parse(push('candle1H', 'BTC-USDT', [row]), 'kline').event.volume)).to.equal('2000');
      // A month bar (UTC+8): 2024-01-31 16:00 UTC is 2024-02-01 00:00 in Hong Kong; the bar ends at March's start.
      const month = parse(push('candle1M', 'BTC-USDT', [[String(Date.UTC(2024, 0, 31, 16)), ...row.slice(1)]]), 'kline').event;
      expect(month.closeTime).to.equal(Date.UTC(2024, 1, 29, 16) - 1);
      expect(parse(push('candle1H', 'BTC-USDT', [[...row.slice(0, 8), 'yes']]), 'malformed').reason).to.match(/confirm/);
      expect(parse(push('candle9X', 'BTC-USDT', [row]), 'malformed').reason).to.match(/bar/);
    });
    it('calls a channel it does not map, or a push without an instrument, unknown', () => {
      parse(push('mark-price', 'BTC-USDT-SWAP', [{}]), 'unknown');
      parse({ arg: { channel: 'instruments', instType: 'SPOT' }, data: [] }, 'unknown');
    });
    it('calls what is not an OKX frame malformed', () => {
      for (const text of ['', 'ping', 'PONG', '[1]', 'null', '{"arg":1,"data":[]}', '{"arg":{"instId":"BTC-USDT"},"data":[]}', '{"arg":{"channel":"books","instId":5},"data":[]}']) {
        expect(codec.parseFrame(text).kind, text).to.equal('malformed');
      }
    });
  });

  describe('REST market data', () => {
    it('lists spot first, then swaps, and reads both bodies', () => {
      expect(codec.exchangeInfoRequest().path).to.equal('/api/v5/public/instruments?instType=SPOT');
      expect(codec.listingRequests().map((r) => r.path)).to.deep.equal(['/api/v5/public/instruments?instType=SPOT', '/api/v5/public/instruments?instType=SWAP']);
    });
    it('asks for a book of at most 400 levels and reads it', () => {
      expect(codec.depthSnapshotRequest('BTC-USDT', 1000).path).to.equal('/api/v5/market/books?instId=BTC-USDT&sz=400');
      const snapshot = codec.parseDepthSnapshot({ code: '0', msg: '', data: [{ asks: [['11', '1', '0', '1']], bids: [['10', '2', '0', '2']], ts: '1700000000005', seqId: 99 }] });
      expect(snapshot).to.deep.equal({ venueSymbol: undefined, sequence: 99, bids: [['10', '2']], asks: [['11', '1']], exchangeTime: 1700000000005 });
      expect(() => codec.parseDepthSnapshot({ code: '0', msg: '', data: [] })).to.throw(ExchangeFormatError);
    });
    it('cannot page trades forward from an id, and reads recent trades oldest first', () => {
      expect(codec.tradesFromRequest('BTC-USDT', '1', 100)).to.equal(undefined);
      const trade = (tradeId: string, sz: string): object => ({ instId: 'ETH-USDT-SWAP', side: 'buy', sz, px: '2000', tradeId, ts: '1700000000006' });
      const trades = codec.parseTrades({ code: '0', msg: '', data: [trade('2', '10'), trade('1', '5')] });
      expect(trades.map((t) => [t.id, String(t.quantity)])).to.deep.equal([['1', '0.5'], ['2', '1']]);
    });
  });
});
