// The pure parts of the market streams: stream names, kline intervals, depth windows.
import { expect } from 'chai';
import { Decimal } from '../../lib/core/decimal.js';
import { DepthWindow } from '../../sim/binance/streams/depth-window.js';
import { KlineBuilder, klineBounds } from '../../sim/binance/streams/kline-builder.js';
import { parseStreamName } from '../../sim/binance/streams/stream-names.js';

const d = (text: string): Decimal => new Decimal(text);

describe('parseStreamName', () => {
  const known = (symbol: string): boolean => symbol === 'BTCUSDT';

  it('parses every stream kind the simulator serves', () => {
    expect(parseStreamName('btcusdt@trade', known)).to.deep.equal({ name: 'btcusdt@trade', symbol: 'BTCUSDT', kind: 'trade' });
    expect(parseStreamName('btcusdt@depth', known)).to.include({ kind: 'diffDepth', speed: 'slow' });
    expect(parseStreamName('btcusdt@depth@100ms', known)).to.include({ kind: 'diffDepth', speed: 'fast' });
    expect(parseStreamName('btcusdt@depth20', known)).to.include({ kind: 'partialDepth', levels: 20, speed: 'slow' });
    expect(parseStreamName('btcusdt@depth10@100ms', known)).to.include({ kind: 'partialDepth', levels: 10, speed: 'fast' });
    expect(parseStreamName('btcusdt@kline_1M', known)).to.include({ kind: 'kline', interval: '1M' });
    for (const kind of ['aggTrade', 'ticker', 'miniTicker', 'bookTicker']) expect(parseStreamName(`btcusdt@${kind}`, known)).to.include({ kind });
  });

  it('refuses unknown symbols, upper-case symbols, unknown kinds and levels', () => {
    for (const name of ['ethusdt@trade', 'BTCUSDT@trade', 'btcusdt@depth15', 'btcusdt@kline_2m', 'btcusdt@depth@500ms', '@trade', 'btcusdt', 'btcusdt@toString']) {
      expect(parseStreamName(name, known), name).to.equal(undefined);
    }
  });
});

describe('klineBounds', () => {
  const at = Date.UTC(2026, 10, 18, 13, 47, 31, 250); // Wednesday

  it('aligns fixed intervals to the epoch and closes 1 ms before the next open', () => {
    expect(klineBounds('1m', at)).to.deep.equal([Date.UTC(2026, 10, 18, 13, 47), Date.UTC(2026, 10, 18, 13, 48) - 1]);
    expect(klineBounds('4h', at)).to.deep.equal([Date.UTC(2026, 10, 18, 12), Date.UTC(2026, 10, 18, 16) - 1]);
  });

  it('opens weeks on Monday 00:00 UTC', () => {
    expect(klineBounds('1w', at)).to.deep.equal([Date.UTC(2026, 10, 16), Date.UTC(2026, 10, 23) - 1]);
  });

  it('opens months on the first day of the calendar month', () => {
    expect(klineBounds('1M', at)).to.deep.equal([Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1) - 1]);
  });
});

describe('KlineBuilder', () => {
  const trade = (id: number, price: string, time: number, isBuyerMaker = false) => ({
    id: BigInt(id),
    price: d(price),
    qty: d('1'),
    quoteQty: d(price),
    time,
    isBuyerMaker,
    buyerOrderId: 1n,
    sellerOrderId: 2n,
    aggId: BigInt(id),
  });

  it('starts an empty interval at the last close and closes it with x when the interval ends', () => {
    const builder = new KlineBuilder('1s', 10_500, undefined, [trade(1, '5', 9_100)]);
    builder.onTrade(trade(2, '7', 10_600, true));
    const [open] = builder.take(10_700);
    expect(open).to.include({ openTime: 10_000, firstTradeId: 2n, lastTradeId: 2n, trades: 1, closed: false });
    expect(open!.open.toString()).to.equal('7');
    expect(open!.takerBuyVolume.toString()).to.equal('0');
    const [closed, next] = builder.take(11_200);
    expect(closed).to.include({ openTime: 10_000, closed: true });
    expect(next).to.include({ openTime: 11_000, firstTradeId: -1n, trades: 0, closed: false });
    expect(next!.open.toString()).to.equal('7');
  });
});

describe('DepthWindow', () => {
  it('folds changes into U = first updateId, u = last, and the latest quantity per price', () => {
    const window = new DepthWindow();
    window.add({ updateId: 7, bids: [[d('10.0'), d('1')]], asks: [] });
    window.add({ updateId: 8, bids: [[d('10'), d('3')], [d('11'), d('2')]], asks: [[d('12'), d('0')]] });
    const [diff, more] = window.take();
    expect(more).to.equal(undefined);
    expect(diff).to.include({ firstUpdateId: 7, lastUpdateId: 8 });
    expect(diff!.bids.map(([p, q]) => [p.toString(), q.toString()])).to.deep.equal([
      ['11', '2'],
      ['10', '3'],
    ]);
    expect(diff!.asks.map(([p, q]) => [p.toString(), q.toString()])).to.deep.equal([['12', '0']]);
    expect(window.take()).to.deep.equal([]);
  });

  it('never folds across a skipped change, so U jumps past the previous u + 1', () => {
    const window = new DepthWindow();
    window.add({ updateId: 7, bids: [[d('10'), d('1')]], asks: [] });
    window.skip(); // change 8 left out
    window.add({ updateId: 9, bids: [[d('10'), d('2')]], asks: [] });
    window.skip(); // 10 and 11 left out: one gap
    window.skip();
    window.add({ updateId: 12, bids: [], asks: [[d('12'), d('1')]] });
    expect(window.take().map((diff) => [diff.firstUpdateId, diff.lastUpdateId])).to.deep.equal([
      [7, 7],
      [9, 9],
      [12, 12],
    ]);
    window.skip(); // nothing open: the next change's own id shows the gap
    window.add({ updateId: 14, bids: [], asks: [] });
    expect(window.take().map((diff) => diff.firstUpdateId)).to.deep.equal([14]);
  });
});
