// Refused requests -> typed errors: status first (429/418, 5xx), then the code, then the matching engine's
// message; transport failures -> OutcomeUnknownError; headers -> rate-limit usage. No secret in any error.
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
import { binanceSpotTrading as codec } from '../../../lib/exchanges/binance/trading-codec.js';

const map = (status: number, code: number, msg: string, headers: Record<string, string> = {}) => codec.mapError(status, { code, msg }, headers);

describe('Binance error map (mapError)', () => {
  it('maps auth codes to AuthError', () => {
    for (const code of [-1002, -1022, -2014, -2015]) expect(map(400, code, 'x')).to.be.instanceOf(AuthError).and.include({ kind: 'auth', exchangeCode: code });
  });

  it('tells -2010 messages apart: insufficient balance, duplicate, other rejections', () => {
    expect(map(400, -2010, 'Account has insufficient balance for requested action.')).to.be.instanceOf(InsufficientBalanceError);
    expect(map(400, -2010, 'Duplicate order sent.')).to.be.instanceOf(DuplicateOrderError);
    const other = map(400, -2010, 'Order would immediately match and take.');
    expect(other).to.be.instanceOf(ExchangeError).and.include({ kind: 'rejected', code: 'EXCHANGE_ERROR', exchangeMessage: 'Order would immediately match and take.' });
  });

  it('maps unknown orders (-2013, -2011 Unknown order sent., -2026) and keeps other -2011 as rejected', () => {
    expect(map(400, -2013, 'Order does not exist.')).to.be.instanceOf(UnknownOrderError);
    expect(map(400, -2011, 'Unknown order sent.')).to.be.instanceOf(UnknownOrderError);
    expect(map(400, -2026, 'archived')).to.be.instanceOf(UnknownOrderError);
    expect(map(400, -2011, 'Order was not canceled due to cancel restrictions.')).to.include({ kind: 'rejected' });
  });

  it('names the filter of a -1013 filter failure', () => {
    const e = map(400, -1013, 'Filter failure: LOT_SIZE');
    expect(e).to.be.instanceOf(FilterRejectedError).and.include({ filter: 'LOT_SIZE', exchangeCode: -1013 });
  });

  it('maps -1121, -1021 and parameter codes', () => {
    expect(map(400, -1121, 'Invalid symbol.')).to.be.instanceOf(InvalidSymbolError);
    expect(map(400, -1021, 'Timestamp for this request is outside of the recvWindow.')).to.be.instanceOf(TimestampError);
    for (const code of [-1100, -1102, -1111, -1145, -1013 - 100]) expect(map(400, code, 'x')).to.be.instanceOf(ParameterError);
  });

  it('maps 429/418 and -1003 to RateLimitedError with Retry-After, -1015 to TooManyOrdersError', () => {
    const limited = map(429, -1003, 'Too much request weight used', { 'Retry-After': '7' });
    expect(limited).to.be.instanceOf(RateLimitedError).and.include({ code: 'RATE_LIMITED', retryAfterMs: 7000, banned: false, httpStatus: 429 });
    const banned = codec.mapError(418, { id: 'x', status: 418, error: { code: -1003, msg: 'banned', data: { serverTime: 1, retryAfter: 1659146400000 } } }, {});
    expect(banned).to.include({ banned: true, retryAt: 1659146400000, exchangeCode: -1003 });
    const orders = map(429, -1015, 'Too many new orders; current limit is 1 orders per 10 SECOND.', { 'retry-after': '10' });
    expect(orders).to.be.instanceOf(TooManyOrdersError).and.be.instanceOf(RateLimitedError).and.include({ retryAfterMs: 10000 });
    expect(codec.mapError(429, '<html>', {})).to.be.instanceOf(RateLimitedError).and.include({ exchangeCode: undefined });
  });

  it('maps HTTP 5xx, -1006 and -1007 to OutcomeUnknownError', () => {
    expect(codec.mapError(502, 'Bad Gateway', {})).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'server', code: 'OUTCOME_UNKNOWN', httpStatus: 502 });
    expect(map(500, -1000, 'An unknown error occurred while processing the request.')).to.be.instanceOf(OutcomeUnknownError).and.include({ exchangeCode: -1000 });
    expect(map(400, -1007, 'Timeout waiting for response from backend server.')).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'backend-timeout' });
    expect(map(400, -1006, 'unexpected')).to.be.instanceOf(OutcomeUnknownError);
  });

  it('maps a body without a code by status', () => {
    expect(codec.mapError(401, {}, {})).to.be.instanceOf(AuthError);
    expect(codec.mapError(403, 'WAF', {})).to.be.instanceOf(ExchangeError).and.include({ kind: 'other', httpStatus: 403 });
  });
});

describe('Binance transport errors (mapTransportError)', () => {
  it('maps timeouts and broken connections to OutcomeUnknownError, keeping only the code', () => {
    const url = 'http://127.0.0.1/api/v3/order?symbol=BTCUSDT&signature=deadbeefcafe';
    const timeout = codec.mapTransportError(new DOMException(`The operation timed out for ${url}`, 'TimeoutError'));
    expect(timeout).to.be.instanceOf(OutcomeUnknownError).and.include({ reason: 'timeout' });
    const reset = codec.mapTransportError(Object.assign(new TypeError(`fetch failed ${url}`), { cause: Object.assign(new Error(url), { code: 'ECONNRESET' }) }));
    expect(reset).to.include({ reason: 'transport', transportCode: 'ECONNRESET' });
    for (const e of [timeout, reset]) {
      expect(e.message).not.to.contain('deadbeefcafe');
      expect(JSON.stringify(e)).not.to.contain('deadbeefcafe');
      expect((e as { cause?: unknown }).cause).to.equal(undefined);
    }
    expect(codec.mapTransportError('weird')).to.include({ reason: 'transport' });
  });
});

describe('Secrets never reach an error', () => {
  it('a transport failure quoting the signed URL carries neither the signature nor the secret', () => {
    const credentials = { apiKey: 'key1', apiSecret: 'S3CRET-never-shown-0123456789' };
    const signed = codec.signRequest(codec.account(), credentials, 1700000000000, 5000);
    const signature = /signature=([0-9a-f]{64})/.exec(signed.path)![1]!;
    const failure = Object.assign(new TypeError(`fetch failed: ${signed.path} ${credentials.apiSecret}`), { cause: new Error(signed.path) });
    for (const error of [codec.mapTransportError(failure), codec.mapError(500, { code: -1000, msg: 'x' }, { 'x-mbx-apikey': 'key1' })]) {
      const everything = `${error.message} ${JSON.stringify(error)} ${String(error.stack)}`;
      expect(everything).not.to.contain(signature);
      expect(everything).not.to.contain(credentials.apiSecret);
    }
  });
});

describe('Binance rate-limit headers (rateLimitInfo)', () => {
  it('reads used weight, order counts and Retry-After from Headers or a plain record', () => {
    const headers = new Headers({ 'X-MBX-USED-WEIGHT-1M': '31', 'X-MBX-ORDER-COUNT-10S': '2', 'X-MBX-ORDER-COUNT-1D': '40', 'Retry-After': '3' });
    expect(codec.rateLimitInfo(headers)).to.deep.equal({ usedWeight1m: 31, orderCount10s: 2, orderCount1d: 40, retryAfterMs: 3000 });
    expect(codec.rateLimitInfo({ 'x-mbx-used-weight-1m': '5' })).to.deep.equal({ usedWeight1m: 5 });
    expect(codec.rateLimitInfo({ 'x-mbx-used-weight-1m': 'lots' })).to.deep.equal({});
  });
});
