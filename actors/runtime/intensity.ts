// Restart intensity (OTP MaxR in MaxT): a sliding window of restart times, one per supervisor.
export class IntensityWindow {
  private readonly times: number[] = [];

  constructor(
    readonly intensity: number,
    readonly periodMs: number,
  ) {}

  /** Record a restart at `now`; false when that makes more than `intensity` restarts in the period. */
  record(now: number): boolean {
    this.times.push(now);
    // Restarts older than the period are forgotten (OTP: "in the last MaxT seconds").
    while (this.times.length > 0 && now - (this.times[0] ?? now) >= this.periodMs) this.times.shift();
    return this.times.length <= this.intensity;
  }

  get count(): number {
    return this.times.length;
  }

  clear(): void {
    this.times.length = 0;
  }
}
