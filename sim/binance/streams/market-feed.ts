// Turns engine events into market stream payloads for the streams someone is subscribed to. A symbol
// without subscribers has no state and no timers: its engine events cost one map lookup.
import { Decimal } from '../../../lib/core/decimal.js';
import type { EngineEvent, MatchingEngineApi, PublicTrade } from '../../engine/types.js';
import type { SimClock } from '../context.js';
import { DepthWindow } from './depth-window.js';
import { KlineBuilder } from './kline-builder.js';
import { klinePayload, miniTickerPayload, SPOT_PAYLOADS, tradePayload, type AggregatedTrade, type Payload, type StreamPayloads } from './payloads.js';
import type { DepthSpeed, KlineInterval, StreamSpec } from './stream-names.js';

/** How often the windowed streams push. Binance: 100 ms, 1000 ms, 2000 ms (klines other than 1s). */
export interface MarketCadence {
  fastMs: number;
  slowMs: number;
  klineMs: number;
}

export const BINANCE_CADENCE: MarketCadence = { fastMs: 100, slowMs: 1000, klineMs: 2000 };

export type Publish = (stream: string, payload: Payload) => void;

type Role = 'fast' | 'slow' | 'kline';

/** Everything one subscribed symbol needs: reference counts per stream, windows, klines, timers. */
class SymbolFeed {
  private readonly refs = new Map<string, { spec: StreamSpec; count: number }>();
  private readonly windows = new Map<DepthSpeed, DepthWindow>();
  private readonly klines = new Map<KlineInterval, KlineBuilder>();
  private readonly timers = new Map<Role, NodeJS.Timeout>();
  private pendingAgg: AggregatedTrade | undefined;
  private lastBookTicker = '';
  /** Slow ticks so far: a 3 s mark price goes out on every third. */
  private slowTicks = 0;

  constructor(
    readonly symbol: string,
    private readonly engine: MatchingEngineApi,
    private readonly clock: SimClock,
    private readonly cadence: MarketCadence,
    private readonly publish: Publish,
    private readonly payloads: StreamPayloads,
  ) {}

  get empty(): boolean {
    return this.refs.size === 0;
  }

  add(spec: StreamSpec): void {
    const ref = this.refs.get(spec.name);
    if (ref) {
      ref.count += 1;
      return;
    }
    this.refs.set(spec.name, { spec, count: 1 });
    this.reconcile();
  }

  remove(spec: StreamSpec): void {
    const ref = this.refs.get(spec.name);
    if (!ref) return;
    ref.count -= 1;
    if (ref.count > 0) return;
    this.refs.delete(spec.name);
    this.reconcile();
  }

  close(): void {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
  }

  onTrade(trade: PublicTrade): void {
    const now = this.clock.now();
    const spec = this.engine.symbols.get(this.symbol);
    for (const name of this.names('trade')) this.publish(name, tradePayload(spec, this.symbol, trade, now));
    if (this.names('aggTrade').length > 0) this.aggregate(trade);
    for (const builder of this.klines.values()) builder.onTrade(trade);
  }

  onDepth(event: Extract<EngineEvent, { type: 'depth' }>, skipped: boolean): void {
    for (const window of this.windows.values()) {
      if (skipped) window.skip();
      else window.add(event);
    }
    const bookTickers = this.names('bookTicker');
    if (bookTickers.length === 0) return;
    const best = this.engine.bookTicker(this.symbol);
    const key = `${best.bidPrice.toString()}|${best.bidQty.toString()}|${best.askPrice.toString()}|${best.askQty.toString()}`;
    if (key === this.lastBookTicker) return; // pushed only when the top of the book changed
    this.lastBookTicker = key;
    const payload = this.payloads.bookTicker(this.engine.symbols.get(this.symbol), this.symbol, event.updateId, best, this.clock.now());
    for (const name of bookTickers) this.publish(name, payload);
  }

  private names(kind: StreamSpec['kind']): string[] {
    const out: string[] = [];
    for (const { spec } of this.refs.values()) if (spec.kind === kind) out.push(spec.name);
    return out;
  }

  private specs(): StreamSpec[] {
    return [...this.refs.values()].map((r) => r.spec);
  }

