// Request/reply: `ask` sends a message carrying a one-shot reply ref and waits for the answer.
// Unlike nact's `query`, ids come from a counter (never collide), the promise rejects as soon as the
// target stops (ActorDownError) or crashes handling this very request (ActorCrashedError), and a
// reply after the ask settled is dropped as a dead letter.
// One PendingAsk object is the reply target, the death watcher and the timer's argument: an ask allocates
// that object, its ref, its promise and one timer, and no per-ask closures (they were the bulk of its garbage).
import type { SystemCore } from './core.js';
import { ActorCrashedError, ActorDownError, AskTimeoutError, InvalidArgumentError } from './errors.js';
import { MonitorSet } from './monitor.js';
import { internal, publicRef, RefImpl, type DownListener, type DownWatcher, type RefTarget, type RequestWatch } from './refs.js';
import type { ActorRef, Down, ExitReason, Receipt } from './types.js';

const MAX_TIMEOUT_MS = 2_147_483_647;
let lastAskId = 0;

/** An ask in flight: accepts one reply, then is dead (a later reply is a dead letter). */
class PendingAsk<R> implements RefTarget, DownWatcher, RequestWatch {
  readonly ref: RefImpl;
  exitReason: ExitReason | undefined;
  private monitors: MonitorSet | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private resolve!: (value: R) => void;
  private reject!: (error: unknown) => void;

  constructor(
    private readonly destination: RefTarget,
    private readonly path: string,
    private readonly timeoutMs: number,
  ) {
    this.ref = new RefImpl(`${path}#ask-${++lastAskId}`, this, false);
  }

  get core(): SystemCore {
    return this.destination.core;
  }

  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** Arms the timeout and the death watch, with the settle functions of the caller's promise. */
  start(resolve: (value: R) => void, reject: (error: unknown) => void): void {
    this.resolve = resolve;
    this.reject = reject;
    this.timer = setTimeout(onAskTimeout, this.timeoutMs, this);
    this.destination.addMonitor(this);
  }

  tell(message: unknown, sender: RefImpl | undefined, receipt?: Receipt): void {
    if (this.exitReason !== undefined) {
      this.core.deadLetter(this.ref, message, sender, 'lateReply', receipt);
      return;
    }
    this.settle();
    this.resolve(message as R);
    if (receipt !== undefined) this.core.settleReceipt(this.ref, receipt, 'handled');
  }

  mailboxSize(): number {
    return 0;
  }

  onDown(down: Down): void {
    this.fail(new ActorDownError(this.path, down.reason));
  }

  /** Handling the request crashed the target: reject now, as gen_server:call exits with the reason. */
  requestCrashed(error: unknown): void {
    this.fail(new ActorCrashedError(this.path, error));
  }

  timedOut(): void {
    this.timer = undefined;
    this.fail(new AskTimeoutError(this.path, this.timeoutMs));
  }

  fail(error: unknown): void {
    if (this.exitReason !== undefined) return;
    this.settle();
    this.reject(error);
  }

  addMonitor(listener: DownListener): void {
    (this.monitors ??= new MonitorSet()).add(listener);
  }

  removeMonitor(listener: DownListener): void {
    this.monitors?.remove(listener);
  }

  /** Dead from now on: timer cleared, death watch removed, Down to anyone watching the reply ref. */
  private settle(): void {
    this.exitReason = 'normal';
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.destination.removeMonitor(this);
    this.monitors?.fire({ type: 'down', ref: publicRef<never>(this.ref), reason: 'normal' });
  }
}

function onAskTimeout(pending: { timedOut(): void }): void {
  pending.timedOut();
}

/**
 * Send `make(replyTo)` to `target` and wait for the first message sent to `replyTo`.
 * Rejects with AskTimeoutError after `timeoutMs`, with ActorDownError as soon as the target stops
 * for good (or at once if it is already dead), with ActorCrashedError (the crash error as `cause`)
 * as soon as handling the request makes the target crash. Type the reply with `ask<Msg, Reply>(...)`.
 */
export function ask<M, R>(target: ActorRef<M>, make: (replyTo: ActorRef<R>) => NoInfer<M>, timeoutMs: number): Promise<R> {
  const ref = internal(target as ActorRef<never>, 'ask target');
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS) {
    return Promise.reject(new InvalidArgumentError('timeoutMs', `must be an integer in [1, ${MAX_TIMEOUT_MS}] ms`));
  }
  const destination = ref.target;
  if (!destination.alive) return Promise.reject(new ActorDownError(ref.path, destination.exitReason ?? 'noproc'));
  const pending = new PendingAsk<R>(destination, ref.path, timeoutMs);
  const reply = new Promise<R>((resolve, reject) => pending.start(resolve, reject));
  let message: M;
  try {
    message = make(publicRef<R>(pending.ref));
  } catch (error) {
    pending.fail(error);
    return reply;
  }
  destination.tell(message, undefined, undefined, pending);
  return reply;
}
