// The pure parts of the WebSocket API: request parsing and REQUEST_WEIGHT accounting.
import { expect } from 'chai';
import { BINANCE_RATE_LIMITS, RateLimiter } from '../../sim/binance/rest/rate-limits.js';
import { RequestWeight } from '../../sim/binance/wsapi/request-weight.js';
import { parseRequest } from '../../sim/binance/wsapi/requests.js';

describe('RequestWeight', () => {
  const minute = 60_000 * 1000;
  let now = minute;
  const limiter = (): RateLimiter => new RateLimiter({ ...BINANCE_RATE_LIMITS, requestWeightPerMinute: 10, rejectionsBeforeBan: 1, banMs: 120_000 }, () => now);

  it('charges the shared limiter per IP within the current minute and prints the rateLimits status', () => {
    now = minute + 1;
    const shared = limiter();
    const weight = new RequestWeight(shared);
    expect(weight.charge('a', 2, now)).to.equal(undefined);
    shared.charge('a', 3); // a REST request of the same IP
    expect(weight.used('a')).to.equal(5);
    expect(weight.used('b')).to.equal(0);
    now = minute + 60_000;
    expect(weight.used('a')).to.equal(0);
    expect(weight.status(4)).to.deep.equal([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 10, count: 4 }]);
  });

  it('refuses with 429 (retryAfter = the minute end on the server clock), then 418 once banned, without charging', () => {
    now = minute + 10_000;
    const weight = new RequestWeight(limiter());
    expect(weight.charge('a', 9, now)).to.equal(undefined);
    const serverNow = now + 5000; // a shifted server clock
    const tooMuch = weight.charge('a', 2, serverNow);
    expect(tooMuch && { status: tooMuch.status, ...tooMuch.body }).to.deep.include({ status: 429, code: -1003, data: { serverTime: serverNow, retryAfter: serverNow + 50_000 } });
    expect(weight.used('a')).to.equal(9);
    const banned = weight.charge('a', 2, serverNow);
    expect(banned?.status).to.equal(418);
    expect(banned?.body.data).to.deep.equal({ serverTime: serverNow, retryAfter: serverNow + 120_000 });
    expect(banned?.message).to.equal(`Way too much request weight used; IP banned until ${serverNow + 120_000}. Please use WebSocket Streams for live updates to avoid bans.`);
  });
});

describe('parseRequest', () => {
  it('reads id, method (without a v3/ prefix) and params', () => {
    expect(parseRequest('{"id":"x","method":"v3/time","params":{"returnRateLimits":false}}')).to.deep.equal({
      ok: true,
      request: { id: 'x', method: 'time', params: { returnRateLimits: false } },
    });
  });

  it('names the missing or malformed part', () => {
    const error = (text: string) => {
      const parsed = parseRequest(text);
      return parsed.ok ? undefined : { id: parsed.id, status: parsed.error.status, ...parsed.error.body };
    };
    expect(error('{"id":{},"method":"ping"}')).to.deep.equal({ id: null, status: 400, code: -1102, msg: "Mandatory parameter 'id' was not sent, was empty/null, or malformed." });
    expect(error('{"id":3}')).to.deep.equal({ id: 3, status: 400, code: -1102, msg: "Mandatory parameter 'method' was not sent, was empty/null, or malformed." });
    expect(error('[1]')).to.deep.include({ id: null, code: -1135 });
  });
});