  /** Trades of one taker order arrive back to back inside one engine call; flush them after it. */
  private aggregate(trade: PublicTrade): void {
    const pending = this.pendingAgg;
    if (pending && pending.aggId === trade.aggId) {
      pending.qty = pending.qty.plus(trade.qty);
      pending.lastId = trade.id;
      return;
    }
    if (pending) this.flushAgg();
    else queueMicrotask(() => this.flushAgg());
    this.pendingAgg = {
      aggId: trade.aggId,
      price: trade.price,
      qty: trade.qty,
      firstId: trade.id,
      lastId: trade.id,
      time: trade.time,
      isBuyerMaker: trade.isBuyerMaker,
    };
  }

  private flushAgg(): void {
    const agg = this.pendingAgg;
    if (!agg) return;
    this.pendingAgg = undefined;
    const payload = this.payloads.aggTrade(this.engine.symbols.get(this.symbol), this.symbol, agg, this.clock.now());
    for (const name of this.names('aggTrade')) this.publish(name, payload);
  }

  /** Creates or drops windows, kline builders and timers to match the subscribed streams. */
  private reconcile(): void {
    const specs = this.specs();
    for (const speed of ['fast', 'slow'] as const) {
      const wanted = specs.some((s) => s.kind === 'diffDepth' && s.speed === speed);
      if (wanted && !this.windows.has(speed)) this.windows.set(speed, new DepthWindow());
      if (!wanted) this.windows.delete(speed);
    }
    const intervals = new Set(specs.flatMap((s) => (s.kind === 'kline' ? [s.interval] : [])));
    for (const interval of intervals) {
      if (this.klines.has(interval)) continue;
      const history = this.engine.recentTrades(this.symbol, 1000);
      this.klines.set(interval, new KlineBuilder(interval, this.clock.now(), this.engine.lastPrice(this.symbol), history));
    }
    for (const interval of [...this.klines.keys()]) if (!intervals.has(interval)) this.klines.delete(interval);
    if (!specs.some((s) => s.kind === 'bookTicker')) this.lastBookTicker = '';

    const roles = new Set<Role>();
    for (const spec of specs) {
      if (spec.kind === 'diffDepth' || spec.kind === 'partialDepth') roles.add(spec.speed);
      else if (spec.kind === 'ticker' || spec.kind === 'miniTicker' || spec.kind === 'markPrice') roles.add('slow');
      else if (spec.kind === 'kline') roles.add(spec.interval === '1s' ? 'slow' : 'kline');
    }
    for (const [role, timer] of this.timers) {
      if (roles.has(role)) continue;
      clearInterval(timer);
      this.timers.delete(role);
    }
    for (const role of roles) {
      if (this.timers.has(role)) continue;
      const ms = role === 'fast' ? this.cadence.fastMs : role === 'slow' ? this.cadence.slowMs : this.cadence.klineMs;
      this.timers.set(
        role,
        setInterval(() => this.tick(role), ms),
      );
    }
  }

  private tick(role: Role): void {
    const now = this.clock.now();
    const spec = this.engine.symbols.get(this.symbol);
    const specs = this.specs();
    if (role === 'fast' || role === 'slow') {
      const diffs = this.windows.get(role)?.take() ?? [];
      for (const s of specs) {
        if (s.kind === 'diffDepth' && s.speed === role) for (const diff of diffs) this.publish(s.name, this.payloads.depthUpdate(spec, this.symbol, diff, now));
        if (s.kind === 'partialDepth' && s.speed === role) this.publish(s.name, this.payloads.partialDepth(spec, this.symbol, this.engine.depth(this.symbol, s.levels), now));
      }
    }
    if (role === 'slow') {
      const wantsTicker = specs.some((s) => s.kind === 'ticker' || s.kind === 'miniTicker');
      const ticker = wantsTicker ? this.engine.ticker24h(this.symbol) : undefined;
      this.slowTicks += 1;
      for (const s of specs) {
        if (s.kind === 'ticker' && ticker) this.publish(s.name, this.payloads.ticker(spec, ticker, now));
        if (s.kind === 'miniTicker' && ticker) this.publish(s.name, miniTickerPayload(spec, ticker, now));
        if (s.kind === 'markPrice' && (s.everySeconds === 1 || this.slowTicks % 3 === 0)) {
          const payload = this.payloads.markPrice?.(spec, this.symbol, now);
          if (payload) this.publish(s.name, payload);
        }
      }
    }
    for (const s of specs) {
      if (s.kind !== 'kline') continue;
      const klineRole: Role = s.interval === '1s' ? 'slow' : 'kline';
      if (klineRole !== role) continue;
      for (const k of this.klines.get(s.interval)?.take(now) ?? []) this.publish(s.name, klinePayload(spec, this.symbol, k, now));
    }
  }
}

