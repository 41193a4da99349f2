// The simulator's matching engine: accounts, one Market per symbol, and Binance-shaped queries. Every
// public call runs to completion, then its events are delivered in order; a listener that calls back
// into the engine gets its own events queued behind the current ones, so order is global and stable.
import { Decimal, toDecimal } from '../../lib/core/decimal.js';
import { childLogger } from '../../lib/log.js';
import { Ledger } from './ledger.js';
import { klinesFromTrades, type Kline, type KlineInterval } from './klines.js';
import { isOpen, Market, snapshotOrder, type LiveOrder, type MyTrade } from './market.js';
import { checkFilters, parseOrderRequest } from './order-request.js';
import { cancelOpenOrder, placeOrder, type PlacementContext } from './placement.js';
import { reject } from './rejections.js';
import { DEFAULT_HISTORY_BYTES, RetentionBudget } from './retention.js';
import { selectFiltered } from './select.js';
import { clampLimit } from './trade-tape.js';
import type {
  AggTrade,
  BalanceEntry,
  BookSnapshot,
  CancelRequest,
  EngineEvent,
  EngineOptions,
  Fill,
  Id,
  KlineQuery,
  MatchingEngineApi,
  NewOrderRequest,
  Order,
  OrderType,
  PublicTrade,
  Side,
  SymbolSpec,
  Ticker24h,
  TradeQuery,
} from './types.js';

const log = childLogger('sim-engine');
const ZERO = new Decimal(0);
const MAX_DEPTH_LIMIT = 5000;
const MAX_KLINE_LIMIT = 1000;

/** Thrown for engine misuse by the simulator's own code (not a Binance rejection). */
export class EngineUsageError extends Error {
  constructor(
    readonly code: 'ACCOUNT_EXISTS' | 'INVALID_AMOUNT',
    message: string,
  ) {
    super(message);
    this.name = 'EngineUsageError';
  }
}

export interface EngineLimits {
  /** Estimated bytes of history (trades, aggTrades, fills, closed orders) kept across all symbols and accounts. */
  historyBytes?: number;
  /** Cap per history on top of the budget: public trades / aggregate trades / an account's fills per symbol (default 10,000, bounds query cost). */
  maxTradeHistory?: number;
  /** Cap on closed orders kept per account per symbol on top of the budget (default 10,000). */
  maxClosedOrdersPerAccount?: number;
  /** The first order id and trade id of every symbol (default 1); tests start them beyond 2^53 to check ids stay exact. */
  firstId?: Id;
}

export class MatchingEngine implements MatchingEngineApi {
  readonly symbols: ReadonlyMap<string, SymbolSpec>;
  private readonly markets = new Map<string, Market>();
  private readonly ledger = new Ledger();
  private readonly listeners = new Set<(event: EngineEvent) => void>();
  private readonly pending: EngineEvent[] = [];
  private delivering = false;
  private readonly clock: () => number;
  private readonly fees: { maker: Decimal; taker: Decimal };
  private lastTime = 0;
  /** The shared history budget (tools and the memory benchmark read its usage). */
  readonly retention: RetentionBudget;

  constructor(options: EngineOptions & { limits?: EngineLimits }) {
    this.clock = options.clock;
    this.fees = {
      maker: toDecimal(options.fees?.maker ?? '0', 'fees.maker'),
      taker: toDecimal(options.fees?.taker ?? '0', 'fees.taker'),
    };
    const limits = {
      budget: new RetentionBudget(options.limits?.historyBytes ?? DEFAULT_HISTORY_BYTES),
      maxTradeHistory: options.limits?.maxTradeHistory ?? 10_000,
      maxClosedOrdersPerAccount: options.limits?.maxClosedOrdersPerAccount ?? 10_000,
      firstId: options.limits?.firstId ?? 1n,
    };
    this.retention = limits.budget;
    const symbols = new Map<string, SymbolSpec>();
    for (const spec of options.symbols) {
      symbols.set(spec.symbol, spec);
      this.markets.set(spec.symbol, new Market(spec, limits));
    }
    this.symbols = symbols;
  }

