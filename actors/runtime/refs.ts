// Ref objects behind the opaque ActorRef type, and the send path (`dispatch`, `isAlive`).
import { InvalidRefError } from './errors.js';
import type { SystemCore } from './core.js';
import type { ActorRef, AnyRef, Down, ExitReason, SupervisorRef } from './types.js';

export type DownListener = (down: Down) => void;

/** What a ref points at: a worker cell, a supervisor cell, or an ask's reply slot. */
export interface RefTarget {
  readonly alive: boolean;
  /** The actor system the target belongs to (where its dead letters go). */
  readonly core: SystemCore;
  /** Set once the target is dead. */
  readonly exitReason: ExitReason | undefined;
  tell(message: unknown, sender: RefImpl | undefined): void;
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
  throw new InvalidRefError(what);
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

/** True until the actor stops for good (a restarting actor is alive). */
export function isAlive(ref: AnyRef): boolean {
  return internal(ref).target.alive;
}

/** Same actor? (Refs are objects; compare them with this or ===.) */
export function sameRef(a: AnyRef, b: AnyRef): boolean {
  return a === b;
}
