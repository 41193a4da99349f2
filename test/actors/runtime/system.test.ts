import { expect } from 'chai';
import {
  countChildren,
  dispatch,
  isAlive,
  lookupChild,
  startActorSystem,
  startChild,
  startPartitionedSupervisor,
  StartFailedError,
  SupervisorGaveUpError,
  SupervisorStoppedError,
  type ActorSystem,
  type RuntimeEvent,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, rejection, until, type ProbeMsg } from './helpers.js';

describe('runtime: actor system', () => {
  quietLogs();
  let system: ActorSystem;

  afterEach(() => system.stop());

  it('stops itself when the root supervisor gives up, and says why', async () => {
    system = await startActorSystem({ name: 'fragile', root: { intensity: 0 } });
    const log: string[] = [];
    const a = await system.spawn(probe(log, 'a'), { id: 'a' });
    dispatch(a, { type: 'crash' });
    const reason = await system.whenStopped;
    // Told apart from a stop(): a crash carrying the give-up, with the failure that tipped it.
    if (typeof reason === 'string') throw new Error(`expected a give-up, got ${reason}`);
    expect(reason.error).to.be.instanceOf(SupervisorGaveUpError);
    const gaveUp = reason.error as SupervisorGaveUpError;
    expect(gaveUp.code).to.equal('SUPERVISOR_GAVE_UP');
    expect(gaveUp.path).to.equal('fragile');
    expect(gaveUp.message).to.include('a crashed');
    expect(system.stopped).to.equal(true);
    expect(isAlive(system.root)).to.equal(false);
    expect(await rejection(system.spawn(probe(log, 'b')))).to.be.instanceOf(SupervisorStoppedError);
  });

  it("resolves whenStopped with 'shutdown' after stop()", async () => {
    system = await startActorSystem({ name: 'calm' });
    await system.stop();
    expect(await system.whenStopped).to.equal('shutdown');
  });

  it('starts root children in order and fails the whole start if one fails', async () => {
    const log: string[] = [];
    const error = await rejection(
      startActorSystem({
        root: {
          children: [
            { id: 'a', start: probe(log, 'a') },
            { id: 'b', start: probe(log, 'b', { beforeInit: () => Promise.reject(new Error('boom')) }) },
          ],
        },
      }),
    );
    expect(error).to.be.instanceOf(StartFailedError);
    expect(log).to.deep.equal(['a:init', 'a:stop:shutdown']);
    system = await startActorSystem({ name: 'ok', root: { children: [{ id: 'a', start: probe(log, 'a') }] } });
    expect(lookupChild(system.root, 'a')?.path).to.equal('ok/a');
  });

  it('emits runtime events to subscribers until they unsubscribe', async () => {
    system = await startActorSystem();
    const events: RuntimeEvent[] = [];
    const unsubscribe = system.onEvent((e) => events.push(e));
    const a = await system.spawn(probe([], 'a'));
    dispatch(a, { type: 'crash' });
    await until(() => events.some((e) => e.type === 'childRestarted'));
    unsubscribe();
    const seen = events.length;
    dispatch(a, { type: 'crash' });
    await until(() => isAlive(a) && events.length === seen);
    expect(events.map((e) => e.type)).to.deep.equal(['childCrashed', 'childRestarted']);
  });

  it('supervises 10,000 children and still delivers to each of them', async function () {
    this.timeout(20_000);
    system = await startActorSystem();
    const sup = await system.startChild({ id: 'many', start: { strategy: 'oneForOne', children: [] } });
    const users = await startPartitionedSupervisor(system.root, { id: 'users', partitions: 8 });
    const log: string[] = [];
    const def = probe(log, 'x');
    for (let i = 0; i < 10_000; i++) await startChild(sup, { id: `c${i}`, start: def });
    for (let i = 0; i < 2_000; i++) await users.startChild({ id: `u${i}`, start: def });
    const refs = Array.from({ length: 10_000 }, (_, i) => lookupChild<ProbeMsg>(sup, `c${i}`)!);
    for (const ref of refs) dispatch(ref, { type: 'inc' });
    await until(() => log.length === 12_000 + 10_000, 'all delivered', 100_000);
    expect(countChildren(sup).active).to.equal(10_000);
    expect(users.countChildren().active).to.equal(2_000);
    expect(await count(refs[9_999]!)).to.equal(1);
  });
});
