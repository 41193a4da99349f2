// Short soak: the simulator with bots at default rates for ~8 s, watched by this test's own plain `ws` client
// on one combined stream of every kind for every default symbol. The long run is `cex-actors sim --soak 60`.
import { expect } from 'chai';
import WebSocket from 'ws';
import { ConfigError } from '../../lib/core/errors.js';
import { parseSimArgs } from '../../sim/cli.js';
import { MatchingEngine } from '../../sim/engine/engine.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { DEFAULT_SYMBOLS } from '../../sim/symbols.js';
import { EngineInvariants, soakReport, soakStreamNames, StreamMonitor, type StreamSummary } from '../../sim/soak.js';

const RUN_MS = 8000;

describe('simulator soak (short)', function () {
  this.timeout(30_000);
  let sim: RunningSimulator | undefined;
  let ws: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;

  afterEach(async () => {
    clearInterval(timer);
    ws?.terminate();
    await sim?.stop();
  });

  it('keeps every stream flowing with continuous sequence numbers and the engine invariants intact', async () => {
    sim = await startSimulator({ seed: 42 });
    const invariants = new EngineInvariants(sim.engine); // baseline before the first bot timer fires
    const symbols = [...sim.engine.symbols.keys()];
    expect(symbols).to.deep.equal(['BTCUSDT', 'ETHUSDT', 'ETHBTC']);
    const streams = soakStreamNames(symbols);
    expect(streams).to.have.length(24);

    const monitor = new StreamMonitor(streams);
    const client = new WebSocket(`${sim.ws}/stream?streams=${streams.join('/')}`);
    ws = client;
    client.on('message', (data) => monitor.receiveFrame(data.toString()));
    await new Promise((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    timer = setInterval(() => invariants.check(), 1000);
    await new Promise((resolve) => setTimeout(resolve, RUN_MS));
    invariants.check();
    invariants.stop();

    const summaries = monitor.summaries(Date.now(), 5000);
    const byStream = new Map<string, StreamSummary>(summaries.map((s) => [s.stream, s]));
    for (const summary of summaries) {
      expect(summary.messages, `${summary.stream} delivered`).to.be.greaterThan(0);
      expect(summary.firstProblems, `${summary.stream} sequence/shape`).to.deep.equal([]);
      expect(summary.maxGapMs, `${summary.stream} longest silence`).to.be.at.most(5000);
    }
    for (const symbol of symbols) {
      const depth = byStream.get(`${symbol.toLowerCase()}@depth@100ms`);
      expect(depth?.messages, `${symbol} diff depth chained U = previous u + 1 over several updates`).to.be.greaterThan(5);
      expect(depth?.problems).to.equal(0);
    }
    const engine = invariants.report();
    expect(engine.firstViolations).to.deep.equal([]);
    expect(engine.checks).to.be.greaterThan(5);
    expect(soakReport(RUN_MS / 1000, summaries, engine).ok).to.equal(true);
  });
});

describe('StreamMonitor', () => {
  it('reports a diff-depth gap, a skipped trade id and a crossed depth5', () => {
    const monitor = new StreamMonitor(['btcusdt@depth@100ms', 'btcusdt@trade', 'btcusdt@depth5'], 0);
    monitor.receive('btcusdt@depth@100ms', { e: 'depthUpdate', s: 'BTCUSDT', U: 10, u: 12 }, 10);
    monitor.receive('btcusdt@depth@100ms', { e: 'depthUpdate', s: 'BTCUSDT', U: 14, u: 15 }, 20);
    monitor.receive('btcusdt@trade', { e: 'trade', s: 'BTCUSDT', t: 1 }, 10);
    monitor.receive('btcusdt@trade', { e: 'trade', s: 'BTCUSDT', t: 3 }, 20);
    monitor.receive('btcusdt@depth5', { lastUpdateId: 5, bids: [['101.00', '1']], asks: [['100.00', '1']] }, 10);
    const [depth, trade, partial] = monitor.summaries(30, 1000);
    expect(depth).to.include({ problems: 1, ok: false });
    expect(depth?.firstProblems).to.deep.equal(['U 14 after u 12 (expected 13)']);
    expect(trade?.firstProblems).to.deep.equal(['id 3 after 1']);
    expect(partial?.firstProblems).to.deep.equal(['crossed: bid 101.00 >= ask 100.00']);
  });

  it('fails a stream that went silent for longer than allowed, counting the silence until the end', () => {
    const monitor = new StreamMonitor(['btcusdt@ticker', 'ethusdt@ticker'], 0);
    monitor.receiveFrame(JSON.stringify({ stream: 'btcusdt@ticker', data: { e: '24hrTicker', s: 'BTCUSDT' } }), 100);
    const [flowing, silent] = monitor.summaries(2000, 5000);
    expect(flowing).to.include({ messages: 1, maxGapMs: 1900, ok: true });
    expect(silent).to.include({ messages: 0, firstMs: -1, maxGapMs: 2000, ok: false });
  });
});

describe('EngineInvariants', () => {
  it('accepts deposits and commissions, and reports value that appears from nowhere', () => {
    const engine = new MatchingEngine({ symbols: DEFAULT_SYMBOLS, clock: () => 1_000, fees: { maker: '0.001', taker: '0.001' } });
    engine.createAccount('a', { USDT: '100000', BTC: '10' });
    engine.createAccount('b', { USDT: '100000', BTC: '10' });
    const invariants = new EngineInvariants(engine);
    engine.deposit('a', 'USDT', '5');
    engine.placeOrder({ account: 'a', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '60000', quantity: '1' });
    engine.placeOrder({ account: 'b', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    invariants.check();
    expect(invariants.report()).to.include({ checks: 1, violations: 0, ok: true });

    engine.createAccount('c', { BTC: '1' }); // no event: to the invariants, one BTC from nowhere (0.0005 BTC left as b's commission)
    invariants.check();
    invariants.stop();
    expect(invariants.report()).to.deep.include({ checks: 2, violations: 1, ok: false, firstViolations: ['BTC total 20.9995, expected 19.9995'] });
  });
});

describe('cex-actors sim --soak', () => {
  it('parses the number of seconds and refuses bad values or --no-bots', () => {
    expect(parseSimArgs(['--soak', '60', '--seed', '3'])).to.deep.equal({ soakSeconds: 60, seed: 3 });
    expect(() => parseSimArgs(['--soak', '0'])).to.throw(ConfigError, '--soak must be a whole number of seconds');
    expect(() => parseSimArgs(['--soak', '1.5'])).to.throw(ConfigError, '--soak');
    expect(() => parseSimArgs(['--soak'])).to.throw(ConfigError, 'needs a value');
    expect(() => parseSimArgs(['--soak', '5', '--no-bots'])).to.throw(ConfigError, 'needs the bots');
  });
});
