import { expect } from 'chai';
import { balanceOf, expectRejection, harness } from './engine-test-kit.js';

function funded() {
  const h = harness();
  h.engine.createAccount('maker', { BTC: '10', USDT: '1000000' });
  h.engine.createAccount('taker', { BTC: '10', USDT: '1000000' });
  return h;
}

describe('MatchingEngine orders', () => {
  describe('LIMIT GTC', () => {
    it('rests a non-crossing order and locks its cost', () => {
      const h = funded();
      const o = h.limit('maker', 'BUY', '100.00', '2');
      expect(o.status).to.equal('NEW');
      expect(balanceOf(h.engine, 'maker', 'USDT')).to.deep.equal({ free: '999800', locked: '200' });
      expect(h.engine.openOrders('maker').map((x) => x.orderId)).to.deep.equal([o.orderId]);
    });

    it('matches in price-time priority: better price first, then earlier order', () => {
      const h = funded();
      const first = h.limit('maker', 'SELL', '101.00', '1');
      const second = h.limit('maker', 'SELL', '101.00', '1');
      const better = h.limit('maker', 'SELL', '100.50', '1');
      const taker = h.limit('taker', 'BUY', '101.00', '2.5');
      expect(taker.status).to.equal('FILLED');
      expect(taker.fills.map((f) => f.price.toString())).to.deep.equal(['100.5', '101', '101']);
      expect(h.engine.getOrder('maker', 'BTCUSDT', { orderId: better.orderId }).status).to.equal('FILLED');
      expect(h.engine.getOrder('maker', 'BTCUSDT', { orderId: first.orderId }).status).to.equal('FILLED');
      const left = h.engine.getOrder('maker', 'BTCUSDT', { orderId: second.orderId });
      expect(left.status).to.equal('PARTIALLY_FILLED');
      expect(left.executedQty.toString()).to.equal('0.5');
    });

    it('rests the remainder of a partly filled taker and refunds its price improvement', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      const taker = h.limit('taker', 'BUY', '110.00', '3');
      expect(taker.status).to.equal('PARTIALLY_FILLED');
      expect(taker.cummulativeQuoteQty.toString()).to.equal('100');
      // paid 100 for 1; 2 still rest at 110 -> 220 locked
      expect(balanceOf(h.engine, 'taker', 'USDT')).to.deep.equal({ free: '999680', locked: '220' });
      expect(balanceOf(h.engine, 'taker', 'BTC')).to.deep.equal({ free: '11', locked: '0' });
      expect(balanceOf(h.engine, 'maker', 'USDT')).to.deep.equal({ free: '1000100', locked: '0' });
      expect(h.engine.depth('BTCUSDT', 10).bids.map(([p, q]) => [p.toString(), q.toString()])).to.deep.equal([['110', '2']]);
    });
  });

  describe('IOC and FOK', () => {
    it('IOC fills what it can and expires the rest', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      const o = h.limit('taker', 'BUY', '100.00', '3', { timeInForce: 'IOC' });
      expect(o.status).to.equal('EXPIRED');
      expect(o.executedQty.toString()).to.equal('1');
      expect(balanceOf(h.engine, 'taker', 'USDT')).to.deep.equal({ free: '999900', locked: '0' });
      expect(h.engine.depth('BTCUSDT', 10).bids).to.have.length(0);
    });

    it('FOK that cannot fill entirely expires with no fills and leaves the book untouched', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      h.limit('maker', 'SELL', '102.00', '5');
      const o = h.limit('taker', 'BUY', '101.00', '2', { timeInForce: 'FOK' });
      expect(o.status).to.equal('EXPIRED');
      expect(o.fills).to.have.length(0);
      expect(h.eventsOf('trade')).to.have.length(0);
      expect(balanceOf(h.engine, 'taker', 'USDT')).to.deep.equal({ free: '1000000', locked: '0' });
      expect(h.engine.depth('BTCUSDT', 10).asks[0]?.[1].toString()).to.equal('1');
    });

    it('FOK that can fill entirely fills', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      h.limit('maker', 'SELL', '101.00', '1');
      const o = h.limit('taker', 'BUY', '101.00', '2', { timeInForce: 'FOK' });
      expect(o.status).to.equal('FILLED');
      expect(o.cummulativeQuoteQty.toString()).to.equal('201');
    });
  });

  describe('LIMIT_MAKER', () => {
    it('rests when it would not cross', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      const o = h.engine.placeOrder({ account: 'taker', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '99.99', quantity: '1' });
      expect(o.status).to.equal('NEW');
      expect(o.timeInForce).to.equal('GTC');
    });

    it('is rejected with -2010 when it would take', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      expectRejection(
        () => h.engine.placeOrder({ account: 'taker', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: '100.00', quantity: '1' }),
        -2010,
        'Order would immediately match and take.',
      );
      expect(balanceOf(h.engine, 'taker', 'USDT').locked).to.equal('0');
    });
  });

  describe('MARKET', () => {
    it('by quantity walks the book and pays each level its price', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      h.limit('maker', 'SELL', '101.00', '1');
      const o = h.market('taker', 'BUY', { quantity: '1.5' });
      expect(o.status).to.equal('FILLED');
      expect(o.timeInForce).to.equal('GTC');
      expect(o.price.toString()).to.equal('0');
      expect(o.cummulativeQuoteQty.toString()).to.equal('150.5');
      expect(balanceOf(h.engine, 'taker', 'USDT')).to.deep.equal({ free: '999849.5', locked: '0' });
    });

    it('expires with no fills when the book is empty', () => {
      const h = funded();
      const o = h.market('taker', 'SELL', { quantity: '1' });
      expect(o.status).to.equal('EXPIRED');
      expect(o.executedQty.toString()).to.equal('0');
      expect(balanceOf(h.engine, 'taker', 'BTC')).to.deep.equal({ free: '10', locked: '0' });
      expect(h.eventsOf('execution').map((e) => e.executionType)).to.deep.equal(['NEW', 'EXPIRED']);
    });

    it('expires the part the book cannot fill', () => {
      const h = funded();
      h.limit('maker', 'BUY', '100.00', '1');
      const o = h.market('taker', 'SELL', { quantity: '3' });
      expect(o.status).to.equal('EXPIRED');
      expect(o.executedQty.toString()).to.equal('1');
      expect(balanceOf(h.engine, 'taker', 'BTC')).to.deep.equal({ free: '9', locked: '0' });
    });

    it('BUY by quoteOrderQty spends at most that amount and rounds the quantity down to the step', () => {
      const h = funded();
      h.limit('maker', 'SELL', '30.00', '1');
      h.limit('maker', 'SELL', '70.00', '5');
      const o = h.market('taker', 'BUY', { quoteOrderQty: '100' });
      // 1 @ 30, then 70 USDT buys 1 @ 70 exactly
      expect(o.executedQty.toString()).to.equal('2');
      expect(o.origQty.toString()).to.equal('2');
      expect(o.origQuoteOrderQty.toString()).to.equal('100');
      expect(o.cummulativeQuoteQty.toString()).to.equal('100');
      const odd = h.market('taker', 'BUY', { quoteOrderQty: '10' });
      // 10/70 = 0.142857..., step 0.001 -> 0.142
      expect(odd.executedQty.toString()).to.equal('0.142');
      expect(odd.status).to.equal('FILLED');
      expect(odd.cummulativeQuoteQty.lte(10)).to.equal(true);
    });

    it('SELL by quoteOrderQty receives at most that amount', () => {
      const h = funded();
      h.limit('maker', 'BUY', '30.00', '10');
      const o = h.market('taker', 'SELL', { quoteOrderQty: '100' });
      expect(o.executedQty.toString()).to.equal('3.333');
      expect(o.cummulativeQuoteQty.toString()).to.equal('99.99');
    });

    it('quoteOrderQty against an empty book is rejected', () => {
      const h = funded();
      expectRejection(() => h.market('taker', 'BUY', { quoteOrderQty: '100' }), -2010, 'Order book liquidity is less than symbol minimum quantity.');
    });
  });

  describe('balances', () => {
    it('rejects a BUY whose cost exceeds the free quote with -2010', () => {
      const h = funded();
      expectRejection(() => h.limit('taker', 'BUY', '100000.00', '11'), -2010, 'Account has insufficient balance for requested action.');
    });

    it('rejects a SELL above the free base, counting what is already locked', () => {
      const h = funded();
      h.limit('taker', 'SELL', '100.00', '8');
      expectRejection(() => h.limit('taker', 'SELL', '100.00', '3'), -2010, 'Account has insufficient balance for requested action.');
    });

    it('rejects a MARKET BUY by quantity whose fills cost more than the free quote', () => {
      const h = funded();
      h.engine.createAccount('poor', { USDT: '150' });
      h.limit('maker', 'SELL', '100.00', '2');
      expectRejection(() => h.market('poor', 'BUY', { quantity: '2' }), -2010, 'Account has insufficient balance for requested action.');
      expect(h.market('poor', 'BUY', { quantity: '1.5' }).status).to.equal('FILLED');
      expect(balanceOf(h.engine, 'poor', 'USDT')).to.deep.equal({ free: '0', locked: '0' });
    });

    it('charges commission in the received asset when fees are configured', () => {
      const h = harness({ fees: { maker: '0.001', taker: '0.002' } });
      h.engine.createAccount('maker', { BTC: '10' });
      h.engine.createAccount('taker', { USDT: '1000' });
      h.limit('maker', 'SELL', '100.00', '1');
      const o = h.limit('taker', 'BUY', '100.00', '1');
      expect(o.fills[0]?.commission.toString()).to.equal('0.002');
      expect(o.fills[0]?.commissionAsset).to.equal('BTC');
      expect(balanceOf(h.engine, 'taker', 'BTC').free).to.equal('0.998');
      expect(balanceOf(h.engine, 'maker', 'USDT').free).to.equal('99.9');
    });

    it('deposit credits free and emits balanceDelta then accountPosition', () => {
      const h = funded();
      h.engine.deposit('maker', 'ETH', '2.5');
      expect(balanceOf(h.engine, 'maker', 'ETH').free).to.equal('2.5');
      expect(h.events.map((e) => e.type)).to.deep.equal(['balanceDelta', 'accountPosition']);
      expectRejection(() => h.engine.deposit('maker', 'ETH', '-3'), -2010, 'Account has insufficient balance for requested action.');
    });

    it('allows self-trade (no self-trade prevention)', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      const o = h.limit('maker', 'BUY', '100.00', '1');
      expect(o.status).to.equal('FILLED');
      expect(balanceOf(h.engine, 'maker', 'BTC')).to.deep.equal({ free: '10', locked: '0' });
      expect(balanceOf(h.engine, 'maker', 'USDT')).to.deep.equal({ free: '1000000', locked: '0' });
    });
  });

  describe('cancel', () => {
    it('cancels by orderId and unlocks', () => {
      const h = funded();
      const o = h.limit('maker', 'BUY', '100.00', '1');
      const c = h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: o.orderId });
      expect(c.status).to.equal('CANCELED');
      expect(balanceOf(h.engine, 'maker', 'USDT')).to.deep.equal({ free: '1000000', locked: '0' });
      expect(h.engine.depth('BTCUSDT', 5).bids).to.have.length(0);
    });

    it('cancels by origClientOrderId and keeps a partly filled order executed quantity', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '2', { clientOrderId: 'my-order_1' });
      h.limit('taker', 'BUY', '100.00', '0.5');
      const c = h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', origClientOrderId: 'my-order_1' });
      expect(c.status).to.equal('CANCELED');
      expect(c.executedQty.toString()).to.equal('0.5');
      expect(balanceOf(h.engine, 'maker', 'BTC')).to.deep.equal({ free: '9.5', locked: '0' });
    });

    it('rejects cancel of an unknown, closed or foreign order with -2011', () => {
      const h = funded();
      const o = h.limit('maker', 'BUY', '100.00', '1');
      expectRejection(() => h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: 999n }), -2011, 'Unknown order sent.');
      expectRejection(() => h.engine.cancelOrder({ account: 'taker', symbol: 'BTCUSDT', orderId: o.orderId }), -2011, 'Unknown order sent.');
      h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: o.orderId });
      expectRejection(() => h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: o.orderId }), -2011, 'Unknown order sent.');
    });

    it('rejects a cancel naming neither orderId nor origClientOrderId with -1102', () => {
      const h = funded();
      expectRejection(
        () => h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT' }),
        -1102,
        "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
      );
    });

    it('cancelAll cancels every open order of the account on the symbol, and nothing else', () => {
      const h = funded();
      h.limit('maker', 'BUY', '100.00', '1');
      h.limit('maker', 'SELL', '200.00', '1');
      const other = h.limit('taker', 'BUY', '99.00', '1');
      const canceled = h.engine.cancelAll('maker', 'BTCUSDT');
      expect(canceled.map((o) => o.status)).to.deep.equal(['CANCELED', 'CANCELED']);
      expect(h.engine.openOrders('maker', 'BTCUSDT')).to.have.length(0);
      expect(h.engine.openOrders('taker').map((o) => o.orderId)).to.deep.equal([other.orderId]);
      expect(h.engine.cancelAll('maker', 'BTCUSDT')).to.deep.equal([]);
    });
  });

  describe('rejections', () => {
    it('rejects an unknown symbol with -1121', () => {
      const h = funded();
      expectRejection(
        () => h.engine.placeOrder({ account: 'maker', symbol: 'NOPE', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1', quantity: '1' }),
        -1121,
        'Invalid symbol.',
      );
      expectRejection(() => h.engine.depth('NOPE', 5), -1121, 'Invalid symbol.');
    });

    it('rejects filter failures with -1013 and the filter name', () => {
      const h = funded();
      expectRejection(() => h.limit('maker', 'BUY', '100.001', '1'), -1013, 'Filter failure: PRICE_FILTER');
      expectRejection(() => h.limit('maker', 'BUY', '100.00', '1.0001'), -1013, 'Filter failure: LOT_SIZE');
      expectRejection(() => h.limit('maker', 'BUY', '1.00', '1'), -1013, 'Filter failure: NOTIONAL');
      expectRejection(() => h.market('maker', 'BUY', { quantity: '101' }), -1013, 'Filter failure: MARKET_LOT_SIZE');
    });

    it('rejects a MARKET order below the notional at the last price', () => {
      const h = funded();
      h.limit('maker', 'SELL', '100.00', '1');
      h.limit('taker', 'BUY', '100.00', '0.1');
      expectRejection(() => h.market('taker', 'BUY', { quantity: '0.01' }), -1013, 'Filter failure: NOTIONAL');
    });

    it('rejects a duplicate clientOrderId among open orders, and allows reuse once closed', () => {
      const h = funded();
      const o = h.limit('maker', 'BUY', '100.00', '1', { clientOrderId: 'abc' });
      expectRejection(() => h.limit('maker', 'BUY', '100.00', '1', { clientOrderId: 'abc' }), -2010, 'Duplicate order sent.');
      expect(h.limit('taker', 'BUY', '100.00', '1', { clientOrderId: 'abc' }).status).to.equal('NEW');
      h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: o.orderId });
      const again = h.limit('maker', 'BUY', '100.00', '1', { clientOrderId: 'abc' });
      expect(h.engine.getOrder('maker', 'BTCUSDT', { origClientOrderId: 'abc' }).orderId).to.equal(again.orderId);
    });

    it('rejects missing and superfluous parameters like Binance', () => {
      const h = funded();
      expectRejection(
        () => h.engine.placeOrder({ account: 'maker', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '100', quantity: '1' }),
        -1102,
        "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.",
      );
      expectRejection(() => h.market('maker', 'BUY', {}), -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
      expectRejection(() => h.market('maker', 'BUY', { quantity: '1', timeInForce: 'GTC' }), -1106, "Parameter 'timeInForce' sent when not required.");
      expectRejection(() => h.limit('maker', 'BUY', '1e2', '1'), -1100, "Illegal characters found in parameter 'price'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.");
    });

    it('answers -2013 for a query of an unknown order', () => {
      const h = funded();
      expectRejection(() => h.engine.getOrder('maker', 'BTCUSDT', { orderId: 42n }), -2013, 'Order does not exist.');
      expectRejection(() => h.engine.getOrder('maker', 'BTCUSDT', { origClientOrderId: 'x' }), -2013, 'Order does not exist.');
    });

    it('forgets the oldest closed orders of an account beyond the retention limit', () => {
      const h = harness({ maxClosedOrdersPerAccount: 2 });
      h.engine.createAccount('maker', { USDT: '1000' });
      const ids = ['o1', 'o2', 'o3'].map((id) => {
        const o = h.limit('maker', 'BUY', '10.00', '1', { clientOrderId: id });
        h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: o.orderId });
        return o.orderId;
      });
      expectRejection(() => h.engine.getOrder('maker', 'BTCUSDT', { orderId: ids[0] }), -2013, 'Order does not exist.');
      expectRejection(() => h.engine.getOrder('maker', 'BTCUSDT', { origClientOrderId: 'o1' }), -2013, 'Order does not exist.');
      expect(h.engine.getOrder('maker', 'BTCUSDT', { origClientOrderId: 'o3' }).status).to.equal('CANCELED');
    });

    it('rejects orders from an unknown account', () => {
      const h = funded();
      expectRejection(() => h.limit('ghost', 'BUY', '100.00', '1'), -2015, 'Invalid API-key, IP, or permissions for action.');
    });
  });
});
