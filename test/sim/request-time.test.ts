import { expect } from 'chai';
import { checkTimestamp, recvWindowMs, type RequestTimeErrors } from '../../sim/binance/request-time.js';

// Errors that name the rule, so each case shows which one fired.
const errors: RequestTimeErrors = {
  malformedRecvWindow: () => new Error('malformed'),
  recvWindowTooGreat: (max) => new Error(`too great ${max}`),
  timestampAhead: () => new Error('ahead'),
  timestampOutsideWindow: () => new Error('outside'),
};

describe('request time rules (REST and WS API)', () => {
  it('reads recvWindow: default 5000, up to three decimals, at most 60000', () => {
    expect(recvWindowMs(undefined, errors)).to.equal(5000);
    expect(recvWindowMs('1500.125', errors)).to.equal(1500.125);
    expect(() => recvWindowMs('1.1234', errors)).to.throw('malformed');
    expect(() => recvWindowMs('-1', errors)).to.throw('malformed');
    expect(() => recvWindowMs('60001', errors)).to.throw('too great 60000');
  });

  it('refuses a timestamp 1000 ms ahead or older than recvWindow, in ms or µs', () => {
    const now = 1_700_000_000_000;
    expect(() => checkTimestamp(now + 999, 5000, now, errors)).to.not.throw();
    expect(() => checkTimestamp(now + 1000, 5000, now, errors)).to.throw('ahead');
    expect(() => checkTimestamp(now - 5000, 5000, now, errors)).to.not.throw();
    expect(() => checkTimestamp(now - 5001, 5000, now, errors)).to.throw('outside');
    expect(() => checkTimestamp((now - 100) * 1000, 5000, now, errors)).to.not.throw();
    expect(() => checkTimestamp((now - 6000) * 1000, 5000, now, errors)).to.throw('outside');
  });
});
