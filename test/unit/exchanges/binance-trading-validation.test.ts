// Order validation against Binance filters: each refusal names field, value, filter and bound; accepted
// amounts go out as canonical exact strings.
import { expect } from 'chai';
import { Decimal } from '../../../lib/core/decimal.js';
import { InvalidOrderError, UnknownSymbolError } from '../../../lib/core/errors.js';
import { CLIENT_ORDER_ID_PATTERN, newClientOrderId } from '../../../lib/exchanges/binance/client-order-id.js';
import { parseSymbolRules } from '../../../lib/exchanges/binance/order-rules.js';
import { validateOrder } from '../../../lib/exchanges/binance/order-validation.js';
import type { OrderRequest } from '../../../lib/models/trading.js';

// An exchangeInfo body written from filters.md's formats.
const exchangeInfo = {
  symbols: [
    {
      symbol: 'BTCUSDT',
      status: 'TRADING',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT'],
      quoteOrderQtyMarketAllowed: true,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
        { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
        { filterType: 'ICEBERG_PARTS', limit: 10 },
        { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
        { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '5', bidMultiplierDown: '0.2', askMultiplierUp: '5', askMultiplierDown: '0.2', avgPriceMins: 5 },
        { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
        { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      ],
    },
    {
      symbol: 'ETHBTC',
      status: 'BREAK',
      baseAsset: 'ETH',
      quoteAsset: 'BTC',
      orderTypes: ['LIMIT'],
      filters: [{ filterType: 'MIN_NOTIONAL', minNotional: '0.00010000', applyToMarket: true, avgPriceMins: 5 }],
    },
  ],
};
const rules = parseSymbolRules(exchangeInfo);

const limit = (over: Partial<OrderRequest> = {}): OrderRequest => ({
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  price: '30000.1',
  quantity: '0.001',
  clientOrderId: 'my-order-1',
  ...over,
});

function refusal(request: OrderRequest, reference?: Decimal): InvalidOrderError {
  try {
    validateOrder(request, rules, request.symbol === 'ETH/BTC' ? 'ETHBTC' : 'BTCUSDT', reference);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidOrderError);
    return error as InvalidOrderError;
  }
  throw new Error('expected an InvalidOrderError');
}

describe('Binance order rules (parseSymbolRules)', () => {
  it('reads every validated filter as exact strings, keyed by venue symbol', () => {
    const btc = rules.get('BTCUSDT')!;
    expect(btc.price).to.deep.equal({ filter: 'PRICE_FILTER', min: '0.01000000', max: '1000000.00000000', tick: '0.01000000' });
    expect(btc.quantity).to.deep.equal({ filter: 'LOT_SIZE', min: '0.00001000', max: '9000.00000000', step: '0.00001000' });
    expect(btc.marketQuantity?.filter).to.equal('MARKET_LOT_SIZE');
    expect(btc.notional).to.deep.equal([{ filter: 'NOTIONAL', min: '5.00000000', max: '9000000.00000000', applyMinToMarket: true, applyMaxToMarket: false }]);
    expect(btc.percentPrice).to.include({ filter: 'PERCENT_PRICE_BY_SIDE', bidUp: '5', askDown: '0.2', averageMinutes: 5 });
    expect(btc.orderTypes).to.deep.equal(['limit', 'limit_maker', 'market']);
    expect(btc.trading).to.equal(true);
    expect(rules.get('ETHBTC')!.notional[0]).to.deep.equal({ filter: 'MIN_NOTIONAL', min: '0.00010000', max: undefined, applyMinToMarket: true, applyMaxToMarket: false });
  });

  it('names the offending field of a malformed filter', () => {
    const bad = { symbols: [{ ...exchangeInfo.symbols[0], filters: [{ filterType: 'LOT_SIZE', minQty: 0.001, maxQty: '1', stepSize: '0.001' }] }] };
    expect(() => parseSymbolRules(bad)).to.throw(/exchangeInfo\.symbols\[0\]\.filters\[0\]\.minQty/);
  });
});

describe('Binance order validation (validateOrder)', () => {
  it('accepts a valid limit order and formats it canonically in venue terms', () => {
    const order = validateOrder(limit({ price: '30000.10', quantity: new Decimal('0.00100') }), rules, 'BTCUSDT');
    expect(order).to.deep.equal({
      symbol: 'BTC/USDT',
      venueSymbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.1',
      quantity: '0.001',
      quoteQuantity: undefined,
      clientOrderId: 'my-order-1',
    });
  });

  it('never formats through floats or exponents', () => {
    const order = validateOrder(limit({ price: '999999.99', quantity: '1e-5' }), rules, 'BTCUSDT');
    expect(order.price).to.equal('999999.99');
    expect(order.quantity).to.equal('0.00001');
    const big = validateOrder(limit({ price: '0.01', quantity: '8999.99999' }), rules, 'BTCUSDT');
    expect(big.quantity).to.equal('8999.99999');
  });

  it('refuses a price off the tick naming PRICE_FILTER and the tick', () => {
    const e = refusal(limit({ price: '30000.123' }));
    expect(e).to.include({ code: 'INVALID_ORDER', field: 'price', value: '30000.123', filter: 'PRICE_FILTER', rule: 'tickSize', limit: '0.01' });
    expect(e.message).to.contain('30000.123').and.to.contain('PRICE_FILTER').and.to.contain('0.01');
  });

  it('refuses prices outside minPrice and maxPrice', () => {
    expect(refusal(limit({ price: '0.001' }))).to.include({ filter: 'PRICE_FILTER', rule: 'minPrice', limit: '0.01' });
    expect(refusal(limit({ price: '1000000.01' }))).to.include({ filter: 'PRICE_FILTER', rule: 'maxPrice', limit: '1000000' });
  });

  it('refuses quantities off the step or out of LOT_SIZE bounds', () => {
    expect(refusal(limit({ quantity: '0.000015' }))).to.include({ field: 'quantity', value: '0.000015', filter: 'LOT_SIZE', rule: 'stepSize', limit: '0.00001' });
    expect(refusal(limit({ quantity: '0.000001' }))).to.include({ filter: 'LOT_SIZE', rule: 'minQty' });
    expect(refusal(limit({ price: '0.01', quantity: '9000.00001' }))).to.include({ filter: 'LOT_SIZE', rule: 'maxQty', limit: '9000' });
  });

  it('applies MARKET_LOT_SIZE to market orders only, with zero bounds disabled', () => {
    const market: OrderRequest = { symbol: 'BTC/USDT', side: 'sell', type: 'market', quantity: '150' };
    expect(refusal(market)).to.include({ field: 'quantity', filter: 'MARKET_LOT_SIZE', rule: 'maxQty', limit: '100' });
    expect(() => validateOrder(limit({ price: '0.05', quantity: '150' }), rules, 'BTCUSDT')).not.to.throw();
  });

  it('refuses a notional below NOTIONAL minNotional', () => {
    expect(refusal(limit({ price: '4', quantity: '1' }))).to.include({ field: 'quantity', filter: 'NOTIONAL', rule: 'minNotional', limit: '5' });
    expect(refusal(limit({ price: '1001', quantity: '9000' }))).to.include({ filter: 'NOTIONAL', rule: 'maxNotional' });
  });

  it('measures a market order by quantity against the reference price, and by quote quantity directly', () => {
    const market: OrderRequest = { symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.0001' };
    expect(() => validateOrder(market, rules, 'BTCUSDT')).not.to.throw();
    expect(refusal(market, new Decimal('30000'))).to.include({ filter: 'NOTIONAL', rule: 'minNotional' });
    const byQuote: OrderRequest = { symbol: 'BTC/USDT', side: 'buy', type: 'market', quoteQuantity: '4.5' };
    expect(refusal(byQuote)).to.include({ field: 'quoteQuantity', value: '4.5', filter: 'NOTIONAL' });
    expect(validateOrder({ ...byQuote, quoteQuantity: '10.50' }, rules, 'BTCUSDT')).to.include({ type: 'MARKET', quoteQuantity: '10.5', quantity: undefined, timeInForce: undefined });
  });

  it('refuses any order on a symbol that is not trading', () => {
    const e = refusal({ symbol: 'ETH/BTC', side: 'buy', type: 'limit', price: '0.01', quantity: '0.001' });
    expect(e).to.include({ field: 'symbol', value: 'ETH/BTC', filter: 'status', rule: 'TRADING' });
  });

  it('applies MIN_NOTIONAL where it is listed', () => {
    const trading = parseSymbolRules({ symbols: [{ ...exchangeInfo.symbols[1], status: 'TRADING' }] });
    const request: OrderRequest = { symbol: 'ETH/BTC', side: 'buy', type: 'limit', price: '0.01', quantity: '0.001' };
    expect(() => validateOrder(request, trading, 'ETHBTC')).to.throw(InvalidOrderError).with.property('filter', 'MIN_NOTIONAL');
    expect(validateOrder({ ...request, quantity: '0.01' }, trading, 'ETHBTC').quantity).to.equal('0.01');
  });

  it('applies PERCENT_PRICE_BY_SIDE with a reference price, per side', () => {
    const reference = new Decimal('30000');
    expect(refusal(limit({ price: '150000.01' }), reference)).to.include({ field: 'price', filter: 'PERCENT_PRICE_BY_SIDE', rule: 'bidMultiplierUp', limit: '150000' });
    expect(refusal(limit({ side: 'sell', price: '5999.99' }), reference)).to.include({ filter: 'PERCENT_PRICE_BY_SIDE', rule: 'askMultiplierDown', limit: '6000' });
    expect(() => validateOrder(limit({ price: '150000.01' }), rules, 'BTCUSDT')).not.to.throw();
  });

  it('refuses malformed amounts and wrong shapes before any filter', () => {
    expect(refusal(limit({ price: '-1' }))).to.include({ field: 'price', filter: 'request', rule: 'positive' });
    expect(refusal(limit({ price: 'NaN' }))).to.include({ field: 'price', rule: 'decimal' });
    expect(refusal(limit({ quantity: new Decimal(Infinity) }))).to.include({ field: 'quantity', rule: 'decimal' });
    expect(refusal(limit({ price: undefined }))).to.include({ field: 'price', rule: 'required' });
    expect(refusal({ symbol: 'BTC/USDT', side: 'buy', type: 'market', price: '1', quantity: '1' })).to.include({ field: 'price', rule: 'not-allowed' });
    expect(refusal({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '1', quoteQuantity: '10' })).to.include({ rule: 'quantity-or-quoteQuantity' });
    expect(refusal({ symbol: 'BTC/USDT', side: 'buy', type: 'limit_maker', price: '1', quantity: '10', timeInForce: 'IOC' })).to.include({ field: 'timeInForce' });
    expect(refusal(limit({ clientOrderId: 'has space' }))).to.include({ field: 'clientOrderId', rule: 'format' });
  });

  it('throws UnknownSymbolError for a symbol without rules', () => {
    expect(() => validateOrder(limit(), rules, 'DOGEUSDT')).to.throw(UnknownSymbolError);
  });

  it('generates a client order id when none is given', () => {
    const order = validateOrder(limit({ clientOrderId: undefined }), rules, 'BTCUSDT');
    expect(order.clientOrderId).to.match(CLIENT_ORDER_ID_PATTERN);
  });
});

describe('newClientOrderId', () => {
  it('is unique and within ^[a-zA-Z0-9-_]{1,36}$', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(newClientOrderId(1_700_000_000_000));
    expect(ids.size).to.equal(10_000);
    for (const id of ids) expect(id).to.match(CLIENT_ORDER_ID_PATTERN);
    expect(newClientOrderId(8_000_000_000_000).length).to.be.at.most(36);
  });
});
