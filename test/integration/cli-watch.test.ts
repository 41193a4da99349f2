// `cex-actors watch` as a user runs it, against the simulator: normalized JSON lines, --count, the
// book's [price, quantity] string levels, and one-line errors with exit code 2.
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { runCli, type CliRun } from '../cli-run.js';

const watch = (args: string[]): Promise<CliRun> => runCli(['watch', ...args], {}, 25_000);

describe('cex-actors watch', function () {
  this.timeout(40_000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ port: 0, seed: 11, bots: { takerIntervalMs: 100 } });
  });
  after(() => sim.stop());

  const urls = (): string[] => ['--rest-url', sim.rest, '--ws-url', sim.ws];

  it('prints N book events as JSON lines: unified symbol, [price, quantity] strings best first, then exits 0', async () => {
    const run = await watch(['--symbol', 'BTC/USDT', '--channel', 'book', '--depth', '3', '--count', '2', ...urls()]);
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; symbol: string; bids: [string, string][]; asks: [string, string][] });
    expect(lines).to.have.length(2);
    for (const event of lines) {
      expect(event).to.include({ type: 'book', symbol: 'BTC/USDT', exchange: 'binance' });
      expect(event.bids).to.have.length(3);
      expect(event.bids.every(([p, q]) => typeof p === 'string' && typeof q === 'string')).to.equal(true);
      const bidPrices = event.bids.map(([p]) => Number(p));
      expect([...bidPrices].sort((a, b) => b - a)).to.deep.equal(bidPrices); // best (highest) first
      expect(Number(event.asks[0]![0])).to.be.greaterThan(Number(event.bids[0]![0]));
    }
  });

  it('prints trades with Decimals as strings and 64-bit-safe string ids', async () => {
    const run = await watch(['--symbol', 'ETH/USDT', '--channel', 'trades', '--count', '3', '--json', ...urls()]);
    expect(run.code, run.stderr).to.equal(0);
    const trades = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(trades).to.have.length(3);
    expect(trades[0]).to.include({ type: 'trade', symbol: 'ETH/USDT' });
    expect(typeof trades[0]!.id).to.equal('string');
    expect(trades[0]!.price).to.match(/^\d+(\.\d+)?$/);
  });

  it('watches USD-M futures for a :USDT symbol (markPrice, exact decimal strings) and with --market futures', async () => {
    const futuresUrls = ['--rest-url', sim.futures!.rest, '--ws-url', sim.futures!.ws];
    const run = await watch(['--symbol', 'BTC/USDT:USDT', '--channel', 'markPrice', '--count', '1', '--json', ...futuresUrls]);
    expect(run.code, run.stderr).to.equal(0);
    const mark = JSON.parse(run.stdout.trim()) as Record<string, unknown>;
    expect(mark).to.include({ type: 'markPrice', exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', fundingRate: '0.0001' });
    expect(mark.markPrice).to.match(/^\d+(\.\d+)?$/);
    const book = await watch(['--market', 'futures', '--symbol', 'ETH/USDT:USDT', '--channel', 'book', '--count', '1', '--json', ...futuresUrls]);
    expect(book.code, book.stderr).to.equal(0);
    expect(JSON.parse(book.stdout.trim())).to.include({ type: 'book', exchange: 'binanceusdm', symbol: 'ETH/USDT:USDT' });
  });

  it('fails with one line and exit code 2 for an unknown symbol, a bad channel or a missing flag', async () => {
    for (const [args, part] of [
      [['--symbol', 'NOPE/USDT', '--channel', 'trades', ...urls()], 'NOPE/USDT'],
      [['--symbol', 'BTC/USDT', '--channel', 'candles', ...urls()], '--channel'],
      [['--channel', 'book', ...urls()], '--symbol is required'],
      [['--symbol', 'BTC/USDT', '--channel', 'book', '--count', '0', ...urls()], '--count'],
      [['--symbol', 'BTC/USDT', '--channel', 'markPrice', ...urls()], 'futures only'],
      [['--symbol', 'BTC/USDT', '--channel', 'book', '--market', 'options', ...urls()], '--market'],
    ] as const) {
      const run = await watch([...args]);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).to.equal(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.contain(part);
      expect(run.stdout).to.equal('');
    }
  });
});
