// The contract of the simulator's matching engine: what sim/binance (REST, streams, WS API) and the
// bots may rely on. The engine is pure and deterministic: no timers, no I/O; time comes from `clock`.
// Decimal-valued fields are exact decimal strings on the way in and decimal.js `Decimal` inside. Order, trade
// and aggregate-trade ids are bigints (`Id`): a venue's are int64, and `firstId` may start them beyond 2^53.
import type { Decimal } from '../../lib/core/decimal.js';
import type { Kline, KlineInterval } from './klines.js';

/** An order, trade or aggregate-trade id: int64 on the venue, so never a JS number (exact beyond 2^53). */
export type Id = bigint;

export type Side = 'BUY' | 'SELL';
export type OrderType = 'LIMIT' | 'LIMIT_MAKER' | 'MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

/** Symbol definition with the Binance filters the engine enforces (decimal strings as in exchangeInfo). */
export interface SymbolSpec {
  symbol: string; // exchange form, e.g. 'BTCUSDT'
  baseAsset: string;
  quoteAsset: string;
  baseAssetPrecision: number;
  quoteAssetPrecision: number;
  priceFilter: { minPrice: string; maxPrice: string; tickSize: string };
  lotSize: { minQty: string; maxQty: string; stepSize: string };
  marketLotSize: { minQty: string; maxQty: string; stepSize: string };
  notional: {
    minNotional: string;
    applyMinToMarket: boolean;
    maxNotional: string;
    applyMaxToMarket: boolean;
    avgPriceMins: number;
  };
}

export interface NewOrderRequest {
  account: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce?: TimeInForce; // required for LIMIT, absent otherwise
  price?: string;
  quantity?: string;
  quoteOrderQty?: string; // MARKET only
  clientOrderId?: string; // generated when absent
}

export interface Fill {
  tradeId: Id;
  price: Decimal;
  qty: Decimal;
  quoteQty: Decimal;
  commission: Decimal;
  commissionAsset: string;
  isMaker: boolean;
  time: number;
}

/** Engine-side order record. orderId/tradeId are per-symbol increasing integers. */
export interface Order {
  symbol: string;
  orderId: Id;
  clientOrderId: string;
  account: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce; // MARKET orders report 'GTC' like Binance
  price: Decimal; // 0 for MARKET
  origQty: Decimal; // for quoteOrderQty MARKET: the filled qty once done
  origQuoteOrderQty: Decimal;
  executedQty: Decimal;
  cummulativeQuoteQty: Decimal;
  status: OrderStatus;
  transactTime: number; // time of creation
  updateTime: number;
  workingTime: number;
  fills: Fill[]; // fills of this order, in order
}

export interface PublicTrade {
  id: Id; // trade id, per symbol, from firstId (1)
  price: Decimal;
  qty: Decimal;
  quoteQty: Decimal;
  time: number;
  isBuyerMaker: boolean;
  buyerOrderId: Id;
  sellerOrderId: Id;
  aggId: Id; // aggregate-trade id this trade belongs to
}

export interface AggTrade {
  a: Id; // aggregate trade id
  p: Decimal;
  q: Decimal;
  f: Id; // first trade id
  l: Id; // last trade id
  T: number;
  m: boolean; // buyer is maker
}

export interface BalanceEntry {
  asset: string;
  free: Decimal;
  locked: Decimal;
}

export interface BookSnapshot {
  lastUpdateId: number;
  bids: Array<[Decimal, Decimal]>; // best first
  asks: Array<[Decimal, Decimal]>;
}

/** Events the engine emits synchronously, in the order things happened. */
export type EngineEvent =
  | { type: 'trade'; symbol: string; trade: PublicTrade }
  | {
      // One book change: every level whose total quantity changed, with its new total (0 = removed).
      // updateId increases by exactly 1 per event, per symbol (this is Binance's U/u numbering).
      type: 'depth';
      symbol: string;
      updateId: number;
      time: number;
      bids: Array<[Decimal, Decimal]>;
      asks: Array<[Decimal, Decimal]>;
    }
  | {
      // What an executionReport is made of.
      type: 'execution';
      account: string;
      order: Order; // a snapshot after this execution
      executionType: ExecutionType;
      lastFill?: Fill; // on TRADE
      rejectReason?: string;
      cancelClientOrderId?: string; // on CANCELED: the cancel request's own client id, when it had one
      time: number;
    }
  | {
      // What an outboundAccountPosition is made of: the assets that changed, after the change.
      type: 'accountPosition';
      account: string;
      balances: BalanceEntry[];
      time: number;
    }
  | {
      // Deposits/withdrawals (balanceUpdate).
      type: 'balanceDelta';
      account: string;
      asset: string;
      delta: Decimal;
      time: number;
    };

