import { expect } from 'chai';
import { binanceRejection } from '../../sim/binance/rejection-errors.js';
import { EngineRejection, type Rejection } from '../../sim/engine/rejections.js';
import { harness } from './engine-test-kit.js';

function rejectionOf(fn: () => unknown): Rejection {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(EngineRejection);
    expect(err, 'the engine speaks no venue codes').to.not.have.property('binanceCode');
    return (err as EngineRejection).rejection;
  }
  throw new Error('expected a rejection');
}

describe('EngineRejection', () => {
  it('says why in venue-neutral reasons with details', () => {
    const h = harness();
    h.engine.createAccount('maker', { USDT: '100', BTC: '1' });
    expect(rejectionOf(() => h.limit('maker', 'BUY', '100.00', '5'))).to.deep.equal({ reason: 'insufficient-balance' });
    expect(rejectionOf(() => h.limit('maker', 'BUY', '100.001', '0.1'))).to.deep.equal({ reason: 'filter-failure', filter: 'PRICE_FILTER' });
    h.limit('maker', 'BUY', '10.00', '1', { clientOrderId: 'dup' });
    expect(rejectionOf(() => h.limit('maker', 'BUY', '10.00', '1', { clientOrderId: 'dup' }))).to.deep.equal({ reason: 'duplicate-client-order-id' });
    expect(rejectionOf(() => h.engine.cancelOrder({ account: 'maker', symbol: 'BTCUSDT', orderId: 99n }))).to.deep.equal({ reason: 'unknown-order' });
    expect(rejectionOf(() => h.engine.getOrder('maker', 'BTCUSDT', { orderId: 99n }))).to.deep.equal({ reason: 'order-not-found' });
    expect(rejectionOf(() => h.engine.depth('XYZ', 5))).to.deep.equal({ reason: 'unknown-symbol' });
    expect(rejectionOf(() => h.limit('maker', 'BUY', '1e2', '1'))).to.deep.equal({ reason: 'malformed-parameter', param: 'price', format: 'decimal' });
    expect(rejectionOf(() => h.limit('maker', 'BUY', '10.00', '1', { clientOrderId: 'bad id' }))).to.deep.equal({
      reason: 'malformed-parameter',
      param: 'clientOrderId',
      format: 'client-order-id',
    });
  });
});

describe('binanceRejection', () => {
  it("answers each reason with Binance's code and message", () => {
    expect(binanceRejection({ reason: 'insufficient-balance' })).to.deep.equal({ code: -2010, msg: 'Account has insufficient balance for requested action.' });
    expect(binanceRejection({ reason: 'filter-failure', filter: 'LOT_SIZE' })).to.deep.equal({ code: -1013, msg: 'Filter failure: LOT_SIZE' });
    expect(binanceRejection({ reason: 'unknown-order' })).to.deep.equal({ code: -2011, msg: 'Unknown order sent.' });
    expect(binanceRejection({ reason: 'order-not-found' })).to.deep.equal({ code: -2013, msg: 'Order does not exist.' });
    expect(binanceRejection({ reason: 'malformed-parameter', param: 'clientOrderId', format: 'client-order-id' })).to.deep.equal({
      code: -1100,
      msg: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_.]{1,36}$'.",
    });
  });
});
