// Soak checks for the simulator: a plain WebSocket client on a combined stream of every kind for every symbol,
// tallied per stream (flow, gaps, sequence numbers), plus the engine invariants (no negative balance, locks
// match open orders, assets conserved net of commissions, book not crossed). Shared by the short soak test and
// `cex-actors sim --soak N`.
import WebSocket from 'ws';
import { Decimal } from '../lib/core/decimal.js';
import { CexError } from '../lib/core/errors.js';
import { childLogger } from '../lib/log.js';
import type { EngineEvent, MatchingEngineApi } from './engine/types.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.js';

const log = childLogger('sim.soak');

/** The stream kinds a soak watches per symbol. */
export const SOAK_STREAM_KINDS = ['trade', 'aggTrade', 'bookTicker', 'depth@100ms', 'depth5', 'ticker', 'miniTicker', 'kline_1s'] as const;

/** Longest silence (ms) a stream may show, from the start to its first message, between two, or before the end. */
export const DEFAULT_MAX_SILENCE_MS = 10_000;

/** Problems kept per stream; more are only counted. */
const KEPT_PROBLEMS = 3;

/** A soak found a problem; `report` holds everything it measured. */
export class SoakFailedError extends CexError {
  readonly code = 'SOAK_FAILED';
  constructor(readonly report: SoakReport) {
    super(`soak failed: ${report.failures.join('; ')}`);
  }
}

export interface StreamSummary {
  stream: string;
  messages: number;
  /** ms from the start of watching to the first message; -1 when none came. */
  firstMs: number;
  /** Longest silence seen, including before the first message and after the last. */
  maxGapMs: number;
  /** Sequence or shape problems (U/u chain, trade ids, crossed depth5, wrong symbol). */
  problems: number;
  firstProblems: string[];
  ok: boolean;
}

export interface InvariantReport {
  checks: number;
  violations: number;
  firstViolations: string[];
  ok: boolean;
}

export interface SoakReport {
  seconds: number;
  streams: StreamSummary[];
  invariants: InvariantReport;
  failures: string[];
  ok: boolean;
}

/** Stream names of every soak kind for each symbol (exchange form, e.g. 'BTCUSDT'). */
export function soakStreamNames(symbols: readonly string[]): string[] {
  return symbols.flatMap((symbol) => SOAK_STREAM_KINDS.map((kind) => `${symbol.toLowerCase()}@${kind}`));
}

type Json = Record<string, unknown>;

class StreamTally {
  messages = 0;
  first: number | undefined;
  last: number;
  maxGap = 0;
  problems = 0;
  readonly firstProblems: string[] = [];
  /** The last sequence number seen: trade `t`, aggTrade `a`, depth `u`, bookTicker `u`, depth5 lastUpdateId, kline `t`. */
  lastSeq: number | undefined;

  constructor(
    readonly stream: string,
    private readonly startedAt: number,
  ) {
    this.last = startedAt;
  }

  problem(text: string): void {
    this.problems++;
    if (this.firstProblems.length < KEPT_PROBLEMS) this.firstProblems.push(text);
  }

  seen(at: number): void {
    this.messages++;
    this.first ??= at;
    this.maxGap = Math.max(this.maxGap, at - this.last);
    this.last = at;
  }

  summary(endedAt: number, maxSilenceMs: number): StreamSummary {
    const maxGapMs = Math.max(this.maxGap, endedAt - this.last);
    return {
      stream: this.stream,
      messages: this.messages,
      firstMs: this.first === undefined ? -1 : this.first - this.startedAt,
      maxGapMs,
      problems: this.problems,
      firstProblems: this.firstProblems,
      ok: this.messages > 0 && this.problems === 0 && maxGapMs <= maxSilenceMs,
    };
  }
}

function num(payload: Json, key: string): number | undefined {
  const value = payload[key];
  return typeof value === 'number' ? value : undefined;
}

/** The best price of a `[[price, qty], ...]` side as sent, or undefined when the side is empty. */
function bestPrice(levels: unknown): string | undefined {
  const first = Array.isArray(levels) ? (levels[0] as unknown) : undefined;
  return Array.isArray(first) && typeof first[0] === 'string' ? first[0] : undefined;
}

/** Tallies what a market-stream client receives and checks each stream's sequence rules. */
export class StreamMonitor {
  private readonly tallies = new Map<string, StreamTally>();
  readonly startedAt: number;

  constructor(streams: readonly string[], startedAt = Date.now()) {
    this.startedAt = startedAt;
    for (const stream of streams) this.tallies.set(stream, new StreamTally(stream, startedAt));
  }

