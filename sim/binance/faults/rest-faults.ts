// REST-side fault switches: forced 429/418, added latency, and order requests that are executed but
// answered with a 5xx, never answered, or cut off (the "outcome unknown" cases a client must handle).
import { checkFaultMs } from './fault-durations.js';

export type OrderFailureMode = 'status' | 'hang' | 'destroy';
export type OrderFailureTarget = 'newOrder' | 'cancelOrder' | 'anyOrder';

export interface RateLimitFault {
  status: 429 | 418;
  durationMs: number;
  /** Retry-After seconds; default: the remaining duration. */
  retryAfterSec?: number;
}

export interface LatencyFault {
  ms: number;
  /** How long the latency lasts; default: until cleared. */
  durationMs?: number;
}

export interface OrderFailureFault {
  /** `status`: answer `status` (default 503) after executing; `hang`: never answer; `destroy`: cut the socket. */
  mode: OrderFailureMode;
  status?: number;
  /** How many order requests are affected (default 1). */
  count?: number;
  on?: OrderFailureTarget;
}

export interface RestFaultState {
  rateLimit: { status: 429 | 418; untilMs: number; retryAfterSec?: number } | undefined;
  latency: { ms: number; untilMs: number } | undefined;
  orderFailure: { mode: OrderFailureMode; status: number; remaining: number; on: OrderFailureTarget } | undefined;
}

export class RestFaults {
  private state: RestFaultState = { rateLimit: undefined, latency: undefined, orderFailure: undefined };

  constructor(private readonly now: () => number = Date.now) {}

  rateLimit(fault: RateLimitFault): void {
    if (fault.status !== 429 && fault.status !== 418) throw new RangeError('rateLimit.status must be 429 or 418');
    checkFaultMs('rateLimit.durationMs', fault.durationMs, 1);
    this.state.rateLimit = { status: fault.status, untilMs: this.now() + fault.durationMs, retryAfterSec: fault.retryAfterSec };
  }

  latency(fault: LatencyFault): void {
    checkFaultMs('latency.ms', fault.ms, 0);
    if (fault.durationMs !== undefined) checkFaultMs('latency.durationMs', fault.durationMs, 1);
    const untilMs = fault.durationMs === undefined ? Number.POSITIVE_INFINITY : this.now() + fault.durationMs;
    this.state.latency = fault.ms === 0 ? undefined : { ms: fault.ms, untilMs };
  }

  orderFailure(fault: OrderFailureFault): void {
    if (!['status', 'hang', 'destroy'].includes(fault.mode)) throw new RangeError("orderFailure.mode must be 'status', 'hang' or 'destroy'");
    const status = fault.status ?? 503;
    if (!Number.isInteger(status) || status < 500 || status > 599) throw new RangeError('orderFailure.status must be a 5xx status');
    const count = fault.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError('orderFailure.count must be an integer >= 1');
    this.state.orderFailure = { mode: fault.mode, status, remaining: count, on: fault.on ?? 'newOrder' };
  }

  clear(): void {
    this.state = { rateLimit: undefined, latency: undefined, orderFailure: undefined };
  }

  /** A copy of the active switches (for the control API). */
  snapshot(): RestFaultState {
    return JSON.parse(JSON.stringify(this.state)) as RestFaultState;
  }

  activeRateLimit(): { status: 429 | 418; retryAfterSec: number; untilMs: number } | undefined {
    const fault = this.state.rateLimit;
    const now = this.now();
    if (!fault || fault.untilMs <= now) return undefined;
    return { status: fault.status, untilMs: fault.untilMs, retryAfterSec: fault.retryAfterSec ?? Math.ceil((fault.untilMs - now) / 1000) };
  }

  activeLatencyMs(): number {
    const fault = this.state.latency;
    return fault && fault.untilMs > this.now() ? fault.ms : 0;
  }

  /** Consumes one order failure if one applies to `action`. */
  takeOrderFailure(action: 'newOrder' | 'cancelOrder'): { mode: OrderFailureMode; status: number } | undefined {
    const fault = this.state.orderFailure;
    if (!fault || (fault.on !== 'anyOrder' && fault.on !== action)) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.state.orderFailure = undefined;
    return { mode: fault.mode, status: fault.status };
  }
}
