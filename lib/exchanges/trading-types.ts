// The TradingCodec contract: everything a user's trading session needs to know about a venue, as data and
// pure functions (the MarketCodec's style, lib/exchanges/types.ts). The session and user-stream actors own
// sockets, clocks and retries; they never branch on a venue's name. No function here does I/O or keeps time.
import type { Decimal } from '../core/decimal.js';
import type { CexError } from '../core/errors.js';
import type { Balance, Fill, MarginType, Order, OrderRequest, Position } from '../models/trading.js';
import type { RestRequest, SymbolInfo } from './types.js';

/** An API key with an HMAC secret (the default key type). */
export interface HmacCredentials {
  readonly kind?: 'hmac';
  readonly apiKey: string;
  readonly apiSecret: string;
}

/** An API key registered with an Ed25519 public key; the private key in PEM (PKCS#8, "BEGIN PRIVATE KEY"). */
export interface Ed25519Credentials {
  readonly kind: 'ed25519';
  readonly apiKey: string;
  readonly privateKeyPem: string;
}

export type TradingCredentials = HmacCredentials | Ed25519Credentials;

/** A price rule: `filter` is the venue's name for it (errors name it); a '0' bound disables that bound. */
export interface PriceRule {
  readonly filter: string;
  readonly min: string;
  readonly max: string;
  readonly tick: string;
}

/** A quantity rule (base asset): bounds and step, exact strings as the venue prints them. */
export interface QuantityRule {
  readonly filter: string;
  readonly min: string;
  readonly max: string;
  readonly step: string;
}

/** price * quantity bounds. `max` undefined: no upper bound. Market orders only obey the bounds flagged. */
export interface NotionalRule {
  readonly filter: string;
  readonly min: string;
  readonly max: string | undefined;
  readonly applyMinToMarket: boolean;
  readonly applyMaxToMarket: boolean;
}

/** How far from the reference price a limit price may be, per side (multipliers of the reference price). */
export interface PercentPriceRule {
  readonly filter: string;
  readonly bidUp: string;
  readonly bidDown: string;
  readonly askUp: string;
  readonly askDown: string;
  /** Minutes the venue averages the reference price over (0: last price). */
  readonly averageMinutes: number;
}

/** One symbol's trading rules, from the venue's listing (exchangeInfo). */
export interface SymbolRules {
  readonly venueSymbol: string;
  readonly base: string;
  readonly quote: string;
  /** The venue accepts orders now (Binance status TRADING). */
  readonly trading: boolean;
  /** Order types the symbol allows, in the models' terms. */
  readonly orderTypes: readonly OrderRequest['type'][];
  /** MARKET orders by quote quantity are allowed. */
  readonly quoteQuantityMarket: boolean;
  readonly price: PriceRule | undefined;
  readonly quantity: QuantityRule | undefined;
  /** Extra quantity rule for MARKET orders (Binance MARKET_LOT_SIZE); undefined when none. */
  readonly marketQuantity: QuantityRule | undefined;
  /** Every notional rule listed (Binance may list MIN_NOTIONAL and NOTIONAL). */
  readonly notional: readonly NotionalRule[];
  readonly percentPrice: PercentPriceRule | undefined;
  /** Every order type the listing names, in the venue's terms (futures checks STOP_MARKET etc. against it). */
  readonly venueOrderTypes?: readonly string[];
}

/** Rules for every listed symbol, keyed by venue symbol ('BTCUSDT'). */
export type TradingRules = ReadonlyMap<string, SymbolRules>;

/**
 * An order that passed validation, in the venue's terms, ready to send: every amount an exact string
 * (canonical: no exponent, trailing zeros trimmed), the client order id fixed (the idempotency key).
 */
export interface ValidatedOrder {
  /** Unified symbol, as the request named it. */
  readonly symbol: string;
  readonly venueSymbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string | undefined;
  readonly price: string | undefined;
  readonly quantity: string | undefined;
  readonly quoteQuantity: string | undefined;
  readonly clientOrderId: string;
  /** Futures: trigger price of a conditional order, and the price it watches (venue terms: MARK_PRICE). */
  readonly stopPrice?: string;
  readonly workingType?: string;
  /** Futures: 'true' when reduce-only (one-way mode only). */
  readonly reduceOnly?: boolean;
  /** Futures: BOTH, LONG or SHORT. */
  readonly positionSide?: string;
}

/** How a request proves who sends it: signed (key + signature), API key header only, or nothing. */
export type RequestSecurity = 'signed' | 'apiKey' | 'none';

/**
 * A private REST request as data. `params` in the order they are sent (the signature covers that order);
 * signRequest adds the timestamp, recvWindow and signature.
 */
export interface SignedRestRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly params: ReadonlyArray<readonly [string, string]>;
  readonly weight: number;
  readonly security: RequestSecurity;
}

