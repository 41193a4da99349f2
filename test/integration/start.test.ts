// The main job as a new user meets it (issue 9, "done when"): `npm start` in a child process on a non-TTY
// prints JSON lines; within ~20 s there are ticks on BTC/USDT, ETH/USDT and ETH/BTC and at least one fill of
// the demo user; SIGINT stops it in order and it exits 0.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

describe('npm start (the main job)', function () {
  this.timeout(60_000);

  it('shows ticks on all three symbols and a demo fill as JSON lines, and exits 0 on SIGINT', async () => {
    const env = childEnv();
    for (const name of Object.keys(env)) if (name.startsWith('CEX_')) delete env[name];
    const child = spawn('npm', ['start', '--silent'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const events: Record<string, unknown>[] = [];
    const bad: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        bad.push(line);
      }
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    const deadline = Date.now() + 25_000;
    const ticked = (symbol: string): boolean => events.some((e) => (e.type === 'ticker' || e.type === 'trade' || e.type === 'book') && e.symbol === symbol);
    const filled = (): boolean => events.some((e) => e.type === 'fill' && e.userId === 'demo');
    while (Date.now() < deadline && !(ticked('BTC/USDT') && ticked('ETH/USDT') && ticked('ETH/BTC') && filled())) await new Promise((r) => setTimeout(r, 200));
    const stopAt = Date.now();
    // To npm alone (a terminal's Ctrl-C reaches the whole group; this is the stricter case): npm forwards it.
    child.kill('SIGINT');
    const code = await exited;
    expect(Date.now() - stopAt, 'stopped within a few seconds').to.be.below(8000);
    expect(code, stderr.slice(-2000)).to.equal(0);
    expect(bad, 'every stdout line is JSON').to.deep.equal([]);
    for (const symbol of ['BTC/USDT', 'ETH/USDT', 'ETH/BTC']) expect(ticked(symbol), `ticks on ${symbol}`).to.equal(true);
    const fill = events.find((e) => e.type === 'fill');
    expect(fill, 'a demo fill').to.not.equal(undefined);
    expect((fill as { fill: { price: unknown } }).fill.price).to.match(/^\d+(\.\d+)?$/);
    expect(events[events.length - 1]).to.deep.equal({ type: 'stopped' });
  });
});
