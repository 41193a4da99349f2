// A user's orders and fills, as one state machine fed from every source that knows something: REST
// answers (place, cancel, query, open orders), user-stream events (executionReport), and the
// reconciliation after a user stream reconnects (open orders, account, trades since the last seen
// id). Sources overlap and arrive in any order; the tracker turns them into the transitions the user
// is owed: each order state once, each fill exactly once, never a step backwards.
import type { Balance, Fill, Order, OrderStatus } from '../models/trading.js';
import { FINAL_STATUSES } from '../models/trading.js';

/** What happened, to publish in this order: `orders:`, `fills:`, `balances:` topics. */
export type TrackerOutput =
  | { readonly kind: 'order'; readonly order: Order }
  | { readonly kind: 'fill'; readonly fill: Fill }
  | { readonly kind: 'balances'; readonly balances: readonly Balance[]; readonly time: number };

export interface OrderTrackerOptions {
  /**
   * Final orders remembered (so a late or repeated event for one is recognised): at most this many, oldest
   * forgotten first. Default 1,000.
   */
  readonly maxFinalOrders?: number;
  /**
   * ...and for this long: a final order older than this is forgotten, so memory follows the order rate, not
   * the run's length. Sources repeat an order's end within seconds (the REST answer, the stream event, a
   * reconciliation), never minutes later. Default 60 s.
   */
  readonly finalOrderRetentionMs?: number;
  /** Trade ids remembered per symbol for deduplication; older ids count as seen. Default 2,000. */
  readonly maxTradeIds?: number;
  /** The clock for retention. Default Date.now. */
  readonly now?: () => number;
}

/** Forward-only order of states: an update that would go back is stale. */
const RANK: Readonly<Record<OrderStatus, number>> = {
  PENDING_NEW: 0,
  NEW: 1,
  PARTIALLY_FILLED: 2,
  FILLED: 3,
  CANCELED: 3,
  REJECTED: 3,
  EXPIRED: 3,
  EXPIRED_IN_MATCH: 3,
};

/**
 * The fills seen on one symbol, by trade id and order id (a self-trade is one trade id with two fills,
 * the buyer's and the seller's): a window of recent ones, and every trade id below it counts as seen.
 */
class SeenTrades {
  private readonly keys = new Set<string>();
  private readonly order: { readonly id: bigint; readonly key: string }[] = [];
  /** The highest trade id seen: where `myTrades` reconciliation starts. */
  max: bigint | undefined;
  private floor: bigint | undefined;

  constructor(private readonly capacity: number) {}

  has(id: bigint, orderId: string): boolean {
    return this.keys.has(`${id}/${orderId}`) || (this.floor !== undefined && id <= this.floor);
  }

  add(id: bigint, orderId: string): void {
    const key = `${id}/${orderId}`;
    this.keys.add(key);
    this.order.push({ id, key });
    if (this.max === undefined || id > this.max) this.max = id;
    if (this.order.length > this.capacity) {
      this.order.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const evicted = this.order.splice(0, this.order.length - this.capacity);
      for (const old of evicted) this.keys.delete(old.key);
      const last = evicted[evicted.length - 1];
      if (last !== undefined && (this.floor === undefined || last.id > this.floor)) this.floor = last.id;
    }
  }
}

export class OrderTracker {
  private readonly orders = new Map<string, Order>();
  private readonly byOrderId = new Map<string, string>();
  /** Final orders in the order they ended, oldest first, with when. */
  private readonly finals: { readonly key: string; readonly at: number }[] = [];
  private finalsHead = 0;
  private readonly trades = new Map<string, SeenTrades>();
  private readonly balanceMap = new Map<string, Balance>();
  private readonly maxFinalOrders: number;
  private readonly retentionMs: number;
  private readonly maxTradeIds: number;
  private readonly now: () => number;

