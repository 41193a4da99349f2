// Waiting in tests: real-time sleeps and polls shared by every suite. The timer functions are taken at load
// time, so a test that fakes timers with sinon still waits on real time here.
const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;

/** Real-time sleep (unaffected by sinon fake timers). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** Let the event loop turn `turns` times (nact runs one message per setImmediate). */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => realSetImmediate(resolve));
}

/** Poll `condition` on real event-loop turns until it holds; fail after `maxTurns`. */
export async function until(condition: () => boolean, what = 'condition', maxTurns = 20_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Poll `check` on real time until it holds; fail after `timeoutMs`. Use it rather than `until` when the
 * awaited thing hangs on a timer (a restart backoff) or on a socket, which event-loop turns alone do not measure.
 */
export async function eventually(check: () => boolean, what: string | (() => string), timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(2);
  }
}
