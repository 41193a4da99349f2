// OKX refusals -> the typed errors Binance's map to: HTTP status first (429, 5xx), then the top-level code, and
// for order operations (code "1" or "2" in a 200 answer) the per-order sCode/sMsg. Bodies written from the v5
// error code table.
import { expect } from 'chai';
import {
  AuthError,
  DuplicateOrderError,
  ExchangeError,
  FilterRejectedError,
  InsufficientBalanceError,
  InvalidSymbolError,
  OutcomeUnknownError,
  ParameterError,
  RateLimitedError,
  TimestampError,
  TooManyOrdersError,
  UnknownOrderError,
} from '../../../lib/core/errors.js';
import { CLIENT_ORDER_ID_PATTERN, newClientOrderId } from '../../../lib/exchanges/okx/client-order-id.js';
import { mapError, mapOrderResult, okxCode } from '../../../lib/exchanges/okx/error-map.js';
import { mapTransportError } from '../../../lib/exchanges/okx/transport-errors.js';

const body = (code: string, msg = 'm', data: unknown[] = []): unknown => ({ code, msg, data });
const orderFailed = (sCode: string, sMsg: string): unknown => ({ code: '1', msg: 'Operation failed.', data: [{ ordId: '', clOrdId: 'c1', sCode, sMsg, tag: '' }] });

describe('OKX error map', () => {
  it('reads codes with or without a sub-code', () => {
    expect(okxCode('51008_1000')).to.equal(51008);
    expect(okxCode('0')).to.equal(0);
    expect(okxCode(51008)).to.equal(undefined);
    expect(okxCode('x')).to.equal(undefined);
  });

  it('maps the documented codes to the typed errors, keeping code, message and status', () => {
    const cases: Array<[string, new (...args: never[]) => Error]> = [
      ['50011', RateLimitedError],
      ['50061', TooManyOrdersError],
      ['50004', OutcomeUnknownError],
      ['50026', OutcomeUnknownError],
      ['50102', TimestampError],
      ['50113', AuthError],
      ['50105', AuthError],
      ['51008', InsufficientBalanceError],
      ['51008_1001', InsufficientBalanceError],
      ['51131', InsufficientBalanceError],
      ['51603', UnknownOrderError],
      ['51016', DuplicateOrderError],
      ['51001', InvalidSymbolError],
      ['51121', FilterRejectedError],
      ['51000', ParameterError],
    ];
    for (const [code, type] of cases) {
      const error = mapError(200, body(code, `message ${code}`));
      expect(error, code).to.be.instanceOf(type);
      expect(error, code).to.include({ exchange: 'okx', exchangeCode: okxCode(code), exchangeMessage: `message ${code}`, httpStatus: 200 });
    }
    expect(mapError(200, body('51121'))).to.have.property('filter', 'lot-size');
    expect(mapError(200, body('51024'))).to.be.instanceOf(ExchangeError).with.property('kind', 'rejected');
    expect(mapError(200, body('59999'))).to.be.instanceOf(ExchangeError).with.property('kind', 'other');
  });

  it('takes the HTTP status first: 429 is a rate limit, 5xx leaves the outcome unknown', () => {
    expect(mapError(429, body('50011', 'Too Many Requests'))).to.be.instanceOf(RateLimitedError).with.property('banned', false);
    expect(mapError(429, 'not json')).to.be.instanceOf(RateLimitedError);
    expect(mapError(503, body('50001'))).to.be.instanceOf(OutcomeUnknownError).with.property('reason', 'server');
    expect(mapError(500, undefined)).to.be.instanceOf(OutcomeUnknownError);
    expect(mapError(401, '<html>')).to.be.instanceOf(AuthError);
    expect(mapError(400, null)).to.be.instanceOf(ExchangeError).with.property('kind', 'other');
  });

  it('names the per-order reason inside a 200 answer whose code is 1 or 2', () => {
    const error = mapError(200, orderFailed('51008', 'Order failed. Insufficient USDT balance in account'));
    expect(error).to.be.instanceOf(InsufficientBalanceError);
    expect(error).to.include({ exchangeCode: 51008, exchangeMessage: 'Order failed. Insufficient USDT balance in account' });
    const partial = { code: '2', msg: 'Bulk operation partially succeeded.', data: [{ sCode: '0', sMsg: '' }, { sCode: '51603', sMsg: 'Order does not exist.' }] };
    expect(mapError(200, partial)).to.be.instanceOf(UnknownOrderError);
  });

  it('maps one order result, and passes a success', () => {
    expect(mapOrderResult({ ordId: '1', clOrdId: 'c', sCode: '0', sMsg: 'Order placed' })).to.equal(undefined);
    expect(mapOrderResult({ sCode: '51016', sMsg: 'Client order ID already exists.' })).to.be.instanceOf(DuplicateOrderError);
    expect(mapOrderResult({ sCode: 51016 })).to.be.instanceOf(ExchangeError).with.property('kind', 'other');
    expect(mapOrderResult('x')).to.be.instanceOf(ExchangeError);
  });

  it('keeps at most 500 characters of a message', () => {
    expect((mapError(200, body('51000', 'x'.repeat(5000))) as ExchangeError).exchangeMessage).to.have.length(500);
  });
});

describe('OKX transport errors and client order ids', () => {
  it('calls a request without an answer outcome unknown, naming okx and keeping only the name or code', () => {
    const timeout = mapTransportError(Object.assign(new Error('GET https://openapi.okx.com/x?secret=1 timed out'), { name: 'TimeoutError' }));
    expect(timeout).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'timeout', exchange: 'okx' });
    expect(timeout.message).to.not.include('secret');
    const reset = mapTransportError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(reset).to.include({ reason: 'transport', transportCode: 'ECONNRESET' });
  });
  it('makes client order ids OKX accepts (1-32 letters and digits), distinct within a millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newClientOrderId(1_700_000_000_000)));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(CLIENT_ORDER_ID_PATTERN).and.to.have.length(23);
    expect(newClientOrderId(0)).to.match(/^cx0{9}/);
  });
});
