import { expect } from 'chai';
import {
  dispatch,
  isAlive,
  lookupSupervisor,
  startActorSystem,
  startPartitionedSupervisor,
  whichChildren,
  type ActorRef,
  type ActorSystem,
  type PartitionedSupervisor,
  type RuntimeEvent,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, until, type ProbeMsg } from './helpers.js';

describe('runtime: partitioned supervisor with thousands of children', () => {
  quietLogs();
  const partitions = 8;
  const total = 5_000;
  const ids = Array.from({ length: total }, (_, i) => `user-${i}`);
  let system: ActorSystem;
  let users: PartitionedSupervisor;
  let events: RuntimeEvent[];
  let log: string[];

  before(async function () {
    this.timeout(30_000);
    system = await startActorSystem({ name: 'part' });
    events = [];
    log = [];
    system.onEvent((e) => events.push(e));
    users = await startPartitionedSupervisor(system.root, { id: 'users', partitions, intensity: 100 });
    const def = probe(log, 'u');
    for (const id of ids) await users.startChild({ id, start: def });
  });

  after(() => system.stop());

  /** The first id of each partition (one child per partition). */
  function onePerPartition(): string[] {
    const picked = new Map<number, string>();
    for (const id of ids) if (!picked.has(users.partitionOf(id))) picked.set(users.partitionOf(id), id);
    return [...picked.values()];
  }

  function partitionRefs() {
    return Array.from({ length: partitions }, (_, i) => lookupSupervisor(users.ref, `p${i}`)!);
  }

  it('spreads 5,000 children over every partition, each in the partition its id hashes to', () => {
    const perPartition = partitionRefs().map((ref) => whichChildren(ref));
    expect(perPartition.every((children) => children.length > 0)).to.equal(true);
    perPartition.forEach((children, index) => {
      for (const child of children) expect(users.partitionOf(child.id)).to.equal(index);
    });
    const all = users.whichChildren();
    expect(all).to.have.length(total);
    expect(new Set(all.map((c) => c.id))).to.deep.equal(new Set(ids));
    expect(users.countChildren()).to.deep.equal({ specs: total, active: total, workers: total, supervisors: 0 });
  });

  it('terminates, restarts and deletes children in different partitions; whichChildren and countChildren see it across partitions', async () => {
    const victims = onePerPartition();
    expect(victims).to.have.length(partitions);
    const refs = victims.map((id) => users.lookupChild<ProbeMsg>(id)!);
    for (const id of victims) await users.terminateChild(id);
    expect(refs.map((ref) => isAlive(ref))).to.deep.equal(victims.map(() => false));
    const stopped = users.whichChildren().filter((c) => c.status === 'stopped');
    expect(stopped.map((c) => c.id).sort()).to.deep.equal([...victims].sort());
    expect(users.countChildren()).to.include({ specs: total, active: total - partitions });
    expect(victims.map((id) => users.lookupChild(id))).to.deep.equal(victims.map(() => undefined));

    const [first, ...rest] = victims;
    const again = (await users.restartChild(first!)) as ActorRef<ProbeMsg>;
    expect(await count(again)).to.equal(0);
    for (const id of rest) await users.deleteChild(id);
    expect(users.whichChildren()).to.have.length(total - rest.length);
    expect(users.countChildren()).to.include({ specs: total - rest.length, active: total - rest.length });
  });

  it('restarts a crashing child in its own partition without touching the children of the others', async () => {
    const victim = ids[4_321]!;
    const ref = users.lookupChild<ProbeMsg>(victim)!;
    const other = ids.find((id) => users.partitionOf(id) !== users.partitionOf(victim) && users.lookupChild(id) !== undefined)!;
    const otherRef = users.lookupChild<ProbeMsg>(other)!;
    dispatch(otherRef, { type: 'inc' });
    dispatch(ref, { type: 'inc' });
    dispatch(ref, { type: 'crash' });
    await until(() => events.some((e) => e.type === 'childRestarted' && e.path === ref.path), 'restart in the partition');
    expect(await count(ref)).to.equal(0);
    expect(await count(otherRef)).to.equal(1);
    expect(users.lookupChild(victim)).to.equal(ref);
  });
});
