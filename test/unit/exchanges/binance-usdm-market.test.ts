// The Binance USD-M futures market codec: stream names and the /public-/market split, parseFrame on every
// futures payload it maps (payloads written here from the USD-M websocket-market-streams docs), the REST
// requests and bodies (/fapi/v1), perpetual listings as `BASE/QUOTE:SETTLE`, and a seeded fuzz.
import { expect } from 'chai';
import fc from 'fast-check';
import { ExchangeFormatError, ValidationError } from '../../../lib/core/errors.js';
import { binanceUsdmMarket as codec } from '../../../lib/exchanges/binance-usdm/market-codec.js';
import { depthLimitFor } from '../../../lib/exchanges/binance-usdm/rest-market.js';
import type { ParsedFrame } from '../../../lib/exchanges/types.js';
import type { MarketChannel } from '../../../lib/models/market.js';

type Kind = ParsedFrame['kind'];
const KINDS: readonly Kind[] = ['trade', 'ticker', 'bookTicker', 'kline', 'depth', 'partialDepth', 'markPrice', 'liquidation', 'reply', 'shutdown', 'unknown', 'malformed'];

function parse<K extends Kind>(value: unknown, kind: K, stream?: string): Extract<ParsedFrame, { kind: K }> {
  const wrapped = stream === undefined ? value : { stream, data: value };
  const frame = codec.parseFrame(typeof wrapped === 'string' ? wrapped : JSON.stringify(wrapped));
  expect(frame.kind, JSON.stringify(frame)).to.equal(kind);
  return frame as Extract<ParsedFrame, { kind: K }>;
}

const depthUpdate = { e: 'depthUpdate', E: 1700000000500, T: 1700000000499, s: 'BTCUSDT', U: 2001, u: 2010, pu: 2000, b: [['64000.10', '0.005'], ['63999.90', '0']], a: [['64000.20', '1.250']] };
const aggTrade = { e: 'aggTrade', E: 1700000000200, s: 'BTCUSDT', a: 77001, p: '64000.10', q: '0.012', nq: '0.012', f: 900, l: 903, T: 1700000000199, m: true };
const bookTicker = { e: 'bookTicker', u: 400900217, E: 1700000000300, T: 1700000000298, s: 'BTCUSDT', b: '64000.10', B: '3.021', a: '64000.20', A: '0.410' };
const markPrice = { e: 'markPriceUpdate', E: 1700000001000, s: 'BTCUSDT', p: '64000.15000000', i: '63990.01234567', P: '63995.00000000', r: '-0.00012500', T: 1700006400000 };
const forceOrder = { e: 'forceOrder', E: 1700000002000, o: { s: 'ETHUSDT', S: 'SELL', o: 'LIMIT', f: 'IOC', q: '0.140', p: '3190.10', ap: '3191.00', X: 'FILLED', l: '0.140', z: '0.140', T: 1700000001999 } };
// USD-M 24hrTicker: no best bid/ask (and no prevClose) in it, unlike spot.
const ticker = { e: '24hrTicker', E: 1700000000400, s: 'BTCUSDT', p: '-120.50', P: '-0.188', w: '64000.00', c: '63880.00', Q: '0.010', o: '64000.50', h: '65000.00', l: '63000.00', v: '12345.678', q: '790000000.12', O: 0, C: 86400000, F: 1, L: 99, n: 99 };
const partial = { e: 'depthUpdate', E: 1700000000600, T: 1700000000599, s: 'BTCUSDT', U: 3000, u: 3005, pu: 2999, b: [['64000.10', '1']], a: [['64000.20', '2']] };

