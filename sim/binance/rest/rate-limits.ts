// Binance's rate limits: request weight per IP in fixed one-minute windows (one budget for REST and the
// WebSocket API, as Binance counts both against the IP), new-order counts per account (10 s and 1 day),
// and the IP ban (418) for clients that keep sending after a 429 (fixtures/binance/NOTES.md section 5).
// Time comes from `now` so tests need no waiting.
import { restErrors } from './errors.js';

export interface RateLimitSettings {
  /** REQUEST_WEIGHT per 1 MINUTE per IP (Binance: 6000). */
  requestWeightPerMinute: number;
  /** ORDERS per 10 SECOND per account (Binance: 50). */
  ordersPer10s: number;
  /** ORDERS per 1 DAY per account (Binance: 160000). */
  ordersPerDay: number;
  /** Requests refused with 429 in one window before the IP is banned (418). */
  rejectionsBeforeBan: number;
  /** Ban length (Binance: from 2 minutes to 3 days, growing with repeat offences). */
  banMs: number;
  /** WebSocket connection attempts per 5 minutes per IP, market streams and WS API each (Binance: 300). */
  connectionAttemptsPer5Min: number;
}

export const BINANCE_RATE_LIMITS: RateLimitSettings = {
  requestWeightPerMinute: 6000,
  ordersPer10s: 50,
  ordersPerDay: 160_000,
  rejectionsBeforeBan: 10,
  banMs: 120_000,
  connectionAttemptsPer5Min: 300,
};

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;
const DAY = 86_400_000;

/** A counter that resets at each fixed interval boundary, as Binance's limits do. */
class WindowCounter {
  private window = -1;
  private count = 0;
  constructor(private readonly intervalMs: number) {}

  value(now: number): number {
    return Math.floor(now / this.intervalMs) === this.window ? this.count : 0;
  }

  add(now: number, n: number): number {
    const window = Math.floor(now / this.intervalMs);
    if (window !== this.window) {
      this.window = window;
      this.count = 0;
    }
    this.count += n;
    return this.count;
  }

  retryAfterSec(now: number): number {
    return Math.max(1, Math.ceil((this.windowEnd(now) - now) / 1000));
  }

  windowEnd(now: number): number {
    return (Math.floor(now / this.intervalMs) + 1) * this.intervalMs;
  }
}

/**
 * Why a request is refused, in machine time: 429 until the minute ends, or 418 until the ban ends
 * (`untilMs`, machine epoch ms), `retryInMs` from now. REST and the WS API print it in their own way.
 */
export interface WeightRefusal {
  status: 429 | 418;
  untilMs: number;
  retryInMs: number;
}

interface IpState {
  weight: WindowCounter;
  rejections: WindowCounter;
  bannedUntil: number;
}

interface AccountState {
  short: WindowCounter;
  day: WindowCounter;
}

export class RateLimiter {
  private readonly ips = new Map<string, IpState>();
  private readonly accounts = new Map<string, AccountState>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  private ip(key: string): IpState {
    let state = this.ips.get(key);
    if (!state) {
      state = { weight: new WindowCounter(MINUTE), rejections: new WindowCounter(MINUTE), bannedUntil: 0 };
      this.ips.set(key, state);
    }
    return state;
  }

  private account(name: string): AccountState {
    let state = this.accounts.get(name);
    if (!state) {
      state = { short: new WindowCounter(TEN_SECONDS), day: new WindowCounter(DAY) };
      this.accounts.set(name, state);
    }
    return state;
  }

  /**
   * The refusal of a request of `weight` from the IP (banned: 418; does not fit: 429, and after too many
   * of those a ban), or undefined when it fits. Does not charge: the caller charges what it serves.
   */
  check(ipKey: string, weight: number): WeightRefusal | undefined {
    const now = this.now();
    const state = this.ip(ipKey);
    if (state.bannedUntil > now) return { status: 418, untilMs: state.bannedUntil, retryInMs: state.bannedUntil - now };
    if (state.weight.value(now) + weight <= this.settings.requestWeightPerMinute) return undefined;
    if (state.rejections.add(now, 1) > this.settings.rejectionsBeforeBan) {
      state.bannedUntil = now + this.settings.banMs;
      return { status: 418, untilMs: state.bannedUntil, retryInMs: this.settings.banMs };
    }
    return { status: 429, untilMs: state.weight.windowEnd(now), retryInMs: state.weight.windowEnd(now) - now };
  }

  /** Throws 418 while banned, 429 when `weight` does not fit; otherwise admits (does not charge). */
  admit(ipKey: string, weight: number): void {
    const refusal = this.check(ipKey, weight);
    if (!refusal) return;
    const retryAfterSec = Math.max(1, Math.ceil(refusal.retryInMs / 1000));
    throw refusal.status === 418
      ? restErrors.banned(refusal.untilMs, retryAfterSec)
      : restErrors.tooMuchWeight(this.settings.requestWeightPerMinute, retryAfterSec);
  }

  charge(ipKey: string, weight: number): void {
    this.ip(ipKey).weight.add(this.now(), weight);
  }

  usedWeight(ipKey: string): number {
    return this.ip(ipKey).weight.value(this.now());
  }

  /** Throws -1015 (429) when one more new order would break an ORDERS limit. */
  admitOrder(account: string): void {
    const now = this.now();
    const state = this.account(account);
    if (state.short.value(now) + 1 > this.settings.ordersPer10s) {
      throw restErrors.tooManyOrders(this.settings.ordersPer10s, '10 SECOND', state.short.retryAfterSec(now));
    }
    if (state.day.value(now) + 1 > this.settings.ordersPerDay) {
      throw restErrors.tooManyOrders(this.settings.ordersPerDay, '1 DAY', state.day.retryAfterSec(now));
    }
  }

  countOrder(account: string): void {
    const now = this.now();
    const state = this.account(account);
    state.short.add(now, 1);
    state.day.add(now, 1);
  }

  orderCounts(account: string): { per10s: number; perDay: number } {
    const now = this.now();
    const state = this.account(account);
    return { per10s: state.short.value(now), perDay: state.day.value(now) };
  }
}
