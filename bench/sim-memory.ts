// `npx tsx bench/sim-memory.ts --minutes 10 --symbols 50 [--interval 30] [--no-client]`: runs the simulator
// with its bots on N symbols (plus one market-data client on every symbol's diff depth and trades) and
// samples RSS and heap every `interval` seconds, to show that memory is flat after warm-up. Results are
// recorded in docs/benchmarks.md ("Simulator memory").
import { WebSocket } from 'ws';
import { logger } from '../lib/log.js';
import { MatchingEngine } from '../sim/engine/engine.js';
import type { SymbolSpec } from '../sim/engine/types.js';
import { startSimulator } from '../sim/simulator.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} must be a positive number`);
  return value;
}

const minutes = arg('minutes', 10);
const symbolCount = arg('symbols', 50);
const intervalSec = arg('interval', 30);
const withClient = !process.argv.includes('--no-client');
logger.silent = !process.argv.includes('--verbose');

/** Symbols shaped like Binance's USDT pairs: SYM001USDT ... with mids from 10 to ~500. */
function symbols(n: number): { specs: SymbolSpec[]; mids: Record<string, string> } {
  const specs: SymbolSpec[] = [];
  const mids: Record<string, string> = {};
  for (let i = 1; i <= n; i++) {
    const base = `SYM${String(i).padStart(3, '0')}`;
    const symbol = `${base}USDT`;
    specs.push({
      symbol,
      baseAsset: base,
      quoteAsset: 'USDT',
      baseAssetPrecision: 8,
      quoteAssetPrecision: 8,
      priceFilter: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
      lotSize: { minQty: '0.001', maxQty: '90000', stepSize: '0.001' },
      marketLotSize: { minQty: '0', maxQty: '10000', stepSize: '0' },
      notional: { minNotional: '5', applyMinToMarket: true, maxNotional: '9000000', applyMaxToMarket: false, avgPriceMins: 5 },
    });
    mids[symbol] = `${10 + i * 10}.00`;
  }
  return { specs, mids };
}

interface Sample {
  sec: number;
  rssMb: number;
  heapMb: number;
  historyMb: number;
  trades: number;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main(): Promise<void> {
  const { specs, mids } = symbols(symbolCount);
  const sim = await startSimulator({ symbols: specs, bots: { startMids: mids } });
  const engine = sim.engine instanceof MatchingEngine ? sim.engine : undefined;
  let received = 0;
  let client: WebSocket | undefined;
  if (withClient) {
    const streams = specs.flatMap((s) => [`${s.symbol.toLowerCase()}@depth@100ms`, `${s.symbol.toLowerCase()}@trade`]);
    client = new WebSocket(`${sim.ws}/stream?streams=${streams.join('/')}`);
    client.on('message', () => {
      received++;
    });
    await new Promise<void>((resolve, reject) => {
      client?.once('open', () => resolve());
      client?.once('error', reject);
    });
  }

  process.stdout.write(`sim-memory: ${symbolCount} symbols, bots on, client ${withClient ? 'on' : 'off'}, ${minutes} min, sample every ${intervalSec} s, node ${process.version}\n`);
  process.stdout.write('   sec   rss MB  heap MB  history MB   trades(total)  stream msgs\n');
  const samples: Sample[] = [];
  const started = Date.now();
  const sample = (): void => {
    const m = process.memoryUsage();
    const trades = specs.reduce((sum, s) => sum + Number(sim.engine.recentTrades(s.symbol, 1)[0]?.id ?? 0), 0);
    const s: Sample = { sec: Math.round((Date.now() - started) / 1000), rssMb: mb(m.rss), heapMb: mb(m.heapUsed), historyMb: mb(engine?.retention.usedBytes ?? 0), trades };
    samples.push(s);
    process.stdout.write(
      `${String(s.sec).padStart(6)} ${s.rssMb.toFixed(1).padStart(8)} ${s.heapMb.toFixed(1).padStart(8)} ${s.historyMb.toFixed(1).padStart(11)} ${String(trades).padStart(15)} ${String(received).padStart(12)}\n`,
    );
  };
  sample();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      sample();
      if (Date.now() - started >= minutes * 60_000) {
        clearInterval(timer);
        resolve();
      }
    }, intervalSec * 1000);
  });

  const first = samples[0] as Sample;
  const last = samples[samples.length - 1] as Sample;
  const peak = samples.reduce((p, s) => (s.rssMb > p.rssMb ? s : p), first);
  // Warm-up: the first third of the run (the history budget fills, the heap settles).
  const settled = samples.filter((s) => s.sec >= (minutes * 60) / 3);
  const settledRss = settled.map((s) => s.rssMb);
  const settledHeap = settled.map((s) => s.heapMb);
  process.stdout.write(
    `\nstart rss ${first.rssMb} MB heap ${first.heapMb} MB; peak rss ${peak.rssMb} MB at ${peak.sec} s; end rss ${last.rssMb} MB heap ${last.heapMb} MB\n` +
      `after warm-up (>= ${Math.round((minutes * 60) / 3)} s): rss ${Math.min(...settledRss)}..${Math.max(...settledRss)} MB, heap ${Math.min(...settledHeap)}..${Math.max(...settledHeap)} MB\n`,
  );
  client?.close();
  await sim.stop();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
