// `firstId`: order and trade ids start where the configuration says, beyond 2^53 in the 64-bit id tests, and go
// out as exact JSON number literals (never through a double) over REST, the WebSocket API and the market streams.
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { ConfigError } from '../../lib/core/errors.js';
import { parseSimConfig } from '../../sim/config.js';
import { startSimulator } from '../../sim/index.js';
import type { SimAccount } from '../../sim/binance/context.js';
import { qs, sign, TestRestClient } from './rest-test-client.js';
import { hmacSigned } from './wsapi-signing.js';

const FIRST = 2n ** 63n - 2n ** 30n; // the largest firstId; doubles are 1024 apart here, so FIRST + 1 as a double is FIRST
const first = (k: bigint): string => String(FIRST + k);

function signedQuery(account: SimAccount, params: Record<string, string>): string {
  const payload = qs({ ...params, timestamp: Date.now() });
  return `${payload}&signature=${sign(account.apiSecret, payload)}`;
}

/** The next text frame of `ws` that contains `needle`. */
function frameWith(ws: WebSocket, needle: string): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const text = data.toString();
      if (!text.includes(needle)) return;
      ws.off('message', onMessage);
      resolve(text);
    };
    ws.on('message', onMessage);
  });
}

describe('simulator firstId', () => {
  it('starts order, trade and aggregate ids at a firstId beyond 2^53 and writes them as exact JSON numbers everywhere', async () => {
    const sim = await startSimulator({ port: 0, bots: false, firstId: FIRST });
    const market = new WebSocket(`${sim.ws}/ws/btcusdt@trade`);
    const wsApi = new WebSocket(sim.wsApi);
    try {
      await Promise.all([market, wsApi].map((ws) => new Promise((resolve) => ws.once('open', resolve))));
      const alice = sim.accounts[0]!;
      const sell = sim.engine.placeOrder({ account: alice.name, symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '100.00', quantity: '2' });
      const streamed = frameWith(market, '"e":"trade"');
      const buy = sim.engine.placeOrder({ account: sim.accounts[1]!.name, symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' });
      expect([sell.orderId, buy.orderId]).to.deep.equal([FIRST, FIRST + 1n]);
      expect(await streamed).to.contain(`"t":${first(0n)},`);

      const rest = new TestRestClient(sim.rest, alice);
      const text = async (path: string, apiKey?: string): Promise<string> => (await fetch(`${sim.rest}${path}`, { headers: apiKey ? { 'X-MBX-APIKEY': apiKey } : {} })).text();
      expect(await text('/api/v3/trades?symbol=BTCUSDT')).to.contain(`"id":${first(0n)},`);
      expect(await text('/api/v3/aggTrades?symbol=BTCUSDT')).to.contain(`"a":${first(0n)},`);
      expect(await text(`/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${first(0n)}`)).to.contain(`"id":${first(0n)},`);
      expect(await text(`/api/v3/historicalTrades?symbol=BTCUSDT&fromId=${first(1n)}`)).to.equal('[]');
      // Orders looked up by their exact ids: FIRST + 1 (bob's) is FIRST (alice's) as a double, so a rounded lookup
      // would answer alice's sell instead of -2013.
      expect(await text(`/api/v3/order?${signedQuery(alice, { symbol: 'BTCUSDT', orderId: first(0n) })}`, alice.apiKey)).to.contain(`"orderId":${first(0n)},`);
      const bobs = await rest.signed<{ code: number }>('GET', '/api/v3/order', { symbol: 'BTCUSDT', orderId: first(1n) });
      expect(bobs.body.code).to.equal(-2013);
      const placed = await rest.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '200.00', quantity: '1' });
      expect(placed.status).to.equal(200);

      // order.cancel over the WebSocket API with the id as a JSON number literal beyond 2^53.
      const signed = hmacSigned(alice, { symbol: 'BTCUSDT', orderId: first(2n) });
      const request = JSON.stringify({ id: 'c1', method: 'order.cancel', params: signed }).replace(`"orderId":"${first(2n)}"`, `"orderId":${first(2n)}`);
      expect(request).to.contain(`"orderId":${first(2n)},`);
      const answered = frameWith(wsApi, '"c1"');
      wsApi.send(request);
      const answer = await answered;
      expect(answer).to.contain('"status":200');
      expect(answer).to.contain(`"orderId":${first(2n)},`);
    } finally {
      market.close();
      wsApi.close();
      await sim.stop();
    }
  });

  it('takes a firstId as a safe integer, a bigint or a string of digits, and refuses one without room below 2^63', () => {
    expect(parseSimConfig({}).firstId).to.equal(1n);
    expect(parseSimConfig({ firstId: 5 }).firstId).to.equal(5n);
    expect(parseSimConfig({ firstId: '9007199254740993' }).firstId).to.equal(9007199254740993n);
    expect(parseSimConfig({ firstId: FIRST }).firstId).to.equal(FIRST);
    expect(() => parseSimConfig({ firstId: FIRST + 1n })).to.throw(ConfigError, /firstId/);
    expect(() => parseSimConfig({ firstId: 2 ** 60 })).to.throw(ConfigError, /firstId/); // a double beyond 2^53: already rounded
    expect(() => parseSimConfig({ firstId: 0 })).to.throw(ConfigError, /firstId/);
  });
});
