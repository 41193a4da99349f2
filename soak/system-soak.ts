// The system soak (issue 10): the whole system (startExchangeSystem) against the embedded simulator with N
// symbols and M users trading, while a seeded schedule of faults drops, stalls and shuts down connections,
// skips depth sequence numbers, answers 429 and 5xx, terminates user-data subscriptions and shifts the
// clock. Ground truth is the simulator's own engine events. At the end it checks what the issue lists:
// books equal the simulator's; every fill reported to its user exactly once and every order's final state
// right; no trade id missing or duplicated; no unhandled error; heap growth after warm-up; no secret in any
// log record.
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../config/index.js';
import { startExchangeSystem, type ExchangeSystem } from '../facade/exchange-system.js';
import { Decimal } from '../lib/core/decimal.js';
import { logger } from '../lib/log.js';
import type { BookView, StatusEvent, Trade } from '../lib/models/market.js';
import type { FillEvent, OrderEvent } from '../lib/models/trading.js';
import type { UserHandle } from '../actors/trading/trading.js';
import { generatedSymbols } from '../sim/index.js';
import { cpuMs, simInChild, simInProcess, type Observation, type SoakDepth, type SoakSim } from './soak-sim.js';
import { FAULT_KINDS, FaultSchedule, type FaultKind } from './fault-schedule.js';

export interface SoakOptions {
  readonly seconds: number;
  readonly symbols: number;
  readonly users: number;
  readonly seed: number;
  /** Mean time between faults. Default 2000 ms. */
  readonly faultEveryMs?: number;
  /** Time between two actions of one user. Default: 700 ms, or users x 5 ms when larger (1000 users: 5 s). */
  readonly userStepMs?: number;
  /** Write a V8 heap snapshot of this process here at the end, before the system stops (to see what holds memory). */
  readonly heapSnapshot?: string;
  /** Run the simulator in a child process of its own (the long runs). Default: in this process. */
  readonly simProcess?: boolean;
  /** The simulator's history budget in bytes. Default 1 MiB a symbol, at least 192 MiB (minutes of history). */
  readonly historyBytes?: number;
}

export interface Count {
  delivered: number;
  lost: number;
  duplicated: number;
}

export interface SoakReport {
  readonly ok: boolean;
  readonly seconds: number;
  readonly symbols: number;
  readonly users: number;
  readonly faults: Readonly<Record<FaultKind, number>>;
  readonly recoveries: { readonly reconnects: number; readonly renewals: number; readonly resyncs: number; readonly backfills: number };
  readonly maxRecoveryMs: number;
  readonly trades: Count;
  readonly fills: Count;
  readonly orders: { readonly checked: number; readonly wrong: number };
  readonly books: { readonly checked: number; readonly wrong: number };
  readonly unhandled: number;
  /**
   * Heap used after a full GC: at the end of warm-up (a quarter of the run), at every further tenth of the run,
   * and at the end; `codeMb` is the part of it that is compiled code (V8's code space), at warm-up and at the end.
   */
  readonly heap: {
    readonly warmMb: number;
    readonly endMb: number;
    readonly growthPct: number;
    readonly samplesMb: readonly number[];
    readonly codeMb: { readonly warm: number; readonly end: number };
  };
  /** Resident set size, sampled every 5 s: this process (the simulator too when it runs in-process), and the simulator's. */
  readonly rss: {
    readonly peakMb: number;
    readonly endMb: number;
    /** Off-heap memory at the end (Buffers and other C++ objects), and the ArrayBuffers within it. */
    readonly externalMb: number;
    readonly arrayBuffersMb: number;
    readonly simulator: SoakSim['where'];
    readonly simulatorMb: number;
  };
  readonly secretsInLogs: number;
  /** CPU used during the run, in % of one core: this process, and the simulator's (0 when in-process). */
  readonly cpu: { readonly systemPct: number; readonly simulatorPct: number };
  readonly problems: readonly string[];
}

/** How many symbols each user trades. */
const USER_SYMBOLS = 10;

