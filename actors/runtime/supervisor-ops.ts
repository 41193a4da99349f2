// Supervisor operations on a SupervisorRef (OTP start_child, terminate_child, restart_child,
// delete_child, which_children, count_children) plus child lookup by id.
import { normalizeChildSpec } from './child-spec.js';
import { InvalidRefError } from './errors.js';
import { internal, publicRef, publicSupervisorRef, recordLookupMiss, type RefImpl } from './refs.js';
import { SupervisorCell } from './supervisor.js';
import type { ActorRef, AnyRef, ChildCounts, ChildInfo, ChildSpec, SupervisorChildSpec, SupervisorRef, WorkerChildSpec } from './types.js';

export function supervisorCell(sup: SupervisorRef): SupervisorCell {
  const target = internal(sup, 'supervisor').target;
  if (!(target instanceof SupervisorCell)) throw new InvalidRefError('supervisor');
  return target;
}

/** Start a child at runtime (appended to the start order; gone after the supervisor restarts). */
export function startChild(sup: SupervisorRef, spec: SupervisorChildSpec): Promise<SupervisorRef>;
export function startChild<M>(sup: SupervisorRef, spec: WorkerChildSpec<M>): Promise<ActorRef<M>>;
export async function startChild(sup: SupervisorRef, spec: ChildSpec): Promise<AnyRef> {
  const cell = supervisorCell(sup);
  const normalized = normalizeChildSpec(spec, 'spec', cell.autoShutdown);
  return asPublic(await cell.startChild(normalized));
}

/** Stop a child for good (reason 'shutdown'); its spec stays (except temporary) for restartChild. */
export function terminateChild(sup: SupervisorRef, id: string): Promise<void> {
  return supervisorCell(sup).terminateChild(id);
}

/** Start a terminated (or permanently failed) child again, from its spec, under a new ref. */
export async function restartChild(sup: SupervisorRef, id: string): Promise<AnyRef> {
  return asPublic(await supervisorCell(sup).restartChild(id));
}

/** Forget a terminated child's spec. */
export function deleteChild(sup: SupervisorRef, id: string): Promise<void> {
  return supervisorCell(sup).deleteChild(id);
}

/** Children in start order, with their status. */
export function whichChildren(sup: SupervisorRef): ChildInfo[] {
  return supervisorCell(sup).whichChildren();
}

export function countChildren(sup: SupervisorRef): ChildCounts {
  return supervisorCell(sup).countChildren();
}

/** The live ref of child `id`, typed by the caller (unchecked: the caller knows the child's protocol). */
export function lookupChild<M>(sup: SupervisorRef, id: string): ActorRef<M> | undefined {
  const cell = supervisorCell(sup);
  const ref = cell.lookupChild(id);
  if (ref) return publicRef<M>(ref);
  recordLookupMiss(cell.describeMissingChild(id));
  return undefined;
}

/** The live ref of a child that is itself a supervisor. */
export function lookupSupervisor(sup: SupervisorRef, id: string): SupervisorRef | undefined {
  const cell = supervisorCell(sup);
  const ref = cell.lookupChild(id);
  if (ref?.isSupervisor) return publicSupervisorRef(ref);
  recordLookupMiss(ref ? `child '${id}' of ${cell.ref.path} is a worker, not a supervisor` : cell.describeMissingChild(id));
  return undefined;
}

function asPublic(ref: RefImpl): AnyRef {
  return ref.isSupervisor ? publicSupervisorRef(ref) : publicRef<never>(ref);
}
