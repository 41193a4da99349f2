// `cex-actors node` as an operator runs it, in a child process against the real NATS and Redis on 127.0.0.1: a market
// node publishes books another process receives, a trading node's user events reach another process through
// JetStream, `all` runs both over Redis; SIGINT/SIGTERM stop it in order with exit 0; a usage or configuration
// mistake is one line on stderr and exit code 2, as with every command.
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Decimal } from '../../lib/core/decimal.js';
import type { BookView } from '../../lib/models/market.js';
import type { BalancesEvent } from '../../lib/models/trading.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { root, runCli, userEnv, type CliRun } from '../cli-run.js';
import { deleteStream, NATS_URL, REDIS_URL, runPrefix, startNode, type TestNode } from '../pubsub/remote-node.js';
import { eventually, sleep } from '../wait.js';

interface NodeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  stderr(): string;
  /** The first stdout line, parsed. */
  started(): Promise<Record<string, unknown>>;
  /** Sends `signal`, resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

function nodeProcess(args: string[], env: Record<string, string> = {}): NodeProcess {
  const child = spawn(process.execPath, [join(root, 'bin/cex-actors.js'), 'node', ...args, '--log-format', 'json'], { cwd: root, env: userEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-8000)));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (lines.length === 1) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`node exited with ${String(code)} before its started line; stderr: ${stderr}`)));
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    lines,
    stderr: () => stderr,
    started: async () => JSON.parse(await firstLine) as Record<string, unknown>,
    async stop(signal) {
      if (child.exitCode === null) child.kill(signal);
      const code = await Promise.race([exited, sleep(10_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`node did not stop within 10 s of ${signal}; stderr: ${stderr}`);
      }
      return code;
    },
  };
}

function expectUsageError(run: CliRun, ...parts: string[]): void {
  expect(run.code, `exit code (stderr: ${run.stderr})`).to.equal(2);
  const lines = run.stderr.split('\n').filter((line) => line.length > 0);
  expect(lines, 'one stderr line').to.have.length(1);
  expect(lines[0]).to.match(/^cex-actors: /);
  for (const part of parts) expect(lines[0]).to.contain(part);
  expect(run.stdout).to.equal('');
}

describe('cex-actors node', function () {
  this.timeout(30_000);
  const prefix = runPrefix();
  const nodes: NodeProcess[] = [];
  const peers: TestNode[] = [];
  let sim: RunningSimulator | undefined;

  after(async () => {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
    for (const peer of peers) await peer.stop();
    await sim?.stop();
    await deleteStream(prefix);
  });

  it('prints its usage; an unknown role or a symbol the exchange does not list is one line on stderr, exit 2 (the other mistakes: test/unit/cli/node-plan.test.ts)', async () => {
    const [help, badRole, badSymbol] = await Promise.all([
      runCli(['node', '--help']),
      runCli(['node', '--role', 'broker', '--pubsub', NATS_URL]),
      runCli(['node', '--role', 'market', '--pubsub', 'local', '--symbols', 'BTC/USDT,NOPE/USDT']),
    ]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain('Usage: cex-actors node --role market|trading|all').and.contain('--pubsub URL').and.contain('--symbols LIST');
    expectUsageError(badRole, "--role must be market, trading or all, got 'broker'");
    expectUsageError(badSymbol, '--symbols NOPE/USDT: binance does not list it');
  });

  it('market: embeds the simulator and publishes books that a node in another process receives over NATS; SIGTERM stops it, exit 0', async () => {
    const peer = await startNode('cli-node-peer', { adapter: 'nats', url: NATS_URL, subjectPrefix: prefix });
    peers.push(peer);
    const books: BookView[] = [];
    peer.pubsub.listen<BookView>('book:binance:ETH/USDT', (book) => void books.push(book));
    const market = nodeProcess(['--role', 'market', '--pubsub', NATS_URL, '--subject-prefix', prefix, '--node-name', 'cli-market', '--symbols', 'ETH/USDT', '--channels', 'book,trades']);
    nodes.push(market);
    const started = await market.started();
    expect(started).to.include({ type: 'started', role: 'market', node: 'cli-market' });
    expect(started.pubsub).to.deep.equal({ adapter: 'nats', url: NATS_URL, subjectPrefix: prefix, connected: true });
    expect(started.market).to.deep.equal({ symbols: ['ETH/USDT'], channels: ['book', 'trades'] });
    expect((started.simulator as { rest: string }).rest).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(started).not.to.have.property('trading');
    await eventually(() => books.length >= 2, `books from the market node (stderr: ${market.stderr()})`, 15_000);
    const book = books[books.length - 1]!;
    expect(book.symbol).to.equal('ETH/USDT');
    expect(book.bids[0]!.price).to.be.instanceOf(Decimal);
    expect(book.bids[0]!.price.lt(book.asks[0]!.price)).to.equal(true);
    expect(peer.pubsub.stats().remote?.received).to.be.at.least(2);
    expect(await market.stop('SIGTERM'), market.stderr()).to.equal(0);
    expect(market.lines[market.lines.length - 1]).to.equal('{"type":"stopped"}');
    const logged = market.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { message: string });
    expect(logged.map((r) => r.message)).to.include.members(['node started; SIGINT or SIGTERM stops it', 'node stopping']);
  });

  it("trading: runs the users against a given exchange; a user's balances reach another process through JetStream; SIGINT stops it", async () => {
    sim = await startSimulator({ port: 0, seed: 5, bots: false });
    const account = sim.accounts[0]!;
    const peer = await startNode('cli-trading-peer', { adapter: 'nats', url: NATS_URL, subjectPrefix: prefix, durableName: 'cli-trading-peer' });
    peers.push(peer);
    const balances: BalancesEvent[] = [];
    peer.pubsub.listen<BalancesEvent>('balances:carol', (event) => void balances.push(event));
    await eventually(() => peer.pubsub.stats().remote?.connected === true, 'the peer connected', 5000);
    const trading = nodeProcess(['--role', 'trading', '--pubsub', NATS_URL, '--subject-prefix', prefix, '--rest-url', sim.rest, '--ws-api-url', sim.wsApi, '--users', 'carol'], {
      CEX_BINANCE_API_KEY: account.apiKey,
      CEX_BINANCE_API_SECRET: account.apiSecret,
    });
    nodes.push(trading);
    const started = await trading.started();
    expect(started).to.include({ role: 'trading' });
    expect(started.trading).to.deep.equal({ users: ['carol'] });
    expect(started).not.to.have.property('simulator');
    expect(started).not.to.have.property('market');
    expect(started.exchange).to.deep.include({ rest: sim.rest, wsApi: sim.wsApi });
    await eventually(() => balances.length >= 1, `carol's balances from the trading node (stderr: ${trading.stderr()})`, 15_000);
    const usdt = balances[0]!.balances.find((b) => b.asset === 'USDT');
    expect(usdt?.free).to.be.instanceOf(Decimal);
    expect(await trading.stop('SIGINT'), trading.stderr()).to.equal(0);
    expect(trading.lines[trading.lines.length - 1]).to.equal('{"type":"stopped"}');
  });

  it('all over Redis: the market feed and the users in one node; books cross to another process', async () => {
    const redisPrefix = runPrefix();
    const peer = await startNode('cli-redis-peer', { adapter: 'redis', url: REDIS_URL, subjectPrefix: redisPrefix });
    peers.push(peer);
    const books: BookView[] = [];
    peer.pubsub.listen<BookView>('book:binance:BTC/USDT', (book) => void books.push(book));
    const all = nodeProcess(['--role', 'all', '--pubsub', REDIS_URL, '--subject-prefix', redisPrefix, '--symbols', 'BTC/USDT', '--users', 'dave']);
    nodes.push(all);
    const started = await all.started();
    expect(started).to.deep.include({ role: 'all', trading: { users: ['dave'] }, market: { symbols: ['BTC/USDT'], channels: ['book', 'trades', 'ticker'] } });
    expect((started.pubsub as { adapter: string }).adapter).to.equal('redis');
    await eventually(() => books.length >= 1, `a book over Redis (stderr: ${all.stderr()})`, 15_000);
    expect(books[0]!.symbol).to.equal('BTC/USDT');
    expect(await all.stop('SIGTERM'), all.stderr()).to.equal(0);
  });
});