export async function runSystemSoak(options: SoakOptions): Promise<SoakReport> {
  const problems: string[] = [];
  const unhandled = { count: 0 };
  const onUnhandled = (error: unknown): void => {
    unhandled.count += 1;
    problems.push(`unhandled: ${error instanceof Error ? error.message : String(error)}`);
  };
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  // Every log record is searched for the users' secrets as it is written (nothing kept: memory stays flat);
  // records written before the secrets exist wait in `early`.
  let secrets: readonly string[] | undefined = undefined;
  const early: string[] = [];
  const leaked = new Set<string>();
  const abandoned: string[] = [];
  const inspect = (line: string): void => {
    for (const secret of secrets ?? []) if (line.includes(secret)) leaked.add(secret);
    if (line.includes('trade backfill abandoned') && abandoned.length < 5) abandoned.push(line.slice(0, 400));
  };
  const captureLog = (info: unknown): void => {
    const line = JSON.stringify(info);
    if (secrets === undefined) early.push(line);
    else inspect(line);
  };
  logger.on('data', captureLog);

  const { specs, startMids } = generatedSymbols(options.symbols);
  // Each user trades its own ten symbols (spread over all of them) and holds USDT and those ten assets, as a real
  // account does: an account holding all 1,000 assets put a million balances in the 1,000-user run's heap.
  const traded = (user: number): number[] => Array.from({ length: Math.min(USER_SYMBOLS, specs.length) }, (_, k) => (user * 7 + k) % specs.length);
  const accounts = Array.from({ length: options.users }, (_, i) => ({
    name: `u${i}`,
    balances: { USDT: '10000000', ...Object.fromEntries(traded(i).map((k) => [specs[k]!.baseAsset, '100000'])) },
  }));
  const botScale = Math.max(1, options.symbols / 100);
  const simOptions = {
    port: 0,
    seed: options.seed,
    symbols: specs,
    accounts,
    // Past 100 symbols the bots tick slower, so the whole market's trade rate stays that of 100 symbols: the
    // 1000-symbol run is about breadth (streams, books, users), and the simulator shares the machine's 2 cores.
    bots: { startMids, makerIntervalMs: 400 * botScale, takerIntervalMs: 600 * botScale },
    rateLimits: { requestWeightPerMinute: 10_000_000, ordersPer10s: 100_000, ordersPerDay: 100_000_000, connectionAttemptsPer5Min: 100_000 },
    // Binance keeps every trade; the simulator forgets the oldest past a budget. Give it enough for the run,
    // or a backfill would find its trades forgotten (not a fault the soak injects).
    historyBytes: options.historyBytes ?? Math.max(192, options.symbols) * 1024 * 1024,
  };
  const sim = options.simProcess ? await simInChild(simOptions) : await simInProcess(simOptions);
  secrets = sim.accounts.map((a) => a.apiSecret);
  for (const line of early.splice(0)) inspect(line);
  const system = await startExchangeSystem({
    config: loadConfig({ env: {}, overrides: { log: { level: 'warn', format: 'json' }, exchanges: { binance: { restUrl: sim.rest, wsUrl: sim.ws, wsApiUrl: sim.wsApi } } } }),
    name: 'soak',
    simulator: false,
    // The simulator allows 10,000,000 weight a minute here (its header reports the IP's use, trading included).
    market: { silenceMs: 1500, probeTimeoutMs: 1000, snapshotLimit: 100, restWeightPerMinute: 10_000_000, restWeightShare: 1, backoff: { minMs: 50, maxMs: 1000 } },
    // User streams ping every 2 s (10 ms a user past 200 users: 1,000 streams pinging every 2 s is 500 pings a
    // second, and a simulator pausing for a long GC misses the deadline for all of them at once).
    trading: { pingIntervalMs: Math.max(2000, options.users * 10), unknownOutcomeMs: 8000, requestTimeoutMs: 3000, weightPerMinute: 10_000_000, ordersPer10s: 100_000, backoff: { minMs: 50, maxMs: 1000 } },
  });
  const symbols = specs.map((s) => `${s.baseAsset}/USDT`);

  // What we delivered: trade ids checked as they arrive (constant memory, whatever the run's length).
  const tapes = new Map<string, TapeCheck>(symbols.map((s) => [s, { last: undefined, delivered: 0, lost: 0, duplicated: 0 }]));
  const recovery = new RecoveryClock();
  for (const symbol of symbols) {
    const tape = tapes.get(symbol)!;
    system.listen<Trade>({ symbol, channel: 'trades' }, (t) => checkTrade(tape, BigInt(t.id)), { delivery: { kind: 'all', capacity: 1_000_000 } });
    system.listen<BookView>({ symbol, channel: 'book' }, () => undefined, { delivery: 'latest' });
  }
  system.listen<StatusEvent>('status:binance', (e) => recovery.status(e.state, Date.now()), { delivery: { kind: 'all', capacity: 1_000_000 } });

  // What the users were told goes to where the truth is, in batches (this process keeps none of it).
  let observed: Observation[] = [];
  const flush = (): void => {
    if (observed.length === 0) return;
    sim.observe(observed);
    observed = [];
  };
  const flushTimer = setInterval(flush, 250);
  const users: UserHandle[] = [];
  for (const account of sim.accounts) {
    const user = await system.users.start({ id: account.name, credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret } });
    system.listen<FillEvent>(user.topics.fills, (e) => void observed.push(['fill', `${account.name}|${e.fill.symbol.replace('/', '')}|${e.fill.tradeId}|${e.fill.orderId}`]), {
      delivery: { kind: 'all', capacity: 1_000_000 },
    });
    system.listen<OrderEvent>(user.topics.orders, (e) => void observed.push(['order', `${account.name}|${e.order.symbol.replace('/', '')}|${e.order.clientOrderId}`, e.order.status]), {
      delivery: { kind: 'all', capacity: 1_000_000 },
    });
    users.push(user);
  }

  const started = Date.now();
  const cpuAtStart = { system: cpuMs(), simulator: sim.where === 'child-process' ? await sim.cpuMs() : 0 };
  const end = started + options.seconds * 1000;
  const faultsUntil = started + options.seconds * 1000 * 0.75;
  const schedule = new FaultSchedule(sim.faults, options.seed, symbols, sim.accounts.map((a) => a.apiKey));
  const stepMs = options.userStepMs ?? Math.max(700, options.users * 5);
  const traders = users.map((user, i) => trade(system, user, traded(i).map((k) => symbols[k]!), i, stepMs, () => Date.now() < faultsUntil + 2000));
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5000);
  let warmMb = 0;
  let warmCodeMb = 0;
  const samplesMb: number[] = [];
  const warmAt = started + options.seconds * 1000 * 0.25;
  let nextSample = warmAt;
  while (Date.now() < end) {
    if (Date.now() >= nextSample) {
      samplesMb.push(round(heapMb()));
      if (warmMb === 0) {
        warmMb = samplesMb[0]!;
        warmCodeMb = codeMb();
      }
      nextSample += options.seconds * 100;
    }
    if (Date.now() < faultsUntil) recovery.fault(schedule.next(), Date.now());
    await sleep(options.faultEveryMs ?? 2000);
  }
  await Promise.all(traders);
  schedule.clear();
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const simRssMb = Math.round(await sim.rssMb());
  const wallMs = Date.now() - started;
  const cpu = {
    systemPct: Math.round(((cpuMs() - cpuAtStart.system) / wallMs) * 100),
    simulatorPct: sim.where === 'child-process' ? Math.round((((await sim.cpuMs()) - cpuAtStart.simulator) / wallMs) * 100) : 0,
  };
  // Settle: every connection up, every book synced after the last fault.
  await settle(system, symbols, 20_000, problems);
  const books = await checkBooks(system, sim, symbols, problems);
  await sleep(2000); // the last reconciliations
  const endMb = heapMb();
  const endCodeMb = codeMb();

  clearInterval(flushTimer);
  flush();
  const trades = countTrades(tapes, problems);
  const verdict = await sim.verdict();
  problems.push(...verdict.problems);
  const metrics = system.metrics();
  const memory = process.memoryUsage();
  if (options.heapSnapshot) writeHeapSnapshot(options.heapSnapshot);
  await system.stop();
  await sim.stop();
  logger.off('data', captureLog);
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  const secretsInLogs = leaked.size;
  for (const line of abandoned) problems.push(`backfill abandoned: ${line}`);
  const growthPct = warmMb > 0 ? ((endMb - warmMb) / warmMb) * 100 : 0;
  const recoveries = {
    reconnects: metrics.connections.reduce((n, c) => n + c.reconnects, 0),
    renewals: metrics.connections.reduce((n, c) => n + c.renewals, 0),
    resyncs: metrics.streams.reduce((n, s) => n + s.resyncs, 0),
    backfills: recovery.backfills,
  };
  const report: SoakReport = {
    ok: false,
    seconds: options.seconds,
    symbols: options.symbols,
    users: options.users,
    faults: schedule.counts(),
    recoveries,
    maxRecoveryMs: recovery.maxMs,
    trades,
    fills: verdict.fills,
    orders: verdict.orders,
    books,
    unhandled: unhandled.count,
    heap: { warmMb: round(warmMb), endMb: round(endMb), growthPct: round(growthPct), samplesMb, codeMb: { warm: round(warmCodeMb), end: round(endCodeMb) } },
    rss: {
      peakMb: Math.round(peakRss / 1024 / 1024),
      endMb: Math.round(memory.rss / 1024 / 1024),
      externalMb: Math.round(memory.external / 1024 / 1024),
      arrayBuffersMb: Math.round(memory.arrayBuffers / 1024 / 1024),
      simulator: sim.where,
      simulatorMb: simRssMb,
    },
    secretsInLogs,
    cpu,
    problems,
  };
  // Heap growth is judged on runs of 5 minutes or more: a minute is too short for the GC to settle.
  const heapOk = options.seconds < 300 || growthPct < 10;
  if (!heapOk) problems.push(`heap grew ${round(growthPct)} % after warm-up (limit 10 %)`);
  const ok =
    trades.lost === 0 &&
    trades.duplicated === 0 &&
    verdict.fills.lost === 0 &&
    verdict.fills.duplicated === 0 &&
    verdict.orders.wrong === 0 &&
    books.wrong === 0 &&
    unhandled.count === 0 &&
    secretsInLogs === 0 &&
    heapOk;
  return { ...report, ok };
}

