// The pure parts of the WebSocket API: request parsing and REQUEST_WEIGHT accounting.
import { expect } from 'chai';
import { RequestWeight } from '../../sim/binance/wsapi/request-weight.js';
import { parseRequest } from '../../sim/binance/wsapi/requests.js';

describe('RequestWeight', () => {
  it('counts weight per IP within the current minute and starts over at the next minute', () => {
    const weight = new RequestWeight(10);
    const minute = 60_000 * 1000;
    expect(weight.add('a', 2, minute + 1)).to.equal(2);
    expect(weight.add('a', 3, minute + 59_999)).to.equal(5);
    expect(weight.add('b', 1, minute + 10)).to.equal(1);
    expect(weight.add('a', 1, minute + 60_000)).to.equal(1);
    expect(weight.nextInterval(minute + 5)).to.equal(minute + 60_000);
    expect(weight.status(4)).to.deep.equal([{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 10, count: 4 }]);
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