  createAccount(name: string, balances: Record<string, string>): void {
    if (this.ledger.has(name)) throw new EngineUsageError('ACCOUNT_EXISTS', `account ${name} already exists`);
    const amounts = Object.entries(balances).map(([asset, text]) => [asset, this.amount(`balances.${asset}`, text, false)] as const);
    this.ledger.open(name);
    for (const [asset, amount] of amounts) this.ledger.credit(name, asset, amount);
    this.ledger.takeChanges(); // opening balances are not a change anyone is subscribed to yet
  }

  hasAccount(name: string): boolean {
    return this.ledger.has(name);
  }

  deposit(account: string, asset: string, amount: string): void {
    const delta = this.amount('amount', amount, true);
    const time = this.now();
    if (this.ledger.free(account, asset).add(delta).isNegative()) throw reject.insufficientBalance();
    this.ledger.open(account);
    this.ledger.credit(account, asset, delta);
    this.queue({ type: 'balanceDelta', account, asset, delta, time });
    this.flushBalances(time);
    this.deliver();
  }

  placeOrder(req: NewOrderRequest): Order {
    const market = this.market(req.symbol);
    if (!this.ledger.has(req.account)) throw reject.unknownAccount();
    const parsed = parseOrderRequest(req);
    const failure = checkFilters(parsed, market.spec, this.notionalPrice(req.symbol, parsed.type));
    if (failure) throw reject.filter(failure);
    const ctx = this.context();
    const order = placeOrder(ctx, market, req.account, parsed);
    this.afterOperation(market, ctx.now);
    return snapshotOrder(order);
  }

  cancelOrder(req: CancelRequest): Order {
    const market = this.market(req.symbol);
    if (req.orderId === undefined && req.origClientOrderId === undefined) throw reject.eitherParam('orderId', 'origClientOrderId');
    const order = market.find(req.account, req);
    if (!order || !isOpen(order)) throw reject.unknownOrder();
    const ctx = this.context();
    cancelOpenOrder(ctx, market, order, req.cancelClientOrderId);
    this.afterOperation(market, ctx.now);
    return snapshotOrder(order);
  }

  /** Cancels every open order of `account` on `symbol`, oldest first; [] when there are none (REST maps that to -2011). */
  cancelAll(account: string, symbol: string, cancelClientOrderId?: (orderId: Id) => string): Order[] {
    const market = this.market(symbol);
    const open = [...(market.peekAccount(account)?.open.values() ?? [])];
    if (open.length === 0) return [];
    const ctx = this.context();
    for (const order of open) cancelOpenOrder(ctx, market, order, cancelClientOrderId?.(order.orderId));
    this.afterOperation(market, ctx.now);
    return open.map(snapshotOrder);
  }

  getOrder(account: string, symbol: string, ref: { orderId?: Id; origClientOrderId?: string }): Order {
    const market = this.market(symbol);
    if (ref.orderId === undefined && ref.origClientOrderId === undefined) throw reject.eitherParam('orderId', 'origClientOrderId');
    const order = market.find(account, ref);
    if (!order) throw reject.orderDoesNotExist();
    return snapshotOrder(order);
  }

  openOrders(account: string, symbol?: string): Order[] {
    const markets = symbol === undefined ? [...this.markets.values()] : [this.market(symbol)];
    const out: Order[] = [];
    for (const market of markets) for (const order of market.peekAccount(account)?.open.values() ?? []) out.push(snapshotOrder(order));
    return out;
  }

  myTrades(account: string, symbol: string, q: TradeQuery & { orderId?: Id }): Array<Fill & { orderId: Id; side: Side }> {
    const market = this.market(symbol);
    const trades = market.peekAccount(account)?.trades.view.slice(0) ?? [];
    const mine = q.orderId === undefined ? trades : trades.filter((t) => t.orderId === q.orderId);
    return selectFiltered<MyTrade>(mine, (t) => t.tradeId, (t) => t.time, q).map((t) => ({ ...t }));
  }

  balances(account: string): BalanceEntry[] {
    return this.ledger.entries(account);
  }

