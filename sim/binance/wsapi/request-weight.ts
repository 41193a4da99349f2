// REQUEST_WEIGHT of the WebSocket API. Binance counts REST and WS API requests against one budget per
// IP, so the WS API charges the same RateLimiter as the REST router; this adapts its answers to the WS
// API's shape (`rateLimits` arrays, `{code,msg,data:{serverTime,retryAfter}}` refusals).
import { BINANCE_RATE_LIMITS, RateLimiter } from '../rest/rate-limits.js';
import { wsApiErrors, type WsApiError } from './errors.js';

export interface RateLimitStatus {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS';
  interval: 'SECOND' | 'MINUTE' | 'DAY';
  intervalNum: number;
  limit: number;
  count: number;
}

export class RequestWeight {
  /** `limiter`: the REST router's, to share the budget (and the ORDERS counts); a private one (Binance's limits) otherwise. */
  constructor(readonly limiter: RateLimiter = new RateLimiter(BINANCE_RATE_LIMITS)) {}

  get limit(): number {
    return this.limiter.settings.requestWeightPerMinute;
  }

  /**
   * Charges `weight` to `ip`, or returns the 429/418 refusal (not charged, as on REST). `serverNow` is
   * the server clock: `retryAfter` is printed on it, whatever clock the windows run on.
   */
  charge(ip: string, weight: number, serverNow: number): WsApiError | undefined {
    const refusal = this.refusal(ip, weight, serverNow);
    if (!refusal) this.limiter.charge(ip, weight);
    return refusal;
  }

  /** The 429/418 refusal `weight` more would earn `ip`, charging nothing (order actions pay only when they fail). */
  refusal(ip: string, weight: number, serverNow: number): WsApiError | undefined {
    const refusal = this.limiter.check(ip, weight);
    if (!refusal) return undefined;
    const retryAfter = serverNow + refusal.retryInMs;
    return refusal.status === 418 ? wsApiErrors.banned(retryAfter, serverNow) : wsApiErrors.tooMuchWeight(this.limit, serverNow, retryAfter);
  }

  /** Charges `weight` already admitted by `refusal`. */
  add(ip: string, weight: number): void {
    this.limiter.charge(ip, weight);
  }

  /** Weight used by `ip` in the current minute (REST and WS API together). */
  used(ip: string): number {
    return this.limiter.usedWeight(ip);
  }

  /** `rateLimits` of a response; with `ordersOf` (order.place) the account's ORDERS counts come first, as in Binance's example. */
  status(count: number, ordersOf?: string): RateLimitStatus[] {
    const weight: RateLimitStatus = { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.limit, count };
    if (ordersOf === undefined) return [weight];
    const orders = this.limiter.orderCounts(ordersOf);
    const { ordersPer10s, ordersPerDay } = this.limiter.settings;
    return [
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: ordersPer10s, count: orders.per10s },
      { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: ordersPerDay, count: orders.perDay },
      weight,
    ];
  }
}
