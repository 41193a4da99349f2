// Running user code (init, hooks) so that its throws and rejections never escape the runtime,
// and waiting for it with a timeout.
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Call `fn`; a sync throw or a rejection becomes `{ok: false}`. Sync results stay sync (no extra tick). */
export function attempt<T>(fn: () => T | Promise<T>): Outcome<T> | Promise<Outcome<T>> {
  let result: T | Promise<T>;
  try {
    result = fn();
  } catch (error) {
    return { ok: false, error };
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => ({ ok: false, error }),
    );
  }
  return { ok: true, value: result };
}

export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export const TIMED_OUT: unique symbol = Symbol('timed out');

/** Wait for `work`, at most `timeoutMs` ('infinity': forever). `work` must not reject. */
export function withTimeout<T>(work: Promise<T> | T, timeoutMs: number | 'infinity'): Promise<T | typeof TIMED_OUT> {
  if (!isThenable(work)) return Promise.resolve(work);
  if (timeoutMs === 'infinity') return Promise.resolve(work);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    void Promise.resolve(work).then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** A promise with its resolve function exposed. */
export class Gate {
  readonly promise: Promise<void>;
  open!: () => void;

  constructor() {
    this.promise = new Promise((resolve) => {
      this.open = resolve;
    });
  }
}