  depth(symbol: string, limit: number): BookSnapshot {
    const market = this.market(symbol);
    const n = Math.max(1, Math.min(MAX_DEPTH_LIMIT, Math.floor(limit) || 100));
    return { lastUpdateId: market.updateId, bids: market.book.top('BUY', n), asks: market.book.top('SELL', n) };
  }

  recentTrades(symbol: string, limit: number): PublicTrade[] {
    return this.market(symbol).tape.recent(clampLimit(limit));
  }

  aggTrades(symbol: string, q: TradeQuery): AggTrade[] {
    return this.market(symbol).tape.queryAggs(q).map((a) => ({ ...a }));
  }

  /** Historical trades (GET /api/v3/historicalTrades): from `fromId`, else the most recent. */
  historicalTrades(symbol: string, q: TradeQuery): PublicTrade[] {
    return this.market(symbol).tape.query(q);
  }

  /** Volume-weighted average price over the symbol's avgPriceMins (Binance: 5), from the trade history. */
  avgPrice(symbol: string): { mins: number; price: Decimal; closeTime: number } {
    const market = this.market(symbol);
    const mins = market.spec.notional.avgPriceMins || 5;
    return { mins, ...this.averageOver(market, mins) };
  }

  /** The account's kept orders (open and closed) on `symbol`, by orderId, with Binance's history rules. */
  allOrders(account: string, symbol: string, q: TradeQuery): Order[] {
    const market = this.market(symbol);
    const entry = market.peekAccount(account);
    if (!entry) return [];
    const kept: LiveOrder[] = [...entry.closed.view.slice(0), ...entry.open.values()];
    kept.sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
    return selectFiltered(kept, (o) => o.orderId, (o) => o.transactTime, q).map(snapshotOrder);
  }

  /** Klines folded from the kept trade history, oldest first; intervals without trades are left out. */
  klines(symbol: string, interval: KlineInterval, q: KlineQuery): Kline[] {
    const market = this.market(symbol);
    const all = klinesFromTrades(interval, this.tradesSince(market, 0), this.now()).filter(
      (k) => (q.startTime === undefined || k.openTime >= q.startTime) && (q.endTime === undefined || k.openTime <= q.endTime),
    );
    const limit = Math.max(1, Math.min(MAX_KLINE_LIMIT, Math.floor(q.limit)));
    return q.startTime === undefined ? all.slice(Math.max(0, all.length - limit)) : all.slice(0, limit);
  }

  /**
   * The price a MARKET order's NOTIONAL filter measures with: the average over avgPriceMins, or the last
   * price when avgPriceMins is 0 (filters.md); undefined before the first trade (the rule is skipped).
   */
  notionalPrice(symbol: string, type: OrderType): Decimal | undefined {
    const market = this.market(symbol);
    const last = market.ticker.lastPrice();
    if (type !== 'MARKET' || last === undefined) return last;
    const mins = market.spec.notional.avgPriceMins;
    return mins === 0 ? last : this.averageOver(market, mins).price;
  }

  ticker24h(symbol: string): Ticker24h {
    const market = this.market(symbol);
    const s = market.ticker.stats(this.now());
    const top = this.bookTicker(symbol);
    const priceChange = s.lastPrice.sub(s.openPrice);
    return {
      symbol,
      priceChange,
      priceChangePercent: s.openPrice.isZero() ? ZERO : priceChange.div(s.openPrice).mul(100).toDecimalPlaces(3, Decimal.ROUND_HALF_UP),
      weightedAvgPrice: s.volume.isZero() ? ZERO : s.quoteVolume.div(s.volume).toDecimalPlaces(8, Decimal.ROUND_HALF_UP),
      prevClosePrice: s.prevClosePrice,
      lastPrice: s.lastPrice,
      lastQty: s.lastQty,
      bidPrice: top.bidPrice,
      bidQty: top.bidQty,
      askPrice: top.askPrice,
      askQty: top.askQty,
      openPrice: s.openPrice,
      highPrice: s.highPrice,
      lowPrice: s.lowPrice,
      volume: s.volume,
      quoteVolume: s.quoteVolume,
      openTime: s.openTime,
      closeTime: s.closeTime,
      firstId: s.firstId,
      lastId: s.lastId,
      count: s.count,
    };
  }

