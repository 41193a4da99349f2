// Seeded fuzzing of every way in: REST through fetch and as raw bytes, WebSocket upgrades, market-stream
// control frames and WS-API frames. Every input gets a Binance-shaped 4xx (or the documented error frame
// or close) and the simulator keeps serving. Seeded and bounded in count, so a run is the same every time.
import { isUtf8 } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { controlFrame, fetchRequest, formEncode, rawRequest, upgradeRequest, wsApiFrame, type FetchRequest, type Frame } from './fuzz-inputs.js';
import { isBinanceError, jsonBody, rawExchange } from './raw-http.js';
import { TestClient, type Json } from './streams-harness.js';

const SEED = 20_260_601;
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

/** One WebSocket connection the fuzzer sends frames on; reopened when a frame closed it. */
class FrameProbe {
  private ws: WebSocket | undefined;
  private received: Json[] = [];
  private closeCode: number | undefined;
  private wake: (() => void) | undefined;
  private sentinels = 0;

  constructor(
    private readonly url: string,
    /** The request that must be answered after each fuzzed frame, proving the connection still serves. */
    private readonly sentinel: (id: string) => Json,
  ) {}

  /** Sends `frame`, then the sentinel; returns what came back before the sentinel's answer, or the close code. */
  async probe(frame: Frame): Promise<{ replies: Json[]; closeCode: number | undefined }> {
    const ws = await this.open();
    this.received = [];
    this.sentinels += 1;
    const id = `sentinel${this.sentinels}`;
    ws.send(frame.data, { binary: frame.binary });
    ws.send(JSON.stringify(this.sentinel(id)));
    const deadline = Date.now() + 3000;
    for (;;) {
      const index = this.received.findIndex((m) => m.id === id && ('result' in m || 'status' in m));
      if (index >= 0) return { replies: this.received.slice(0, index), closeCode: undefined };
      if (this.closeCode !== undefined) return { replies: this.received, closeCode: this.closeCode };
      if (Date.now() > deadline) throw new Error(`no answer to the sentinel; got ${JSON.stringify(this.received)}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.ws?.terminate();
  }

  private async open(): Promise<WebSocket> {
    if (this.ws && this.closeCode === undefined) return this.ws;
    const ws = new WebSocket(this.url);
    this.closeCode = undefined;
    ws.on('message', (data) => {
      this.received.push(JSON.parse(String(data)) as Json);
      this.wake?.();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake?.();
    });
    ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.ws = ws;
    return ws;
  }
}

/** What a frame may get back: one answer to a text frame that is UTF-8, none to a binary one, 1007 to bad UTF-8. */
function expectAnswered(frame: Frame, outcome: { replies: Json[]; closeCode: number | undefined }, isAnswer: (m: Json) => boolean): void {
  const answers = outcome.replies.filter((m) => 'result' in m || 'code' in m || 'status' in m);
  const context = JSON.stringify({ frame: frame.data.toString('latin1').slice(0, 200), binary: frame.binary, answers, closeCode: outcome.closeCode });
  if (!frame.binary && !isUtf8(frame.data)) {
    expect(outcome.closeCode, context).to.equal(1007);
    return;
  }
  expect(outcome.closeCode, context).to.equal(undefined);
  if (frame.binary) {
    expect(answers, context).to.deep.equal([]); // Binance reads JSON text frames only
    return;
  }
  expect(answers, context).to.have.length(1);
  expect(isAnswer(answers[0]!), context).to.equal(true);
}

describe('simulator fuzz: malformed input never stops it', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator({
      bots: false,
      // The fuzzer sends far more than a client may: limits must not be what answers it.
      timings: { maxIncomingPerSecond: 1_000_000 },
      rateLimits: { requestWeightPerMinute: 100_000_000, connectionAttemptsPer5Min: 1_000_000 },
    });
  });

  after(() => sim.stop());

  /** Still serving: REST ping, a fresh stream subscription, a WS-API ping. */
  async function expectServing(): Promise<void> {
    expect((await fetch(`${sim.rest}/api/v3/ping`)).status).to.equal(200);
    const stream = await TestClient.open(`${sim.ws}/ws`);
    const api = await TestClient.open(sim.wsApi);
    try {
      expect(await stream.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 })).to.deep.equal({ result: null, id: 1 });
      expect(await api.request({ id: 1, method: 'ping' })).to.deep.include({ status: 200, result: {} });
    } finally {
      stream.close();
      api.close();
    }
  }

  function send(request: FetchRequest): Promise<Response> {
    const account = sim.accounts[0]!;
    let query = formEncode(request.query);
    const headers: Record<string, string> = {};
    if (request.apiKey !== undefined) headers['X-MBX-APIKEY'] = request.apiKey;
    if (request.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    if (request.signed) {
      query = `${query}${query ? '&' : ''}timestamp=${Date.now()}`;
      const body = request.body === undefined ? '' : Buffer.from(request.body).toString('utf8');
      query += `&signature=${createHmac('sha256', account.apiSecret).update(query + body).digest('hex')}`;
      headers['X-MBX-APIKEY'] = account.apiKey;
    }
    return fetch(`${sim.rest}${request.path}${query ? `?${query}` : ''}`, { method: request.method, headers, body: request.body });
  }

  it('answers every REST request sent through fetch with 200 or a 4xx {code,msg}', async () => {
    await fc.assert(
      fc.asyncProperty(fetchRequest, async (request) => {
        const res = await send(request);
        const text = await res.text();
        const context = `${request.method} ${request.path} -> ${res.status} ${text.slice(0, 200)}`;
        if (res.status === 200) return;
        expect(res.status, context).to.be.within(400, 499);
        if (request.method !== 'HEAD') expect(isBinanceError(JSON.parse(text)), context).to.equal(true);
      }),
      runs(400),
    );
    await expectServing();
  });

  it('answers raw HTTP requests (junk request lines, odd targets, huge headers, bad bodies) with 200 or a 4xx {code,msg}', async () => {
    await fc.assert(
      fc.asyncProperty(rawRequest, async (request) => {
        const { responses, raw } = await rawExchange(sim.port, Buffer.from(request, 'latin1'), { quietMs: 100 });
        const context = `${JSON.stringify(request.slice(0, 200))} -> ${JSON.stringify(raw.slice(0, 300))}`;
        expect(responses.length, context).to.be.at.least(1);
        for (const response of responses) {
          if (response.status === 200 || response.status === 101) continue;
          expect(response.status, context).to.be.within(400, 499);
          expect(isBinanceError(jsonBody(response)), context).to.equal(true);
        }
      }),
      runs(300),
    );
    await expectServing();
  });

  it('answers WebSocket upgrades with odd paths and headers with 101 or a 4xx {code,msg}', async () => {
    await fc.assert(
      fc.asyncProperty(upgradeRequest, async (request) => {
        const { responses, raw } = await rawExchange(sim.port, Buffer.from(request, 'utf8'), { quietMs: 50 });
        const context = `${JSON.stringify(request.split('\r\n')[0])} -> ${JSON.stringify(raw.slice(0, 300))}`;
        expect(responses, context).to.have.length(1);
        if (responses[0]!.status === 101) return;
        expect(responses[0]!.status, context).to.be.within(400, 499);
        expect(isBinanceError(jsonBody(responses[0]!)), context).to.equal(true);
      }),
      runs(150),
    );
    await expectServing();
  });

  it('answers market-stream control frames with a result or the documented {code,msg}, and keeps the connection', async () => {
    const probe = new FrameProbe(`${sim.ws}/ws`, (id) => ({ method: 'LIST_SUBSCRIPTIONS', id }));
    const isAnswer = (m: Json): boolean => ('result' in m && 'id' in m) || (Number.isInteger(m.code) && typeof m.msg === 'string');
    try {
      await fc.assert(
        fc.asyncProperty(controlFrame, async (frame) => expectAnswered(frame, await probe.probe(frame), isAnswer)),
        runs(500),
      );
    } finally {
      probe.close();
    }
    await expectServing();
  });

  it('answers WS-API frames (any JSON, any bytes, odd methods and params) with 200 or a 4xx error, and keeps the connection', async () => {
    const probe = new FrameProbe(sim.wsApi, (id) => ({ id, method: 'ping' }));
    const isAnswer = (m: Json): boolean => {
      if (!('id' in m) || typeof m.status !== 'number') return false;
      if (m.status === 200) return 'result' in m;
      return m.status >= 400 && m.status < 500 && isBinanceError(m.error);
    };
    try {
      await fc.assert(
        fc.asyncProperty(wsApiFrame, async (frame) => expectAnswered(frame, await probe.probe(frame), isAnswer)),
        runs(500),
      );
    } finally {
      probe.close();
    }
    await expectServing();
  });
});
