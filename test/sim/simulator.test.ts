import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { childEnv } from '../child-env.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../lib/core/errors.js';
import { parseSimArgs } from '../../sim/cli.js';
import { parseSimConfig, startSimulator } from '../../sim/index.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

describe('startSimulator', () => {
  it('serves REST, market streams and the WS API on one 127.0.0.1 port and stops cleanly', async () => {
    const sim = await startSimulator({ bots: false });
    expect(sim.rest).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.ws).to.equal(sim.rest.replace('http', 'ws'));
    expect(sim.wsApi).to.equal(`${sim.ws}/ws-api/v3`);
    expect((await fetch(`${sim.rest}/api/v3/ping`)).status).to.equal(200);
    await sim.stop();
    let error: unknown;
    try {
      await fetch(`${sim.rest}/api/v3/ping`);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(TypeError);
    await sim.stop(); // idempotent
  });

  it('gives demo accounts keys that are stable for a seed and differ across seeds', async () => {
    const a = await startSimulator({ bots: false, seed: 5 });
    const b = await startSimulator({ bots: false, seed: 5 });
    const c = await startSimulator({ bots: false, seed: 6 });
    try {
      expect(a.accounts.map((x) => x.name)).to.deep.equal(['alice', 'bob']);
      expect(a.accounts).to.deep.equal(b.accounts);
      expect(a.accounts[0]!.apiKey).to.not.equal(c.accounts[0]!.apiKey);
      expect(a.accounts[0]!.apiKey).to.match(/^[A-Za-z0-9]{64}$/);
      expect(a.accounts[0]!.apiKey).to.not.equal(a.accounts[0]!.apiSecret);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('starts liquidity bots unless bots is false, so the book is live', async () => {
    const sim = await startSimulator({ bots: { makerIntervalMs: 50, takerIntervalMs: 50 } });
    try {
      expect(sim.bots?.running).to.equal(true);
      const depth = (await (await fetch(`${sim.rest}/api/v3/depth?symbol=BTCUSDT&limit=5`)).json()) as { bids: unknown[]; asks: unknown[] };
      expect(depth.bids.length).to.be.above(0);
      expect(depth.asks.length).to.be.above(0);
    } finally {
      await sim.stop();
    }
    expect(sim.bots?.running).to.equal(false);
  });

  it('takes symbols, accounts and fees from its config', async () => {
    const sim = await startSimulator({
      bots: false,
      symbols: ['ETHBTC'],
      accounts: [{ name: 'carol', balances: { BTC: '1' }, apiKey: 'carolkey0123456789', apiSecret: 'carol-secret-0123456789' }],
      fees: { maker: '0.0002', taker: '0.0004' },
    });
    try {
      expect([...sim.engine.symbols.keys()]).to.deep.equal(['ETHBTC']);
      expect(sim.accounts).to.have.length(1);
      // Every account also gets a seeded demo Ed25519 key (ed25519-keys.test.ts); the HMAC credentials are the configured ones.
      const { ed25519, ...hmac } = sim.accounts[0]!;
      expect(hmac).to.deep.equal({ name: 'carol', apiKey: 'carolkey0123456789', apiSecret: 'carol-secret-0123456789' });
      expect(ed25519).to.have.keys('apiKey', 'publicKey', 'privateKey');
    } finally {
      await sim.stop();
    }
  });

  it('rejects a bad config with a ConfigError naming the key path and rule', () => {
    expect(() => parseSimConfig({ port: 70000 })).to.throw(ConfigError, 'port: must be <= 65535');
    expect(() => parseSimConfig({ fees: { maker: '-1', taker: '0' } })).to.throw(ConfigError, 'fees.maker');
    expect(() => parseSimConfig({ rateLimits: { requestWeightPerMinute: 0 } })).to.throw(ConfigError, 'rateLimits.requestWeightPerMinute');
    expect(() => parseSimConfig({ colour: 'blue' })).to.throw(ConfigError);
  });
});

describe('sim CLI', () => {
  it('parses --port, --seed, --config and --no-bots and refuses unknown options', () => {
    expect(parseSimArgs(['--port', '0', '--seed', '9', '--config', 'x.json', '--no-bots'])).to.deep.equal({ port: 0, seed: 9, configFile: 'x.json', bots: false });
    expect(() => parseSimArgs(['--port', 'abc'])).to.throw(ConfigError, '--port');
    expect(() => parseSimArgs(['--port'])).to.throw(ConfigError, 'needs a value');
    expect(() => parseSimArgs(['--verbose'])).to.throw(ConfigError, 'unknown option');
  });

  it('prints one JSON line with the URLs and accounts, serves, and exits 0 on SIGTERM', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
    const configFile = join(dir, 'sim.json');
    writeFileSync(configFile, JSON.stringify({ bots: false, seed: 3 }));
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'sim/cli-main.ts'), '--port', '0', '--config', configFile], {
      cwd: root,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = await new Promise<string>((resolveLine, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.once('line', resolveLine);
        child.once('exit', (code) => reject(new Error(`CLI exited early with ${String(code)}`)));
      });
      const info = JSON.parse(firstLine) as { rest: string; ws: string; wsApi: string; accounts: Array<{ name: string; apiKey: string }> };
      expect(info.ws).to.match(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(info.wsApi).to.equal(`${info.ws}/ws-api/v3`);
      expect(info.accounts.map((a) => a.name)).to.deep.equal(['alice', 'bob']);
      expect((await fetch(`${info.rest}/api/v3/ping`)).status).to.equal(200);
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
