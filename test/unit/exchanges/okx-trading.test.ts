// OKX trading pieces: private requests as data (swap sizes in contracts, spot market buys sized in base), order
// answers with a result per order (sCode/sMsg inside a 200), orders and balances, and the private channel frames
// (orders with their fills, account balances), which never throw. Payloads written from the v5 Trade reference.
import { expect } from 'chai';
import fc from 'fast-check';
import { DuplicateOrderError, ExchangeFormatError, InsufficientBalanceError, RateLimitedError, ValidationError } from '../../../lib/core/errors.js';
import { ContractSizes } from '../../../lib/exchanges/okx/contract-sizes.js';
import { parseBalances, parseOrderResults, parseOrders } from '../../../lib/exchanges/okx/order-answers.js';
import {
  amendOrderRequest,
  balanceRequest,
  cancelOrderRequest,
  getOrderRequest,
  openOrdersRequest,
  placeOrderRequest,
} from '../../../lib/exchanges/okx/order-requests.js';
import { parsePrivateFrame, privateSubscribeFrame } from '../../../lib/exchanges/okx/private-frames.js';

const sizes = new ContractSizes();
sizes.set('BTC-USDT-SWAP', '0.01');
const toUnified = (instId: string): string => {
  const names: Record<string, string> = { 'BTC-USDT': 'BTC/USDT', 'BTC-USDT-SWAP': 'BTC/USDT:USDT' };
  const name = names[instId];
  if (name === undefined) throw new Error(`unknown ${instId}`);
  return name;
};

const order = {
  instType: 'SWAP', instId: 'BTC-USDT-SWAP', ordId: '312269865356374016', clOrdId: 'cx1', tag: '', px: '50000', sz: '150', ordType: 'limit', side: 'buy',
  state: 'partially_filled', accFillSz: '50', avgPx: '49999.5', fillPx: '49999.5', fillSz: '50', tradeId: '9001', fillTime: '1700000000500',
  fillFee: '-0.5', fillFeeCcy: 'USDT', fee: '-0.5', feeCcy: 'USDT', execType: 'M', cTime: '1700000000000', uTime: '1700000000500',
};

