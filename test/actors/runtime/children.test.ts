import { expect } from 'chai';
import {
  ChildExistsError,
  ChildNotFoundError,
  ChildRunningError,
  countChildren,
  deleteChild,
  dispatch,
  InvalidSpecError,
  isAlive,
  lookupChild,
  lookupSupervisor,
  monitor,
  restartChild,
  startChild,
  startPartitionedSupervisor,
  StartFailedError,
  terminateChild,
  whichChildren,
  type ChildSpec,
  type Down,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, rejection, sleep, until, useSystem, type ProbeMsg } from './helpers.js';

describe('runtime: child specs and dynamic children', () => {
  quietLogs();
  const sut = useSystem({ root: { intensity: 100 } });

  describe('restart types', () => {
    async function supWith(children: ChildSpec[], strategy: 'oneForOne' | 'oneForAll' = 'oneForOne'): Promise<SupervisorRef> {
      return sut.system.startChild({ id: 'sup', start: { strategy, intensity: 10, children } });
    }

    it('restarts a permanent child after a normal exit and after a crash', async () => {
      const sup = await supWith([{ id: 'p', start: probe(sut.log, 'p'), restart: 'permanent' }]);
      const p = lookupChild<ProbeMsg>(sup, 'p')!;
      dispatch(p, { type: 'stop' });
      await until(() => sut.restarts() === 1);
      dispatch(p, { type: 'crash' });
      await until(() => sut.restarts() === 2);
      expect(isAlive(p)).to.equal(true);
      expect(sut.log).to.deep.equal(['p:init', 'p:stop:normal', 'p:init', 'p:restart', 'p:init']);
    });

    it('restarts a transient child after a crash but not after a normal exit', async () => {
      const sup = await supWith([{ id: 't', start: probe(sut.log, 't'), restart: 'transient' }]);
      const t = lookupChild<ProbeMsg>(sup, 't')!;
      dispatch(t, { type: 'crash' });
      await until(() => sut.restarts() === 1);
      const downs: Down[] = [];
      monitor(t, (d) => downs.push(d));
      dispatch(t, { type: 'stop' });
      await until(() => downs.length === 1);
      expect(downs[0]?.reason).to.equal('normal');
      expect(whichChildren(sup).map((c) => c.status)).to.deep.equal(['stopped']);
      expect(sut.restarts()).to.equal(1);
    });

    it('exits normally right after init when init calls ctx.stop() (transient: not restarted)', async () => {
      const sup = await supWith([
        { id: 'once', restart: 'transient', start: { init: (ctx) => (sut.log.push('once:init'), ctx.stop(), 0), receive: (n: number) => n } },
      ]);
      const once = lookupChild(sup, 'once')!;
      const downs: Down[] = [];
      monitor(once, (d) => downs.push(d));
      await until(() => downs.length === 1);
      expect(downs[0]?.reason).to.equal('normal');
      expect(whichChildren(sup).map((c) => c.status)).to.deep.equal(['stopped']);
      expect(sut.log).to.deep.equal(['once:init']);
      expect(sut.restarts()).to.equal(0);
    });

    it('never restarts a temporary child, not even when a sibling triggers oneForAll', async () => {
      const sup = await supWith(
        [
          { id: 'a', start: probe(sut.log, 'a') },
          { id: 'tmp', start: probe(sut.log, 'tmp'), restart: 'temporary' },
          { id: 'c', start: probe(sut.log, 'c') },
        ],
        'oneForAll',
      );
      const tmp = lookupChild<ProbeMsg>(sup, 'tmp')!;
      sut.log.length = 0;
      dispatch(lookupChild<ProbeMsg>(sup, 'a')!, { type: 'crash' });
      await until(() => sut.restarts() === 2);
      expect(isAlive(tmp)).to.equal(false);
      expect(sut.log).to.deep.equal(['a:restart', 'c:stop:shutdown', 'tmp:stop:shutdown', 'a:init', 'c:init']);
      expect(whichChildren(sup).map((c) => c.id)).to.deep.equal(['a', 'c']);
    });

    it('does not restart a temporary child that crashes, and forgets its spec', async () => {
      const sup = await supWith([{ id: 'tmp', start: probe(sut.log, 'tmp'), restart: 'temporary' }]);
      const tmp = lookupChild<ProbeMsg>(sup, 'tmp')!;
      dispatch(tmp, { type: 'crash' });
      await until(() => !isAlive(tmp));
      expect(sut.log).to.deep.equal(['tmp:init', 'tmp:stop:crash']);
      expect(countChildren(sup).specs).to.equal(0);
    });
  });

  describe('start order', () => {
    it('starts children in spec order, each async init finishing before the next starts', async () => {
      const slow = (name: string) => probe(sut.log, name, { beforeInit: () => sleep(5).then(() => void sut.log.push(`${name}:init-begun`)) });
      await sut.system.startChild({ id: 'sup', start: { strategy: 'oneForOne', children: ['a', 'b', 'c'].map((id) => ({ id, start: slow(id) })) } });
      expect(sut.log).to.deep.equal(['a:init-begun', 'a:init', 'b:init-begun', 'b:init', 'c:init-begun', 'c:init']);
    });

    it('stops already-started children in reverse order when a later init fails, and rejects the start', async () => {
      const failing = probe(sut.log, 'c', {
        beforeInit: () => {
          throw new Error('no database');
        },
      });
      const start = sut.system.startChild({
        id: 'sup',
        start: { strategy: 'oneForOne', children: [{ id: 'a', start: probe(sut.log, 'a') }, { id: 'b', start: probe(sut.log, 'b') }, { id: 'c', start: failing }] },
      });
      const error = await start.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(StartFailedError);
      expect((error as StartFailedError).code).to.equal('START_FAILED');
      expect((error as StartFailedError).path).to.equal(`${sut.system.name}/sup/c`);
      expect(sut.log).to.deep.equal(['a:init', 'b:init', 'b:stop:shutdown', 'a:stop:shutdown']);
      expect(whichChildren(sut.system.root)).to.deep.equal([]);
    });

    it('rejects invalid specs with an error naming the field and the rule', async () => {
      const bad = [
        [{ id: '', start: probe(sut.log, 'x') }, 'spec.id'],
        [{ id: 'x', start: probe(sut.log, 'x'), restart: 'sometimes' }, 'spec.restart'],
        [{ id: 'x', start: probe(sut.log, 'x'), shutdown: -1 }, 'spec.shutdown'],
        [{ id: 'x', start: { init: 1 } }, 'spec.start'],
        [{ id: 'x', start: probe(sut.log, 'x'), significant: true, restart: 'transient' }, 'spec.significant'],
        [{ id: 'x', start: { strategy: 'oneForSome', children: [] } }, 'spec.start.strategy'],
        [{ id: 'x', start: { strategy: 'oneForOne', intensity: -1, children: [] } }, 'spec.start.intensity'],
        [{ id: 'x', start: { strategy: 'oneForOne', backoff: { minMs: 10, maxMs: 5 }, children: [] } }, 'spec.start.backoff.maxMs'],
        [{ id: 'x', start: { strategy: 'oneForOne', stash: { capacity: -2 }, children: [] } }, 'spec.start.stash'],
        [{ id: 'x', start: { strategy: 'oneForOne', children: [{ id: 'd', start: probe(sut.log, 'd') }, { id: 'd', start: probe(sut.log, 'd') }] } }, 'spec.start.children[1].id'],
      ] as const;
      for (const [spec, field] of bad) {
        const error = await startChild(sut.system.root, spec as unknown as ChildSpec<ProbeMsg> as never).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, field).to.be.instanceOf(InvalidSpecError);
        expect((error as InvalidSpecError).field).to.equal(field);
      }
    });
  });

  describe('dynamic children', () => {
    it('starts, terminates, restarts and deletes children at runtime; whichChildren lists start order with status', async () => {
      const sup = await sut.system.startChild({ id: 'sup', start: { strategy: 'oneForOne', children: [{ id: 'a', start: probe(sut.log, 'a') }] } });
      const b = await startChild(sup, { id: 'b', start: probe(sut.log, 'b') });
      await startChild(sup, { id: 'c', start: probe(sut.log, 'c'), restart: 'transient' });
      expect(await count(b)).to.equal(0);
      expect(await rejection(startChild(sup, { id: 'b', start: probe(sut.log, 'b') }))).to.be.instanceOf(ChildExistsError);
      await terminateChild(sup, 'b');
      expect(isAlive(b)).to.equal(false);
      expect(whichChildren(sup).map((c) => [c.id, c.status, c.dynamic])).to.deep.equal([
        ['a', 'running', false],
        ['b', 'stopped', true],
        ['c', 'running', true],
      ]);
      expect(countChildren(sup)).to.deep.equal({ specs: 3, active: 2, workers: 3, supervisors: 0 });
      expect(await rejection(deleteChild(sup, 'c'))).to.be.instanceOf(ChildRunningError);
      expect(await rejection(restartChild(sup, 'c'))).to.be.instanceOf(ChildRunningError);
      const b2 = await restartChild(sup, 'b');
      expect(b2).to.not.equal(b);
      expect(isAlive(b2)).to.equal(true);
      await terminateChild(sup, 'b');
      await deleteChild(sup, 'b');
      expect(await rejection(terminateChild(sup, 'b'))).to.be.instanceOf(ChildNotFoundError);
      expect(whichChildren(sup).map((c) => c.id)).to.deep.equal(['a', 'c']);
    });

    it('loses dynamically added children when the supervisor itself restarts', async () => {
      const outer = await sut.system.startChild({
        id: 'outer',
        start: { strategy: 'oneForOne', intensity: 5, children: [{ id: 'inner', start: { strategy: 'oneForOne', intensity: 0, children: [{ id: 'static', start: probe(sut.log, 's') }] } }] },
      });
      const inner = lookupSupervisor(outer, 'inner')!;
      const dyn = await startChild(inner, { id: 'dyn', start: probe(sut.log, 'd') });
      dispatch(lookupChild<ProbeMsg>(inner, 'static')!, { type: 'crash' });
      await until(() => sut.events.some((e) => e.type === 'childRestarted' && e.path === inner.path));
      expect(isAlive(dyn)).to.equal(false);
      expect(whichChildren(inner).map((c) => c.id)).to.deep.equal(['static']);
    });

    it('routes children of a partitioned supervisor by id hash and finds them again', async () => {
      const users = await startPartitionedSupervisor(sut.system.root, { id: 'users', partitions: 4, intensity: 3 });
      const ids = Array.from({ length: 40 }, (_, i) => `user-${i}`);
      for (const id of ids) await users.startChild({ id, start: probe(sut.log, id) });
      expect(users.countChildren()).to.deep.equal({ specs: 40, active: 40, workers: 40, supervisors: 0 });
      const used = new Set(ids.map((id) => users.partitionOf(id)));
      expect(used.size).to.be.greaterThan(1);
      const u7 = users.lookupChild<ProbeMsg>('user-7')!;
      dispatch(u7, { type: 'inc' });
      expect(await count(u7)).to.equal(1);
      await users.terminateChild('user-7');
      await users.deleteChild('user-7');
      expect(users.lookupChild('user-7')).to.equal(undefined);
      expect(users.whichChildren()).to.have.length(39);
      const again = await users.restartChild('user-8').catch((e: unknown) => e);
      expect(again).to.be.instanceOf(ChildRunningError);
      expect(whichChildren(users.ref).map((c) => c.id)).to.deep.equal(['p0', 'p1', 'p2', 'p3']);
    });
  });

  describe('auto shutdown', () => {
    async function autoSup(autoShutdown: 'anySignificant' | 'allSignificant'): Promise<SupervisorRef> {
      return sut.system.startChild({
        id: 'session',
        restart: 'temporary',
        start: {
          strategy: 'oneForOne',
          autoShutdown,
          children: [
            { id: 'helper', start: probe(sut.log, 'helper') },
            { id: 'x', start: probe(sut.log, 'x'), restart: 'transient', significant: true },
            { id: 'y', start: probe(sut.log, 'y'), restart: 'transient', significant: true },
          ],
        },
      });
    }

    it('stops the supervisor (reason shutdown) when a significant child exits normally with anySignificant', async () => {
      const sup = await autoSup('anySignificant');
      const downs: Down[] = [];
      monitor(sup, (d) => downs.push(d));
      dispatch(lookupChild<ProbeMsg>(sup, 'x')!, { type: 'stop' });
      await until(() => downs.length === 1);
      expect(downs[0]?.reason).to.equal('shutdown');
      expect(sut.log.slice(-3)).to.deep.equal(['x:stop:normal', 'y:stop:shutdown', 'helper:stop:shutdown']);
    });

    it('does not auto-shutdown when the supervisor itself terminated the significant child', async () => {
      const sup = await autoSup('anySignificant');
      await terminateChild(sup, 'x');
      await sleep(5);
      expect(isAlive(sup)).to.equal(true);
    });

    it('waits for every significant child with allSignificant', async () => {
      const sup = await autoSup('allSignificant');
      dispatch(lookupChild<ProbeMsg>(sup, 'x')!, { type: 'stop' });
      await until(() => whichChildren(sup)[1]?.status === 'stopped');
      expect(isAlive(sup)).to.equal(true);
      dispatch(lookupChild<ProbeMsg>(sup, 'y')!, { type: 'stop' });
      await until(() => !isAlive(sup));
      expect(sut.events.some((e) => e.type === 'autoShutdown' && e.trigger === 'y')).to.equal(true);
    });
  });
});
