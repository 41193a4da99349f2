// Restart backoff (Akka's BackoffRestarter formula): exponential, capped, jittered, reset after quiet.
import type { BackoffOptions } from './types.js';

/** Delay before restart number `n` (0-based count of consecutive failures before this one). */
export function backoffDelay(n: number, options: BackoffOptions, random: () => number = Math.random): number {
  const randomFactor = options.randomFactor ?? 0.2;
  // 2^n overflows to Infinity for large n; min() caps it before it matters.
  const base = Math.min(options.maxMs, options.minMs * Math.pow(2, n));
  return Math.round(base * (1 + random() * randomFactor));
}

/** Consecutive-failure bookkeeping for one child. */
export class BackoffTracker {
  /** Consecutive failures so far (restarts in a row). */
  failures = 0;

  constructor(private readonly options: BackoffOptions) {}

  get resetAfterMs(): number {
    return this.options.resetAfterMs ?? (this.options.minMs + this.options.maxMs) / 2;
  }

  /**
   * Record a failure of a child that had been running since `runningSince` (undefined: it never got
   * running, e.g. its restart's init threw). Only time spent running counts as healthy: a backoff
   * wait or a failed init never resets the count. Returns the delay before the next restart, or
   * `undefined` when the failure is permanent (max restarts in a row reached).
   */
  onFailure(now: number, runningSince: number | undefined, random?: () => number): number | undefined {
    if (runningSince !== undefined && now - runningSince >= this.resetAfterMs) this.failures = 0;
    const max = this.options.maxRestartsInARow;
    if (max !== undefined && this.failures >= max) return undefined;
    const delay = backoffDelay(this.failures, this.options, random);
    this.failures++;
    return delay;
  }

  reset(): void {
    this.failures = 0;
  }
}
