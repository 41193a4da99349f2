// USD-M REST answers -> models, and refusals -> typed errors, on bodies written from the USD-M docs' formats
// (New Order, Query Order, Account Trade List, Futures Account Balance V3, Position Information V2, Change Initial
// Leverage, listenKey) and the general-info error rules (NOTES.md section 4).
import { expect } from 'chai';
import { Decimal } from '../../../lib/core/decimal.js';
import {
  AuthError,
  DuplicateOrderError,
  ExchangeError,
  ExchangeFormatError,
  FilterRejectedError,
  InsufficientBalanceError,
  OutcomeUnknownError,
  ParameterError,
  RateLimitedError,
  TimestampError,
  UnknownOrderError,
  UnknownSymbolError,
} from '../../../lib/core/errors.js';
import { parseJsonLossless } from '../../../lib/core/lossless-json.js';
import { SymbolMap } from '../../../lib/core/symbols.js';
import { binanceUsdmTrading as codec } from '../../../lib/exchanges/binance-usdm/trading-codec.js';

const symbols = new SymbolMap('binanceusdm', [{ symbol: 'BTC/USDT:USDT', venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', stepSize: '0.001', trading: true }]);
const toUnified = (venueSymbol: string): string => symbols.toUnified(venueSymbol);
const text = (d: Decimal | undefined): string | undefined => d?.toFixed();

const orderBody = {
  clientOrderId: 'cx-1',
  cumQty: '0.005',
  cumQuote: '150.00050',
  executedQty: '0.005',
  orderId: 22542179,
  avgPrice: '30000.10000',
  origQty: '0.010',
  price: '30000.10',
  reduceOnly: false,
  side: 'BUY',
  positionSide: 'BOTH',
  status: 'PARTIALLY_FILLED',
  stopPrice: '0',
  closePosition: false,
  symbol: 'BTCUSDT',
  timeInForce: 'GTC',
  type: 'LIMIT',
  origType: 'LIMIT',
  updateTime: 1700000000123,
  workingType: 'CONTRACT_PRICE',
  priceProtect: false,
  priceMatch: 'NONE',
  selfTradePreventionMode: 'NONE',
  goodTillDate: 0,
};

describe('Binance USD-M REST answers -> models', () => {
  it('an order answer -> Order: exact decimals, cumQuote as the quote filled, average price, position side', () => {
    const order = codec.parseOrder(orderBody, toUnified);
    expect(order).to.deep.include({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', orderId: '22542179', clientOrderId: 'cx-1', side: 'buy', type: 'limit', timeInForce: 'GTC', status: 'PARTIALLY_FILLED', updatedAt: 1700000000123, reduceOnly: false, positionSide: 'both' });
    expect([order.price, order.quantity, order.filledQuantity, order.filledQuoteQuantity, order.averagePrice].map(text)).to.deep.equal(['30000.1', '0.01', '0.005', '150.0005', '30000.1']);
    expect(order.trigger).to.equal(undefined);
  });

  it('conditional and post-only types map to limit/market + trigger, and LIMIT GTX to limit_maker', () => {
    const stop = codec.parseOrder({ ...orderBody, type: 'STOP_MARKET', origType: 'STOP_MARKET', stopPrice: '29000', workingType: 'MARK_PRICE', reduceOnly: true }, toUnified);
    expect(stop).to.deep.include({ type: 'market', timeInForce: undefined, reduceOnly: true });
    expect(stop.trigger).to.deep.include({ kind: 'stop', priceType: 'mark' });
    expect(text(stop.trigger?.price)).to.equal('29000');
    expect(codec.parseOrder({ ...orderBody, type: 'TAKE_PROFIT' }, toUnified).trigger?.kind).to.equal('take_profit');
    expect(codec.parseOrder({ ...orderBody, timeInForce: 'GTX' }, toUnified)).to.include({ type: 'limit_maker', timeInForce: undefined });
    expect(() => codec.parseOrder({ ...orderBody, type: 'TRAILING_STOP_MARKET' }, toUnified)).to.throw(ExchangeFormatError, /order\.type/);
  });

  it('a 64-bit order id survives the lossless parse as its digits', () => {
    const body = parseJsonLossless(JSON.stringify(orderBody).replace('22542179', '18446744073709551615'));
    expect(codec.parseOrder(body, toUnified).orderId).to.equal('18446744073709551615');
  });

  it('refuses bodies not as documented, naming the field', () => {
    expect(() => codec.parseOrder({ ...orderBody, cumQuote: 150 }, toUnified)).to.throw(ExchangeFormatError, /order\.cumQuote/);
    expect(() => codec.parseOrder({ ...orderBody, status: 'NEW_INSURANCE' }, toUnified)).to.throw(ExchangeFormatError, /order\.status/);
    expect(() => codec.parseOrder({ ...orderBody, positionSide: 'UP' }, toUnified)).to.throw(ExchangeFormatError, /order\.positionSide/);
    expect(() => codec.parseOrder({ ...orderBody, symbol: 'DOGEUSDT' }, toUnified)).to.throw(UnknownSymbolError);
  });

  it('ACK: the ids and updateTime; no fills in any futures answer; open orders skip unmodelled types', () => {
    expect(codec.parseOrderAck(orderBody, toUnified)).to.deep.equal({ symbol: 'BTC/USDT:USDT', orderId: '22542179', clientOrderId: 'cx-1', transactTime: 1700000000123 });
    expect(codec.parseOrderFills(orderBody, toUnified)).to.deep.equal([]);
    const orders = codec.parseOrders([orderBody, { ...orderBody, type: 'TRAILING_STOP_MARKET', orderId: 9 }], toUnified);
    expect(orders.map((o) => o.orderId)).to.deep.equal(['22542179']);
  });

  it('userTrades -> Fill with realized PnL and position side (commission may be negative: a rebate)', () => {
    const [fill] = codec.parseTrades(
      [{ buyer: false, commission: '-0.07819010', commissionAsset: 'USDT', id: 698759, maker: false, orderId: 25851813, price: '7819.01', qty: '0.002', quoteQty: '15.63802', realizedPnl: '-0.91539999', side: 'SELL', positionSide: 'SHORT', symbol: 'BTCUSDT', time: 1569514978020 }],
      toUnified,
    );
    expect(fill).to.deep.include({ symbol: 'BTC/USDT:USDT', tradeId: '698759', orderId: '25851813', clientOrderId: '', side: 'sell', maker: false, time: 1569514978020, commissionAsset: 'USDT', positionSide: 'short' });
    expect([fill!.price, fill!.quantity, fill!.quoteQuantity, fill!.commission, fill!.realizedPnl].map(text)).to.deep.equal(['7819.01', '0.002', '15.63802', '-0.0781901', '-0.91539999']);
    expect(() => codec.parseTrades([{ id: 1 }], toUnified)).to.throw(ExchangeFormatError, /userTrades\[0\]/);
  });

  it('balance V3 -> Balance: free is the wallet balance, available and cross figures beside', () => {
    const [usdt] = codec.parseBalances([{ accountAlias: 'SgsR', asset: 'USDT', balance: '122607.35137903', crossWalletBalance: '23.72469206', crossUnPnl: '-1.50000000', availableBalance: '22.22469206', maxWithdrawAmount: '22.22469206', marginAvailable: true, updateTime: 1617939110373 }]);
    expect(usdt!.asset).to.equal('USDT');
    expect([usdt!.free, usdt!.locked, usdt!.crossWallet, usdt!.available, usdt!.unrealizedPnl].map(text)).to.deep.equal(['122607.35137903', '0', '23.72469206', '22.22469206', '-1.5']);
    expect(() => codec.parseBalances({ balances: [] })).to.throw(ExchangeFormatError, /balance/);
  });

  it('positionRisk V2 -> Position: signed quantity, leverage, margin type, liquidation price', () => {
    const positions = codec.parsePositions!(
      [
        { symbol: 'BTCUSDT', positionAmt: '-0.010', entryPrice: '22185.2', breakEvenPrice: '22190.1', markPrice: '21123.05052574', unRealizedProfit: '10.62149474', liquidationPrice: '31731.45529116', leverage: '4', maxNotionalValue: '100000000', marginType: 'cross', isolatedMargin: '0.00000000', isAutoAddMargin: 'false', positionSide: 'BOTH', notional: '-211.23050525', isolatedWallet: '0', updateTime: 1655217461579 },
        { symbol: 'BTCUSDT', positionAmt: '0.000', entryPrice: '0.0', breakEvenPrice: '0.0', markPrice: '21123.05052574', unRealizedProfit: '0.00000000', liquidationPrice: '0', leverage: '10', maxNotionalValue: '20000000', marginType: 'isolated', isolatedMargin: '0.00000000', isAutoAddMargin: 'false', positionSide: 'LONG', notional: '0', isolatedWallet: '0', updateTime: 0 },
      ],
      toUnified,
    );
    expect(positions[0]).to.deep.include({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', positionSide: 'both', leverage: 4, marginType: 'cross', updatedAt: 1655217461579 });
    expect([positions[0]!.quantity, positions[0]!.entryPrice, positions[0]!.markPrice, positions[0]!.unrealizedPnl, positions[0]!.liquidationPrice, positions[0]!.breakEvenPrice].map(text)).to.deep.equal([
      '-0.01',
      '22185.2',
      '21123.05052574',
      '10.62149474',
      '31731.45529116',
      '22190.1',
    ]);
    expect(positions[1]).to.deep.include({ positionSide: 'long', leverage: 10, marginType: 'isolated', updatedAt: 0 });
    expect(positions[1]!.quantity.isZero()).to.equal(true);
    expect(() => codec.parsePositions!([{ ...{ symbol: 'BTCUSDT' }, marginType: 'crossed?' }], toUnified)).to.throw(ExchangeFormatError);
  });

  it('leverage and listenKey answers', () => {
    expect(codec.parseLeverage!({ leverage: 21, maxNotionalValue: '1000000', symbol: 'BTCUSDT' })).to.deep.equal({ venueSymbol: 'BTCUSDT', leverage: 21, maxNotional: '1000000' });
    expect(() => codec.parseLeverage!({ leverage: '21', symbol: 'BTCUSDT' })).to.throw(ExchangeFormatError, /leverage\.leverage/);
    expect(codec.listenKey!.parse({ listenKey: 'K1b2C3d4E5f6G7h8' })).to.equal('K1b2C3d4E5f6G7h8');
    expect(() => codec.listenKey!.parse({})).to.throw(ExchangeFormatError, /listenKey/);
  });
});

describe('Binance USD-M refusals -> typed errors (mapError)', () => {
  const map = (status: number, code: number | undefined, msg: string, headers: Record<string, string> = {}): unknown => codec.mapError(status, code === undefined ? { msg } : { code, msg }, headers);

  it('HTTP 503 "Unknown error, ..." leaves the outcome unknown; "Service Unavailable." and -1008 failed', () => {
    const unknown = map(503, -1000, 'Unknown error, please check your request or try again later.');
    expect(unknown).to.be.instanceOf(OutcomeUnknownError).and.deep.include({ reason: 'server', exchange: 'binanceusdm', exchangeCode: -1000, httpStatus: 503 });
    const unavailable = map(503, undefined, 'Service Unavailable.');
    expect(unavailable).to.be.instanceOf(ExchangeError).and.not.be.instanceOf(OutcomeUnknownError);
    expect(unavailable).to.deep.include({ kind: 'server', httpStatus: 503 });
    const throttled = map(503, -1008, 'Request throttled by system-level protection. Reduce-only/close-position orders are exempt. Please try again.');
    expect(throttled).to.be.instanceOf(ExchangeError).and.deep.include({ kind: 'server', exchangeCode: -1008 });
    expect(map(502, undefined, 'Bad Gateway')).to.be.instanceOf(OutcomeUnknownError);
    expect(map(408, -1007, 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.')).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'backend-timeout' });
  });

  it('futures codes: margin, reduce-only, min notional, filters, unknown order, listen key', () => {
    expect(map(400, -2019, 'Margin is insufficient.')).to.be.instanceOf(InsufficientBalanceError).and.include({ exchangeCode: -2019 });
    expect(map(400, -2022, 'ReduceOnly Order is rejected.')).to.be.instanceOf(ExchangeError).and.include({ kind: 'rejected', exchangeCode: -2022 });
    expect(map(400, -4164, "Order's notional must be no smaller than 100 (unless you choose reduce only).")).to.be.instanceOf(FilterRejectedError).and.include({ filter: 'MIN_NOTIONAL' });
    expect(map(400, -4014, 'Price not increased by tick size.')).to.be.instanceOf(FilterRejectedError).and.include({ filter: 'PRICE_FILTER' });
    expect(map(400, -2011, 'Unknown order sent.')).to.be.instanceOf(UnknownOrderError);
    expect(map(400, -2013, 'Order does not exist.')).to.be.instanceOf(UnknownOrderError);
    expect(map(400, -4116, 'ClientOrderId is duplicated.')).to.be.instanceOf(DuplicateOrderError);
    expect(map(400, -1125, 'This listenKey does not exist.')).to.be.instanceOf(ExchangeError).and.include({ kind: 'subscription' });
    expect(map(400, -4061, "Order's position side does not match user's setting.")).to.include({ kind: 'rejected' });
    expect(map(400, -1102, "Mandatory parameter 'quantity' was not sent.")).to.be.instanceOf(ParameterError);
  });

  it('spot\'s shared codes: timestamp, auth, rate limits with Retry-After', () => {
    expect(map(400, -1021, 'Timestamp for this request is outside of the recvWindow.')).to.be.instanceOf(TimestampError);
    expect(map(401, -2015, 'Invalid API-key, IP, or permissions for action.')).to.be.instanceOf(AuthError);
    const limited = map(429, -1003, 'Too many requests.', { 'Retry-After': '7' });
    expect(limited).to.be.instanceOf(RateLimitedError).and.include({ retryAfterMs: 7000, banned: false });
    expect(map(418, -1003, 'banned')).to.include({ banned: true });
  });

  it('a request with no answer is outcome unknown, under this venue\'s name', () => {
    const error = codec.mapTransportError(Object.assign(new Error('connect ETIMEDOUT https://fapi.binance.com/fapi/v1/order?signature=x'), { code: 'ETIMEDOUT' }));
    expect(error).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'timeout', exchange: 'binanceusdm', transportCode: 'ETIMEDOUT' });
    expect((error as Error).message).not.to.include('signature');
  });

  it('usage headers: X-MBX-USED-WEIGHT-1M and the order count', () => {
    expect(codec.rateLimitInfo({ 'x-mbx-used-weight-1m': '12', 'x-mbx-order-count-10s': '3' })).to.deep.equal({ usedWeight1m: 12, orderCount10s: 3 });
  });
});