  constructor(options: OrderTrackerOptions = {}) {
    this.maxFinalOrders = options.maxFinalOrders ?? 1000;
    this.retentionMs = options.finalOrderRetentionMs ?? 60_000;
    this.maxTradeIds = options.maxTradeIds ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** An order state from any source; returns the transition to publish, if it is new. */
  order(incoming: Order): TrackerOutput[] {
    this.forgetOld();
    const known = this.find(incoming);
    if (known !== undefined && !isAhead(incoming, known)) return [];
    // Keep the clientOrderId we first knew it by: a cancel's executionReport carries the cancel request's id in `c`.
    const order = known !== undefined && known.clientOrderId !== incoming.clientOrderId ? { ...incoming, clientOrderId: known.clientOrderId } : incoming;
    const key = keyOf(order.symbol, order.clientOrderId);
    this.orders.set(key, order);
    this.byOrderId.set(keyOf(order.symbol, order.orderId), order.clientOrderId);
    if (FINAL_STATUSES.has(order.status) && (known === undefined || !FINAL_STATUSES.has(known.status))) this.rememberFinal(key);
    return [{ kind: 'order', order }];
  }

  /** A fill from any source; returns it if it was not seen before (deduplicated by symbol, trade id and order id). */
  fill(fill: Fill): TrackerOutput[] {
    const seen = this.seen(fill.symbol);
    const id = BigInt(fill.tradeId);
    if (seen.has(id, fill.orderId)) return [];
    seen.add(id, fill.orderId);
    return [{ kind: 'fill', fill: this.withClientOrderId(fill) }];
  }

  /** An executionReport: the order's new state and, for a trade, its fill. The fill is published first. */
  update(order: Order, fill: Fill | undefined): TrackerOutput[] {
    return [...(fill ? this.fill(fill) : []), ...this.order(order)];
  }

  /** Balances from the account or a stream event; returns the assets that changed. */
  balances(balances: readonly Balance[], time: number): TrackerOutput[] {
    const changed = balances.filter((balance) => {
      const known = this.balanceMap.get(balance.asset);
      return known === undefined || !known.free.equals(balance.free) || !known.locked.equals(balance.locked);
    });
    for (const balance of changed) this.balanceMap.set(balance.asset, balance);
    return changed.length > 0 ? [{ kind: 'balances', balances: changed, time }] : [];
  }

  /**
   * Reconciliation after the user stream was down: the open orders now (orders we thought open that are
   * missing from it are resolved by `resolveMissing` — the caller queries each one), the fills since the
   * last seen id, the balances now. Everything already known is dropped; what was missed comes out once.
   */
  reconcile(openOrders: readonly Order[], fills: readonly Fill[], balances: readonly Balance[], time: number): TrackerOutput[] {
    const out: TrackerOutput[] = [];
    for (const fill of [...fills].sort(byTradeId)) out.push(...this.fill(fill));
    for (const order of openOrders) out.push(...this.order(order));
    out.push(...this.balances(balances, time));
    return out;
  }

  /** Orders we believe open on `symbol` (or all) that `openOrders` does not list: query each to learn its end. */
  missingFrom(openOrders: readonly Order[], symbol?: string): Order[] {
    const listed = new Set(openOrders.map((order) => keyOf(order.symbol, order.orderId)));
    return this.open(symbol).filter((order) => !listed.has(keyOf(order.symbol, order.orderId)));
  }

  /** The highest trade id seen on `symbol`: reconciliation asks for trades after it. */
  lastTradeId(symbol: string): string | undefined {
    return this.trades.get(symbol)?.max?.toString();
  }

  /** Symbols with activity (open orders or seen fills): the ones to reconcile. */
  symbols(): string[] {
    return [...new Set([...this.trades.keys(), ...this.open().map((order) => order.symbol)])];
  }

  /** An order we know on `symbol`, by client order id or by the venue's id (venues number orders per symbol). */
  get(ref: { symbol: string; clientOrderId?: string; orderId?: string }): Order | undefined {
    const clientOrderId = ref.clientOrderId ?? (ref.orderId !== undefined ? this.byOrderId.get(keyOf(ref.symbol, ref.orderId)) : undefined);
    return clientOrderId === undefined ? undefined : this.orders.get(keyOf(ref.symbol, clientOrderId));
  }

  open(symbol?: string): Order[] {
    return [...this.orders.values()].filter((order) => !FINAL_STATUSES.has(order.status) && (symbol === undefined || order.symbol === symbol));
  }

  balance(asset: string): Balance | undefined {
    return this.balanceMap.get(asset);
  }

  allBalances(): Balance[] {
    return [...this.balanceMap.values()];
  }

  private find(order: Order): Order | undefined {
    return this.orders.get(keyOf(order.symbol, order.clientOrderId)) ?? this.get({ symbol: order.symbol, orderId: order.orderId });
  }

  private withClientOrderId(fill: Fill): Fill {
    const known = this.get({ symbol: fill.symbol, orderId: fill.orderId });
    return known !== undefined && known.clientOrderId !== fill.clientOrderId ? { ...fill, clientOrderId: known.clientOrderId } : fill;
  }

  private seen(symbol: string): SeenTrades {
    let seen = this.trades.get(symbol);
    if (!seen) this.trades.set(symbol, (seen = new SeenTrades(this.maxTradeIds)));
    return seen;
  }

  private rememberFinal(key: string): void {
    this.finals.push({ key, at: this.now() });
    this.forgetOld();
  }

  /** Forgets final orders past the count or the age limit. */
  private forgetOld(): void {
    const oldest = this.now() - this.retentionMs;
    while (this.finals.length - this.finalsHead > 0) {
      const first = this.finals[this.finalsHead]!;
      if (this.finals.length - this.finalsHead <= this.maxFinalOrders && first.at > oldest) break;
      this.finalsHead += 1;
      const order = this.orders.get(first.key);
      this.orders.delete(first.key);
      if (order) this.byOrderId.delete(keyOf(order.symbol, order.orderId));
    }
    if (this.finalsHead > 1024 && this.finalsHead * 2 > this.finals.length) {
      this.finals.splice(0, this.finalsHead);
      this.finalsHead = 0;
    }
  }
}

/** `incoming` moves `known` forward: a later state, or more filled. Equal or older is stale. */
function isAhead(incoming: Order, known: Order): boolean {
  if (FINAL_STATUSES.has(known.status)) return false;
  const filled = incoming.filledQuantity.comparedTo(known.filledQuantity);
  if (filled < 0) return false;
  if (filled > 0) return true;
  return RANK[incoming.status] > RANK[known.status];
}

/**
 * Orders are known per symbol: venues number them per symbol (Binance: two symbols' orders share ids), and a
 * client order id need only be unique among a symbol's open orders.
 */
const keyOf = (symbol: string, id: string): string => `${symbol}\u0000${id}`;

function byTradeId(a: Fill, b: Fill): number {
  const x = BigInt(a.tradeId);
  const y = BigInt(b.tradeId);
  return x < y ? -1 : x > y ? 1 : 0;
}
