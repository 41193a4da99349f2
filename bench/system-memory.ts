// Where the system's memory goes at scale: `npx tsx --expose-gc bench/system-memory.ts [--symbols N] [--users N]`.
// The simulator runs in a child process (soak/soak-sim.ts), so every figure is the system's own: the process
// alone, then with books and trades subscribed on every symbol, then with every user started (signed REST and a
// user-data WebSocket each). Heap, external and RSS after a full GC at each step.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { startExchangeSystem } from '../facade/exchange-system.js';
import type { BookView, Trade } from '../lib/models/market.js';
import { generatedSymbols } from '../sim/index.js';
import { simInChild } from '../soak/soak-sim.js';

const { values } = parseArgs({ options: { symbols: { type: 'string' }, users: { type: 'string' }, settle: { type: 'string' } } });
const symbols = Number(values.symbols ?? 1000);
const users = Number(values.users ?? 1000);
const settleMs = Number(values.settle ?? 20_000);

interface Row {
  step: string;
  heapMb: number;
  externalMb: number;
  rssMb: number;
}
const rows: Row[] = [];
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function sample(step: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(100);
  }
  const m = process.memoryUsage();
  rows.push({ step, heapMb: mb(m.heapUsed), externalMb: mb(m.external), rssMb: mb(m.rss) });
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) process.stderr.write('note: run with --expose-gc for exact heap figures\n');
  const { specs, startMids } = generatedSymbols(symbols);
  const scale = Math.max(1, symbols / 100);
  const accounts = Array.from({ length: users }, (_, i) => ({ name: `u${i}`, balances: { USDT: '1000000' } }));
  const sim = await simInChild({
    port: 0,
    seed: 1,
    symbols: specs,
    accounts,
    bots: { startMids, makerIntervalMs: 400 * scale, takerIntervalMs: 600 * scale },
    rateLimits: { requestWeightPerMinute: 10_000_000, ordersPer10s: 100_000, ordersPerDay: 100_000_000, connectionAttemptsPer5Min: 100_000 },
  });
  await sample('process (modules loaded, simulator in its own process)');
  const system = await startExchangeSystem({
    config: loadConfig({ env: {}, overrides: { log: { level: 'error', format: 'json' }, exchanges: { binance: { restUrl: sim.rest, wsUrl: sim.ws, wsApiUrl: sim.wsApi } } } }),
    simulator: false,
    market: { snapshotLimit: 100, restWeightPerMinute: 10_000_000, restWeightShare: 1 },
    trading: { weightPerMinute: 10_000_000, ordersPer10s: 100_000 },
  });
  await sample('system started, nothing subscribed');
  const names = specs.map((s) => `${s.baseAsset}/USDT`);
  let books = 0;
  for (const symbol of names) {
    system.listen<Trade>({ symbol, channel: 'trades' }, () => undefined);
    system.listen<BookView>({ symbol, channel: 'book' }, () => void (books += 1), { delivery: 'latest' });
  }
  const synced = async (): Promise<number> => (await Promise.all(names.map((s) => system.readBook(s, 1)))).filter((v) => v !== undefined).length;
  const deadline = Date.now() + 120_000;
  while ((await synced()) < names.length && Date.now() < deadline) await sleep(1000);
  await sleep(settleMs);
  await sample(`${symbols} symbols: books and trades subscribed (${await synced()} books synced)`);
  for (const account of sim.accounts) await system.users.start({ id: account.name, credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret } });
  await sleep(settleMs);
  await sample(`${users} users started (user streams subscribed)`);
  const connected = system.trading.metrics().users.filter((m) => m.subscribed).length;
  await system.stop();
  await sim.stop();
  process.stdout.write(`system memory, ${symbols} symbols, ${users} users (${connected} user streams subscribed at the end; ${books} book events)\n`);
  process.stdout.write('| step | heap used | external | RSS |\n|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.step} | ${r.heapMb} MB | ${r.externalMb} MB | ${r.rssMb} MB |\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`system-memory failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
