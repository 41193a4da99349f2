// Private REST answers -> models, on payloads written from rest-api.md's formats.
import { expect } from 'chai';
import { ExchangeFormatError, UnknownSymbolError } from '../../../lib/core/errors.js';
import { SymbolMap } from '../../../lib/core/symbols.js';
import { binanceSpotTrading as codec } from '../../../lib/exchanges/binance/trading-codec.js';

const symbols = new SymbolMap('binance', [{ symbol: 'BTC/USDT', venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', trading: true }]);
const toUnified = (venueSymbol: string): string => symbols.toUnified(venueSymbol);

const full = {
  symbol: 'BTCUSDT',
  orderId: 9007199254740991,
  orderListId: -1,
  clientOrderId: 'cx-abc',
  transactTime: 1700000000123,
  price: '30000.00000000',
  origQty: '0.50000000',
  executedQty: '0.30000000',
  origQuoteOrderQty: '0.00000000',
  cummulativeQuoteQty: '9000.00300000',
  status: 'PARTIALLY_FILLED',
  timeInForce: 'GTC',
  type: 'LIMIT',
  side: 'BUY',
  workingTime: 1700000000123,
  selfTradePreventionMode: 'NONE',
  fills: [
    { price: '29999.99000000', qty: '0.10000000', commission: '0.00010000', commissionAsset: 'BTC', tradeId: 12 },
    { price: '30000.01000000', qty: '0.20000000', commission: '0.00020000', commissionAsset: 'BTC', tradeId: 13 },
  ],
};

describe('Binance trading parsers', () => {
  it('parseOrder: a FULL answer -> Order with exact amounts and the id as a string', () => {
    const order = codec.parseOrder(full, toUnified);
    expect(order).to.deep.include({ exchange: 'binance', symbol: 'BTC/USDT', orderId: '9007199254740991', clientOrderId: 'cx-abc', side: 'buy', type: 'limit', timeInForce: 'GTC', status: 'PARTIALLY_FILLED', updatedAt: 1700000000123 });
    expect(order.price.toFixed()).to.equal('30000');
    expect(order.filledQuoteQuantity.toFixed()).to.equal('9000.003');
  });

  it('parseOrderFills: taker fills of the placement, quote quantity exact', () => {
    const fills = codec.parseOrderFills(full, toUnified);
    expect(fills.map((f) => f.tradeId)).to.deep.equal(['12', '13']);
    expect(fills[0]!.quoteQuantity.toFixed()).to.equal('2999.999');
    expect(fills[1]).to.deep.include({ orderId: '9007199254740991', clientOrderId: 'cx-abc', side: 'buy', maker: false, commissionAsset: 'BTC', time: 1700000000123 });
    const { fills: _dropped, ...result } = full;
    expect(codec.parseOrderFills(result, toUnified)).to.deep.equal([]);
  });

  it('parseOrder: a cancel answer keeps the order\'s own client id (origClientOrderId)', () => {
    const cancel = { ...full, fills: undefined, status: 'CANCELED', origClientOrderId: 'cx-abc', clientOrderId: 'cancel-1', transactTime: 1700000000999 };
    expect(codec.parseOrder(cancel, toUnified)).to.deep.include({ clientOrderId: 'cx-abc', status: 'CANCELED', updatedAt: 1700000000999 });
  });

  it('parseOrder: refuses an ACK (no state), names bad fields, lets unknown symbols through as UnknownSymbolError', () => {
    const ack = { symbol: 'BTCUSDT', orderId: 1, orderListId: -1, clientOrderId: 'cx', transactTime: 5 };
    expect(() => codec.parseOrder(ack, toUnified)).to.throw(ExchangeFormatError, /order\.status/);
    expect(codec.parseOrderAck(ack, toUnified)).to.deep.equal({ symbol: 'BTC/USDT', orderId: '1', clientOrderId: 'cx', transactTime: 5 });
    expect(() => codec.parseOrder({ ...full, price: 30000 }, toUnified)).to.throw(ExchangeFormatError, /order\.price/);
    expect(() => codec.parseOrder({ ...full, orderId: 2 ** 60 }, toUnified)).to.throw(ExchangeFormatError, /order\.orderId/);
    expect(() => codec.parseOrder({ ...full, status: 'WEIRD' }, toUnified)).to.throw(ExchangeFormatError, /order\.status/);
    expect(() => codec.parseOrder({ ...full, symbol: 'DOGEUSDT' }, toUnified)).to.throw(UnknownSymbolError);
  });

  it('parseOrders: skips order types the models do not know', () => {
    const orders = codec.parseOrders([full, { ...full, type: 'STOP_LOSS_LIMIT' }, { ...full, type: 'MARKET', timeInForce: 'GTC' }], toUnified);
    expect(orders.map((o) => [o.type, o.timeInForce])).to.deep.equal([['limit', 'GTC'], ['market', undefined]]);
    expect(() => codec.parseOrders({}, toUnified)).to.throw(ExchangeFormatError);
  });

  it('parseTrades: myTrades -> Fill[] (no client id in this answer)', () => {
    const trades = codec.parseTrades(
      [{ symbol: 'BTCUSDT', id: 28457, orderId: 100234, orderListId: -1, price: '4.00000100', qty: '12.00000000', quoteQty: '48.000012', commission: '10.10000000', commissionAsset: 'BNB', time: 1499865549590, isBuyer: false, isMaker: true, isBestMatch: true }],
      toUnified,
    );
    expect(trades[0]).to.deep.include({ symbol: 'BTC/USDT', tradeId: '28457', orderId: '100234', clientOrderId: '', side: 'sell', maker: true, time: 1499865549590 });
    expect(trades[0]!.quoteQuantity.toFixed()).to.equal('48.000012');
  });

  it('parseBalances and parseServerTime', () => {
    const balances = codec.parseBalances({ balances: [{ asset: 'BTC', free: '1.5', locked: '0.25' }] });
    expect(balances.map((b) => [b.asset, b.free.toFixed(), b.locked.toFixed()])).to.deep.equal([['BTC', '1.5', '0.25']]);
    expect(() => codec.parseBalances({ balances: [{ asset: 'BTC', free: 1 }] })).to.throw(/account\.balances\[0\]\.free/);
    expect(codec.parseServerTime({ serverTime: 1499827319559 })).to.equal(1499827319559);
    expect(() => codec.parseServerTime({ serverTime: '1' })).to.throw(ExchangeFormatError);
  });
});