  /** One combined-stream frame `{stream, data}`; frames of unwatched streams and replies are ignored. */
  receiveFrame(text: string, at = Date.now()): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const { stream, data } = frame as { stream?: unknown; data?: unknown };
    if (typeof stream !== 'string' || typeof data !== 'object' || data === null) return;
    this.receive(stream, data as Json, at);
  }

  receive(stream: string, payload: Json, at = Date.now()): void {
    const tally = this.tallies.get(stream);
    if (!tally) return;
    tally.seen(at);
    const [symbol = '', kind = ''] = stream.split(/@(.*)/s);
    const expectedSymbol = symbol.toUpperCase();
    const payloadSymbol = payload['s'] ?? (payload['k'] as Json | undefined)?.['s'];
    if (payloadSymbol !== undefined && payloadSymbol !== expectedSymbol) tally.problem(`symbol ${String(payloadSymbol)} on ${stream}`);
    this.checkSequence(tally, kind, payload);
  }

  private checkSequence(tally: StreamTally, kind: string, payload: Json): void {
    const prev = tally.lastSeq;
    switch (kind) {
      case 'trade':
      case 'aggTrade': {
        const id = num(payload, kind === 'trade' ? 't' : 'a');
        if (id === undefined) return tally.problem(`no id in ${kind}`);
        if (prev !== undefined && id !== prev + 1) tally.problem(`id ${id} after ${prev}`);
        tally.lastSeq = id;
        return;
      }
      case 'depth@100ms':
      case 'depth': {
        const first = num(payload, 'U');
        const last = num(payload, 'u');
        if (first === undefined || last === undefined || last < first) return tally.problem(`bad U/u ${String(first)}/${String(last)}`);
        if (prev !== undefined && first !== prev + 1) tally.problem(`U ${first} after u ${prev} (expected ${prev + 1})`);
        tally.lastSeq = last;
        return;
      }
      case 'bookTicker': {
        const u = num(payload, 'u');
        if (u === undefined) return tally.problem('no u in bookTicker');
        if (prev !== undefined && u <= prev) tally.problem(`bookTicker u ${u} after ${prev}`);
        tally.lastSeq = u;
        this.checkNotCrossed(tally, payload['b'], payload['a']);
        return;
      }
      case 'depth5': {
        const id = num(payload, 'lastUpdateId');
        if (id === undefined) return tally.problem('no lastUpdateId in depth5');
        if (prev !== undefined && id < prev) tally.problem(`depth5 lastUpdateId ${id} after ${prev}`);
        tally.lastSeq = id;
        this.checkNotCrossed(tally, bestPrice(payload['bids']), bestPrice(payload['asks']));
        return;
      }
      case 'kline_1s': {
        const start = num((payload['k'] ?? {}) as Json, 't');
        if (start === undefined) return tally.problem('no k.t in kline');
        if (prev !== undefined && start < prev) tally.problem(`kline open ${start} after ${prev}`);
        tally.lastSeq = start;
        return;
      }
      default:
        return; // ticker / miniTicker carry no sequence number
    }
  }

  private checkNotCrossed(tally: StreamTally, bid: unknown, ask: unknown): void {
    if (typeof bid !== 'string' || typeof ask !== 'string') return;
    const best = { bid: new Decimal(bid), ask: new Decimal(ask) };
    if (best.bid.isZero() || best.ask.isZero()) return tally.problem(`empty book side: bid ${bid}, ask ${ask}`);
    if (best.bid.gte(best.ask)) tally.problem(`crossed: bid ${bid} >= ask ${ask}`);
  }

  summaries(endedAt = Date.now(), maxSilenceMs = DEFAULT_MAX_SILENCE_MS): StreamSummary[] {
    return [...this.tallies.values()].map((t) => t.summary(endedAt, maxSilenceMs));
  }
}

function addTo(totals: Map<string, Decimal>, asset: string, amount: Decimal): void {
  totals.set(asset, (totals.get(asset) ?? new Decimal(0)).plus(amount));
}

/**
 * Watches the engine from now on: every check compares the per-asset totals over all accounts with the
 * totals at construction plus deposits minus the commissions charged since (commission leaves the system).
 */
export class EngineInvariants {
  private readonly expected = new Map<string, Decimal>();
  private readonly unsubscribe: () => void;
  private checks = 0;
  private violations = 0;
  private readonly firstViolations: string[] = [];

  constructor(private readonly engine: MatchingEngineApi) {
    for (const [asset, amount] of this.totals()) this.expected.set(asset, amount);
    this.unsubscribe = engine.onEvent((event) => this.onEvent(event));
  }

  private onEvent(event: EngineEvent): void {
    if (event.type === 'balanceDelta') addTo(this.expected, event.asset, event.delta);
    if (event.type === 'execution' && event.lastFill) addTo(this.expected, event.lastFill.commissionAsset, event.lastFill.commission.neg());
  }

  private accounts(): string[] {
    return this.engine.accountNames();
  }

  private totals(): Map<string, Decimal> {
    const totals = new Map<string, Decimal>();
    for (const account of this.accounts()) {
      for (const b of this.engine.balances(account)) addTo(totals, b.asset, b.free.plus(b.locked));
    }
    return totals;
  }

