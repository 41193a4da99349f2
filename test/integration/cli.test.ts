// The `cex-actors` command as a user runs it: every command reads the one configuration, and a bad value, an
// unknown flag or an unusable setting stops it with one line on stderr and exit code 2.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { root, runCli, userEnv, type CliRun } from '../cli-run.js';

const SECRET = 'CliSecretValue0123456789';

type Run = CliRun;
const cli = (args: string[], env: Record<string, string> = {}): Promise<Run> => runCli(args, env);

/** Expects exit code 2 and exactly one stderr line containing every `parts`; returns that line. */
function expectConfigFailure(run: Run, ...parts: string[]): string {
  expect(run.code, `exit code (stderr: ${run.stderr})`).to.equal(2);
  const lines = run.stderr.split('\n').filter((line) => line.length > 0);
  expect(lines, 'one stderr line').to.have.length(1);
  const line = lines[0]!;
  expect(line).to.match(/^cex-actors: /);
  for (const part of parts) expect(line).to.contain(part);
  expect(run.stdout).to.equal('');
  return line;
}

describe('cex-actors CLI', function () {
  this.timeout(40_000);
  const dir = mkdtempSync(join(tmpdir(), 'cex-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops on a bad environment value, naming the key and the value', async () => {
    expectConfigFailure(await cli(['sim'], { CEX_SIM_PORT: 'abc' }), 'simulator.port', '"abc"');
  });

  it('stops when the config file named by CEX_CONFIG cannot be read', async () => {
    expectConfigFailure(await cli(['start'], { CEX_CONFIG: '/nope.json' }), 'cannot read config file /nope.json');
  });

  it('start without the simulator connects to the configured exchange, and says so in one line when it cannot', async () => {
    const run = await cli(['start'], { CEX_SIM_ENABLED: 'false', CEX_BINANCE_REST_URL: 'http://127.0.0.1:9' });
    expect(run.code, run.stderr).to.equal(1);
    const lines = run.stderr.split('\n').filter((line) => line.length > 0);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.contain('cannot reach http://127.0.0.1:9/api/v3/exchangeInfo');
  });

  it('start refuses --faults without the embedded simulator', async () => {
    expectConfigFailure(await cli(['start', '--faults'], { CEX_SIM_ENABLED: 'false' }), '--faults needs the embedded simulator');
  });

  it('validates the log settings through the configuration', async () => {
    expectConfigFailure(await cli(['sim'], { CEX_LOG_LEVEL: 'bogus' }), 'log.level');
    expectConfigFailure(await cli(['start'], { CEX_LOG_FORMAT: 'xml' }), 'log.format');
  });

  it('refuses unknown flags, stray arguments and unknown commands with one line', async () => {
    expectConfigFailure(await cli(['sim', '--verbose']), 'unknown option --verbose', 'cex-actors sim --help');
    expectConfigFailure(await cli(['start', 'now']), "unexpected argument 'now'");
    expectConfigFailure(await cli(['--bogus']), 'unknown option --bogus');
    expectConfigFailure(await cli(['serve']), "unknown command 'serve'");
  });

  it('never prints a secret from the environment when the config is bad', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ logging: { level: 'info' } }));
    const line = expectConfigFailure(await cli(['start'], { CEX_CONFIG: file, CEX_BINANCE_API_KEY: 'cli-key-0001', CEX_BINANCE_API_SECRET: SECRET }), 'logging');
    expect(line).not.to.contain(SECRET.slice(0, 8)).and.not.to.contain('cli-key-0001');
  });

  it('prints --version, and --help for every command', async () => {
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await cli(['--version'])).to.deep.equal({ code: 0, stdout: `${version}\n`, stderr: '' });
    const sim = await cli(['sim', '--help']);
    expect(sim.code).to.equal(0);
    expect(sim.stdout).to.contain('Usage: cex-actors sim').and.contain('--port N').and.contain('--soak SECONDS').and.contain('--config FILE');
    const start = await cli(['start', '-h']);
    expect(start.stdout).to.contain('Usage: cex-actors start').and.contain('--log-level LEVEL');
    expect((await cli(['help', 'sim'])).stdout).to.equal(sim.stdout);
  });

  it('serves with settings from the one config file, flags on top, logging JSON lines to a pipe', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ log: { level: 'info' }, simulator: { port: 1, bots: false, accounts: [{ name: 'carol', balances: { BTC: '1' } }] } }));
    const child = spawn(process.execPath, [join(root, 'bin/cex-actors.js'), 'sim', '--config', file, '--port', '0'], {
      cwd: root,
      env: userEnv({ CEX_SIM_PORT: '2' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const firstLine = (stream: NodeJS.ReadableStream) =>
        new Promise<string>((resolveLine, reject) => {
          createInterface({ input: stream }).once('line', resolveLine);
          child.once('exit', (code) => reject(new Error(`CLI exited early with ${String(code)}`)));
        });
      const [out, err] = await Promise.all([firstLine(child.stdout), firstLine(child.stderr)]);
      const info = JSON.parse(out) as { port: number; accounts: Array<{ name: string }> };
      expect(info.accounts.map((a) => a.name)).to.deep.equal(['carol']);
      expect(info.port).to.be.greaterThan(2); // --port 0 beat CEX_SIM_PORT=2, which beat the file's 1
      const record = JSON.parse(err) as { level: string; message: string };
      expect(record).to.include({ level: 'info', message: 'simulator running; SIGINT or SIGTERM stops it' });
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
      child.kill('SIGTERM');
      expect(await exited).to.equal(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
