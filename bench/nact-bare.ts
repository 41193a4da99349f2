// The same scenarios on bare nact 7.6.2 (spawn / dispatch / query directly), for comparison.
import { dispatch, query, spawn, start, stop, type Ref } from 'nact';
import { countTicks, nowMs, perSecond, timed } from './measure.js';
import { latency, type Latency } from './ours.js';

const LONG_MS = 600_000;

type CounterMsg = { readonly type: 'inc' } | { readonly type: 'get'; readonly replyTo: Ref<number> };

function counterFn(n: number, message: CounterMsg): number {
  if (message.type === 'get') {
    dispatch(message.replyTo, n);
    return n;
  }
  return n + 1;
}

function count(ref: Ref<CounterMsg>): Promise<number> {
  return query(ref, (replyTo: Ref<number>): CounterMsg => ({ type: 'get', replyTo }), LONG_MS);
}

async function withSystem<T>(run: (system: Ref<never>) => Promise<T>): Promise<T> {
  const system = start();
  try {
    return await run(system);
  } finally {
    stop(system);
  }
}

export function dispatchThroughput(messages: number): Promise<number> {
  return withSystem(async (system) => {
    const ref = spawn(system, counterFn, 'counter', { initialState: 0 });
    const { ms, value } = await timed(async () => {
      for (let i = 0; i < messages; i += 1) dispatch(ref, { type: 'inc' });
      return count(ref);
    });
    if (value !== messages) throw new Error(`nact dispatch: expected ${messages}, counted ${value}`);
    return perSecond(messages, ms);
  });
}

export function queryLatency(queries: number, warmup: number): Promise<Latency> {
  return withSystem(async (system) => {
    const ref = spawn(system, counterFn, 'counter', { initialState: 0 });
    for (let i = 0; i < warmup; i += 1) await count(ref);
    const samples: number[] = [];
    const start0 = nowMs();
    for (let i = 0; i < queries; i += 1) {
      const t0 = nowMs();
      await count(ref);
      samples.push(nowMs() - t0);
    }
    const total = nowMs() - start0;
    return latency(samples, total);
  });
}

export interface NactParentResult {
  readonly children: number;
  readonly spawnPerSecond: number;
  /** Messages per second to the parent: nact copies its children Map on every one (actors.md bug 9). */
  readonly parentMessagesPerSecond: number;
  /** Messages per second to one of its children. */
  readonly childMessagesPerSecond: number;
}

/** A nact parent actor with `children` children. */
export function parentWith(children: number, parentMessages: number, childMessages: number): Promise<NactParentResult> {
  return withSystem(async (system) => {
    const parent = spawn(system, counterFn, 'parent', { initialState: 0 });
    const spawned = await timed(async () => {
      for (let i = 0; i < children; i += 1) spawn(parent, counterFn, `c${i}`, { initialState: 0 });
    });
    // One round only: with 10,000 children a round is already slow (that is the point).
    const toParent = await timed(async () => {
      for (let i = 0; i < parentMessages; i += 1) dispatch(parent, { type: 'inc' });
      return count(parent);
    });
    const child = spawn(parent, counterFn, 'probe', { initialState: 0 });
    const toChild = await timed(async () => {
      for (let i = 0; i < childMessages; i += 1) dispatch(child, { type: 'inc' });
      return count(child);
    });
    return {
      children,
      spawnPerSecond: perSecond(children, spawned.ms),
      parentMessagesPerSecond: perSecond(parentMessages, toParent.ms),
      childMessagesPerSecond: perSecond(childMessages, toChild.ms),
    };
  });
}

/**
 * nact's own restart loop: an initialStateFunc that throws with onCrash -> reset. It runs in
 * microtasks, so we can only end it from inside onCrash, after `restarts` attempts.
 */
export function restartStorm(restarts: number): Promise<{ restarts: number; ms: number; ticks: number }> {
  return withSystem(async (system) => {
    let attempts = 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const { ms, ticks } = await countTicks(async () => {
      spawn(system, counterFn, 'doomed', {
        initialStateFunc: () => {
          throw new Error('init fails on purpose (benchmark)');
        },
        onCrash: (_msg, _error, ctx) => {
          attempts += 1;
          if (attempts >= restarts) {
            finished();
            return ctx.stop;
          }
          return ctx.reset;
        },
      });
      await done;
    });
    return { restarts: attempts, ms, ticks };
  });
}
