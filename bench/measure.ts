// Timing helpers for the benchmarks: monotonic clock, percentiles, number formatting.

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = nowMs();
  const value = await work();
  return { ms: nowMs() - start, value };
}

/** The p-th percentile (0..100) of `samples` (sorted in place). */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  samples.sort((a, b) => a - b);
  const index = Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1));
  return samples[index] ?? Number.NaN;
}

export function perSecond(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : Number.POSITIVE_INFINITY;
}

/** 1234567 -> '1.23 M', 12345 -> '12.3 k'. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

export function formatUs(ms: number): string {
  return `${(ms * 1000).toFixed(1)} µs`;
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Counts how often a 1 ms interval fires while `work` runs: a starved event loop barely ticks. */
export async function countTicks<T>(work: () => Promise<T>): Promise<{ ticks: number; ms: number; value: T }> {
  let ticks = 0;
  const interval = setInterval(() => {
    ticks += 1;
  }, 1);
  try {
    const { ms, value } = await timed(work);
    return { ticks, ms, value };
  } finally {
    clearInterval(interval);
  }
}
