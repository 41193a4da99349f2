// Test helpers for the runtime specs: a probe actor that records its lifecycle, a gate for slow consumers,
// and the waits of test/wait.ts.
import { logger } from '../../../lib/log.js';
import {
  ask,
  dispatch,
  startActorSystem,
  type ActorDef,
  type ActorRef,
  type ActorSystem,
  type ActorSystemOptions,
  type DeadLetter,
  type ExitReason,
  type RuntimeEvent,
} from '../../../actors/runtime/index.js';
import { settle, sleep } from '../../wait.js';

export { eventually, settle, sleep, until } from '../../wait.js';

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

/** A gate a slow consumer waits at until the test opens it; `waiters` are the consumers held there now. */
export interface Gate {
  open: boolean;
  readonly waiters: (() => void)[];
  release(): void;
}

export function newGate(): Gate {
  const gate: Gate = {
    open: false,
    waiters: [],
    release: () => {
      gate.open = true;
      for (const waiter of gate.waiters.splice(0)) waiter();
    },
  };
  return gate;
}

/** The actor system of the current test and what it recorded; see `useSystem`. */
export interface SystemUnderTest {
  readonly system: ActorSystem;
  /** The lifecycle log the test's probes write to. */
  readonly log: string[];
  readonly events: RuntimeEvent[];
  readonly letters: DeadLetter[];
  /** How many `childRestarted` events there have been. */
  restarts(): number;
}

/** A fresh actor system for each test of the describe block, recording its events and dead letters; stopped after each test. */
export function useSystem(options: ActorSystemOptions = {}): SystemUnderTest {
  let current: { system: ActorSystem; log: string[]; events: RuntimeEvent[]; letters: DeadLetter[] } | undefined;
  const get = () => {
    if (!current) throw new Error('useSystem: no test is running');
    return current;
  };
  beforeEach(async () => {
    const system = await startActorSystem(options);
    const recorded = { system, log: [] as string[], events: [] as RuntimeEvent[], letters: [] as DeadLetter[] };
    system.onEvent((event) => recorded.events.push(event));
    system.onDeadLetter((letter) => recorded.letters.push(letter));
    current = recorded;
  });
  afterEach(async () => {
    await current?.system.stop();
    current = undefined;
  });
  return {
    get system() {
      return get().system;
    },
    get log() {
      return get().log;
    },
    get events() {
      return get().events;
    },
    get letters() {
      return get().letters;
    },
    restarts: () => get().events.filter((event) => event.type === 'childRestarted').length,
  };
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

/** Timers and immediates holding the event loop now, by kind (a runtime that leaks one shows here). */
export function activeTimers(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of process.getActiveResourcesInfo()) {
    if (resource === 'Timeout' || resource === 'Immediate') counts[resource] = (counts[resource] ?? 0) + 1;
  }
  return counts;
}

/**
 * activeTimers() once the event loop has turned: one-shot immediates of a stop (nact's own cleanup) are
 * gone, mocha's test timeout timer is there. Compare a before and an after taken this way.
 */
export async function quietTimers(): Promise<Record<string, number>> {
  await sleep(1);
  await settle(3);
  return activeTimers();
}
