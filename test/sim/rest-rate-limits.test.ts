import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;

describe('simulator REST: rate limits', () => {
  let sim: RunningSimulator;
  let pub: TestRestClient;
  let bob: TestRestClient;
  // Machine time for the limiter, pinned 15 s into a minute so window arithmetic is exact.
  let now = 1_800_000_000_000 + 15_000;

  beforeEach(async () => {
    now = 1_800_000_000_000 + 15_000;
    sim = await startSimulator({
      bots: false,
      rateLimits: { requestWeightPerMinute: 30, ordersPer10s: 2, rejectionsBeforeBan: 2, banMs: 120_000 },
      now: () => now,
    });
    pub = new TestRestClient(sim.rest);
    bob = new TestRestClient(sim.rest, sim.accounts[1]);
  });

  afterEach(() => sim.stop());

  const used = (r: { headers: Headers }): number => Number(r.headers.get('x-mbx-used-weight-1m'));

  it('counts weight per endpoint in X-MBX-USED-WEIGHT-1M and resets it each minute', async () => {
    expect(used(await pub.get('/api/v3/ping'))).to.equal(1);
    expect(used(await pub.get('/api/v3/exchangeInfo'))).to.equal(21);
    now += 45_000; // next minute
    expect(used(await pub.get('/api/v3/ping'))).to.equal(1);
  });

  it('answers 429 -1003 with Retry-After once the weight limit would be broken', async () => {
    await pub.get('/api/v3/exchangeInfo'); // 20
    await pub.get('/api/v3/depth', { symbol: 'BTCUSDT' }); // 25
    const r = await pub.get('/api/v3/depth', { symbol: 'BTCUSDT' }); // would be 30 -> fits exactly
    expect(r.status).to.equal(200);
    const refused = await pub.get('/api/v3/ping');
    expect(refused.status).to.equal(429);
    expect(refused.headers.get('retry-after')).to.equal('45');
    expect(refused.body).to.deep.equal({
      code: -1003,
      msg: 'Too much request weight used; current limit is 30 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
    });
    expect(used(refused)).to.equal(30);
  });

  it('bans the IP with 418 when the client keeps sending after 429s, until the ban ends', async () => {
    await pub.get('/api/v3/exchangeInfo');
    await pub.get('/api/v3/exchangeInfo'); // 40 > 30: refused
    expect((await pub.get('/api/v3/exchangeInfo')).status).to.equal(429);
    const banned = await pub.get<Obj>('/api/v3/exchangeInfo');
    expect(banned.status).to.equal(418);
    expect(banned.headers.get('retry-after')).to.equal('120');
    expect(banned.body.code).to.equal(-1003);
    expect(banned.body.msg).to.equal(`Way too much request weight used; IP banned until ${now + 120_000}. Please use WebSocket Streams for live updates to avoid bans.`);
    expect((await pub.get('/api/v3/ping')).status).to.equal(418);
    now += 60_000; // a new weight window does not lift the ban
    expect((await pub.get('/api/v3/ping')).status).to.equal(418);
    now += 60_001;
    expect((await pub.get('/api/v3/ping')).status).to.equal(200);
  });

  it('charges nothing for a successful order and the endpoint weight for a failed one', async () => {
    const ok = await bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000' });
    expect(used(ok)).to.equal(0);
    const failed = await bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: '70000.00', quantity: '0.01000' });
    expect(failed.status).to.equal(400);
    expect(used(failed)).to.equal(1);
  });

  it('refuses new orders past the ORDERS limit with 429 -1015', async () => {
    const place = () => bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000' });
    expect((await place()).status).to.equal(200);
    expect((await place()).status).to.equal(200);
    const refused = await place();
    expect(refused.status).to.equal(429);
    expect(refused.body).to.deep.equal({ code: -1015, msg: 'Too many new orders; current limit is 2 orders per 10 SECOND.' });
    expect(refused.headers.get('retry-after')).to.equal('5');
    expect(sim.engine.openOrders(sim.accounts[1]!.name)).to.have.length(2);
    now += 10_000;
    expect((await place()).status).to.equal(200);
  });
});
