// The README's examples run as written.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { childEnv } from '../child-env.js';

const run = promisify(execFile);

describe('README examples', () => {
  it('the supervised-tree example prints the counter and stops cleanly', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/supervised-tree.ts'], { timeout: 20000, env: childEnv() });
    expect(stdout.trim().split('\n')).to.deep.equal(['1', 'stopped at 1: shutdown']);
  });

  it('the pub/sub example prints the broadcast trade', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/pubsub-observe.ts'], { timeout: 20000, env: childEnv() });
    expect(stdout.trim()).to.equal('trades:binance:BTC/USDT 60000.01 0.001');
  });

  it('the market-data example prints a book and three trades from the simulator, then stops', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/market-feed.ts'], { timeout: 30000, env: childEnv() });
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => /^trade BTC\/USDT #\d+: (buy|sell) [\d.]+ @ [\d.]+$/.test(l))).to.have.length(3);
    expect(lines.some((l) => /^book BTC\/USDT: bid [\d.]+ ask [\d.]+$/.test(l))).to.equal(true);
    expect(JSON.parse(lines[lines.length - 1]!)).to.deep.equal([{ connection: 'conn-1', state: 'connected', streams: 2 }]);
  });

  it('the CLI prints its usage', async () => {
    const { stdout } = await run(process.execPath, ['bin/cex-actors.js', '--help'], { timeout: 20000, env: childEnv() });
    expect(stdout).to.contain('Usage: cex-actors').and.contain('sim [--port N]');
  });
});
