// The ActorContext of one worker incarnation.
import type { Logger } from '../../lib/log.js';
import { publicRef, publicSupervisorRef, type RefImpl } from './refs.js';
import type { ActorContext, ActorRef, AnyRef, SupervisorRef } from './types.js';

export class WorkerContext<M> implements ActorContext<M> {
  readonly controller = new AbortController();
  readonly self: ActorRef<M>;
  readonly parent: SupervisorRef;
  sender: AnyRef | undefined = undefined;
  /** Set when this incarnation ended: late results of its work are ignored. */
  ended = false;
  private logger: Logger | undefined;

  constructor(
    ref: RefImpl,
    parent: RefImpl,
    private readonly baseLog: Logger,
    private readonly onStopRequest: (ctx: WorkerContext<M>) => void,
  ) {
    this.self = publicRef<M>(ref);
    this.parent = publicSupervisorRef(parent);
  }

  get path(): string {
    return this.self.path;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get log(): Logger {
    // Created lazily: a winston child per actor is not free and most actors never log.
    return (this.logger ??= this.baseLog.child({ actor: this.path }));
  }

  stop(): void {
    this.onStopRequest(this);
  }
}