describe('Binance USD-M market codec', () => {
  describe('streams and endpoints', () => {
    const key = (channel: MarketChannel) => ({ channel, venueSymbol: 'BTCUSDT' });
    it('names the stream of every channel, the trades topic on @aggTrade (the series futures pages by id)', () => {
      const names = Object.fromEntries(codec.channels.map((c) => [c, codec.streamName(key(c))]));
      expect(names).to.deep.equal({
        trades: 'btcusdt@aggTrade',
        ticker: 'btcusdt@ticker',
        bookTicker: 'btcusdt@bookTicker',
        depth: 'btcusdt@depth@100ms',
        book: 'btcusdt@depth@100ms',
        markPrice: 'btcusdt@markPrice@1s',
        liquidations: 'btcusdt@forceOrder',
      });
      expect(codec.tradeIds).to.equal('aggregate');
    });
    it('puts depth and book ticker on /public, everything else on /market', () => {
      const endpoints = Object.fromEntries(codec.channels.map((c) => [c, codec.streamEndpoint(key(c))]));
      expect(endpoints).to.deep.equal({ trades: 'market', ticker: 'market', bookTicker: 'public', depth: 'public', book: 'public', markPrice: 'market', liquidations: 'market' });
    });
    it('opens a combined-stream connection under the endpoint, never doubling a path copied from the docs', () => {
      expect(codec.connectionUrl('wss://fstream.binance.com', 'public')).to.equal('wss://fstream.binance.com/public/stream');
      expect(codec.connectionUrl('wss://fstream.binance.com/', 'market')).to.equal('wss://fstream.binance.com/market/stream');
      expect(codec.connectionUrl('wss://fstream.binance.com/market/ws', 'public')).to.equal('wss://fstream.binance.com/public/stream');
      expect(codec.connectionUrl('ws://127.0.0.1:9000/fstream/public/stream/', 'market')).to.equal('ws://127.0.0.1:9000/fstream/market/stream');
    });
    it('has the futures limits: 10 incoming messages/s, 1024 streams, a server ping every 3 minutes', () => {
      expect(codec.limits).to.include({ controlMessagesPerSecond: 10, streamsPerConnection: 1024 });
      expect(codec.keepAlive).to.deep.equal({ kind: 'server-ping', intervalMs: 180_000 });
      expect(codec.exchange).to.equal('binanceusdm');
    });
  });

  describe('parseFrame', () => {
    it('reads a diff-depth event with pu as previous, levels as the exact strings', () => {
      const { delta } = parse(depthUpdate, 'depth', 'btcusdt@depth@100ms');
      expect(delta).to.deep.include({ venueSymbol: 'BTCUSDT', first: 2001, last: 2010, previous: 2000, exchangeTime: 1700000000500, isSnapshot: false });
      expect(delta.bids).to.deep.equal([['64000.10', '0.005'], ['63999.90', '0']]);
    });
    it('reads a partial-depth stream (a depthUpdate payload) as a top-N snapshot at u', () => {
      const { snapshot } = parse(partial, 'partialDepth', 'btcusdt@depth5@100ms');
      expect(snapshot).to.deep.include({ venueSymbol: 'BTCUSDT', sequence: 3005, exchangeTime: 1700000000600 });
    });
    it('reads aggTrade as an aggregated trade with its aggregate id as a string', () => {
      const frame = parse(aggTrade, 'trade', 'btcusdt@aggTrade');
      expect(frame.aggregated).to.equal(true);
      expect(frame.event).to.deep.include({ id: '77001', side: 'sell', tradeTime: 1700000000199 });
      expect(frame.event.price.toString()).to.equal('64000.1');
    });
    it('reads the book ticker with its event time', () => {
      const { event } = parse(bookTicker, 'bookTicker');
      expect(event).to.include({ sequence: 400900217, exchangeTime: 1700000000300 });
      expect([event.bid.toFixed(), event.askSize.toFixed()]).to.deep.equal(['64000.1', '0.41']);
    });
    it('reads markPriceUpdate exactly: mark, index, settle, a negative funding rate, next funding time', () => {
      const { venueSymbol, event } = parse(markPrice, 'markPrice', 'btcusdt@markPrice@1s');
      expect(venueSymbol).to.equal('BTCUSDT');
      expect(event.markPrice.toFixed(8)).to.equal('64000.15000000');
      expect(event.indexPrice.toFixed()).to.equal('63990.01234567');
      expect(event.estimatedSettlePrice?.toFixed()).to.equal('63995');
      expect(event.fundingRate.toFixed()).to.equal('-0.000125');
      expect(event).to.include({ nextFundingTime: 1700006400000, exchangeTime: 1700000001000 });
    });
    it('reads forceOrder as a liquidation', () => {
      const { venueSymbol, event } = parse(forceOrder, 'liquidation', 'ethusdt@forceOrder');
      expect(venueSymbol).to.equal('ETHUSDT');
      expect(event).to.include({ side: 'sell', status: 'FILLED', tradeTime: 1700000001999 });
      expect([event.price.toFixed(), event.averagePrice.toFixed(), event.quantity.toFixed(), event.filledQuantity.toFixed()]).to.deep.equal(['3190.1', '3191', '0.14', '0.14']);
    });
    it('reads the 24 h ticker without a best bid/ask', () => {
      const { event } = parse(ticker, 'ticker');
      expect(event.bid).to.equal(undefined);
      expect(event.changePercent.toFixed()).to.equal('-0.188');
    });
    it('calls a field that is not as documented malformed, naming it', () => {
      expect(parse({ ...markPrice, r: '' }, 'malformed').reason).to.match(/markPriceUpdate: r/);
      expect(parse({ ...markPrice, T: -1 }, 'malformed').reason).to.match(/markPriceUpdate: T/);
      expect(parse({ ...forceOrder, o: { ...forceOrder.o, S: 'LONG' } }, 'malformed').reason).to.match(/forceOrder: o\.S/);
      expect(parse({ ...forceOrder, o: null }, 'malformed').reason).to.match(/forceOrder: o/);
      expect(parse({ ...depthUpdate, pu: '2000' }, 'malformed').reason).to.match(/depthUpdate: pu/);
    });
    it('calls a documented event it does not map unknown, and reads serverShutdown and control replies', () => {
      expect(parse({ e: 'contractInfo', E: 1 }, 'unknown', '!contractInfo').stream).to.equal('!contractInfo');
      parse({ e: 'serverShutdown', E: 1 }, 'shutdown');
      expect(parse({ result: null, id: 7 }, 'reply').id).to.equal(7);
    });
  });

  describe('REST market data', () => {
    it('asks /fapi/v1 for the listing, a valid depth limit, and aggregate trades by id', () => {
      expect(codec.exchangeInfoRequest()).to.deep.equal({ method: 'GET', path: '/fapi/v1/exchangeInfo', weight: 1 });
      expect(codec.depthSnapshotRequest('BTCUSDT', 1000)).to.deep.equal({ method: 'GET', path: '/fapi/v1/depth?symbol=BTCUSDT&limit=1000', weight: 20 });
      expect(codec.depthSnapshotRequest('BTCUSDT', 200).path).to.match(/limit=500$/);
      expect(codec.depthSnapshotRequest('BTCUSDT', 5000).path).to.match(/limit=1000$/);
      expect([depthLimitFor(1), depthLimitFor(50), depthLimitFor(101)]).to.deep.equal([5, 50, 500]);
      expect(codec.tradesFromRequest('BTCUSDT', '9007199254740993', 1000)).to.deep.equal({
        method: 'GET',
        path: '/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=9007199254740993&limit=1000',
        weight: 20,
      });
      expect(() => codec.tradesFromRequest('BTCUSDT', '1e3', 10)).to.throw(ValidationError);
      expect(() => codec.tradesFromRequest('BTCUSDT', '1', 1001)).to.throw(ValidationError);
    });
    it('reads the depth snapshot with its event time', () => {
      const snap = codec.parseDepthSnapshot({ lastUpdateId: 1027024, E: 1589436922972, T: 1589436922959, bids: [['4.00000000', '431.00000000']], asks: [['4.00000200', '12.00000000']] });
      expect(snap).to.deep.include({ sequence: 1027024, exchangeTime: 1589436922972 });
      expect(() => codec.parseDepthSnapshot({ lastUpdateId: 'x', bids: [], asks: [] })).to.throw(ExchangeFormatError, /depth\.lastUpdateId/);
    });
    it('reads aggTrades pages, ids as strings', () => {
      const trades = codec.parseTrades([{ a: 26129, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true }]);
      expect(trades[0]).to.deep.include({ id: '26129', side: 'sell', tradeTime: 1498793709153 });
      expect(() => codec.parseTrades([{ a: 1, p: '1', q: '1', T: 1 }])).to.throw(ExchangeFormatError, /aggTrades\[0\]\.m/);
    });
  });

  describe('symbols', () => {
    const listing = (symbol: string, contractType: string, status = 'TRADING') => ({
      symbol,
      pair: 'BTCUSDT',
      contractType,
      status,
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
        { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
      ],
    });
    it('lists perpetuals only, as BASE/QUOTE:SETTLE, halted ones with trading false', () => {
      const infos = codec.parseSymbols({ symbols: [listing('BTCUSDT', 'PERPETUAL'), listing('BTCUSDT_250627', 'CURRENT_QUARTER'), { ...listing('ETHUSDT', 'PERPETUAL', 'SETTLING'), baseAsset: 'ETH' }] });
      expect(infos.map((i) => [i.symbol, i.venueSymbol, i.trading])).to.deep.equal([
        ['BTC/USDT:USDT', 'BTCUSDT', true],
        ['ETH/USDT:USDT', 'ETHUSDT', false],
      ]);
      expect(infos[0]).to.include({ tickSize: '0.10', stepSize: '0.001' });
    });
    it('throws ExchangeFormatError naming the field of a listing that is not as documented', () => {
      expect(() => codec.parseSymbols({ symbols: [{ ...listing('BTCUSDT', 'PERPETUAL'), marginAsset: '' }] })).to.throw(ExchangeFormatError, /symbols\[0\]\.marginAsset/);
      expect(() => codec.parseSymbols({ symbols: [{ ...listing('BTCUSDT', 'PERPETUAL'), contractType: 3 }] })).to.throw(ExchangeFormatError, /contractType/);
      expect(() => codec.parseSymbols([])).to.throw(ExchangeFormatError);
    });
  });

  describe('parseFrame fuzz (seeded)', () => {
    const params = { seed: 0x05d3, numRuns: 2000 };
    const valid = [depthUpdate, aggTrade, bookTicker, markPrice, forceOrder, ticker, partial, { e: 'serverShutdown', E: 1 }, { result: null, id: 1 }];
    const streams = ['btcusdt@depth@100ms', 'btcusdt@depth5', 'btcusdt@markPrice@1s', 'btcusdt@forceOrder'];
    const kindOf = (text: string): Kind => {
      let frame: ParsedFrame | undefined;
      expect(() => {
        frame = codec.parseFrame(text);
      }).not.to.throw();
      return frame!.kind;
    };
    it('never throws on arbitrary JSON values, raw or combined', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(undefined, ...streams), (value, stream) => {
          return KINDS.includes(kindOf(JSON.stringify(stream === undefined ? value : { stream, data: value })));
        }),
        params,
      );
    });
    it('never throws on valid payloads with one field (or one field of forceOrder.o) replaced by any JSON value', () => {
      fc.assert(
        fc.property(fc.constantFrom(...valid), fc.nat(), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(undefined, ...streams), (payload, pick, replacement, stream) => {
          const keys = Object.keys(payload);
          const key = keys[pick % keys.length]!;
          const mutated: Record<string, unknown> = { ...payload, [key]: replacement };
          if (payload === forceOrder && pick % 2 === 0) {
            const inner = Object.keys(forceOrder.o);
            mutated.o = { ...forceOrder.o, [inner[pick % inner.length]!]: replacement };
          }
          return KINDS.includes(kindOf(JSON.stringify(stream === undefined ? mutated : { stream, data: mutated })));
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
});