/** One user: a small market order or a resting limit order now and then, and cancels of its oldest. */
async function trade(system: ExchangeSystem, user: UserHandle, symbols: readonly string[], index: number, stepMs: number, active: () => boolean): Promise<void> {
  let step = index;
  await sleep(200 + ((index * 37) % stepMs));
  while (active()) {
    const symbol = symbols[step % symbols.length]!;
    try {
      if (step % 3 === 0) await user.placeOrder({ symbol, side: step % 2 === 0 ? 'buy' : 'sell', type: 'market', quantity: '0.1' });
      else if (step % 3 === 1) {
        const book = await system.readBook(symbol, 1);
        const bid = book?.bids[0]?.price;
        if (bid) await user.placeOrder({ symbol, side: 'buy', type: 'limit', price: bid.times('0.99').toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2), quantity: '0.1' });
      } else {
        const open = await user.openOrders();
        const oldest = open[0];
        if (oldest && open.length > 2) await user.cancelOrder({ symbol: oldest.symbol, orderId: oldest.orderId });
      }
    } catch {
      // Faults make some calls fail (429, unknown outcomes, a cancel that raced a fill): the checks judge.
    }
    step += 1;
    await sleep(stepMs);
  }
}

async function settle(system: ExchangeSystem, symbols: readonly string[], timeoutMs: number, problems: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const up = system.metrics().connections.every((c) => c.state === 'connected');
    const views = await Promise.all(symbols.map((s) => system.readBook(s, 1)));
    if (up && views.every((v) => v !== undefined)) return;
    await sleep(200);
  }
  problems.push('the system did not settle within 20 s after the last fault');
}

