// USD-M trading rules, order validation, private REST requests and signing, on an exchangeInfo body and params
// written from the USD-M docs' formats (Exchange Information, New Order, Position Information V2, ...).
import { expect } from 'chai';
import { Decimal } from '../../../lib/core/decimal.js';
import { InvalidOrderError, UnknownSymbolError, ValidationError } from '../../../lib/core/errors.js';
import { hmacSha256Hex } from '../../../lib/exchanges/binance/signing.js';
import { binanceSpotTrading } from '../../../lib/exchanges/binance/trading-codec.js';
import { binanceUsdmTrading as codec } from '../../../lib/exchanges/binance-usdm/trading-codec.js';
import { userStreamUrl } from '../../../lib/exchanges/binance-usdm/listen-key.js';
import type { OrderRequest } from '../../../lib/models/trading.js';

const exchangeInfo = {
  timezone: 'UTC',
  symbols: [
    {
      symbol: 'BTCUSDT',
      pair: 'BTCUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '556.80', maxPrice: '4529764', tickSize: '0.10' },
        { filterType: 'LOT_SIZE', minQty: '0.001', maxQty: '1000', stepSize: '0.001' },
        { filterType: 'MARKET_LOT_SIZE', minQty: '0.001', maxQty: '120', stepSize: '0.001' },
        { filterType: 'MAX_NUM_ORDERS', limit: 200 },
        { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
        { filterType: 'MIN_NOTIONAL', notional: '100' },
        { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
      ],
      orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    },
    {
      symbol: 'ETHUSDT',
      pair: 'ETHUSDT',
      contractType: 'PERPETUAL',
      status: 'TRADING',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      filters: [{ filterType: 'PRICE_FILTER', minPrice: '0', maxPrice: '0', tickSize: '0.01' }],
      orderTypes: ['LIMIT', 'MARKET'],
      timeInForce: ['GTC'],
    },
  ],
};
const rules = codec.parseSymbolRules(exchangeInfo);
const base: OrderRequest = { symbol: 'BTC/USDT:USDT', side: 'buy', type: 'limit', price: '30000.1', quantity: '0.010', clientOrderId: 'cx-1' };
const validate = (request: Partial<OrderRequest>, reference?: string): ReturnType<typeof codec.validateOrder> =>
  codec.validateOrder({ ...base, ...request } as OrderRequest, rules, (request as { venue?: string }).venue ?? 'BTCUSDT', reference === undefined ? undefined : new Decimal(reference));

function refused(request: Partial<OrderRequest>, expected: Partial<InvalidOrderError>, reference?: string): void {
  try {
    validate(request, reference);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidOrderError);
    expect(error).to.deep.include(expected);
    return;
  }
  expect.fail(`accepted ${JSON.stringify(request)}`);
}

describe('Binance USD-M trading rules (parseSymbolRules)', () => {
  it('reads PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL (notional) and PERCENT_PRICE as exact strings', () => {
    const btc = rules.get('BTCUSDT')!;
    expect(btc.price).to.deep.equal({ filter: 'PRICE_FILTER', min: '556.80', max: '4529764', tick: '0.10' });
    expect(btc.quantity).to.deep.equal({ filter: 'LOT_SIZE', min: '0.001', max: '1000', step: '0.001' });
    expect(btc.marketQuantity).to.deep.equal({ filter: 'MARKET_LOT_SIZE', min: '0.001', max: '120', step: '0.001' });
    expect(btc.notional).to.deep.equal([{ filter: 'MIN_NOTIONAL', min: '100', max: undefined, applyMinToMarket: true, applyMaxToMarket: false }]);
    expect(btc.percentPrice).to.deep.include({ filter: 'PERCENT_PRICE', bidUp: '1.0500', askDown: '0.9500', averageMinutes: 0 });
    expect(btc).to.include({ trading: true, base: 'BTC', quote: 'USDT', quoteQuantityMarket: false });
  });

  it('limit_maker is LIMIT with GTX: offered only where the listing allows GTX', () => {
    expect(rules.get('BTCUSDT')!.orderTypes).to.deep.equal(['limit', 'market', 'limit_maker']);
    expect(rules.get('ETHUSDT')!.orderTypes).to.deep.equal(['limit', 'market']);
  });

  it('refuses a listing whose filter is not as documented, naming the field', () => {
    const bad = { symbols: [{ ...exchangeInfo.symbols[0], filters: [{ filterType: 'MIN_NOTIONAL', notional: 5 }] }] };
    expect(() => codec.parseSymbolRules(bad)).to.throw(/exchangeInfo\.symbols\[0\]\.filters\[0\]\.notional/);
  });
});

