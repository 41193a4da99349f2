import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { applyFault, BOTH_PATHS } from './fault-control.js';
import { TestRestClient } from './rest-test-client.js';

type Obj = Record<string, unknown>;

describe('simulator faults: REST side', () => {
  let sim: RunningSimulator;
  let pub: TestRestClient;
  let bob: TestRestClient;
  let now = 1_800_000_000_000;

  const control = async (name: string, body: unknown): Promise<{ status: number; body: Obj }> => {
    const res = await fetch(`${sim.rest}/__sim/faults/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Obj };
  };
  const sell = (extra: Record<string, string> = {}) =>
    bob.signed<Obj>('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000', ...extra });
  const openCount = (): number => sim.engine.openOrders(sim.accounts[1]!.name).length;

  beforeEach(async () => {
    now = 1_800_000_000_000;
    sim = await startSimulator({ bots: false, now: () => now });
    pub = new TestRestClient(sim.rest);
    bob = new TestRestClient(sim.rest, sim.accounts[1]);
  });

  afterEach(() => sim.stop());

  for (const via of BOTH_PATHS) {
    describe(`on the wire (via ${via === 'http' ? 'the HTTP control API' : 'sim.faults'})`, () => {
      const fault = (name: string, args: Obj = {}) => applyFault(sim, via, name, args);
      /** What GET /api/v3/order says about bob's order with this client id. */
      const lookUp = (clientOrderId: string) => bob.signed<Obj>('GET', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: clientOrderId });

      it('answers every REST request 429 -1003 with Retry-After while the fault lasts', async () => {
        await fault('rate-limit', { status: 429, durationMs: 30_000 });
        const r = await pub.get<Obj>('/api/v3/ping');
        expect(r.status).to.equal(429);
        expect(r.headers.get('retry-after')).to.equal('30');
        expect(r.body.code).to.equal(-1003);
        expect((await bob.signed('GET', '/api/v3/account')).status).to.equal(429);
        now += 30_000;
        expect((await pub.get('/api/v3/ping')).status).to.equal(200);
      });

      it('answers 418 -1003 (IP banned) with Retry-After while the fault lasts', async () => {
        await fault('rate-limit', { status: 418, durationMs: 120_000 });
        const r = await pub.get<Obj>('/api/v3/time');
        expect(r.status).to.equal(418);
        expect(r.headers.get('retry-after')).to.equal('120');
        expect(r.body.msg).to.match(/^Way too much request weight used; IP banned until \d+\./);
        now += 120_000;
        expect((await pub.get('/api/v3/time')).status).to.equal(200);
      });

      it('adds latency to REST answers until cleared', async () => {
        await fault('latency', { ms: 150 });
        const started = Date.now();
        expect((await pub.get('/api/v3/ping')).status).to.equal(200);
        expect(Date.now() - started).to.be.at.least(140);
        await fault('clear');
        expect(sim.faults.snapshot().rest.latency).to.equal(undefined);
      });

      it('answers a 5xx -1007 to an order it placed: GET /api/v3/order finds it', async () => {
        await fault('order-failure', { mode: 'status', status: 503 });
        const r = await sell({ newClientOrderId: 'lost-503' });
        expect(r.status).to.equal(503);
        expect(r.body).to.deep.equal({ code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' });
        const found = await lookUp('lost-503');
        expect(found.status).to.equal(200);
        expect(found.body).to.include({ clientOrderId: 'lost-503', status: 'NEW' });
        // One shot: the next order is answered normally.
        expect((await sell()).status).to.equal(200);
      });

      it('never answers an order it placed (the client times out): GET /api/v3/order finds it', async () => {
        await fault('order-failure', { mode: 'hang' });
        let error: unknown;
        try {
          await bob.signed('POST', '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '70000.00', quantity: '0.01000', newClientOrderId: 'lost-hang' }, { signal: AbortSignal.timeout(200) });
        } catch (err) {
          error = err;
        }
        expect((error as Error | undefined)?.name).to.equal('TimeoutError');
        expect((await lookUp('lost-hang')).body).to.include({ clientOrderId: 'lost-hang', status: 'NEW' });
      });

      it('cuts the socket after placing the order: GET /api/v3/order finds both', async () => {
        await fault('order-failure', { mode: 'destroy', count: 2 });
        for (const id of ['cut-1', 'cut-2']) {
          let error: unknown;
          try {
            await sell({ newClientOrderId: id });
          } catch (err) {
            error = err;
          }
          expect(error).to.be.instanceOf(TypeError); // fetch failed: socket closed without an answer
          expect((await lookUp(id)).body).to.include({ clientOrderId: id, status: 'NEW' });
        }
        expect((await sell()).status).to.equal(200);
      });

      it('can target cancels: the order is canceled but the answer is a 5xx', async () => {
        const placed = await sell({ newClientOrderId: 'to-cancel' });
        await fault('order-failure', { mode: 'status', status: 500, on: 'cancelOrder' });
        const r = await bob.signed('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.body.orderId as number });
        expect(r.status).to.equal(500);
        expect((await lookUp('to-cancel')).body).to.include({ status: 'CANCELED' });
        expect(openCount()).to.equal(0);
      });

      it('shifts the server clock: /api/v3/time moves, signed requests get -1021, and clear puts it back', async () => {
        const set = await fault('clock-shift', { ms: 10_000 });
        expect(set.clockOffsetMs).to.equal(10_000);
        const time = await pub.get<{ serverTime: number }>('/api/v3/time');
        expect(time.body.serverTime - Date.now()).to.be.at.least(9_000);
        const r = await bob.signed('GET', '/api/v3/account');
        expect(r.body).to.deep.equal({ code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' });
        await fault('clear');
        expect((await bob.signed('GET', '/api/v3/account')).status).to.equal(200);
      });
    });
  }

  describe('control API', () => {
    it('reports the active switches on GET /__sim/faults', async () => {
      sim.faults.orderFailure({ mode: 'hang', count: 3 });
      const res = await fetch(`${sim.rest}/__sim/faults`);
      const body = (await res.json()) as { rest: { orderFailure: Obj }; clockOffsetMs: number };
      expect(body.rest.orderFailure).to.deep.equal({ mode: 'hang', status: 503, remaining: 3, on: 'newOrder' });
      expect(body.clockOffsetMs).to.equal(0);
    });

    it('rejects a bad body with 400 naming the field, and an unknown fault with 404', async () => {
      const bad = await control('rate-limit', { status: 500, durationMs: 1000 });
      expect(bad.status).to.equal(400);
      expect(bad.body.error).to.match(/^status: /);
      const extra = await control('latency', { ms: 10, jitter: 5 });
      expect(extra.status).to.equal(400);
      const unknown = await control('meteor-strike', {});
      expect(unknown.status).to.equal(404);
      expect(unknown.body.error).to.contain('rate-limit');
    });

    it('refuses invalid programmatic fault arguments', () => {
      expect(() => sim.faults.orderFailure({ mode: 'status', status: 404 })).to.throw(RangeError, /5xx/);
      expect(() => sim.faults.rateLimit({ status: 429, durationMs: 0 })).to.throw(RangeError, /durationMs/);
      expect(() => sim.faults.skipDepthUpdates('BTCUSDT', 0)).to.throw(RangeError, /count/);
    });
  });
});
