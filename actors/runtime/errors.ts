// Typed runtime errors: every failure the runtime reports has a class and a stable `code`.
import type { ExitReason } from './types.js';

export type RuntimeErrorCode =
  | 'ASK_TIMEOUT'
  | 'ACTOR_DOWN'
  | 'INVALID_ARGUMENT'
  | 'INVALID_SPEC'
  | 'INVALID_REF'
  | 'CHILD_EXISTS'
  | 'CHILD_NOT_FOUND'
  | 'CHILD_RUNNING'
  | 'START_FAILED'
  | 'SUPERVISOR_STOPPED'
  | 'SUPERVISOR_GAVE_UP'
  | 'ACTOR_CRASHED'
  | 'ILLEGAL_TRANSITION';

export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An `ask` got no reply within its timeout. */
export class AskTimeoutError extends RuntimeError {
  constructor(
    readonly path: string,
    readonly timeoutMs: number,
  ) {
    super('ASK_TIMEOUT', `ask to ${path} got no reply within ${timeoutMs} ms`);
  }
}

/** The target of an `ask` stopped (or was never alive) before it replied. */
export class ActorDownError extends RuntimeError {
  constructor(
    readonly path: string,
    readonly reason: ExitReason,
  ) {
    super('ACTOR_DOWN', `actor ${path} is down (${describeReason(reason)})`);
  }
}

/** A function argument broke a rule; the message names the argument and the rule. */
export class InvalidArgumentError extends RuntimeError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super('INVALID_ARGUMENT', `${field}: ${rule}`);
  }
}

/** A child or supervisor spec broke a rule; the message names the field and the rule. */
export class InvalidSpecError extends RuntimeError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super('INVALID_SPEC', `${field}: ${rule}`);
  }
}

/**
 * Something that is not a ref created by this runtime was passed where a ref is expected. For
 * `undefined` the message says where it most likely came from (`hint`), e.g. a `lookupChild` of a
 * child that does not exist.
 */
export class InvalidRefError extends RuntimeError {
  constructor(what: string, got?: unknown, hint?: string) {
    const tail = hint ? `: ${hint}` : '';
    super(
      'INVALID_REF',
      got === undefined || got === null
        ? `${what} is ${String(got)}, not an actor ref${tail}`
        : `${what} is not an actor ref created by this runtime${tail}`,
    );
  }
}

export class ChildExistsError extends RuntimeError {
  constructor(
    readonly supervisor: string,
    readonly childId: string,
  ) {
    super('CHILD_EXISTS', `supervisor ${supervisor} already has a child with id '${childId}'`);
  }
}

export class ChildNotFoundError extends RuntimeError {
  constructor(
    readonly supervisor: string,
    readonly childId: string,
  ) {
    super('CHILD_NOT_FOUND', `supervisor ${supervisor} has no child with id '${childId}'`);
  }
}

/** restartChild / deleteChild on a child that is still running (OTP returns {error, running}). */
export class ChildRunningError extends RuntimeError {
  constructor(
    readonly supervisor: string,
    readonly childId: string,
  ) {
    super('CHILD_RUNNING', `child '${childId}' of ${supervisor} is running; terminate it first`);
  }
}

/** A child's init failed while starting it; `cause` is the init error. */
export class StartFailedError extends RuntimeError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super('START_FAILED', `actor ${path} failed to start: ${errorMessage(cause)}`, { cause });
  }
}

/** An operation on a supervisor (or system) that is stopping or stopped. */
export class SupervisorStoppedError extends RuntimeError {
  constructor(readonly path: string) {
    super('SUPERVISOR_STOPPED', `supervisor ${path} is stopped or stopping`);
  }
}

/** The message an `ask` sent made its target crash (gen_server:call exits with the reason at once). */
export class ActorCrashedError extends RuntimeError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super('ACTOR_CRASHED', `actor ${path} crashed handling the request: ${errorMessage(cause)}`, { cause });
  }
}

/** A supervisor reached its restart intensity and stopped (what the system's `whenStopped` reports for the root). */
export class SupervisorGaveUpError extends RuntimeError {
  constructor(
    readonly path: string,
    readonly restarts: number,
    readonly periodMs: number,
    readonly lastReason: ExitReason,
  ) {
    super(
      'SUPERVISOR_GAVE_UP',
      `supervisor ${path} gave up after ${restarts} restarts in ${periodMs} ms (last: ${describeReason(lastReason)})`,
    );
  }
}

/** A lifecycle transition the state machine does not allow: a runtime bug, reported loudly. */
export class IllegalTransitionError extends RuntimeError {
  constructor(
    readonly path: string,
    readonly from: string,
    readonly to: string,
  ) {
    super('ILLEGAL_TRANSITION', `actor ${path}: illegal lifecycle transition ${from} -> ${to}`);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function describeReason(reason: ExitReason): string {
  return typeof reason === 'string' ? reason : `crash: ${errorMessage(reason.error)}`;
}