/** What goes on the wire: path with its query string (signature included), headers, body ('' when none). */
export interface HttpRequestParts {
  readonly method: SignedRestRequest['method'];
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Which order a cancel or query means: the venue's id or our client order id. */
export type OrderRef = { readonly orderId: string } | { readonly clientOrderId: string };

/** A placement acknowledgement (Binance newOrderRespType ACK): the ids, not the order's state. */
export interface OrderAck {
  readonly symbol: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly transactTime: number;
}

/** Maps a venue symbol to the unified one; throws UnknownSymbolError (SymbolMap.toUnified fits). */
export type ToUnified = (venueSymbol: string) => string;

/** Anything with case-insensitive `get` (fetch's Headers), or a plain header record (Node's, lower-case keys). */
export type HeadersLike = { get(name: string): string | null } | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Usage the venue reported with an answer; absent fields were not reported. */
export interface RateLimitInfo {
  readonly usedWeight1m?: number;
  readonly orderCount10s?: number;
  readonly orderCount1d?: number;
  readonly retryAfterMs?: number;
}

/** One entry of a WebSocket API answer's `rateLimits`. */
export interface RateLimitCount {
  readonly rateLimitType: string;
  readonly interval: string;
  readonly intervalNum: number;
  readonly limit: number;
  readonly count: number;
}

/**
 * What one frame of a user-data connection (the venue's WebSocket API) turned out to be. Models carry the
 * unified symbol (parseUserFrame takes a ToUnified); an event about a symbol the listing lacks comes back
 * as 'unknown' with its venueSymbol, so the session can refresh the listing and reconcile.
 */
export type UserFrame =
  /** The answer to a request we sent (subscribe, logon, order.place, ...). `error` set when status >= 400. */
  | {
      readonly kind: 'response';
      readonly id: string | number | null;
      readonly status: number;
      readonly result: unknown;
      readonly error: { readonly code: number; readonly msg: string; readonly data: unknown } | undefined;
      readonly rateLimits: readonly RateLimitCount[];
    }
  /**
   * An order changed: its new state, and the fill when the change is a trade. `executionType` is the venue's
   * (NEW, TRADE, CANCELED, EXPIRED, REJECTED, ...); `requestClientOrderId` the id of the request that caused
   * it (on a cancel: the cancel's own id; the order's stays in `order.clientOrderId`).
   */
  | {
      readonly kind: 'orderUpdate';
      readonly subscriptionId: number | undefined;
      readonly executionType: string;
      readonly order: Order;
      readonly fill: Fill | undefined;
      readonly requestClientOrderId: string;
      readonly rejectReason: string | undefined;
      readonly eventTime: number;
    }
  /**
   * The account's new free/locked amounts for the assets that changed. Futures (ACCOUNT_UPDATE) adds the
   * positions that changed and the venue's reason (ORDER, FUNDING_FEE, DEPOSIT, ...); order by eventTime.
   */
  | {
      readonly kind: 'balances';
      readonly subscriptionId: number | undefined;
      readonly balances: readonly Balance[];
      readonly eventTime: number;
      readonly updateTime: number;
      readonly positions?: readonly Position[];
      readonly reason?: string;
    }
  /** A deposit, withdrawal or transfer changed one asset's balance by `delta` (signed). */
  | {
      readonly kind: 'balanceDelta';
      readonly subscriptionId: number | undefined;
      readonly asset: string;
      readonly delta: Decimal;
      readonly eventTime: number;
      readonly clearTime: number;
    }
  /** The subscription ended (logout, unsubscribe, expiry): subscribe again and reconcile. */
  | { readonly kind: 'terminated'; readonly subscriptionId: number | undefined; readonly eventTime: number }
  /** The server will close this connection soon: open another, subscribe there, then close this one. */
  | { readonly kind: 'serverShutdown'; readonly eventTime: number | undefined }
  /** Valid JSON the codec does not handle (a new event, or one about an unlisted symbol): counted, not an error. */
  | { readonly kind: 'unknown'; readonly event: string | undefined; readonly venueSymbol: string | undefined }
  /** Not what the venue documents: counted and logged, never thrown. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** Options of a WebSocket API request frame. */
export interface WsRequestOptions {
  readonly recvWindowMs?: number;
}

/**
 * A listen-key user stream (Binance USD-M): a key from REST opens the stream URL; it lives `validityMs` unless
 * kept alive. The user-stream actor owns the timer: keep alive every `keepAliveIntervalMs`, re-create on an
 * UnknownListenKey answer (ExchangeError kind 'subscription') or a 'terminated' frame (listenKeyExpired).
 */
export interface ListenKeyCodec {
  readonly validityMs: number;
  readonly keepAliveIntervalMs: number;
  create(): SignedRestRequest;
  keepAlive(listenKey: string): SignedRestRequest;
  close(listenKey: string): SignedRestRequest;
  /** The key from a create (or keep-alive) answer. Throws ExchangeFormatError. */
  parse(body: unknown): string;
  /** The URL of the stream: `wsBase` is the part before `/private` ('wss://fstream.binance.com'). */
  streamUrl(wsBase: string, listenKey: string): string;
}

/** The answer to a leverage change. */
export interface LeverageAnswer {
  readonly venueSymbol: string;
  readonly leverage: number;
  readonly maxNotional: string;
}

/** The trading half of an exchange adapter. */
export interface TradingCodec {
  /** Lower-case venue name: 'binance'. */
  readonly exchange: string;

