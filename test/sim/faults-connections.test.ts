import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { applyFault, BOTH_PATHS } from './fault-control.js';
import { sleep } from '../wait.js';

type Obj = Record<string, unknown>;

/** Collects a socket's JSON frames; `next(pred)` resolves with the first matching one (past or future). */
class FrameLog {
  readonly frames: Obj[] = [];
  private waiters: Array<{ pred: (f: Obj) => boolean; resolve: (f: Obj) => void }> = [];
  readonly closed: Promise<number>;
  constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code: number) => resolve(code)));
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
/** 1006 = the socket ended without a close frame (an abrupt drop). */
const ABNORMAL_CLOSURE = 1006;

for (const via of BOTH_PATHS) {
  describe(`simulator faults on the wire: connections (via ${via === 'http' ? 'the HTTP control API' : 'sim.faults'})`, () => {
    let sim: RunningSimulator;
    const sockets: WebSocket[] = [];

    const fault = (name: string, body: Obj = {}) => applyFault(sim, via, name, body);
    const connect = async (url: string): Promise<FrameLog> => {
      const ws = await open(url);
      sockets.push(ws);
      return new FrameLog(ws);
    };
    /** One BTCUSDT trade at `price` between bob (maker) and alice (taker). */
    const trade = (price: string): void => {
      sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.01' });
      sim.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' });
    };
    const subscribeUserData = async (api: FrameLog): Promise<void> => {
      const account = sim.accounts[0]!;
      const params: Record<string, string | number> = { apiKey: account.apiKey, timestamp: sim.clock.now() };
      const payload = Object.keys(params)
        .sort()
        .map((k) => `${k}=${params[k]}`)
        .join('&');
      params.signature = createHmac('sha256', account.apiSecret).update(payload).digest('hex');
      api.ws.send(JSON.stringify({ id: 'sub', method: 'userDataStream.subscribe.signature', params }));
      expect((await api.next((f) => f.id === 'sub')).status).to.equal(200);
    };

    beforeEach(async () => {
      sim = await startSimulator({ bots: false, streamCadence: { fastMs: 20, slowMs: 50 } });
    });

    afterEach(async () => {
      for (const ws of sockets.splice(0)) ws.terminate();
      await sim.stop();
    });

    it('drops only the market-stream connections carrying a stream, abruptly; the others keep receiving', async () => {
      const btc = await connect(`${sim.ws}/ws/btcusdt@trade`);
      const other = await connect(`${sim.ws}/ws/btcusdt@aggTrade`);
      expect((await fault('drop-connections', { target: 'streams', streams: ['btcusdt@trade'] })).connections).to.equal(1);
      expect(await btc.closed).to.equal(ABNORMAL_CLOSURE);
      trade('70000.00');
      expect((await other.next((f) => f.e === 'aggTrade')).p).to.equal('70000.00000000');
    });

    it('drops every connection, market streams and WebSocket API, with target all', async () => {
      const stream = await connect(`${sim.ws}/stream?streams=btcusdt@trade`);
      const api = await connect(sim.wsApi);
      expect((await fault('drop-connections')).connections).to.equal(2);
      expect(await stream.closed).to.equal(ABNORMAL_CLOSURE);
      expect(await api.closed).to.equal(ABNORMAL_CLOSURE);
    });

    it('stalls a connection: the socket stays open and receives nothing until resumed', async () => {
      const trades = await connect(`${sim.ws}/ws/btcusdt@trade`);
      expect((await fault('stall-connections', { target: 'streams' })).connections).to.equal(1);
      trade('70000.00');
      await sleep(150);
      expect(trades.frames).to.deep.equal([]);
      expect(trades.ws.readyState).to.equal(WebSocket.OPEN);
      await fault('resume-connections');
      trade('70001.00');
      expect((await trades.next((f) => f.e === 'trade')).p).to.equal('70001.00000000');
    });

    it('skips depth update ids for one symbol so a client sees U jump past u+1', async () => {
      const depth = await connect(`${sim.ws}/ws/btcusdt@depth@100ms`);
      const rest = (price: string) =>
        sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.01' });
      rest('70000.00');
      const first = await depth.next((f) => f.e === 'depthUpdate');
      await fault('skip-depth', { symbol: 'BTCUSDT', count: 2 });
      rest('70001.00');
      rest('70002.00');
      rest('70003.00');
      const after = await depth.next((f) => f.e === 'depthUpdate' && (f.u as number) > (first.u as number));
      expect(after.U).to.equal((first.u as number) + 3);
    });

    it('crosses one symbol\'s book on its diff-depth stream: the next update bids above the best ask, in sequence', async () => {
      const depth = await connect(`${sim.ws}/ws/btcusdt@depth@100ms`);
      const rest = (side: 'BUY' | 'SELL', price: string) =>
        sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side, type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.01' });
      rest('SELL', '90000.00');
      const first = await depth.next((f) => f.e === 'depthUpdate' && (f.a as string[][]).some(([p]) => p === '90000.00000000'));
      const bestAsk = sim.engine.bookTicker('BTCUSDT').askPrice;
      await fault('cross-book', { symbol: 'BTCUSDT' });
      rest('BUY', '1000.00');
      const after = await depth.next((f) => f.e === 'depthUpdate' && (f.u as number) > (first.u as number));
      expect(after.U).to.equal((first.u as number) + 1);
      const bids = (after.b as string[][]).map(([p]) => p);
      expect(bids).to.include(bestAsk.plus('0.01').toFixed(8));
      expect(sim.engine.bookTicker('BTCUSDT').askPrice.toString()).to.equal(bestAsk.toString());
    });

    it('sends serverShutdown on market streams (raw and combined) and the WebSocket API, then closes when asked', async () => {
      const raw = await connect(`${sim.ws}/ws/btcusdt@trade`);
      const combined = await connect(`${sim.ws}/stream?streams=btcusdt@trade`);
      const api = await connect(sim.wsApi);
      await fault('server-shutdown', { closeAfterMs: 50 });
      expect((await raw.next((f) => f.e === 'serverShutdown')).E).to.be.a('number');
      expect(((await combined.next((f) => f.stream === '!serverShutdown')).data as Obj).e).to.equal('serverShutdown');
      expect(((await api.next((f) => (f.event as Obj | undefined)?.e === 'serverShutdown')).event as Obj).E).to.be.a('number');
      await Promise.all([raw.closed, combined.closed, api.closed]);
    });

    it('expires a user-data subscription with eventStreamTerminated, after which no events arrive', async () => {
      const api = await connect(sim.wsApi);
      await subscribeUserData(api);
      expect((await fault('expire-user-streams', { apiKey: sim.accounts[0]!.apiKey })).subscriptions).to.equal(1);
      const ended = await api.next((f) => (f.event as Obj | undefined)?.e === 'eventStreamTerminated');
      expect(ended.subscriptionId).to.equal(0);
      const before = api.frames.length;
      trade('70000.00');
      await sleep(100);
      expect(api.frames.slice(before)).to.deep.equal([]);
    });
  });
}
