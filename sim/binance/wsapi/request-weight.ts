// REQUEST_WEIGHT accounting of the WebSocket API: per client IP, in 1-minute intervals aligned to the
// minute (a request at 00:01:23 counts toward 00:01:00), shared by every connection from that IP.

export const REQUEST_WEIGHT_LIMIT = 6000;
const MINUTE = 60_000;

export interface RateLimitStatus {
  rateLimitType: 'REQUEST_WEIGHT';
  interval: 'MINUTE';
  intervalNum: 1;
  limit: number;
  count: number;
}

export class RequestWeight {
  private readonly used = new Map<string, { minute: number; count: number }>();

  constructor(readonly limit = REQUEST_WEIGHT_LIMIT) {}

  /** Adds `weight` for `ip` at `now`; returns the count in the current minute after adding it. */
  add(ip: string, weight: number, now: number): number {
    const minute = Math.floor(now / MINUTE);
    const entry = this.used.get(ip);
    if (!entry || entry.minute !== minute) {
      this.used.set(ip, { minute, count: weight });
      return weight;
    }
    entry.count += weight;
    return entry.count;
  }

  /** When the current interval ends (epoch ms): the `retryAfter` of a 429. */
  nextInterval(now: number): number {
    return (Math.floor(now / MINUTE) + 1) * MINUTE;
  }

  status(count: number): RateLimitStatus[] {
    return [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.limit, count }];
  }
}
