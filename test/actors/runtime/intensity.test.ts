import { expect } from 'chai';
import sinon from 'sinon';
import {
  dispatch,
  isAlive,
  lookupChild,
  lookupSupervisor,
  monitor,
  type Down,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { probe, quietLogs, settle, until, useSystem, type ProbeMsg } from './helpers.js';

describe('runtime: restart intensity and escalation', () => {
  quietLogs();
  const sut = useSystem({ root: { intensity: 100 } });

  const gaveUp = () => sut.events.filter((e) => e.type === 'supervisorGaveUp').map((e) => e.path);

  async function crashAndWaitRestart(sup: SupervisorRef, id: string, expected: number): Promise<void> {
    dispatch(lookupChild<ProbeMsg>(sup, id)!, { type: 'crash' });
    await until(() => sut.restarts() === expected, `restart ${expected}`);
  }

  it('gives up after more than `intensity` restarts in the period: stops children in reverse, stops itself, tells its parent', async () => {
    const sup = await sut.system.startChild({
      id: 'sup',
      restart: 'temporary',
      start: { strategy: 'oneForOne', intensity: 3, periodMs: 5000, children: ['a', 'b', 'c'].map((id) => ({ id, start: probe(sut.log, id) })) },
    });
    const downs: Down[] = [];
    monitor(sup, (d) => downs.push(d));
    for (let i = 1; i <= 3; i++) await crashAndWaitRestart(sup, 'b', i);
    sut.log.length = 0;
    dispatch(lookupChild<ProbeMsg>(sup, 'b')!, { type: 'crash' });
    await until(() => downs.length === 1, 'supervisor down');
    expect(sut.log).to.deep.equal(['c:stop:shutdown', 'b:stop:crash', 'a:stop:shutdown']);
    expect(gaveUp()).to.deep.equal([sup.path]);
    expect(downs[0]?.reason).to.equal('shutdown');
    expect(sut.events.some((e) => e.type === 'childStopped' && e.path === sup.path)).to.equal(true);
  });

  it('counts restarts across all children of the supervisor', async () => {
    const sup = await sut.system.startChild({
      id: 'sup',
      restart: 'temporary',
      start: { strategy: 'oneForOne', intensity: 3, children: ['a', 'b', 'c'].map((id) => ({ id, start: probe(sut.log, id) })) },
    });
    await crashAndWaitRestart(sup, 'b', 1);
    await crashAndWaitRestart(sup, 'c', 2);
    await crashAndWaitRestart(sup, 'b', 3);
    dispatch(lookupChild<ProbeMsg>(sup, 'c')!, { type: 'crash' });
    await until(() => !isAlive(sup), 'supervisor stopped');
    expect(gaveUp()).to.deep.equal([sup.path]);
  });

  it('forgets restarts older than periodMs', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['Date'] });
    try {
      const sup = await sut.system.startChild({
        id: 'sup',
        start: { strategy: 'oneForOne', intensity: 3, periodMs: 5000, children: [{ id: 'b', start: probe(sut.log, 'b') }] },
      });
      for (let i = 1; i <= 3; i++) await crashAndWaitRestart(sup, 'b', i);
      clock.tick(5100);
      for (let i = 4; i <= 6; i++) await crashAndWaitRestart(sup, 'b', i);
      expect(isAlive(sup)).to.equal(true);
      expect(gaveUp()).to.deep.equal([]);
    } finally {
      clock.restore();
    }
  });

  it('defaults to intensity 1 in 5000 ms (OTP): the second crash in the period gives up', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['Date'] });
    try {
      const sup = await sut.system.startChild({
        id: 'sup',
        restart: 'temporary',
        start: { strategy: 'oneForOne', children: [{ id: 'b', start: probe(sut.log, 'b') }] },
      });
      await crashAndWaitRestart(sup, 'b', 1);
      // 5000 ms later the first restart is out of the window: one more is allowed...
      clock.tick(5000);
      await crashAndWaitRestart(sup, 'b', 2);
      expect(gaveUp()).to.deep.equal([]);
      // ...but a second one within 5000 ms of it is not.
      clock.tick(4999);
      dispatch(lookupChild<ProbeMsg>(sup, 'b')!, { type: 'crash' });
      await until(() => !isAlive(sup), 'supervisor stopped');
      expect(gaveUp()).to.deep.equal([sup.path]);
    } finally {
      clock.restore();
    }
  });

  it('restarts an init that always throws at most `intensity` times, without blocking the event loop', async () => {
    let ticks = 0;
    const ticksSeenByInit = new Set<number>();
    const interval = setInterval(() => ticks++, 1);
    try {
      const sup = await sut.system.startChild({
        id: 'sup',
        restart: 'temporary',
        start: {
          strategy: 'oneForOne',
          intensity: 500,
          periodMs: 60_000,
          children: [
            {
              id: 'b',
              start: probe(sut.log, 'b', {
                beforeInit: (n) => {
                  ticksSeenByInit.add(ticks);
                  if (n > 1) throw new Error('init fails');
                },
              }),
            },
          ],
        },
      });
      dispatch(lookupChild<ProbeMsg>(sup, 'b')!, { type: 'crash' });
      await until(() => !isAlive(sup), 'supervisor gave up', 200_000);
      const initFailures = sut.events.filter((e) => e.type === 'childCrashed' && e.phase === 'init').length;
      expect(initFailures).to.equal(500);
      // The 1 ms interval kept firing between restarts (nact's reset loop starves it: fired once in 1.6 s).
      expect(ticksSeenByInit.size).to.be.greaterThan(2);
    } finally {
      clearInterval(interval);
    }
  });

  it('treats a nested supervisor that gave up like any child: restarts it (counted) under the parent strategy', async () => {
    const outer = await sut.system.startChild({
      id: 'outer',
      start: {
        strategy: 'oneForOne',
        intensity: 5,
        children: [
          { id: 'x', start: probe(sut.log, 'x') },
          { id: 'inner', start: { strategy: 'oneForOne', intensity: 0, children: [{ id: 'w', start: probe(sut.log, 'w') }] } },
        ],
      },
    });
    const inner = lookupSupervisor(outer, 'inner')!;
    const w1 = lookupChild<ProbeMsg>(inner, 'w')!;
    sut.log.length = 0;
    dispatch(w1, { type: 'crash' });
    await until(() => sut.events.some((e) => e.type === 'childRestarted' && e.path === inner.path), 'inner restarted');
    expect(gaveUp()).to.deep.equal([inner.path]);
    expect(sut.log).to.deep.equal(['w:stop:crash', 'w:init']);
    expect(isAlive(inner)).to.equal(true);
    expect(lookupSupervisor(outer, 'inner')).to.equal(inner);
    // The inner supervisor's children are new actors (OTP: a restarted supervisor starts its children afresh).
    expect(isAlive(w1)).to.equal(false);
    expect(isAlive(lookupChild(inner, 'w')!)).to.equal(true);
    // ...and the parent counted it: with intensity 0 on the outer it would have given up instead.
    await settle();
    expect(gaveUp()).to.deep.equal([inner.path]);
  });

  it('gives up in the parent too when nested give-ups exceed the parent intensity', async () => {
    const outer = await sut.system.startChild({
      id: 'outer',
      restart: 'temporary',
      start: {
        strategy: 'oneForOne',
        intensity: 0,
        children: [{ id: 'inner', start: { strategy: 'oneForOne', intensity: 0, children: [{ id: 'w', start: probe(sut.log, 'w') }] } }],
      },
    });
    const inner = lookupSupervisor(outer, 'inner')!;
    dispatch(lookupChild<ProbeMsg>(inner, 'w')!, { type: 'crash' });
    await until(() => !isAlive(outer), 'outer stopped');
    expect(gaveUp()).to.deep.equal([inner.path, outer.path]);
  });
});
