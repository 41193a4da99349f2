// Binance counts REST and WebSocket API requests against one REQUEST_WEIGHT budget per IP.
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { TestRestClient } from './rest-test-client.js';
import { TestClient, type Json } from './streams-harness.js';

const MINUTE = 60_000;

describe('simulator: one request-weight budget per IP for REST and the WebSocket API', () => {
  let sim: RunningSimulator;
  let rest: TestRestClient;
  let ws: TestClient;
  let now = MINUTE * 30_000_000; // the start of a minute
  let nextId = 0;

  const wsCall = (method: string): Promise<Json> => ws.request({ id: ++nextId, method });
  const wsCount = (reply: Json): unknown => (reply.rateLimits as Json[])[0]?.count;
  const restUsed = (r: { headers: Headers }): string | null => r.headers.get('x-mbx-used-weight-1m');

  before(async () => {
    sim = await startSimulator({ bots: false, rateLimits: { requestWeightPerMinute: 30, rejectionsBeforeBan: 2, banMs: 5 * MINUTE }, now: () => now });
    rest = new TestRestClient(sim.rest);
    ws = await TestClient.open(sim.wsApi); // connecting costs 2
  });

  after(async () => {
    ws.close();
    await sim.stop();
  });

  it('shows WS API weight in the next REST X-MBX-USED-WEIGHT-1M and REST weight in the next WS API rateLimits', async () => {
    expect(restUsed(await rest.get('/api/v3/ping'))).to.equal('3'); // 2 connect + 1
    expect(wsCount(await wsCall('ping'))).to.equal(4);
    expect(restUsed(await rest.get('/api/v3/exchangeInfo'))).to.equal('24');
    expect(wsCount(await wsCall('session.subscriptions'))).to.equal(26);
    expect(restUsed(await rest.get('/api/v3/avgPrice', { symbol: 'BTCUSDT' }))).to.equal('28');
  });

  it('refuses on either side once the shared budget is spent (429 -1003), without charging the refusal', async () => {
    expect(wsCount(await wsCall('session.subscriptions'))).to.equal(30);
    const wsRefused = await wsCall('ping');
    expect(wsRefused.status).to.equal(429);
    expect(wsRefused.error).to.deep.include({ code: -1003 });
    const data = (wsRefused.error as Json).data as { serverTime: number; retryAfter: number };
    expect(data.retryAfter - data.serverTime).to.equal(MINUTE); // the minute's end; the test's minute has just begun
    expect(wsCount(wsRefused)).to.equal(30);
    const restRefused = await rest.get<Json>('/api/v3/ping');
    expect(restRefused.status).to.equal(429);
    expect(restRefused.body.code).to.equal(-1003);
    expect(restRefused.headers.get('retry-after')).to.equal('60');
    expect(restUsed(restRefused)).to.equal('30');
  });

  it('bans the IP on both sides after too many refusals (418), until the ban ends', async () => {
    const third = await wsCall('ping'); // the third refusal in this minute: banned
    expect(third.status).to.equal(418);
    now += MINUTE; // a fresh minute, still banned
    expect((await rest.get('/api/v3/ping')).status).to.equal(418);
    expect((await wsCall('ping')).status).to.equal(418);
    now += 5 * MINUTE;
    expect(restUsed(await rest.get('/api/v3/ping'))).to.equal('1');
    expect(wsCount(await wsCall('ping'))).to.equal(2);
  });
});
