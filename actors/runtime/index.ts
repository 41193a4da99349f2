// Public API of the OTP-style runtime over nact. Nothing here exposes nact types.
export type {
  ActorContext,
  ActorDef,
  ActorRef,
  AnyRef,
  AutoShutdown,
  BackoffOptions,
  ChildCounts,
  ChildInfo,
  ChildSpec,
  ChildStatus,
  CrashPhase,
  CrashReason,
  DeadLetter,
  Down,
  ExitReason,
  Receipt,
  ReceiptOutcome,
  RestartType,
  RuntimeEvent,
  Shutdown,
  StashPolicy,
  Strategy,
  SupervisorChildSpec,
  SupervisorOptions,
  SupervisorRef,
  SupervisorSpec,
  TimerHandle,
  WorkerChildSpec,
} from './types.js';
export { dispatch, dispatchWithReceipt, isAlive, mailboxSize, sameRef } from './refs.js';
export { monitor } from './monitor.js';
export { ask } from './ask.js';
export {
  countChildren,
  deleteChild,
  lookupChild,
  lookupSupervisor,
  restartChild,
  startChild,
  terminateChild,
  whichChildren,
} from './supervisor-ops.js';
export { PartitionedSupervisor, startPartitionedSupervisor, type PartitionedSupervisorOptions } from './partitioned.js';
export { startActorSystem, type ActorSystem, type ActorSystemOptions, type SpawnOptions } from './system.js';
export { backoffDelay } from './backoff.js';
export {
  ActorDownError,
  AskTimeoutError,
  ChildExistsError,
  ChildNotFoundError,
  ChildRunningError,
  InvalidArgumentError,
  InvalidRefError,
  InvalidSpecError,
  RuntimeError,
  StartFailedError,
  SupervisorGaveUpError,
  SupervisorStoppedError,
  ActorCrashedError,
  IllegalTransitionError,
  type RuntimeErrorCode,
} from './errors.js';

export { defineActor } from './define.js';