  private violation(text: string): void {
    this.violations++;
    if (this.firstViolations.length < KEPT_PROBLEMS) this.firstViolations.push(text);
  }

  /** Runs every check once against the engine as it is now (the engine is synchronous: a consistent view). */
  check(): void {
    this.checks++;
    for (const account of this.accounts()) {
      const locks = new Map<string, Decimal>();
      for (const order of this.engine.openOrders(account)) {
        const spec = this.engine.symbols.get(order.symbol);
        if (!spec) continue;
        const left = order.origQty.minus(order.executedQty);
        if (order.side === 'BUY') addTo(locks, spec.quoteAsset, order.price.mul(left));
        else addTo(locks, spec.baseAsset, left);
      }
      for (const b of this.engine.balances(account)) {
        if (b.free.isNegative() || b.locked.isNegative()) this.violation(`${account} ${b.asset} negative: free ${b.free.toString()} locked ${b.locked.toString()}`);
        const held = locks.get(b.asset) ?? new Decimal(0);
        if (!b.locked.eq(held)) this.violation(`${account} ${b.asset} locked ${b.locked.toString()} but open orders hold ${held.toString()}`);
      }
    }
    const totals = this.totals();
    for (const asset of new Set([...totals.keys(), ...this.expected.keys()])) {
      const have = totals.get(asset) ?? new Decimal(0);
      const want = this.expected.get(asset) ?? new Decimal(0);
      if (!have.eq(want)) this.violation(`${asset} total ${have.toString()}, expected ${want.toString()}`);
    }
    for (const symbol of this.engine.symbols.keys()) {
      const book = this.engine.depth(symbol, 1);
      const bid = book.bids[0]?.[0];
      const ask = book.asks[0]?.[0];
      if (bid && ask && bid.gte(ask)) this.violation(`${symbol} book crossed: bid ${bid.toString()} >= ask ${ask.toString()}`);
    }
  }

  report(): InvariantReport {
    return { checks: this.checks, violations: this.violations, firstViolations: [...this.firstViolations], ok: this.checks > 0 && this.violations === 0 };
  }

  stop(): void {
    this.unsubscribe();
  }
}

/** Pass/fail of a soak from its parts: every stream flowed without problems and no invariant broke. */
export function soakReport(seconds: number, streams: StreamSummary[], invariants: InvariantReport): SoakReport {
  const failures = streams.filter((s) => !s.ok).map((s) => `${s.stream}: ${s.messages} messages, max gap ${s.maxGapMs} ms, ${s.problems} problems ${s.firstProblems.join(', ')}`.trim());
  if (!invariants.ok) failures.push(`engine invariants: ${invariants.violations} violations in ${invariants.checks} checks ${invariants.firstViolations.join(', ')}`.trim());
  return { seconds, streams, invariants, failures, ok: failures.length === 0 };
}

/** The report as one JSON line per stream, then the invariants, then the verdict. */
export function soakSummaryLines(report: SoakReport): string[] {
  const lines = report.streams.map((s) => JSON.stringify(s));
  lines.push(JSON.stringify({ invariants: report.invariants }));
  const messages = report.streams.reduce((sum, s) => sum + s.messages, 0);
  lines.push(JSON.stringify({ soak: { seconds: report.seconds, streams: report.streams.length, messages, ok: report.ok, failures: report.failures } }));
  return lines;
}

export interface SoakOptions {
  seconds: number;
  /** Simulator options; bots must stay on. Default: the simulator's defaults. */
  simulator?: SimulatorOptions;
  maxSilenceMs?: number;
  /** How often the engine invariants are checked during the run (ms); default 1000. */
  checkEveryMs?: number;
}

function openClient(url: string, monitor: StreamMonitor): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('message', (data) => monitor.receiveFrame(data.toString()));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function closeClient(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => resolve());
    ws.terminate();
  });
}

/** Runs a simulator with bots for `seconds`, watches every stream kind of every symbol, and reports. */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  if (options.simulator?.bots === false) throw new TypeError('soak: bots must be on (a soak without a market has nothing to watch)');
  const sim: RunningSimulator = await startSimulator(options.simulator);
  // Attached before any bot timer fires, so the baseline includes every account as funded.
  const invariants = new EngineInvariants(sim.engine);
  const streams = soakStreamNames([...sim.engine.symbols.keys()]);
  const monitor = new StreamMonitor(streams);
  let ws: WebSocket | undefined;
  const timer = setInterval(() => invariants.check(), options.checkEveryMs ?? 1000);
  try {
    ws = await openClient(`${sim.ws}/stream?streams=${streams.join('/')}`, monitor);
    log.info('soak running', { seconds: options.seconds, streams: streams.length, ws: sim.ws });
    await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
    invariants.check();
    return soakReport(options.seconds, monitor.summaries(Date.now(), options.maxSilenceMs), invariants.report());
  } finally {
    clearInterval(timer);
    invariants.stop();
    if (ws) await closeClient(ws);
    await sim.stop();
  }
}
