// A partitioned dynamic supervisor for thousands of similar children (users, symbols): N partition
// supervisors under one container; a child goes to partition hash(id) % N (like Elixir's
// PartitionSupervisor). Each partition restarts, counts intensity and shuts down on its own, so
// one noisy child cannot take all the others down, and per-partition child lists stay short.
import { isSupervisorSpec } from './child-spec.js';
import { InvalidSpecError, SupervisorStoppedError } from './errors.js';
import { countChildren, deleteChild, lookupChild, lookupSupervisor, restartChild, startChild, terminateChild, whichChildren } from './supervisor-ops.js';
import type {
  ActorRef,
  AnyRef,
  ChildCounts,
  ChildInfo,
  RestartType,
  SupervisorOptions,
  SupervisorRef,
  SupervisorSpec,
  SupervisorChildSpec,
  ChildSpec,
  WorkerChildSpec,
} from './types.js';

export interface PartitionedSupervisorOptions extends Omit<SupervisorOptions, 'strategy' | 'autoShutdown'> {
  /** Child id of the container under its parent. */
  readonly id: string;
  readonly partitions: number;
  /** Restart type of the container under its parent. Default 'permanent'. */
  readonly restart?: RestartType;
}

export class PartitionedSupervisor {
  constructor(
    /** The container supervisor (its children are the partitions p0..pN-1). */
    readonly ref: SupervisorRef,
    readonly partitions: number,
  ) {}

  partitionOf(id: string): number {
    return fnv1a(id) % this.partitions;
  }

  startChild(spec: SupervisorChildSpec): Promise<SupervisorRef>;
  startChild<M>(spec: WorkerChildSpec<M>): Promise<ActorRef<M>>;
  startChild(spec: ChildSpec): Promise<AnyRef> {
    const partition = this.partition(spec.id);
    return isSupervisorSpec(spec.start) ? startChild(partition, spec as SupervisorChildSpec) : startChild(partition, spec as WorkerChildSpec<unknown>);
  }

  terminateChild(id: string): Promise<void> {
    return terminateChild(this.partition(id), id);
  }

  restartChild(id: string): Promise<AnyRef> {
    return restartChild(this.partition(id), id);
  }

  deleteChild(id: string): Promise<void> {
    return deleteChild(this.partition(id), id);
  }

  lookupChild<M>(id: string): ActorRef<M> | undefined {
    return lookupChild<M>(this.partition(id), id);
  }

  /** All children, partition by partition (start order within a partition). */
  whichChildren(): ChildInfo[] {
    return this.allPartitions().flatMap((partition) => whichChildren(partition));
  }

  countChildren(): ChildCounts {
    const total = { specs: 0, active: 0, workers: 0, supervisors: 0 };
    for (const partition of this.allPartitions()) {
      const counts = countChildren(partition);
      total.specs += counts.specs;
      total.active += counts.active;
      total.workers += counts.workers;
      total.supervisors += counts.supervisors;
    }
    return total;
  }

  private allPartitions(): SupervisorRef[] {
    return Array.from({ length: this.partitions }, (_, i) => this.partitionRef(i));
  }

  private partition(id: string): SupervisorRef {
    return this.partitionRef(this.partitionOf(id));
  }

  // Looked up on every call: if the container restarts, its partitions are new supervisors.
  private partitionRef(index: number): SupervisorRef {
    const ref = lookupSupervisor(this.ref, `p${index}`);
    if (!ref) throw new SupervisorStoppedError(`${this.ref.path}/p${index}`);
    return ref;
  }
}

/** Start a partitioned supervisor as a child of `parent`. */
export async function startPartitionedSupervisor(parent: SupervisorRef, options: PartitionedSupervisorOptions): Promise<PartitionedSupervisor> {
  const { id, partitions, restart, ...partitionOptions } = options;
  if (!Number.isInteger(partitions) || partitions < 1) throw new InvalidSpecError('options.partitions', 'must be an integer >= 1');
  const partition: SupervisorSpec = { strategy: 'oneForOne', ...partitionOptions, children: [] };
  const container: SupervisorSpec = {
    strategy: 'oneForOne',
    children: Array.from({ length: partitions }, (_, i) => ({ id: `p${i}`, start: partition })),
  };
  const ref = await startChild(parent, { id, start: container, restart });
  return new PartitionedSupervisor(ref, partitions);
}

/** FNV-1a 32-bit: cheap, stable across processes, good spread for short ids. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