/** Bots stopped, every book must reach the simulator's update id with the same top 20 levels (30 s for all of them). */
async function checkBooks(system: ExchangeSystem, sim: SoakSim, symbols: readonly string[], problems: string[]): Promise<{ checked: number; wrong: number }> {
  await sim.stopBots();
  await sleep(1500);
  const truths = new Map<string, SoakDepth>();
  for (const symbol of symbols) truths.set(symbol, await sim.depth(symbol.replace('/', ''), 20));
  const ours = new Map<string, BookView | undefined>();
  const behind = (): string[] => symbols.filter((s) => String(ours.get(s)?.sequence) !== truths.get(s)!.lastUpdateId);
  for (const deadline = Date.now() + 30_000; ; ) {
    for (const symbol of behind()) ours.set(symbol, await system.readBook(symbol, 20));
    if (behind().length === 0 || Date.now() > deadline) break;
    await sleep(200);
  }
  const text = (levels: readonly { price: Decimal; quantity: Decimal }[]): string => levels.map((l) => `${l.price.toString()}@${l.quantity.toString()}`).join(',');
  let wrong = 0;
  for (const symbol of symbols) {
    const truth = truths.get(symbol)!;
    const book = ours.get(symbol);
    const atSequence = book !== undefined && String(book.sequence) === truth.lastUpdateId;
    const same =
      book !== undefined &&
      atSequence &&
      text(book.bids) === truth.bids.map(([p, q]) => `${p}@${q}`).join(',') &&
      text(book.asks) === truth.asks.map(([p, q]) => `${p}@${q}`).join(',');
    if (!same) {
      wrong += 1;
      if (wrong <= 5) problems.push(`book ${symbol}: ours at ${book?.sequence ?? 'none'}, simulator at ${truth.lastUpdateId}${atSequence ? ' (levels differ)' : ''}`);
    }
  }
  return { checked: symbols.length, wrong };
}

