// The actor system: a nact engine, a root supervisor, dead letters and runtime events, and an
// ordered, awaited stop (leaves first).
import { isSupervisorSpec, normalizeSupervisorSpec } from './child-spec.js';
import type { ChildCell } from './core.js';
import { SystemCore } from './core.js';
import { describeReason, SupervisorStoppedError } from './errors.js';
import { publicSupervisorRef } from './refs.js';
import { startChild } from './supervisor-ops.js';
import { SupervisorCell, type SupervisorParent } from './supervisor.js';
import type {
  ActorDef,
  ActorRef,
  AnyRef,
  ChildSpec,
  DeadLetter,
  ExitReason,
  RestartType,
  RuntimeEvent,
  Shutdown,
  SupervisorChildSpec,
  SupervisorOptions,
  SupervisorRef,
  WorkerChildSpec,
} from './types.js';

export interface ActorSystemOptions {
  /** Names the root; every actor path starts with it. Default `system-<n>`. */
  readonly name?: string;
  /** Root supervisor options. Default oneForOne, intensity 10, periodMs 5000. */
  readonly root?: Partial<SupervisorOptions> & { readonly children?: readonly ChildSpec[] };
  /** Source of randomness for backoff jitter (tests pass a fixed one). */
  readonly random?: () => number;
}

export interface SpawnOptions {
  readonly id?: string;
  /** Default 'permanent'. */
  readonly restart?: RestartType;
  readonly shutdown?: Shutdown;
}

export interface ActorSystem {
  readonly name: string;
  readonly root: SupervisorRef;
  /** Start a worker under the root supervisor. */
  spawn<S, M>(def: ActorDef<S, M>, options?: SpawnOptions): Promise<ActorRef<M>>;
  startChild(spec: SupervisorChildSpec): Promise<SupervisorRef>;
  startChild<M>(spec: WorkerChildSpec<M>): Promise<ActorRef<M>>;
  /** Every message that could not be delivered. Returns an unsubscribe function. */
  onDeadLetter(listener: (letter: DeadLetter) => void): () => void;
  /** Crashes, restarts, give-ups. Returns an unsubscribe function. */
  onEvent(listener: (event: RuntimeEvent) => void): () => void;
  readonly stopped: boolean;
  /**
   * Resolves when the system has stopped: `'shutdown'` after `stop()` (or the root's auto-shutdown),
   * `{ type: 'crash', error: SupervisorGaveUpError }` when the root supervisor gave up.
   */
  readonly whenStopped: Promise<ExitReason>;
  /** Stop every actor depth-first in reverse start order, awaiting each onStop. Idempotent. */
  stop(): Promise<void>;
}

let systemCount = 0;
let spawnCount = 0;

class ActorSystemImpl implements ActorSystem, SupervisorParent {
  readonly name: string;
  readonly root: SupervisorRef;
  readonly whenStopped: Promise<ExitReason>;
  private readonly core: SystemCore;
  private readonly rootCell: SupervisorCell;
  private stopping: Promise<void> | undefined;
  private resolveStopped!: (reason: ExitReason) => void;

  constructor(options: ActorSystemOptions) {
    this.name = options.name ?? `system-${++systemCount}`;
    const { children = [], ...rootOptions } = options.root ?? {};
    const spec = normalizeSupervisorSpec(
      { strategy: 'oneForOne', intensity: 10, periodMs: 5000, ...rootOptions, children },
      'options.root',
    );
    this.core = new SystemCore(this.name, options.random);
    this.rootCell = new SupervisorCell(this.name, spec, this, this.core);
    this.root = publicSupervisorRef(this.rootCell.ref);
    this.whenStopped = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
  }

  async start(): Promise<void> {
    try {
      await this.rootCell.start();
    } catch (error) {
      this.core.engine.stop();
      this.resolveStopped({ type: 'crash', error });
      throw error;
    }
  }

  get stopped(): boolean {
    return this.stopping !== undefined;
  }

  spawn<S, M>(def: ActorDef<S, M>, options: SpawnOptions = {}): Promise<ActorRef<M>> {
    const { id = `actor-${++spawnCount}`, ...rest } = options;
    return this.startChild<M>({ id, start: def as ActorDef<unknown, M>, ...rest });
  }

  startChild(spec: SupervisorChildSpec): Promise<SupervisorRef>;
  startChild<M>(spec: WorkerChildSpec<M>): Promise<ActorRef<M>>;
  async startChild(spec: ChildSpec): Promise<AnyRef> {
    if (this.stopping) throw new SupervisorStoppedError(this.name);
    return isSupervisorSpec(spec.start)
      ? startChild(this.root, spec as SupervisorChildSpec)
      : startChild(this.root, spec as WorkerChildSpec<unknown>);
  }

  onDeadLetter(listener: (letter: DeadLetter) => void): () => void {
    return this.core.deadLetters.subscribe(listener);
  }

  onEvent(listener: (event: RuntimeEvent) => void): () => void {
    return this.core.events.subscribe(listener);
  }

  /**
   * The root supervisor exited by itself: the system ends. If it gave up (restart intensity), the
   * system's exit reason is a crash carrying a SupervisorGaveUpError, so `whenStopped` tells it apart
   * from a `stop()` ('shutdown'); an auto-shutdown ends it with 'shutdown'.
   */
  childExited(_cell: ChildCell, reason: ExitReason): void {
    const gaveUp = this.rootCell.gaveUp;
    const exit: ExitReason = gaveUp ? { type: 'crash', error: gaveUp } : reason;
    this.core.log.error('root supervisor exited: stopping the actor system', { system: this.name, reason: describeReason(exit) });
    void this.shutdown(exit);
  }

  stop(): Promise<void> {
    return this.shutdown('shutdown');
  }

  private shutdown(reason: ExitReason): Promise<void> {
    this.stopping ??= this.rootCell.stop(reason, 'infinity').then(() => {
      this.core.engine.stop();
      this.resolveStopped(reason);
    });
    return this.stopping;
  }
}

/** Start an actor system with its root supervisor (and the root's children, in order). */
export async function startActorSystem(options: ActorSystemOptions = {}): Promise<ActorSystem> {
  const system = new ActorSystemImpl(options);
  await system.start();
  return system;
}
