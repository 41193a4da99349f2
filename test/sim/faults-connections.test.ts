import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;

/** Collects a socket's JSON frames; `next(pred)` resolves with the first matching one (past or future). */
class FrameLog {
  readonly frames: Obj[] = [];
  private waiters: Array<{ pred: (f: Obj) => boolean; resolve: (f: Obj) => void }> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Obj;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.pred(frame) ? (w.resolve(frame), false) : true));
    });
  }
  next(pred: (f: Obj) => boolean): Promise<Obj> {
    const seen = this.frames.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
}

const open = (url: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
const closed = (ws: WebSocket): Promise<number> => new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));

describe('simulator faults: connections (through the control API)', () => {
  let sim: RunningSimulator;
  const sockets: WebSocket[] = [];

  const control = async (name: string, body: unknown = {}): Promise<Obj> => {
    const res = await fetch(`${sim.rest}/__sim/faults/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).to.equal(200);
    return (await res.json()) as Obj;
  };
  const connect = async (url: string): Promise<FrameLog> => {
    const ws = await open(url);
    sockets.push(ws);
    return new FrameLog(ws);
  };

  beforeEach(async () => {
    sim = await startSimulator({ bots: false, streamCadence: { fastMs: 20, slowMs: 50 } });
  });

  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    await sim.stop();
  });

  it('drops market-stream connections carrying a stream, leaving the others', async () => {
    const trades = await connect(`${sim.ws}/ws/btcusdt@trade`);
    const eth = await connect(`${sim.ws}/ws/ethusdt@trade`);
    const gone = closed(trades.ws);
    const result = await control('drop-connections', { target: 'streams', streams: ['btcusdt@trade'] });
    expect(result.connections).to.equal(1);
    await gone;
    expect(eth.ws.readyState).to.equal(WebSocket.OPEN);
  });

  it('drops WebSocket API connections too with target all', async () => {
    const api = await connect(sim.wsApi);
    const gone = closed(api.ws);
    const result = await control('drop-connections');
    expect(result.connections).to.equal(1);
    await gone;
  });

  it('sends serverShutdown to market-stream clients', async () => {
    const combined = await connect(`${sim.ws}/stream?streams=btcusdt@trade`);
    await control('server-shutdown', { target: 'streams' });
    const frame = await combined.next((f) => f.stream === '!serverShutdown');
    expect((frame.data as Obj).e).to.equal('serverShutdown');
  });

  it('stalls and resumes connections', async () => {
    await connect(`${sim.ws}/ws/btcusdt@trade`);
    expect((await control('stall-connections', { target: 'streams' })).connections).to.equal(1);
    expect(sim.faults.stallConnections({ target: 'streams' })).to.equal(0); // already stalled
    await control('resume-connections');
    expect(sim.faults.stallConnections({ target: 'streams' })).to.equal(1);
  });

  it('skips depth update ids for one symbol so a client sees U jump past u+1', async () => {
    const depth = await connect(`${sim.ws}/ws/btcusdt@depth@100ms`);
    const bob = new TestRestClient(sim.rest, sim.accounts[1]);
    const place = (price: string) => bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.01000' });
    await place('70000.00');
    const first = await depth.next((f) => f.e === 'depthUpdate');
    await control('skip-depth', { symbol: 'BTCUSDT', count: 2 });
    await place('70001.00');
    await place('70002.00');
    await place('70003.00');
    const after = await depth.next((f) => f.e === 'depthUpdate' && (f.u as number) > (first.u as number));
    expect(after.U as number).to.be.greaterThan((first.u as number) + 1);
  });

  it('expires WS-API user-data subscriptions with eventStreamTerminated', async () => {
    const account = sim.accounts[0]!;
    const api = await connect(sim.wsApi);
    const params: Record<string, string | number> = { apiKey: account.apiKey, timestamp: Date.now() };
    const payload = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join('&');
    params.signature = createHmac('sha256', account.apiSecret).update(payload).digest('hex');
    api.ws.send(JSON.stringify({ id: 1, method: 'userDataStream.subscribe.signature', params }));
    const subscribed = await api.next((f) => f.id === 1);
    expect(subscribed.status).to.equal(200);
    const result = await control('expire-user-streams', { apiKey: account.apiKey });
    expect(result.subscriptions).to.equal(1);
    const ended = await api.next((f) => (f.event as Obj | undefined)?.e === 'eventStreamTerminated');
    expect(ended).to.have.property('subscriptionId');
  });
});
