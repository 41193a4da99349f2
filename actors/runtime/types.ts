// Public types of the runtime: refs, actor definitions, child and supervisor specs, exit reasons.
// Nothing here mentions nact: nact is an implementation detail behind nact-engine.ts.
import type { Logger } from '../../lib/log.js';

declare const protocol: unique symbol;
declare const supervisorBrand: unique symbol;

/**
 * A handle to an actor that accepts messages of type `M`. Opaque and branded: the brand is a
 * function of `M` (contravariant), so `dispatch(ref, msg)` only type-checks when `msg` is in the
 * protocol, and a ref that accepts more messages can stand in for one that accepts fewer.
 * A ref stays valid across restarts of the actor; it dies when the actor stops for good.
 */
export interface ActorRef<M> {
  readonly path: string;
  readonly [protocol]: (message: M) => void;
}

/** Any ref, whatever its protocol (what `monitor`, `isAlive` and dead letters deal with). */
export type AnyRef = ActorRef<never>;

/** A supervisor: it accepts no messages, only the supervisor operations (startChild, ...). */
export interface SupervisorRef extends ActorRef<never> {
  readonly [supervisorBrand]: true;
}

/**
 * Why an actor (incarnation) ended. `normal`: it stopped itself (`ctx.stop()`); `shutdown`: its
 * supervisor or the system stopped it, or a supervisor gave up; `killed`: forced after its shutdown
 * timeout, or `shutdown: 'brutal'`; `noproc`: the ref was never alive; `{type:'crash'}`: it threw.
 */
export type ExitReason = 'normal' | 'shutdown' | 'killed' | 'noproc' | CrashReason;

export interface CrashReason {
  readonly type: 'crash';
  readonly error: unknown;
}

/** Delivered exactly once to each monitor when the target stops for good. */
export interface Down {
  readonly type: 'down';
  readonly ref: AnyRef;
  readonly reason: ExitReason;
}

/** What an actor's handlers get. One context per incarnation (a restart makes a new one). */
export interface ActorContext<M> {
  readonly self: ActorRef<M>;
  readonly path: string;
  /** Aborted when this incarnation ends (stop or restart); on a forced stop, before onStop returns. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** The supervisor this actor runs under: start or look up siblings through it. */
  readonly parent: SupervisorRef;
  /** The sender given to `dispatch` for the message being handled, if any. */
  readonly sender: AnyRef | undefined;
  /** Exit normally once the current handler returns (reason `normal`); called in init, once the start completes. */
  stop(): void;
  /**
   * Send `message` to this actor after `delayMs` (0 allowed). The timer belongs to this incarnation: a
   * restart or stop cancels it, and a message of a cancelled timer that is already queued is not handled.
   * A `key` names the timer: starting another with the same key replaces it (Akka's TimerScheduler).
   */
  sendAfter(delayMs: number, message: M, key?: string): TimerHandle;
  /** Send `message` to this actor every `intervalMs` (>= 1) until cancelled or the incarnation ends. */
  every(intervalMs: number, message: M, key?: string): TimerHandle;
  /** Cancel the timer started with `key`, if any; its queued message, if any, is not handled. */
  cancelTimer(key: string): void;
}

/** A timer started with `ctx.sendAfter` or `ctx.every`. */
export interface TimerHandle {
  readonly key: string | undefined;
  /** False once cancelled (or its incarnation ended). */
  readonly active: boolean;
  cancel(): void;
}

/**
 * A worker actor. `init` builds the state (sync or async; a throw fails the start or the restart),
 * `receive` handles one message at a time and returns the next state. `onStop` runs (awaited, with
 * the child's shutdown timeout) when the actor is stopped; `onRestart` instead of `onStop` when the
 * actor crashed and is about to be restarted. A throw in any hook is caught and logged.
 * Method syntax on purpose: it keeps specs with different state types storable in one list.
 */
export interface ActorDef<S, M> {
  init(ctx: ActorContext<M>): S | Promise<S>;
  receive(state: S, message: M, ctx: ActorContext<M>): S | Promise<S>;
  onStop?(state: S, reason: ExitReason, ctx: ActorContext<M>): void | Promise<void>;
  onRestart?(state: S, error: unknown, ctx: ActorContext<M>): void | Promise<void>;
}