/** One trades topic, checked as ids arrive. */
interface TapeCheck {
  last: bigint | undefined;
  delivered: number;
  lost: number;
  duplicated: number;
}

function checkTrade(tape: TapeCheck, id: bigint): void {
  tape.delivered += 1;
  if (tape.last === undefined || id === tape.last + 1n) tape.last = id;
  else if (id > tape.last) {
    tape.lost += Number(id - tape.last - 1n);
    tape.last = id;
  } else tape.duplicated += 1; // an id at or below the last: delivered again, or out of order (both wrong)
}

function countTrades(tapes: Map<string, TapeCheck>, problems: string[]): Count {
  let delivered = 0;
  let lost = 0;
  let duplicated = 0;
  let wrongTapes = 0;
  for (const [symbol, tape] of tapes) {
    delivered += tape.delivered;
    lost += tape.lost;
    duplicated += tape.duplicated;
    if ((tape.lost > 0 || tape.duplicated > 0) && ++wrongTapes <= 3) {
      problems.push(`trades ${symbol}: ${tape.lost} ids missing, ${tape.duplicated} repeated or out of order (last ${String(tape.last)})`);
    }
  }
  if (wrongTapes > 3) problems.push(`trades: ${wrongTapes - 3} more symbols with missing or repeated ids`);
  return { delivered, lost, duplicated };
}

/** Faults whose recovery shows on `status:<exchange>`, and the state that shows it. */
const RECOVERED_BY: Partial<Record<FaultKind, StatusEvent['state']>> = {
  'drop-streams': 'connected',
  'stall-streams': 'connected',
  'server-shutdown': 'connected',
  'skip-depth': 'synced',
};

/** The longest time from a fault to the first status event after it that shows its recovery, kept as they come. */
class RecoveryClock {
  maxMs = 0;
  backfills = 0;
  private pending: { readonly state: StatusEvent['state']; readonly at: number }[] = [];

  fault(kind: FaultKind, at: number): void {
    const state = RECOVERED_BY[kind];
    if (state !== undefined) this.pending.push({ state, at });
  }

  status(state: StatusEvent['state'], at: number): void {
    if (state === 'backfilled') this.backfills += 1;
    this.pending = this.pending.filter((fault) => {
      if (fault.state !== state || at <= fault.at) return true;
      this.maxMs = Math.max(this.maxMs, at - fault.at);
      return false;
    });
  }
}

/** V8's code space in use (compiled code: grows as more of the program gets optimised, not with data). */
function codeMb(): number {
  const code = getHeapSpaceStatistics().find((space) => space.space_name === 'code_space');
  return (code?.space_used_size ?? 0) / 1024 / 1024;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const round = (n: number): number => Math.round(n * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export { FAULT_KINDS };
