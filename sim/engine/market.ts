// Per-symbol engine state (book, tape, ticker, order records) and per-account order indexes.
// Closed orders are kept for queries but bounded, so a long-running simulator does not grow forever.
import type { Decimal } from '../../lib/core/decimal.js';
import { OrderBook } from './order-book.js';
import { Queue } from './queue.js';
import { RollingTicker } from './rolling-ticker.js';
import { TradeTape } from './trade-tape.js';
import type { Fill, Order, Side, SymbolSpec } from './types.js';

/** An order as the engine holds it: the public record plus the amount it still has locked. */
export interface LiveOrder extends Order {
  lockAsset: string;
  locked: Decimal;
}

export type MyTrade = Fill & { orderId: number; side: Side };

export interface AccountSymbolOrders {
  open: Map<number, LiveOrder>; // by orderId, in placement order
  byClientId: Map<string, number>; // clientOrderId -> most recent orderId with it
  closed: Queue<number>; // orderIds of closed orders still kept, oldest first
  trades: Queue<MyTrade>;
}

export interface MarketLimits {
  maxTradeHistory: number;
  maxClosedOrdersPerAccount: number;
}

export class Market {
  readonly book = new OrderBook();
  readonly tape: TradeTape;
  readonly ticker = new RollingTicker();
  readonly orders = new Map<number, LiveOrder>();
  private readonly accountOrders = new Map<string, AccountSymbolOrders>();
  private nextOrderId = 1;
  updateId = 0;

  constructor(
    readonly spec: SymbolSpec,
    private readonly limits: MarketLimits,
  ) {
    this.tape = new TradeTape(limits.maxTradeHistory);
  }

  newOrderId(): number {
    return this.nextOrderId++;
  }

  forAccount(account: string): AccountSymbolOrders {
    let entry = this.accountOrders.get(account);
    if (!entry) {
      entry = { open: new Map(), byClientId: new Map(), closed: new Queue(), trades: new Queue() };
      this.accountOrders.set(account, entry);
    }
    return entry;
  }

  peekAccount(account: string): AccountSymbolOrders | undefined {
    return this.accountOrders.get(account);
  }

  register(order: LiveOrder): void {
    this.orders.set(order.orderId, order);
    const entry = this.forAccount(order.account);
    entry.open.set(order.orderId, order);
    entry.byClientId.set(order.clientOrderId, order.orderId);
  }

  /**
   * Moves an order out of the open set; keeps the account's most recent closed orders for queries and
   * forgets older ones, so busy accounts (the bots) cannot grow memory without bound.
   */
  close(order: LiveOrder): void {
    const entry = this.forAccount(order.account);
    entry.open.delete(order.orderId);
    entry.closed.push(order.orderId);
    while (entry.closed.length > this.limits.maxClosedOrdersPerAccount) {
      const evicted = this.orders.get(entry.closed.shift() as number);
      if (!evicted) continue;
      this.orders.delete(evicted.orderId);
      if (entry.byClientId.get(evicted.clientOrderId) === evicted.orderId) entry.byClientId.delete(evicted.clientOrderId);
    }
  }

  recordMyTrade(account: string, trade: MyTrade): void {
    const trades = this.forAccount(account).trades;
    trades.push(trade);
    while (trades.length > this.limits.maxTradeHistory) trades.shift();
  }

  /** Finds an order of `account` by orderId or (most recent) clientOrderId; both given must agree. */
  find(account: string, ref: { orderId?: number; origClientOrderId?: string }): LiveOrder | undefined {
    let order: LiveOrder | undefined;
    if (ref.orderId !== undefined) {
      order = this.orders.get(ref.orderId);
      if (order && ref.origClientOrderId !== undefined && order.clientOrderId !== ref.origClientOrderId) return undefined;
    } else if (ref.origClientOrderId !== undefined) {
      const id = this.accountOrders.get(account)?.byClientId.get(ref.origClientOrderId);
      order = id === undefined ? undefined : this.orders.get(id);
    }
    return order && order.account === account ? order : undefined;
  }
}

export function isOpen(order: Order): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}

/** A copy safe to hand out: later fills do not change it, and the engine's bookkeeping stays inside. */
export function snapshotOrder(o: Order): Order {
  return {
    symbol: o.symbol,
    orderId: o.orderId,
    clientOrderId: o.clientOrderId,
    account: o.account,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    price: o.price,
    origQty: o.origQty,
    origQuoteOrderQty: o.origQuoteOrderQty,
    executedQty: o.executedQty,
    cummulativeQuoteQty: o.cummulativeQuoteQty,
    status: o.status,
    transactTime: o.transactTime,
    updateTime: o.updateTime,
    workingTime: o.workingTime,
    fills: o.fills.slice(),
  };
}