// Rejections are venue-neutral reasons (rejections.ts); each dialect maps them to its own errors.
export { EngineRejection, type Rejection, type RejectionReason } from './rejections.js';

export interface EngineOptions {
  symbols: SymbolSpec[];
  clock: () => number;
  /** Taker/maker commission rates as decimal strings; default '0' (no fees). */
  fees?: { maker: string; taker: string };
}

export interface CancelRequest {
  account: string;
  symbol: string;
  orderId?: Id;
  origClientOrderId?: string;
  /** The cancel request's own client id (Binance: newClientOrderId); the CANCELED execution carries it. */
  cancelClientOrderId?: string;
}

/** GET /api/v3/klines: klines whose open time is in [startTime, endTime]; without startTime the most recent `limit`. */
export interface KlineQuery {
  startTime?: number;
  endTime?: number;
  limit: number;
}

export interface TradeQuery {
  fromId?: Id;
  startTime?: number;
  endTime?: number;
  limit?: number; // default 500, max 1000
}

export interface Ticker24h {
  symbol: string;
  priceChange: Decimal;
  priceChangePercent: Decimal;
  weightedAvgPrice: Decimal;
  prevClosePrice: Decimal;
  lastPrice: Decimal;
  lastQty: Decimal;
  bidPrice: Decimal;
  bidQty: Decimal;
  askPrice: Decimal;
  askQty: Decimal;
  openPrice: Decimal;
  highPrice: Decimal;
  lowPrice: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  openTime: number;
  closeTime: number;
  firstId: Id; // -1 when no trade
  lastId: Id;
  count: number;
}

/** What `new MatchingEngine(options)` (sim/engine/engine.ts) provides. */
export interface MatchingEngineApi {
  readonly symbols: ReadonlyMap<string, SymbolSpec>;
  createAccount(name: string, balances: Record<string, string>): void;
  hasAccount(name: string): boolean;
  deposit(account: string, asset: string, amount: string): void; // emits balanceDelta + accountPosition
  /** Validates (filters, balance, duplicate clientOrderId) then matches. Throws EngineRejection. */
  placeOrder(req: NewOrderRequest): Order;
  /** Throws EngineRejection 'unknown-order' when absent or not open. */
  cancelOrder(req: CancelRequest): Order;
  /** Cancels the account's open orders on the symbol, oldest first; [] when there were none. `cancelClientOrderId` names each cancel. */
  cancelAll(account: string, symbol: string, cancelClientOrderId?: (orderId: Id) => string): Order[];
  /** Throws EngineRejection 'order-not-found' when absent. */
  getOrder(account: string, symbol: string, ref: { orderId?: Id; origClientOrderId?: string }): Order;
  openOrders(account: string, symbol?: string): Order[];
  myTrades(account: string, symbol: string, q: TradeQuery & { orderId?: Id }): Array<Fill & { orderId: Id; side: Side }>;
  balances(account: string): BalanceEntry[];
  depth(symbol: string, limit: number): BookSnapshot;
  recentTrades(symbol: string, limit: number): PublicTrade[];
  aggTrades(symbol: string, q: TradeQuery): AggTrade[];
  ticker24h(symbol: string): Ticker24h;
  bookTicker(symbol: string): { bidPrice: Decimal; bidQty: Decimal; askPrice: Decimal; askQty: Decimal };
  lastPrice(symbol: string): Decimal | undefined;
  /** Returns an unsubscribe function. Listeners run synchronously inside the engine call. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Trades from `fromId`, else the most recent (GET /api/v3/historicalTrades). */
  historicalTrades(symbol: string, q: TradeQuery): PublicTrade[];
  /** Every account's name (soak invariants sum balances over all accounts, bots included). */
  accountNames(): string[];
  /** Volume-weighted price of the last `avgPriceMins` minutes (GET /api/v3/avgPrice); the last price when none. */
  avgPrice(symbol: string): { mins: number; price: Decimal; closeTime: number };
  /** The account's kept orders on `symbol` (open and closed) by orderId, Binance's history rules (GET /api/v3/allOrders). */
  allOrders(account: string, symbol: string, q: TradeQuery): Order[];
  /** The price a NOTIONAL filter measures an order of `type` with (MARKET: average over avgPriceMins). */
  notionalPrice(symbol: string, type: OrderType): Decimal | undefined;
  /** Klines folded from the kept trade history (GET /api/v3/klines), oldest first. */
  klines(symbol: string, interval: KlineInterval, q: KlineQuery): Kline[];
}
