// Ref objects behind the opaque ActorRef type, and the send path (`dispatch`, `dispatchWithReceipt`,
// `mailboxSize`, `isAlive`).
import { InvalidArgumentError, InvalidRefError } from './errors.js';
import type { SystemCore } from './core.js';
import type { ActorRef, AnyRef, Down, ExitReason, Receipt, SupervisorRef } from './types.js';

/** An object told of a death (lets a hot path, such as ask, register itself without allocating a closure). */
export interface DownWatcher {
  onDown(down: Down): void;
}
export type DownListener = ((down: Down) => void) | DownWatcher;

/** Told when the message it rode on made the actor crash (its `receive` threw). */
export interface RequestWatch {
  requestCrashed(error: unknown): void;
}

/** What a ref points at: a worker cell, a supervisor cell, or an ask's reply slot. */
export interface RefTarget {
  readonly alive: boolean;
  /** The actor system the target belongs to (where its dead letters go). */
  readonly core: SystemCore;
  /** Set once the target is dead. */
  readonly exitReason: ExitReason | undefined;
  /**
   * `receipt`, when given, is called exactly once: 'handled' or 'dropped' (see dispatchWithReceipt).
   * `watch`, when given, is told if handling this very message crashes the actor (what `ask` uses).
   */
  tell(message: unknown, sender: RefImpl | undefined, receipt?: Receipt, watch?: RequestWatch): void;
  /** Messages waiting to be handled (stashed ones included); 0 once dead. */
  mailboxSize(): number;
  addMonitor(listener: DownListener): void;
  removeMonitor(listener: DownListener): void;
}

/** The runtime object every ActorRef really is. Stable for the life of the actor, across restarts. */
export class RefImpl {
  constructor(
    readonly path: string,
    readonly target: RefTarget,
    readonly isSupervisor: boolean,
  ) {}

  toString(): string {
    return `ActorRef(${this.path})`;
  }

  toJSON(): string {
    return this.path;
  }
}

export function internal(ref: AnyRef | undefined, what = 'ref'): RefImpl {
  if (ref instanceof RefImpl) return ref;
  throw new InvalidRefError(what, ref, ref === undefined || ref === null ? lastMiss : undefined);
}

/**
 * The last lookup (e.g. `lookupChild`) that found nothing, kept only until the current synchronous job
 * ends: `dispatch(lookupChild(sup, 'x')!, msg)` then fails with "no such child 'x' ..." rather than a
 * bare "ref is undefined". Anything later cannot be attributed to that lookup and gets no hint.
 */
let lastMiss: string | undefined;

export function recordLookupMiss(description: string): void {
  if (lastMiss === undefined) queueMicrotask(clearLookupMiss);
  lastMiss = `${description} (it came from that lookup, which returned undefined)`;
}

function clearLookupMiss(): void {
  lastMiss = undefined;
}

export function publicRef<M>(ref: RefImpl): ActorRef<M> {
  return ref as unknown as ActorRef<M>;
}

export function publicSupervisorRef(ref: RefImpl): SupervisorRef {
  return ref as unknown as SupervisorRef;
}

/**
 * Send `message` to `ref`. Never throws for a dead target: the message becomes a dead letter.
 * `NoInfer` makes the ref alone decide the protocol, so a message outside it is a type error.
 */
export function dispatch<M>(ref: ActorRef<M>, message: NoInfer<M>, sender?: AnyRef): void {
  const target = internal(ref as AnyRef).target;
  target.tell(message, sender === undefined ? undefined : internal(sender, 'sender'));
}

/**
 * Like `dispatch`, and `receipt` is called exactly once: `'handled'` after the actor's `receive` for this
 * message settled (returned, resolved or threw: a crash consumes the message), `'dropped'` when the message
 * became a dead letter instead. It is how a sender bounds what it has outstanding at a slow actor (the
 * pub/sub's delivery policies do). A message refused at once (dead target) gets `'dropped'` before this
 * returns; otherwise the receipt comes later, from the actor's mailbox. A throw in it is logged.
 */
export function dispatchWithReceipt<M>(ref: ActorRef<M>, message: NoInfer<M>, receipt: Receipt, sender?: AnyRef): void {
  if (typeof receipt !== 'function') throw new InvalidArgumentError('receipt', 'must be a function');
  const target = internal(ref as AnyRef).target;
  target.tell(message, sender === undefined ? undefined : internal(sender, 'sender'), receipt);
}

/** Messages queued for the actor and not yet handled (stashed ones included; not the one being handled). 0 once it is dead. */
export function mailboxSize(ref: AnyRef): number {
  return internal(ref).target.mailboxSize();
}

/** True until the actor stops for good (a restarting actor is alive). */
export function isAlive(ref: AnyRef): boolean {
  return internal(ref).target.alive;
}

/** Same actor? (Refs are objects; compare them with this or ===.) */
export function sameRef(a: AnyRef, b: AnyRef): boolean {
  return a === b;
}