  /** The venue's instrument listing (exchangeInfo), and the unified symbols and trading rules read from its body. */
  exchangeInfoRequest(): RestRequest;
  /** Unified <-> venue symbols from the listing body (never guessed). Throws ExchangeFormatError. */
  parseSymbols(exchangeInfoBody: unknown): SymbolInfo[];
  /** Per-symbol trading rules from the listing body (exchangeInfo). Throws ExchangeFormatError. */
  parseSymbolRules(exchangeInfoBody: unknown): TradingRules;
  /**
   * Checks a request against the symbol's rules and formats it for the venue; throws InvalidOrderError
   * (naming field, value and filter) or UnknownSymbolError. `referencePrice` (the venue's average or
   * reference price) enables the rules that need one (market notional, percent price); without it they
   * are left to the venue.
   */
  validateOrder(request: OrderRequest, rules: TradingRules, venueSymbol: string, referencePrice?: Decimal): ValidatedOrder;
  /** A fresh client order id the venue accepts, unique per process (prefix + time + counter + random). */
  newClientOrderId(nowMs?: number): string;

  // REST requests, as data.
  serverTime(): SignedRestRequest;
  placeOrder(order: ValidatedOrder, options?: { readonly responseType?: 'ACK' | 'RESULT' | 'FULL' }): SignedRestRequest;
  cancelOrder(venueSymbol: string, ref: OrderRef, newClientOrderId?: string): SignedRestRequest;
  cancelAll(venueSymbol: string): SignedRestRequest;
  getOrder(venueSymbol: string, ref: OrderRef): SignedRestRequest;
  openOrders(venueSymbol?: string): SignedRestRequest;
  account(): SignedRestRequest;
  myTrades(venueSymbol: string, options: { readonly fromId?: string; readonly orderId?: string; readonly limit: number }): SignedRestRequest;
  /** Adds timestamp, recvWindow, signature and the key header. Throws ValidationError for unusable credentials. */
  signRequest(request: SignedRestRequest, credentials: TradingCredentials, timestampMs: number, recvWindowMs: number): HttpRequestParts;

  // REST answers -> models. Throw ExchangeFormatError naming the field.
  /** An order's state: new-order RESULT/FULL, query, cancel and open-order shapes. */
  parseOrder(body: unknown, toUnified: ToUnified): Order;
  /** The ACK shape (ids only). */
  parseOrderAck(body: unknown, toUnified: ToUnified): OrderAck;
  /** The fills a FULL new-order answer carries (empty for other shapes). */
  parseOrderFills(body: unknown, toUnified: ToUnified): Fill[];
  parseOrders(body: unknown, toUnified: ToUnified): Order[];
  /** Account trade history; `clientOrderId` is '' (the venue does not report it here). */
  parseTrades(body: unknown, toUnified: ToUnified): Fill[];
  parseBalances(body: unknown): Balance[];
  parseServerTime(body: unknown): number;

  /** The typed error for a refused request (status >= 400, or a WebSocket API error answer). */
  mapError(httpStatus: number, body: unknown, headers: HeadersLike): CexError;
  /** A request that got no answer (timeout, reset, refused): OutcomeUnknownError. */
  mapTransportError(error: unknown): CexError;
  rateLimitInfo(headers: HeadersLike): RateLimitInfo;

  // The user-data connection (WebSocket API). Frames are the text to send; `id` correlates the answer.
  userStreamSubscribeFrame(credentials: TradingCredentials, timestampMs: number, id: string | number, options?: WsRequestOptions): string;
  sessionLogonFrame(credentials: TradingCredentials, timestampMs: number, id: string | number, options?: WsRequestOptions): string;
  pingFrame(id: string | number): string;
  orderPlaceFrame(order: ValidatedOrder, credentials: TradingCredentials, timestampMs: number, id: string | number, options?: WsRequestOptions): string;
  orderCancelFrame(
    venueSymbol: string,
    ref: OrderRef,
    credentials: TradingCredentials,
    timestampMs: number,
    id: string | number,
    options?: WsRequestOptions & { readonly newClientOrderId?: string },
  ): string;
  /** Never throws. */
  parseUserFrame(text: string, toUnified: ToUnified): UserFrame;

  // Futures (optional: a spot venue has none of these).
  /**
   * How user data arrives: 'wsapi' (default: subscribe on the WebSocket API with the frames above) or
   * 'listenKey' (a key from REST opens a stream URL: `listenKey`; the WebSocket API frames then throw).
   */
  readonly userStream?: 'wsapi' | 'listenKey';
  readonly listenKey?: ListenKeyCodec;
  /** Open positions (every symbol, or one). */
  positions?(venueSymbol?: string): SignedRestRequest;
  parsePositions?(body: unknown, toUnified: ToUnified): Position[];
  setLeverage?(venueSymbol: string, leverage: number): SignedRestRequest;
  parseLeverage?(body: unknown): LeverageAnswer;
  setMarginType?(venueSymbol: string, marginType: MarginType): SignedRestRequest;
}
