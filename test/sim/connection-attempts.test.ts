import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { ConnectionAttempts } from '../../sim/binance/connection-attempts.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';

type Outcome = { opened: true } | { opened: false; status: number; retryAfter: string | undefined; body: unknown };

/** Opens and closes one connection; reports the HTTP refusal when the upgrade is refused. */
function attempt(url: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => {
        resolve({ opened: false, status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string | undefined, body: JSON.parse(text) as unknown });
        ws.terminate();
      });
    });
    ws.on('error', reject);
  });
}

describe('ConnectionAttempts', () => {
  it('allows `limit` attempts per IP per fixed 5-minute window and counts refused ones too', () => {
    let now = 5 * 60_000 * 1000 + 60_000; // one minute into a window
    const attempts = new ConnectionAttempts(2, () => now);
    expect(attempts.attempt('a')).to.deep.equal({ allowed: true });
    expect(attempts.attempt('a')).to.deep.equal({ allowed: true });
    expect(attempts.attempt('b')).to.deep.equal({ allowed: true });
    expect(attempts.attempt('a')).to.deep.equal({ allowed: false, retryAfterSec: 240 });
    now += 4 * 60_000 - 500;
    expect(attempts.attempt('a')).to.deep.equal({ allowed: false, retryAfterSec: 1 });
    now += 500; // the next window
    expect(attempts.attempt('a')).to.deep.equal({ allowed: true });
  });
});

describe('simulator: connection-attempt limit per IP', () => {
  let sim: RunningSimulator;
  let now = 5 * 60_000 * 6_000_000; // the start of a 5-minute window

  before(async () => {
    sim = await startSimulator({ bots: false, rateLimits: { connectionAttemptsPer5Min: 3 }, now: () => now });
  });

  after(() => sim.stop());

  it('refuses the market-stream upgrade past the limit with 429 -1034 and Retry-After, until the window ends', async () => {
    for (let i = 0; i < 3; i++) expect(await attempt(`${sim.ws}/ws/btcusdt@trade`)).to.deep.equal({ opened: true });
    now += 60_000;
    const refused = await attempt(`${sim.ws}/stream?streams=btcusdt@trade`);
    expect(refused).to.deep.equal({
      opened: false,
      status: 429,
      retryAfter: '240',
      body: { code: -1034, msg: "Too many connection attempts from IP; current limit is 3 per '5 MINUTE'." },
    });
    now += 4 * 60_000;
    expect(await attempt(`${sim.ws}/ws`)).to.deep.equal({ opened: true });
  });

  it('counts WebSocket API upgrades on their own and refuses them the same way', async () => {
    for (let i = 0; i < 3; i++) expect(await attempt(sim.wsApi)).to.deep.equal({ opened: true });
    const refused = await attempt(sim.wsApi);
    expect(refused).to.include({ opened: false, status: 429 });
    expect((refused as { body: { code: number } }).body.code).to.equal(-1034);
  });
});