describe('OKX trading', () => {
  describe('requests', () => {
    it('places a swap limit order in contracts, cross margin', () => {
      expect(placeOrderRequest({ venueSymbol: 'BTC-USDT-SWAP', side: 'buy', type: 'limit', quantity: '1.5', price: '50000', clientOrderId: 'cx1' }, sizes)).to.deep.equal({
        method: 'POST', path: '/api/v5/trade/order', body: { instId: 'BTC-USDT-SWAP', tdMode: 'cross', clOrdId: 'cx1', side: 'buy', ordType: 'limit', sz: '150', px: '50000' },
      });
    });
    it('sizes a spot market order in base (tgtCcy base_ccy), cash', () => {
      expect(placeOrderRequest({ venueSymbol: 'BTC-USDT', side: 'buy', type: 'market', quantity: '0.01', price: undefined, clientOrderId: 'a1' }, sizes).body).to.deep.equal({
        instId: 'BTC-USDT', tdMode: 'cash', clOrdId: 'a1', side: 'buy', ordType: 'market', sz: '0.01', tgtCcy: 'base_ccy',
      });
    });
    it('refuses what OKX would: a client id that is not 1-32 letters and digits, a missing or stray price, an unknown contract size', () => {
      const base = { venueSymbol: 'BTC-USDT', side: 'buy', type: 'limit', quantity: '1', price: '1', clientOrderId: 'ok1' } as const;
      expect(() => placeOrderRequest({ ...base, clientOrderId: 'cx-1' }, sizes)).to.throw(ValidationError);
      expect(() => placeOrderRequest({ ...base, clientOrderId: 'x'.repeat(33) }, sizes)).to.throw(ValidationError);
      expect(() => placeOrderRequest({ ...base, price: undefined }, sizes)).to.throw(ValidationError);
      expect(() => placeOrderRequest({ ...base, type: 'market' }, sizes)).to.throw(ValidationError);
      expect(() => placeOrderRequest({ ...base, venueSymbol: 'ETH-USDT-SWAP' }, sizes)).to.throw(ValidationError);
    });
    it('cancels, amends, queries by order id or client id; lists open orders; reads the balance', () => {
      expect(cancelOrderRequest('BTC-USDT', { orderId: '123' })).to.deep.equal({ method: 'POST', path: '/api/v5/trade/cancel-order', body: { instId: 'BTC-USDT', ordId: '123' } });
      expect(amendOrderRequest('BTC-USDT-SWAP', { clientOrderId: 'cx1' }, { quantity: '2', price: '51000' }, sizes).body).to.deep.equal({
        instId: 'BTC-USDT-SWAP', clOrdId: 'cx1', newSz: '200', newPx: '51000',
      });
      expect(() => amendOrderRequest('BTC-USDT', { orderId: '1' }, {}, sizes)).to.throw(ValidationError);
      expect(getOrderRequest('BTC-USDT', { clientOrderId: 'cx1' })).to.deep.equal({ method: 'GET', path: '/api/v5/trade/order?instId=BTC-USDT&clOrdId=cx1', body: undefined });
      expect(() => getOrderRequest('BTC-USDT', { orderId: 'abc' })).to.throw(ValidationError);
      expect(openOrdersRequest({ instType: 'SWAP' }).path).to.equal('/api/v5/trade/orders-pending?instType=SWAP');
      expect(openOrdersRequest({ venueSymbol: 'BTC-USDT' }).path).to.equal('/api/v5/trade/orders-pending?instId=BTC-USDT');
      expect(balanceRequest()).to.deep.equal({ method: 'GET', path: '/api/v5/account/balance', body: undefined });
    });
  });

  describe('answers', () => {
    it('reads a result per order: ids, and the typed error of a refused one inside a 200', () => {
      const results = parseOrderResults({
        code: '2', msg: 'Bulk operation partially succeeded.',
        data: [
          { ordId: '1', clOrdId: 'a', tag: '', sCode: '0', sMsg: 'Order placed' },
          { ordId: '', clOrdId: 'b', tag: '', sCode: '51008', sMsg: 'Order failed. Insufficient USDT balance in account' },
          { ordId: '', clOrdId: 'c', tag: '', sCode: '51016', sMsg: 'Client order ID already exists.' },
        ],
      });
      expect(results.map((r) => [r.orderId, r.clientOrderId])).to.deep.equal([['1', 'a'], [undefined, 'b'], [undefined, 'c']]);
      expect(results[0]!.error).to.equal(undefined);
      expect(results[1]!.error).to.be.instanceOf(InsufficientBalanceError);
      expect(results[2]!.error).to.be.instanceOf(DuplicateOrderError);
    });
    it('throws the typed error of a request refused as a whole', () => {
      expect(() => parseOrderResults({ code: '50011', msg: 'Rate limit reached.', data: [] })).to.throw(RateLimitedError);
      expect(() => parseOrderResults({ code: '0', msg: '', data: {} })).to.throw(ExchangeFormatError);
    });
    it('reads orders with swap sizes in base units, OKX states and types mapped', () => {
      const [parsed] = parseOrders({ code: '0', msg: '', data: [order] }, toUnified, sizes);
      expect(parsed).to.include({ exchange: 'okx', symbol: 'BTC/USDT:USDT', orderId: '312269865356374016', clientOrderId: 'cx1', side: 'buy', type: 'limit', timeInForce: 'GTC', status: 'PARTIALLY_FILLED', updatedAt: 1700000000500 });
      expect([parsed!.price, parsed!.quantity, parsed!.filledQuantity, parsed!.filledQuoteQuantity, parsed!.averagePrice].map(String)).to.deep.equal(['50000', '1.5', '0.5', '24999.75', '49999.5']);
      const [market] = parseOrders({ code: '0', msg: '', data: [{ ...order, instId: 'BTC-USDT', ordType: 'post_only', px: '', avgPx: '', accFillSz: '0', state: 'live' }] }, toUnified, sizes);
      expect(market).to.include({ type: 'limit_maker', status: 'NEW' });
      expect(String(market!.price)).to.equal('0');
      expect(() => parseOrders({ code: '0', msg: '', data: [{ ...order, state: 'pending' }] }, toUnified, sizes)).to.throw(ExchangeFormatError).with.property('field', 'orders.data[0].state');
    });
    it('reads balances: availBal free, frozenBal locked', () => {
      const balances = parseBalances({ code: '0', msg: '', data: [{ uTime: '1', totalEq: '10', details: [{ ccy: 'USDT', availBal: '100.5', frozenBal: '20', eq: '120.5' }, { ccy: 'BTC', availBal: '', frozenBal: '0' }] }] });
      expect(balances.map((b) => [b.asset, String(b.free), String(b.locked)])).to.deep.equal([['USDT', '100.5', '20'], ['BTC', '0', '0']]);
    });
  });

  describe('private channels', () => {
    it('subscribes to orders of every type and to the account', () => {
      expect(JSON.parse(privateSubscribeFrame(3))).to.deep.equal({ id: '3', op: 'subscribe', args: [{ channel: 'orders', instType: 'ANY' }, { channel: 'account' }] });
    });
    it('reads an orders push: each order and the fill it reports, once per trade id', () => {
      const frame = parsePrivateFrame(JSON.stringify({ arg: { channel: 'orders', instType: 'ANY', uid: '77' }, data: [order, { ...order, tradeId: '', fillSz: '0' }] }), toUnified, sizes);
      if (frame.kind !== 'orders') throw new Error(JSON.stringify(frame));
      expect(frame.updates).to.have.length(2);
      const fill = frame.updates[0]!.fill!;
      expect(fill).to.include({ symbol: 'BTC/USDT:USDT', orderId: '312269865356374016', tradeId: '9001', side: 'buy', maker: true, commissionAsset: 'USDT', time: 1700000000500 });
      expect([fill.price, fill.quantity, fill.quoteQuantity, fill.commission].map(String)).to.deep.equal(['49999.5', '0.5', '24999.75', '0.5']);
      expect(frame.updates[1]!.fill).to.equal(undefined);
    });
    it('reads an account push as the balances that changed', () => {
      const frame = parsePrivateFrame(JSON.stringify({ arg: { channel: 'account', uid: '77' }, data: [{ uTime: '1700000000600', details: [{ ccy: 'USDT', availBal: '5', frozenBal: '1' }] }] }), toUnified, sizes);
      expect(frame).to.have.property('kind', 'balances');
      expect(frame).to.have.property('time', 1700000000600);
    });
    it('reads login and errors as replies, 64008 as shutdown, pong as a reply, junk as malformed, a symbol it does not list as unknown', () => {
      expect(parsePrivateFrame(JSON.stringify({ event: 'login', code: '0', msg: '', connId: 'c' }), toUnified, sizes)).to.include({ kind: 'reply', id: null });
      expect(parsePrivateFrame(JSON.stringify({ event: 'notice', code: '64008', msg: '' }), toUnified, sizes).kind).to.equal('shutdown');
      expect(parsePrivateFrame('pong', toUnified, sizes).kind).to.equal('reply');
      expect(parsePrivateFrame('{', toUnified, sizes).kind).to.equal('malformed');
      const bad = parsePrivateFrame(JSON.stringify({ arg: { channel: 'orders' }, data: [{ ...order, side: 'long' }] }), toUnified, sizes);
      expect(bad).to.have.property('kind', 'malformed');
      expect(bad).to.have.property('reason').that.matches(/orders\.data\[0\]\.side/);
      expect(parsePrivateFrame(JSON.stringify({ arg: { channel: 'orders' }, data: [{ ...order, instId: 'DOGE-USDT' }] }), toUnified, sizes).kind).to.equal('unknown');
      expect(parsePrivateFrame(JSON.stringify({ arg: { channel: 'positions' }, data: [] }), toUnified, sizes).kind).to.equal('unknown');
    });
    it('never throws on valid pushes with one field replaced by any JSON value (seeded)', () => {
      const valid = [{ arg: { channel: 'orders' }, data: [order] }, { arg: { channel: 'account' }, data: [{ uTime: '1', details: [{ ccy: 'USDT', availBal: '5', frozenBal: '1' }] }] }];
      fc.assert(
        fc.property(fc.constantFrom(...valid), fc.nat(), fc.jsonValue({ maxDepth: 3 }), (push, pick, replacement) => {
          const item = push.data[0] as Record<string, unknown>;
          const keys = Object.keys(item);
          const text = JSON.stringify({ ...push, data: [{ ...item, [keys[pick % keys.length]!]: replacement }] });
          let kind = '';
          expect(() => {
            kind = parsePrivateFrame(text, toUnified, sizes).kind;
          }).not.to.throw();
          return ['orders', 'balances', 'malformed', 'unknown'].includes(kind);
        }),
        { seed: 0x0c5b, numRuns: 2000 },
      );
    });
  });
});
