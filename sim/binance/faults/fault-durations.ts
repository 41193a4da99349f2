// Fault durations end up as setTimeout delays, and node runs a delay of 2^31 ms or more after 1 ms
// (with only a TimeoutOverflowWarning): a 30-day latency would silently become none. Every fault
// duration, timer or not, is held to the same limit so the rule is one rule.
export const MAX_FAULT_MS = 2 ** 31 - 1;

export const FAULT_MS_LIMIT_TEXT = `${MAX_FAULT_MS} ms (2^31 - 1, the longest timer node keeps)`;

/** Throws a RangeError naming `field` unless `value` is a number from `min` to MAX_FAULT_MS. */
export function checkFaultMs(field: string, value: number, min: 0 | 1): void {
  if (typeof value !== 'number' || !(value >= min && value <= MAX_FAULT_MS)) {
    throw new RangeError(`${field} must be from ${min} to ${FAULT_MS_LIMIT_TEXT}; got ${String(value)}`);
  }
}
