// Binance spot REST market data as data: requests with their weights, and parsers of depth and trade bodies.
import { expect } from 'chai';
import { ExchangeFormatError, ValidationError } from '../../../lib/core/errors.js';
import { binanceSpotMarket as codec } from '../../../lib/exchanges/binance/market-codec.js';

function formatErrorField(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    expect(error).to.be.instanceOf(ExchangeFormatError);
    return (error as ExchangeFormatError).field;
  }
  throw new Error('no error thrown');
}

describe('Binance spot REST market data', () => {
  describe('requests', () => {
    it('asks for exchangeInfo at weight 20', () => {
      expect(codec.exchangeInfoRequest()).to.deep.equal({ method: 'GET', path: '/api/v3/exchangeInfo', weight: 20 });
    });
    it('weighs a depth snapshot by its limit', () => {
      const weight = (limit: number): number => codec.depthSnapshotRequest('BTCUSDT', limit).weight;
      expect([1, 100, 101, 500, 501, 1000, 1001, 5000].map(weight)).to.deep.equal([5, 5, 25, 25, 50, 50, 250, 250]);
      expect(codec.depthSnapshotRequest('BTCUSDT', 1000)).to.deep.equal({ method: 'GET', path: '/api/v3/depth?symbol=BTCUSDT&limit=1000', weight: 50 });
    });
    it('pages trades by trade id with historicalTrades at weight 25', () => {
      expect(codec.tradesFromRequest('BTCUSDT', '28457', 1000)).to.deep.equal({
        method: 'GET',
        path: '/api/v3/historicalTrades?symbol=BTCUSDT&fromId=28457&limit=1000',
        weight: 25,
      });
    });
    it('refuses limits and ids Binance would refuse', () => {
      expect(() => codec.depthSnapshotRequest('BTCUSDT', 0)).to.throw(ValidationError);
      expect(() => codec.depthSnapshotRequest('BTCUSDT', 5001)).to.throw(ValidationError);
      expect(() => codec.tradesFromRequest('BTCUSDT', '1', 1001)).to.throw(ValidationError);
      expect(() => codec.tradesFromRequest('BTCUSDT', '1&limit=5', 10)).to.throw(ValidationError);
    });
  });

  describe('parseDepthSnapshot', () => {
    it('keeps lastUpdateId and the level strings', () => {
      const body = { lastUpdateId: 42, bids: [['1.00', '2']], asks: [['1.01', '3.5']] };
      expect(codec.parseDepthSnapshot(body)).to.deep.equal({ venueSymbol: undefined, sequence: 42, bids: body.bids, asks: body.asks, exchangeTime: undefined });
    });
    it('names the field of a malformed body', () => {
      expect(formatErrorField(() => codec.parseDepthSnapshot([]))).to.equal('depth');
      expect(formatErrorField(() => codec.parseDepthSnapshot({ lastUpdateId: 2 ** 53, bids: [], asks: [] }))).to.equal('depth.lastUpdateId');
      expect(formatErrorField(() => codec.parseDepthSnapshot({ lastUpdateId: 1, bids: [[1, 2]], asks: [] }))).to.equal('depth.bids');
      expect(formatErrorField(() => codec.parseDepthSnapshot({ lastUpdateId: 1, bids: [], asks: null }))).to.equal('depth.asks');
    });
  });

  describe('parseTrades', () => {
    it('maps each trade with a string id and the taker side', () => {
      const [sold, bought] = codec.parseTrades([
        { id: 7, price: '1.50', qty: '2', quoteQty: '3', time: 1000, isBuyerMaker: true, isBestMatch: true },
        { id: 8, price: '1.51', qty: '0.5', quoteQty: '0.755', time: 1001, isBuyerMaker: false, isBestMatch: true },
      ]);
      expect(sold).to.include({ type: 'trade', id: '7', side: 'sell', tradeTime: 1000, exchangeTime: 1000 });
      expect(sold!.price.toFixed()).to.equal('1.5');
      expect(bought).to.include({ id: '8', side: 'buy' });
      expect(bought!.quantity.toFixed()).to.equal('0.5');
    });
    it('names the field of a malformed body', () => {
      const ok = { id: 1, price: '1', qty: '1', time: 1, isBuyerMaker: true };
      expect(formatErrorField(() => codec.parseTrades({}))).to.equal('trades');
      expect(formatErrorField(() => codec.parseTrades([ok, 'x']))).to.equal('trades[1]');
      expect(formatErrorField(() => codec.parseTrades([{ ...ok, id: -1 }]))).to.equal('trades[0].id');
      expect(formatErrorField(() => codec.parseTrades([{ ...ok, price: 1 }]))).to.equal('trades[0].price');
      expect(formatErrorField(() => codec.parseTrades([{ ...ok, qty: '1e3' }]))).to.equal('trades[0].qty');
      expect(formatErrorField(() => codec.parseTrades([{ ...ok, time: '1' }]))).to.equal('trades[0].time');
      expect(formatErrorField(() => codec.parseTrades([{ ...ok, isBuyerMaker: 'true' }]))).to.equal('trades[0].isBuyerMaker');
    });
  });

  it('documents its limits and keep-alive', () => {
    expect(codec.exchange).to.equal('binance');
    expect(codec.limits).to.include({ streamsPerConnection: 1024, controlMessagesPerSecond: 5, connectionLifetimeMs: 86_400_000, restWeightPerMinute: 6000 });
    expect(codec.limits.connectionAttempts).to.deep.equal({ count: 300, windowMs: 300_000 });
    expect(codec.keepAlive).to.deep.equal({ kind: 'server-ping', intervalMs: 20_000 });
  });
});
