// Per-symbol engine state (book, tape, ticker, order records) and per-account order indexes.
// Closed orders and fills are kept for queries within the engine's shared RetentionBudget (oldest
// forgotten first, across all symbols and accounts), so a long-running simulator stays flat.
import type { Decimal } from '../../lib/core/decimal.js';
import { OrderBook } from './order-book.js';
import { BoundedHistory, ENTRY_BYTES, type RetentionBudget } from './retention.js';
import { RollingTicker } from './rolling-ticker.js';
import { TradeTape } from './trade-tape.js';
import type { Fill, Id, Order, Side, SymbolSpec } from './types.js';

/** An order as the engine holds it: the public record plus the amount it still has locked. */
export interface LiveOrder extends Order {
  lockAsset: string;
  locked: Decimal;
}

export type MyTrade = Fill & { orderId: Id; side: Side };

export interface AccountSymbolOrders {
  open: Map<Id, LiveOrder>; // by orderId, in placement order
  byClientId: Map<string, Id>; // clientOrderId -> most recent orderId with it
  closed: BoundedHistory<LiveOrder>; // closed orders still kept, oldest first
  trades: BoundedHistory<MyTrade>;
}

export interface MarketLimits {
  budget: RetentionBudget;
  /** Optional caps per history on top of the shared budget (tests use small ones). */
  maxTradeHistory?: number;
  maxClosedOrdersPerAccount?: number;
  /** The first order id and trade id (default 1). */
  firstId?: Id;
}

const closedOrderBytes = (order: LiveOrder): number => ENTRY_BYTES.closedOrder + order.fills.length * ENTRY_BYTES.orderFill;

export class Market {
  readonly book = new OrderBook();
  readonly tape: TradeTape;
  readonly ticker = new RollingTicker();
  readonly orders = new Map<Id, LiveOrder>();
  private readonly accountOrders = new Map<string, AccountSymbolOrders>();
  private nextOrderId: Id;
  updateId = 0;

  constructor(
    readonly spec: SymbolSpec,
    private readonly limits: MarketLimits,
  ) {
    this.nextOrderId = limits.firstId ?? 1n;
    this.tape = new TradeTape(limits.budget, limits.maxTradeHistory, limits.firstId);
  }

  newOrderId(): Id {
    return this.nextOrderId++;
  }

  forAccount(account: string): AccountSymbolOrders {
    let entry = this.accountOrders.get(account);
    if (!entry) {
      const byClientId = new Map<string, Id>();
      const forget = (order: LiveOrder): void => {
        this.orders.delete(order.orderId);
        if (byClientId.get(order.clientOrderId) === order.orderId) byClientId.delete(order.clientOrderId);
      };
      entry = {
        open: new Map(),
        byClientId,
        closed: new BoundedHistory<LiveOrder>(this.limits.budget, closedOrderBytes, this.limits.maxClosedOrdersPerAccount, forget),
        trades: new BoundedHistory<MyTrade>(this.limits.budget, () => ENTRY_BYTES.myTrade, this.limits.maxTradeHistory),
      };
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

  /** Moves an order out of the open set into the account's kept history (the budget may forget it later). */
  close(order: LiveOrder): void {
    const entry = this.forAccount(order.account);
    entry.open.delete(order.orderId);
    entry.closed.push(order);
  }

  recordMyTrade(account: string, trade: MyTrade): void {
    this.forAccount(account).trades.push(trade);
  }

  /** Finds an order of `account` by orderId or (most recent) clientOrderId; both given must agree. */
  find(account: string, ref: { orderId?: Id; origClientOrderId?: string }): LiveOrder | undefined {
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
