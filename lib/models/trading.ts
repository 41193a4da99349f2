// Normalized trading models (DESIGN.md section 4): what a user's session reports on its promises and
// on the private topics `orders:<userId>`, `fills:<userId>`, `balances:<userId>`. Money is exact
// (Decimal); exchange ids are strings (64-bit ids never go through a float). Status names are the
// exchange's own (`NEW`, `PARTIALLY_FILLED`, ...), as users of the Binance SDK and ccxt's `info` expect.
import type { Decimal } from '../core/decimal.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market' | 'limit_maker';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';

/** Binance's order states; a venue with other names maps onto these. */
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'REJECTED' | 'EXPIRED' | 'EXPIRED_IN_MATCH' | 'PENDING_NEW';

/** Terminal: nothing more will happen to the order. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH']);

/** What a user asks for. Prices and quantities as exact strings or Decimals; validated before anything is sent. */
export interface OrderRequest {
  /** Unified symbol: 'BTC/USDT'. */
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly price?: string | Decimal;
  /** Base-asset quantity. A MARKET order has either `quantity` or `quoteQuantity`. */
  readonly quantity?: string | Decimal;
  /** MARKET only: spend (buy) or receive (sell) this much of the quote asset. */
  readonly quoteQuantity?: string | Decimal;
  /** LIMIT only; default GTC. */
  readonly timeInForce?: TimeInForce;
  /** The idempotency key; generated when absent. */
  readonly clientOrderId?: string;
}

export interface Order {
  readonly exchange: string;
  readonly symbol: string;
  /** The exchange's order id, as a string. */
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce | undefined;
  readonly status: OrderStatus;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly filledQuantity: Decimal;
  /** Quote asset spent or received so far. */
  readonly filledQuoteQuantity: Decimal;
  /** Exchange time of the last change (ms). */
  readonly updatedAt: number;
}

/** One execution of an order. `tradeId` is unique per symbol: fills are deduplicated by it. */
export interface Fill {
  readonly exchange: string;
  readonly symbol: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly tradeId: string;
  readonly side: OrderSide;
  readonly price: Decimal;
  readonly quantity: Decimal;
  readonly quoteQuantity: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string | undefined;
  readonly maker: boolean;
  readonly time: number;
}

export interface Balance {
  readonly asset: string;
  readonly free: Decimal;
  readonly locked: Decimal;
}

/** `orders:<userId>`: an order's new state, once per transition. */
export interface OrderEvent {
  readonly type: 'order';
  readonly userId: string;
  readonly order: Order;
}

/** `fills:<userId>`: each fill exactly once, even across reconnects. */
export interface FillEvent {
  readonly type: 'fill';
  readonly userId: string;
  readonly fill: Fill;
}

/** `balances:<userId>`: the assets that changed, with their new free/locked amounts. */
export interface BalancesEvent {
  readonly type: 'balances';
  readonly userId: string;
  readonly balances: readonly Balance[];
  readonly time: number;
}
