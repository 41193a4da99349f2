import { expect } from 'chai';
import {
  dispatch,
  lookupChild,
  type ChildSpec,
  type Strategy,
  type SupervisorRef,
  whichChildren,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, until, useSystem, type ProbeMsg } from './helpers.js';

describe('runtime: restart strategies', () => {
  quietLogs();
  const sut = useSystem();

  async function startABC(strategy: Strategy, intensity = 10): Promise<SupervisorRef> {
    const children: ChildSpec[] = ['a', 'b', 'c'].map((id) => ({ id, start: probe(sut.log, id) }));
    return sut.system.startChild({ id: 'sup', start: { strategy, intensity, children } });
  }

  function child(sup: SupervisorRef, id: string) {
    const ref = lookupChild<ProbeMsg>(sup, id);
    if (!ref) throw new Error(`no child ${id}`);
    return ref;
  }

  const restarted = () => sut.events.filter((e) => e.type === 'childRestarted').length;

  it('oneForOne restarts only the failed child; siblings keep state and refs and get no stop hook', async () => {
    const sup = await startABC('oneForOne');
    const [a, b, c] = ['a', 'b', 'c'].map((id) => child(sup, id)) as [ReturnType<typeof child>, ReturnType<typeof child>, ReturnType<typeof child>];
    dispatch(a, { type: 'inc' });
    dispatch(c, { type: 'inc' });
    dispatch(b, { type: 'inc' });
    dispatch(b, { type: 'crash' });
    await until(() => restarted() === 1, 'restart');
    expect(await count(a)).to.equal(1);
    expect(await count(c)).to.equal(1);
    expect(await count(b)).to.equal(0);
    expect(child(sup, 'a')).to.equal(a);
    expect(child(sup, 'c')).to.equal(c);
    expect(sut.log.filter((l) => l.includes(':stop:'))).to.deep.equal([]);
    expect(sut.log.filter((l) => l.endsWith(':init'))).to.deep.equal(['a:init', 'b:init', 'c:init', 'b:init']);
  });

  it('oneForAll stops the others in reverse start order, then re-inits all in start order', async () => {
    const sup = await startABC('oneForAll');
    sut.log.length = 0;
    dispatch(child(sup, 'b'), { type: 'crash' });
    await until(() => restarted() === 3, 'three restarts');
    expect(sut.log).to.deep.equal(['b:restart', 'c:stop:shutdown', 'a:stop:shutdown', 'a:init', 'b:init', 'c:init']);
  });

  it('restForOne restarts the failed child and those started after it, leaving earlier ones alone', async () => {
    const sup = await startABC('restForOne');
    dispatch(child(sup, 'a'), { type: 'inc' });
    await until(() => sut.log.includes('a:msg:1'));
    sut.log.length = 0;
    dispatch(child(sup, 'b'), { type: 'crash' });
    await until(() => restarted() === 2, 'two restarts');
    expect(sut.log).to.deep.equal(['b:restart', 'c:stop:shutdown', 'b:init', 'c:init']);
    expect(await count(child(sup, 'a'))).to.equal(1);
  });

  it('restForOne: when the failed child gives up for good during the restart, the children after it still come back', async () => {
    // Regression: c stayed 'restarting' forever (its messages stashed) once b's restart failed permanently.
    const failingInit = probe(sut.log, 'b', {
      beforeInit: (n) => {
        if (n > 1) throw new Error('cannot reconnect');
      },
    });
    const sup = await sut.system.startChild({
      id: 'sup',
      start: {
        strategy: 'restForOne',
        backoff: { minMs: 1, maxMs: 1, randomFactor: 0, resetAfterMs: 10_000, maxRestartsInARow: 1 },
        children: [
          { id: 'a', start: probe(sut.log, 'a') },
          { id: 'b', start: failingInit },
          { id: 'c', start: probe(sut.log, 'c') },
        ],
      },
    });
    const c = child(sup, 'c');
    sut.log.length = 0;
    dispatch(child(sup, 'b'), { type: 'crash' });
    await until(() => sut.events.some((e) => e.type === 'childRestarted' && e.path === c.path), 'c restarted');
    expect(whichChildren(sup).map((info) => [info.id, info.status])).to.deep.equal([
      ['a', 'running'],
      ['b', 'failed'],
      ['c', 'running'],
    ]);
    expect(sut.events.filter((e) => e.type === 'childGaveUp').map((e) => e.path)).to.deep.equal([`${sup.path}/b`]);
    expect(sut.log).to.deep.equal(['b:restart', 'c:stop:shutdown', 'c:init']);
    dispatch(c, { type: 'inc' });
    expect(await count(c)).to.equal(1);
  });

  it('keeps the ref across a restart: a message to the old ref reaches the fresh instance', async () => {
    const sup = await startABC('oneForOne');
    const b = child(sup, 'b');
    dispatch(b, { type: 'inc' });
    dispatch(b, { type: 'inc' });
    dispatch(b, { type: 'crash' });
    await until(() => restarted() === 1);
    dispatch(b, { type: 'inc' });
    expect(await count(b)).to.equal(1);
    expect(lookupChild(sup, 'b')).to.equal(b);
  });

  it('drops the crashing message and delivers the ones queued behind it, in order, after the restart', async () => {
    const sup = await startABC('oneForOne');
    const b = child(sup, 'b');
    dispatch(b, { type: 'inc' });
    dispatch(b, { type: 'crash' });
    dispatch(b, { type: 'inc' });
    dispatch(b, { type: 'inc' });
    dispatch(b, { type: 'inc' });
    await until(() => sut.log.filter((l) => l.startsWith('b:msg')).length === 4, 'four messages');
    expect(sut.log.filter((l) => l.startsWith('b:'))).to.deep.equal(['b:init', 'b:msg:1', 'b:restart', 'b:init', 'b:msg:1', 'b:msg:2', 'b:msg:3']);
  });
});