export class MarketFeed {
  private readonly symbols = new Map<string, SymbolFeed>();
  private readonly skips = new Map<string, number>();
  /** Symbols whose next diff-depth change carries a crossing bid (the crossBook fault). */
  private readonly crossings = new Set<string>();
  private readonly stopListening: () => void;

  constructor(
    private readonly engine: MatchingEngineApi,
    private readonly clock: SimClock,
    private readonly cadence: MarketCadence,
    private readonly publish: Publish,
    private readonly payloads: StreamPayloads = SPOT_PAYLOADS,
  ) {
    this.stopListening = engine.onEvent((event) => this.onEngineEvent(event));
  }

  add(spec: StreamSpec): void {
    let feed = this.symbols.get(spec.symbol);
    if (!feed) {
      feed = new SymbolFeed(spec.symbol, this.engine, this.clock, this.cadence, this.publish, this.payloads);
      this.symbols.set(spec.symbol, feed);
    }
    feed.add(spec);
  }

  remove(spec: StreamSpec): void {
    const feed = this.symbols.get(spec.symbol);
    if (!feed) return;
    feed.remove(spec);
    if (feed.empty) {
      feed.close();
      this.symbols.delete(spec.symbol);
    }
  }

  /** Fault: the next `count` book changes of `symbol` never reach a diff-depth stream, so U jumps (always: see DepthWindow.skip). */
  skipDepthUpdates(symbol: string, count: number): void {
    if (count <= 0) return;
    this.skips.set(symbol, (this.skips.get(symbol) ?? 0) + count);
  }

  /**
   * Fault: the next book change of `symbol` that reaches a diff-depth stream also carries a bid one tick above
   * the best ask, the ask left in place: a correctly sequenced update that leaves a client's book crossed. The
   * engine's book (REST depth, bookTicker, partial depth) never has that bid, so a resync repairs the client.
   */
  crossBook(symbol: string): void {
    this.crossings.add(symbol);
  }

  close(): void {
    this.stopListening();
    for (const feed of this.symbols.values()) feed.close();
    this.symbols.clear();
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'trade':
        this.symbols.get(event.symbol)?.onTrade(event.trade);
        return;
      case 'depth': {
        const skipped = this.consumeSkip(event.symbol);
        const feed = this.symbols.get(event.symbol);
        if (feed) feed.onDepth(skipped ? event : this.withCrossingBid(event), skipped);
        return;
      }
      case 'execution':
      case 'accountPosition':
      case 'balanceDelta':
        return; // private events belong to the WebSocket API
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  /** The change with the crossBook fault's bid added, when one is armed and the book has an ask to cross. */
  private withCrossingBid(event: Extract<EngineEvent, { type: 'depth' }>): Extract<EngineEvent, { type: 'depth' }> {
    if (!this.crossings.has(event.symbol)) return event;
    const spec = this.engine.symbols.get(event.symbol);
    const ask = this.engine.bookTicker(event.symbol).askPrice;
    if (!spec || ask.isZero()) return event; // nothing to cross yet: stay armed
    this.crossings.delete(event.symbol);
    const price = ask.plus(new Decimal(spec.priceFilter.tickSize));
    return { ...event, bids: [...event.bids, [price, new Decimal(1)]] };
  }

  private consumeSkip(symbol: string): boolean {
    const left = this.skips.get(symbol);
    if (left === undefined) return false;
    if (left <= 1) this.skips.delete(symbol);
    else this.skips.set(symbol, left - 1);
    return true;
  }
}
