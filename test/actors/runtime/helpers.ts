// Test helpers for the runtime specs: a probe actor that records its lifecycle, and polling waits.
import { logger } from '../../../lib/log.js';
import { ask, dispatch, type ActorDef, type ActorRef, type ExitReason } from '../../../actors/runtime/index.js';

const realSetImmediate = setImmediate;
const realSetTimeout = setTimeout;

export type ProbeMsg =
  | { type: 'inc' }
  | { type: 'crash'; message?: string }
  | { type: 'get'; replyTo: ActorRef<number> }
  | { type: 'stop' }
  | { type: 'wait'; ms: number };

export interface ProbeState {
  count: number;
}

export interface ProbeOptions {
  /** Called before each init; throw to fail it. */
  beforeInit?: (initCount: number) => void | Promise<void>;
  onStop?: (reason: ExitReason) => void | Promise<void>;
  onRestart?: (error: unknown) => void | Promise<void>;
}

/** An actor that records `name:init`, `name:stop:<reason>`, `name:restart`, `name:msg:<count>` in `log`. */
export function probe(log: string[], name: string, options: ProbeOptions = {}): ActorDef<ProbeState, ProbeMsg> {
  let inits = 0;
  return {
    async init() {
      inits++;
      await options.beforeInit?.(inits);
      log.push(`${name}:init`);
      return { count: 0 };
    },
    async receive(state, msg, ctx) {
      switch (msg.type) {
        case 'inc':
          log.push(`${name}:msg:${state.count + 1}`);
          return { count: state.count + 1 };
        case 'crash':
          throw new Error(msg.message ?? `${name} crashed`);
        case 'get':
          dispatch(msg.replyTo, state.count);
          return state;
        case 'stop':
          ctx.stop();
          return state;
        case 'wait':
          await sleep(msg.ms);
          return state;
        default: {
          const never: never = msg;
          return never;
        }
      }
    },
    async onStop(_state, reason) {
      log.push(`${name}:stop:${typeof reason === 'string' ? reason : 'crash'}`);
      await options.onStop?.(reason);
    },
    async onRestart(_state, error) {
      log.push(`${name}:restart`);
      await options.onRestart?.(error);
    },
  };
}

export function count(ref: ActorRef<ProbeMsg>, timeoutMs = 2000): Promise<number> {
  return ask<ProbeMsg, number>(ref, (replyTo) => ({ type: 'get', replyTo }), timeoutMs);
}

/** Real-time sleep (unaffected by sinon when setTimeout is not faked). */
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

/** Silence the runtime's crash logs for a describe block (crashes are the point of these tests). */
export function quietLogs(): void {
  let previous: boolean[] = [];
  before(() => {
    previous = logger.transports.map((transport) => transport.silent ?? false);
    for (const transport of logger.transports) transport.silent = true;
  });
  after(() => {
    logger.transports.forEach((transport, i) => (transport.silent = previous[i] ?? false));
  });
}

/** The error `promise` rejects with (fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
