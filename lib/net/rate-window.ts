// A sliding-window counter: at most `limit` units per `windowMs`. Pure (time is passed in), so the
// actors that own one decide when to wait; used for control frames per connection, connection
// attempts per IP and REST request weight.
export class RateWindow {
  private readonly entries: { at: number; units: number }[] = [];
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {
    if (!(limit > 0) || !(windowMs > 0)) throw new RangeError('RateWindow needs limit > 0 and windowMs > 0');
  }

  /** Units counted in the window ending at `now`. */
  usedAt(now: number): number {
    this.expire(now);
    return this.used;
  }

  /** Take `units` now if they fit; otherwise take nothing and return how long to wait (ms). 0 = taken. */
  tryTake(now: number, units = 1): number {
    this.expire(now);
    if (this.used + units <= this.limit || this.entries.length === 0) {
      this.entries.push({ at: now, units });
      this.used += units;
      return 0;
    }
    // Wait until enough of the oldest entries have left the window.
    let freed = 0;
    for (const entry of this.entries) {
      freed += entry.units;
      if (this.used - freed + units <= this.limit) return Math.max(1, entry.at + this.windowMs - now);
    }
    const last = this.entries[this.entries.length - 1];
    return Math.max(1, (last?.at ?? now) + this.windowMs - now);
  }

  /** Someone else (the server's own count) says `units` are used now: never count less than that. */
  floor(now: number, units: number): void {
    const missing = units - this.usedAt(now);
    if (missing > 0) {
      this.entries.push({ at: now, units: missing });
      this.used += missing;
    }
  }

  private expire(now: number): void {
    while (this.entries.length > 0 && now - (this.entries[0]?.at ?? now) >= this.windowMs) {
      this.used -= this.entries.shift()?.units ?? 0;
    }
  }
}