describe('Binance USD-M order validation (validateOrder)', () => {
  it('a limit order goes out as exact canonical strings with GTC', () => {
    expect(validate({})).to.deep.equal({
      symbol: 'BTC/USDT:USDT',
      venueSymbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.1',
      quantity: '0.01',
      quoteQuantity: undefined,
      clientOrderId: 'cx-1',
    });
  });

  it('refuses off-tick prices, off-step quantities and small notionals, naming the filter', () => {
    refused({ price: '30000.15' }, { field: 'price', filter: 'PRICE_FILTER', rule: 'tickSize', limit: '0.1' });
    refused({ quantity: '0.0015' }, { field: 'quantity', filter: 'LOT_SIZE', rule: 'stepSize' });
    refused({ quantity: '0.001' }, { field: 'quantity', filter: 'MIN_NOTIONAL', rule: 'minNotional', limit: '100' });
    refused({ type: 'market', price: undefined, quantity: '121' }, { field: 'quantity', filter: 'MARKET_LOT_SIZE', rule: 'maxQty' });
    refused({ price: '40000' }, { field: 'price', filter: 'PERCENT_PRICE', rule: 'multiplierUp' }, '30000');
  });

  it('a reduce-only order is exempt from MIN_NOTIONAL (the venue says so in -4164)', () => {
    expect(validate({ quantity: '0.001', reduceOnly: true })).to.include({ reduceOnly: true, quantity: '0.001' });
  });

  it('reduceOnly is refused in hedge mode; positionSide maps to BOTH/LONG/SHORT', () => {
    refused({ reduceOnly: true, positionSide: 'long' }, { field: 'reduceOnly', filter: 'request', rule: 'hedge-mode' });
    expect(validate({ positionSide: 'short', side: 'sell' })).to.include({ positionSide: 'SHORT', side: 'SELL' });
    refused({ positionSide: 'up' as never }, { field: 'positionSide', rule: 'positionSide' });
    refused({ reduceOnly: 'yes' as never }, { field: 'reduceOnly', rule: 'boolean' });
  });

  it('triggers: STOP, STOP_MARKET, TAKE_PROFIT, TAKE_PROFIT_MARKET with stopPrice on the price grid', () => {
    expect(validate({ trigger: { kind: 'stop', price: '29000.00' } })).to.include({ type: 'STOP', stopPrice: '29000', timeInForce: 'GTC', price: '30000.1' });
    expect(validate({ type: 'market', price: undefined, trigger: { kind: 'stop', price: '29000', priceType: 'mark' } })).to.include({
      type: 'STOP_MARKET',
      stopPrice: '29000',
      workingType: 'MARK_PRICE',
      timeInForce: undefined,
    });
    expect(validate({ trigger: { kind: 'take_profit', price: new Decimal('31000') } })).to.include({ type: 'TAKE_PROFIT' });
    expect(validate({ type: 'market', price: undefined, trigger: { kind: 'take_profit', price: '31000', priceType: 'contract' } })).to.include({
      type: 'TAKE_PROFIT_MARKET',
      workingType: 'CONTRACT_PRICE',
    });
    refused({ trigger: { kind: 'stop', price: '29000.05' } }, { field: 'trigger.price', filter: 'PRICE_FILTER', rule: 'tickSize' });
    refused({ trigger: { kind: 'stop', price: '-1' } }, { field: 'trigger.price', rule: 'positive' });
    refused({ trigger: { kind: 'trailing' as never, price: '1' } }, { field: 'trigger.kind' });
    refused({ type: 'limit_maker', trigger: { kind: 'stop', price: '29000' } }, { field: 'trigger' });
    expect(() => codec.validateOrder({ ...base, symbol: 'ETH/USDT:USDT', price: '2000', trigger: { kind: 'stop', price: '1900' } }, rules, 'ETHUSDT')).to.throw(InvalidOrderError, /does not allow STOP/);
  });

  it('post-only: limit_maker or timeInForce GTX -> LIMIT + GTX', () => {
    expect(validate({ type: 'limit_maker' })).to.include({ type: 'LIMIT', timeInForce: 'GTX' });
    expect(validate({ timeInForce: 'GTX' })).to.include({ type: 'LIMIT', timeInForce: 'GTX' });
    refused({ type: 'market', price: undefined, timeInForce: 'GTX' }, { field: 'timeInForce' });
  });

  it('market orders: by base quantity only (no quoteQuantity on futures)', () => {
    expect(validate({ type: 'market', price: undefined })).to.include({ type: 'MARKET', quantity: '0.01', price: undefined, timeInForce: undefined });
    refused({ type: 'market', price: undefined, quantity: undefined, quoteQuantity: '100' }, { field: 'quoteQuantity' });
  });

  it('spot refuses the futures-only fields instead of dropping them', () => {
    const spotRules = binanceSpotTrading.parseSymbolRules({ symbols: [{ symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', orderTypes: ['LIMIT', 'MARKET'], filters: [] }] });
    const spot: OrderRequest = { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' };
    expect(binanceSpotTrading.validateOrder(spot, spotRules, 'BTCUSDT')).to.include({ type: 'LIMIT' });
    for (const extra of [{ trigger: { kind: 'stop', price: '29000' } }, { reduceOnly: true }, { positionSide: 'both' }] as const) {
      expect(() => binanceSpotTrading.validateOrder({ ...spot, ...extra }, spotRules, 'BTCUSDT'))
        .to.throw(InvalidOrderError)
        .with.property('field', Object.keys(extra)[0]);
    }
    expect(() => binanceSpotTrading.validateOrder({ ...spot, timeInForce: 'GTX' }, spotRules, 'BTCUSDT')).to.throw(InvalidOrderError, /GTC, IOC or FOK/);
  });

  it('an unlisted symbol is UnknownSymbolError under binanceusdm', () => {
    expect(() => codec.validateOrder(base, rules, 'DOGEUSDT')).to.throw(UnknownSymbolError, /binanceusdm/);
  });
});

describe('Binance USD-M private REST requests', () => {
  const order = validate({ type: 'market', price: undefined, reduceOnly: true, trigger: { kind: 'stop', price: '29000' } });

  it('place: POST /fapi/v1/order, params in send order, RESULT (futures has no FULL)', () => {
    const request = codec.placeOrder(order);
    expect(request).to.deep.include({ method: 'POST', path: '/fapi/v1/order', security: 'signed', weight: 1 });
    expect(request.params).to.deep.equal([
      ['symbol', 'BTCUSDT'],
      ['side', 'BUY'],
      ['type', 'STOP_MARKET'],
      ['quantity', '0.01'],
      ['stopPrice', '29000'],
      ['reduceOnly', 'true'],
      ['newClientOrderId', 'cx-1'],
      ['newOrderRespType', 'RESULT'],
    ]);
    expect(codec.placeOrder(validate({ positionSide: 'long' }), { responseType: 'ACK' }).params).to.deep.include.members([
      ['positionSide', 'LONG'],
      ['newOrderRespType', 'ACK'],
    ]);
  });

  it('cancel, cancel-all, query and open orders', () => {
    expect(codec.cancelOrder('BTCUSDT', { orderId: '18446744073709551615' })).to.deep.include({ method: 'DELETE', path: '/fapi/v1/order', params: [['symbol', 'BTCUSDT'], ['orderId', '18446744073709551615']] });
    expect(codec.cancelOrder('BTCUSDT', { clientOrderId: 'cx-1' }, 'cancel-1').params).to.deep.equal([['symbol', 'BTCUSDT'], ['origClientOrderId', 'cx-1']]);
    expect(codec.cancelAll('BTCUSDT')).to.deep.include({ method: 'DELETE', path: '/fapi/v1/allOpenOrders' });
    expect(codec.getOrder('BTCUSDT', { orderId: '7' })).to.deep.include({ method: 'GET', path: '/fapi/v1/order', weight: 1 });
    expect(codec.openOrders()).to.deep.include({ path: '/fapi/v1/openOrders', weight: 40, params: [] });
    expect(codec.openOrders('BTCUSDT')).to.deep.include({ weight: 1 });
    expect(() => codec.getOrder('BTCUSDT', { orderId: '1e3' })).to.throw(ValidationError);
    expect(() => codec.cancelOrder('BTCUSDT', { clientOrderId: 'no spaces' })).to.throw(ValidationError);
  });

  it('balances (v3), userTrades, positions (v2: leverage and margin type), leverage, margin type, time', () => {
    expect(codec.account()).to.deep.include({ method: 'GET', path: '/fapi/v3/balance', weight: 5 });
    expect(codec.myTrades('BTCUSDT', { fromId: '5', limit: 1000 })).to.deep.include({ path: '/fapi/v1/userTrades', params: [['symbol', 'BTCUSDT'], ['fromId', '5'], ['limit', '1000']] });
    expect(() => codec.myTrades('BTCUSDT', { limit: 1001 })).to.throw(ValidationError);
    expect(codec.positions!()).to.deep.include({ method: 'GET', path: '/fapi/v2/positionRisk', params: [] });
    expect(codec.positions!('BTCUSDT').params).to.deep.equal([['symbol', 'BTCUSDT']]);
    expect(codec.setLeverage!('BTCUSDT', 20)).to.deep.include({ method: 'POST', path: '/fapi/v1/leverage', params: [['symbol', 'BTCUSDT'], ['leverage', '20']] });
    expect(() => codec.setLeverage!('BTCUSDT', 126)).to.throw(ValidationError);
    expect(() => codec.setLeverage!('BTCUSDT', 1.5)).to.throw(ValidationError);
    expect(codec.setMarginType!('BTCUSDT', 'cross').params).to.deep.equal([['symbol', 'BTCUSDT'], ['marginType', 'CROSSED']]);
    expect(codec.setMarginType!('BTCUSDT', 'isolated').params).to.deep.equal([['symbol', 'BTCUSDT'], ['marginType', 'ISOLATED']]);
    expect(() => codec.setMarginType!('BTCUSDT', 'both' as never)).to.throw(ValidationError);
    expect(codec.serverTime()).to.deep.include({ path: '/fapi/v1/time', security: 'none' });
    expect(codec.parseServerTime({ serverTime: 1499827319559 })).to.equal(1499827319559);
  });

  it('listen key: POST/PUT/DELETE /fapi/v1/listenKey with the API key only; the /private stream URL', () => {
    const lk = codec.listenKey!;
    expect(codec.userStream).to.equal('listenKey');
    expect(lk.create()).to.deep.include({ method: 'POST', path: '/fapi/v1/listenKey', security: 'apiKey' });
    expect(lk.keepAlive('abc123')).to.deep.include({ method: 'PUT', path: '/fapi/v1/listenKey', security: 'apiKey' });
    expect(lk.close('abc123')).to.deep.include({ method: 'DELETE', path: '/fapi/v1/listenKey', security: 'apiKey' });
    expect(() => lk.keepAlive('a&b')).to.throw(ValidationError);
    expect(lk.keepAliveIntervalMs).to.be.below(lk.validityMs);
    const signed = codec.signRequest(lk.create(), { apiKey: 'key', apiSecret: 'secret' }, 1, 5000);
    expect(signed).to.deep.equal({ method: 'POST', path: '/fapi/v1/listenKey', headers: { 'X-MBX-APIKEY': 'key' }, body: '' });
    expect(userStreamUrl('wss://fstream.binance.com', 'abc')).to.equal('wss://fstream.binance.com/private/ws?listenKey=abc');
    expect(userStreamUrl('wss://fstream.binance.com/ws/', 'abc')).to.equal('wss://fstream.binance.com/private/ws?listenKey=abc');
    expect(lk.streamUrl('ws://127.0.0.1:9/private', 'abc')).to.equal('ws://127.0.0.1:9/private/ws?listenKey=abc');
  });

  it('the WebSocket API frames are refused: futures user data is by listen key', () => {
    expect(() => codec.pingFrame(1)).to.throw(ValidationError, /listen key/);
    expect(() => codec.userStreamSubscribeFrame({ apiKey: 'k', apiSecret: 's' }, 1, 1)).to.throw(ValidationError);
  });

  it('signing is spot\'s: HMAC-SHA256 over the query string, recvWindow and timestamp last', () => {
    const signed = codec.signRequest(codec.placeOrder(validate({})), { apiKey: 'key', apiSecret: 'secret' }, 1700000000000, 5000);
    const [path, query] = signed.path.split('?') as [string, string];
    expect(path).to.equal('/fapi/v1/order');
    const payload = query.replace(/&signature=[0-9a-f]{64}$/, '');
    expect(payload).to.equal('symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=30000.1&newClientOrderId=cx-1&newOrderRespType=RESULT&recvWindow=5000&timestamp=1700000000000');
    expect(query.endsWith(`&signature=${hmacSha256Hex('secret', payload)}`)).to.equal(true);
    expect(signed.headers).to.deep.equal({ 'X-MBX-APIKEY': 'key' });
  });
});