  bookTicker(symbol: string): { bidPrice: Decimal; bidQty: Decimal; askPrice: Decimal; askQty: Decimal } {
    const { book } = this.market(symbol);
    const bid = book.bids[0];
    const ask = book.asks[0];
    return { bidPrice: bid?.price ?? ZERO, bidQty: bid?.total ?? ZERO, askPrice: ask?.price ?? ZERO, askQty: ask?.total ?? ZERO };
  }

  lastPrice(symbol: string): Decimal | undefined {
    return this.market(symbol).ticker.lastPrice();
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    // Wrap so the same function can subscribe twice and unsubscribe independently.
    const entry = (event: EngineEvent): void => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Every account name (for invariant checks and tools). */
  accountNames(): string[] {
    return this.ledger.accountNames();
  }

  /** Every kept trade from `startTime` on, oldest first (the tape answers at most 1000 per query). */
  private *tradesSince(market: Market, startTime: number): Generator<PublicTrade> {
    let batch = market.tape.query({ startTime, limit: 1000 });
    while (batch.length > 0) {
      yield* batch;
      const last = batch[batch.length - 1] as PublicTrade;
      batch = batch.length < 1000 ? [] : market.tape.query({ fromId: last.id + 1n, limit: 1000 });
    }
  }

  /** Volume-weighted price of the trades of the last `mins` minutes; the last price when there were none. */
  private averageOver(market: Market, mins: number): { price: Decimal; closeTime: number } {
    const now = this.now();
    let qty = ZERO;
    let quote = ZERO;
    let closeTime = now;
    for (const t of this.tradesSince(market, now - mins * 60_000)) {
      qty = qty.add(t.qty);
      quote = quote.add(t.quoteQty);
      closeTime = t.time;
    }
    const price = qty.isZero() ? (market.ticker.lastPrice() ?? ZERO) : quote.div(qty).toDecimalPlaces(8, Decimal.ROUND_HALF_UP);
    return { price, closeTime };
  }

  private market(symbol: string): Market {
    const market = this.markets.get(symbol);
    if (!market) throw reject.invalidSymbol();
    return market;
  }

  /** Engine time never runs backwards, even when the simulator's clock is shifted back. */
  private now(): number {
    this.lastTime = Math.max(this.lastTime, this.clock());
    return this.lastTime;
  }

  private context(): PlacementContext {
    return { ledger: this.ledger, now: this.now(), fees: this.fees, emit: (event) => this.queue(event) };
  }

  private amount(field: string, text: string, allowNegative: boolean): Decimal {
    let value: Decimal;
    try {
      value = toDecimal(text, field);
    } catch (err) {
      throw new EngineUsageError('INVALID_AMOUNT', (err as Error).message);
    }
    if (!allowNegative && value.isNegative()) throw new EngineUsageError('INVALID_AMOUNT', `${field} must not be negative, got ${text}`);
    return value;
  }

  private afterOperation(market: Market, time: number): void {
    this.flushBalances(time);
    const changes = market.book.takeChanges();
    if (changes.bids.length > 0 || changes.asks.length > 0) {
      market.updateId++;
      this.queue({ type: 'depth', symbol: market.spec.symbol, updateId: market.updateId, time, bids: changes.bids, asks: changes.asks });
    }
    this.deliver();
  }

  private flushBalances(time: number): void {
    for (const { account, balances } of this.ledger.takeChanges()) this.queue({ type: 'accountPosition', account, balances, time });
  }

  private queue(event: EngineEvent): void {
    this.pending.push(event);
  }

  private deliver(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let event = this.pending.shift(); event; event = this.pending.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(event);
          } catch (err) {
            // A faulty subscriber must not leave the engine half-way through delivering an operation.
            log.error('engine event listener threw', { eventType: event.type, error: err });
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