export type RestartType = 'permanent' | 'transient' | 'temporary';
export type Shutdown = number | 'brutal' | 'infinity';
export type Strategy = 'oneForOne' | 'oneForAll' | 'restForOne';
export type AutoShutdown = 'never' | 'anySignificant' | 'allSignificant';

/** Delay before the n-th consecutive restart: min(maxMs, minMs*2^n) * (1 + random*randomFactor). */
export interface BackoffOptions {
  readonly minMs: number;
  readonly maxMs: number;
  /** 0..1; 0.2 adds up to 20 % jitter. Default 0.2. */
  readonly randomFactor?: number;
  /** A child that ran this long without failing starts again from minMs. Default (minMs+maxMs)/2. */
  readonly resetAfterMs?: number;
  /** The failure after this many consecutive restarts is permanent. Default unlimited. */
  readonly maxRestartsInARow?: number;
}

/** While a child is down, its messages are kept (up to `capacity`, then dead-lettered) or dead-lettered. */
export type StashPolicy = { readonly capacity: number } | 'deadLetter';

export interface SupervisorOptions {
  readonly strategy: Strategy;
  /** Max restarts within periodMs, counted across all children. Default 1 (unlimited when backoff is set). */
  readonly intensity?: number;
  /** Default 5000. */
  readonly periodMs?: number;
  readonly backoff?: BackoffOptions;
  /** Default { capacity: 10000 }. */
  readonly stash?: StashPolicy;
  /** Default 'never'. */
  readonly autoShutdown?: AutoShutdown;
}

export interface SupervisorSpec extends SupervisorOptions {
  readonly children: readonly ChildSpec[];
}

interface ChildSpecBase {
  readonly id: string;
  /** Default 'permanent'. */
  readonly restart?: RestartType;
  /** Default 5000 for workers, 'infinity' for supervisors. */
  readonly shutdown?: Shutdown;
  /** Only for transient/temporary children of a supervisor with autoShutdown other than 'never'. */
  readonly significant?: boolean;
}

export interface WorkerChildSpec<M> extends ChildSpecBase {
  readonly start: ActorDef<unknown, M>;
}

export interface SupervisorChildSpec extends ChildSpecBase {
  readonly start: SupervisorSpec;
}

/** A child of a supervisor: a worker (ActorDef) or a nested supervisor (SupervisorSpec). */
export type ChildSpec<M = unknown> = WorkerChildSpec<M> | SupervisorChildSpec;

export type ChildStatus = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

export interface ChildInfo {
  readonly id: string;
  readonly ref: AnyRef | undefined;
  readonly kind: 'worker' | 'supervisor';
  readonly status: ChildStatus;
  readonly restart: RestartType;
  readonly dynamic: boolean;
}

export interface ChildCounts {
  readonly specs: number;
  readonly active: number;
  readonly workers: number;
  readonly supervisors: number;
}

/** A message that could not be delivered. */
export interface DeadLetter {
  readonly path: string;
  readonly message: unknown;
  readonly sender: string | undefined;
  readonly reason: 'stopped' | 'stashFull' | 'restarting' | 'discarded' | 'lateReply';
}

/** How a message sent with a receipt ended: its `receive` settled, or it became a dead letter. */
export type ReceiptOutcome = 'handled' | 'dropped';
/** Called exactly once per message sent with `dispatchWithReceipt`. */
export type Receipt = (outcome: ReceiptOutcome) => void;

/** Observability events the runtime emits (also logged). */
export type RuntimeEvent =
  | { readonly type: 'childCrashed'; readonly path: string; readonly error: unknown; readonly phase: CrashPhase }
  | { readonly type: 'childRestarted'; readonly path: string; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'childGaveUp'; readonly path: string; readonly reason: ExitReason }
  | { readonly type: 'childStopped'; readonly path: string; readonly reason: ExitReason }
  | { readonly type: 'supervisorGaveUp'; readonly path: string; readonly restarts: number; readonly periodMs: number }
  | { readonly type: 'autoShutdown'; readonly path: string; readonly trigger: string };

export type CrashPhase = 'receive' | 'init' | 'onStop' | 'onRestart';
