// Normalized trading models (DESIGN.md section 4): what a user's session reports on its promises and
// on the private topics `orders:<userId>`, `fills:<userId>`, `balances:<userId>`. Money is exact
// (Decimal); exchange ids are strings (64-bit ids never go through a float). Status names are the
// exchange's own (`NEW`, `PARTIALLY_FILLED`, ...), as users of the Binance SDK and ccxt's `info` expect.
import type { Decimal } from '../core/decimal.js';

export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market' | 'limit_maker';
/** GTX (post-only, futures) is only accepted by venues that print it; spot refuses it. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX';
/**
 * A conditional order (futures): it rests untriggered until the trigger price is reached, then works as its
 * `type` says (a limit at `price`, or a market). Binance USD-M: limit + stop = STOP, market + stop = STOP_MARKET,
 * limit + take_profit = TAKE_PROFIT, market + take_profit = TAKE_PROFIT_MARKET.
 */
export type TriggerKind = 'stop' | 'take_profit';
/** Which price a trigger watches: the mark price or the last trade price (Binance MARK_PRICE / CONTRACT_PRICE). */
export type TriggerPriceType = 'mark' | 'contract';
/** Futures position side: 'both' in one-way mode, 'long' or 'short' in hedge mode. */
export type PositionSide = 'both' | 'long' | 'short';
export type MarginType = 'cross' | 'isolated';

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
  /** Futures only (spot refuses or ignores them): a conditional order's trigger. */
  readonly trigger?: { readonly kind: TriggerKind; readonly price: string | Decimal; readonly priceType?: TriggerPriceType };
  /** Futures only: the order may only reduce the position (one-way mode; hedge mode says it by side). */
  readonly reduceOnly?: boolean;
  /** Futures only: the position the order belongs to; 'long'/'short' require hedge mode. Default 'both'. */
  readonly positionSide?: PositionSide;
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
  /** Futures: the trigger of a conditional order. */
  readonly trigger?: { readonly kind: TriggerKind; readonly price: Decimal; readonly priceType: TriggerPriceType | undefined };
  /** Futures: reduce-only. */
  readonly reduceOnly?: boolean;
  /** Futures: the position the order belongs to. */
  readonly positionSide?: PositionSide;
  /** Futures: average fill price as the venue prints it ('0' before a fill). */
  readonly averagePrice?: Decimal;
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
  /** Futures: the profit or loss this fill realized (signed), in the settle asset. */
  readonly realizedPnl?: Decimal;
  /** Futures: the position the fill belongs to. */
  readonly positionSide?: PositionSide;
}

/**
 * One asset of an account. Futures (margin) wallets have no locked part: margin held by positions and orders is
 * a view on them, not a balance, and the user stream prints only the wallet balance. So on futures `free` is the
 * wallet balance (Binance `balance` / `wb`, the one number REST and the stream both print, so they reconcile),
 * `locked` is 0, and what new orders may use is `available` (REST only).
 */
export interface Balance {
  readonly asset: string;
  readonly free: Decimal;
  readonly locked: Decimal;
  /** Futures: wallet balance of cross-margined positions (Binance `crossWalletBalance` / `cw`). */
  readonly crossWallet?: Decimal;
  /** Futures, REST only: what new orders may use (Binance `availableBalance`; may be negative). */
  readonly available?: Decimal;
  /** Futures, REST only: unrealized profit of cross positions (Binance `crossUnPnl`). */
  readonly unrealizedPnl?: Decimal;
}

/**
 * A futures position. `quantity` is signed as the venue prints it (Binance `positionAmt` / `pa`): positive long,
 * negative short, zero flat; in hedge mode the 'long' position is >= 0 and the 'short' one <= 0. Fields a source
 * does not print are undefined (the user stream's ACCOUNT_UPDATE has no mark price, leverage or liquidation price).
 */
export interface Position {
  readonly exchange: string;
  readonly symbol: string;
  readonly positionSide: PositionSide;
  readonly quantity: Decimal;
  readonly entryPrice: Decimal;
  readonly breakEvenPrice: Decimal | undefined;
  readonly markPrice: Decimal | undefined;
  readonly unrealizedPnl: Decimal;
  readonly leverage: number | undefined;
  readonly marginType: MarginType;
  /** '0' when the venue sees no liquidation price. */
  readonly liquidationPrice: Decimal | undefined;
  /** Isolated margin wallet (0 on cross). */
  readonly isolatedWallet: Decimal | undefined;
  /** Exchange time of the last change (ms); 0 when the venue prints none (a position never opened). */
  readonly updatedAt: number;
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

/** `positions:<userId>`: the positions that changed, with their new state. */
export interface PositionsEvent {
  readonly type: 'positions';
  readonly userId: string;
  readonly positions: readonly Position[];
  readonly time: number;
}
