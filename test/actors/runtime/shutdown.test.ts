import { expect } from 'chai';
import {
  dispatch,
  isAlive,
  lookupChild,
  lookupSupervisor,
  startActorSystem,
  type ActorDef,
  type ActorSystem,
  type DeadLetter,
  type RuntimeEvent,
} from '../../../actors/runtime/index.js';
import { probe, quietLogs, settle, sleep, until, type ProbeMsg } from './helpers.js';

describe('runtime: shutdown, hooks and dead letters', () => {
  quietLogs();
  let system: ActorSystem;
  let log: string[];
  let letters: DeadLetter[];
  let events: RuntimeEvent[];

  beforeEach(async () => {
    system = await startActorSystem({ root: { intensity: 100 } });
    log = [];
    letters = [];
    events = [];
    system.onDeadLetter((l) => letters.push(l));
    system.onEvent((e) => events.push(e));
  });

  afterEach(() => system.stop());

  it('stops every descendant depth-first in reverse start order; afterwards no descendant handles a message', async () => {
    await system.startChild({
      id: 'top',
      start: {
        strategy: 'oneForOne',
        children: [
          { id: 'a', start: probe(log, 'a') },
          { id: 'sub', start: { strategy: 'oneForOne', children: [{ id: 'b1', start: probe(log, 'b1') }, { id: 'b2', start: probe(log, 'b2') }] } },
          { id: 'c', start: probe(log, 'c') },
        ],
      },
    });
    await system.spawn(probe(log, 'z'), { id: 'z' });
    const top = lookupSupervisor(system.root, 'top')!;
    const a = lookupChild<ProbeMsg>(top, 'a')!;
    for (let i = 0; i < 200; i++) dispatch(a, { type: 'inc' });
    log.length = 0;
    await system.stop();
    const stops = log.filter((l) => l.includes(':stop:'));
    expect(stops).to.deep.equal(['z:stop:shutdown', 'c:stop:shutdown', 'b2:stop:shutdown', 'b1:stop:shutdown', 'a:stop:shutdown']);
    const handled = log.length;
    dispatch(a, { type: 'inc' });
    await settle(50);
    expect(log.length).to.equal(handled);
    expect(isAlive(a)).to.equal(false);
    expect(isAlive(top)).to.equal(false);
    // Messages still queued at the stop were dead-lettered, not silently dropped.
    const discarded = letters.filter((l) => l.reason === 'discarded').length;
    expect(discarded + log.filter((l) => l.startsWith('a:msg')).length).to.equal(200);
    expect(letters.at(-1)?.reason).to.equal('stopped');
  });

  it('forces a child whose onStop overruns its shutdown timeout, aborting its signal, and goes on with the siblings', async () => {
    let signal: AbortSignal | undefined;
    const stuck: ActorDef<null, ProbeMsg> = {
      init: (ctx) => {
        signal = ctx.signal;
        return null;
      },
      receive: (s) => s,
      onStop: () => new Promise<void>(() => undefined),
    };
    await system.spawn(probe(log, 'first'), { id: 'first' });
    const s = await system.spawn(stuck, { id: 'stuck', shutdown: 20 });
    await system.spawn(probe(log, 'last'), { id: 'last' });
    dispatch(s, { type: 'inc' });
    await system.stop();
    expect(signal?.aborted).to.equal(true);
    expect(log.filter((l) => l.includes(':stop:'))).to.deep.equal(['last:stop:shutdown', 'first:stop:shutdown']);
    expect(isAlive(s)).to.equal(false);
  });

  it('forces a child stuck in a handler and discards its mailbox as dead letters', async () => {
    const hung: ActorDef<null, ProbeMsg> = {
      init: () => null,
      receive: () => new Promise<null>(() => undefined),
    };
    const h = await system.spawn(hung, { id: 'hung', shutdown: 10 });
    dispatch(h, { type: 'inc' });
    dispatch(h, { type: 'inc' });
    dispatch(h, { type: 'inc' });
    await settle();
    await system.stop();
    expect(letters.filter((l) => l.path === h.path && l.reason === 'discarded')).to.have.length(2);
  });

  it("skips onStop and aborts at once with shutdown 'brutal'", async () => {
    let signal: AbortSignal | undefined;
    const def = probe(log, 'b');
    const b = await system.spawn({ ...def, init: (ctx) => ((signal = ctx.signal), def.init(ctx)) }, { id: 'b', shutdown: 'brutal' });
    await system.stop();
    expect(log.filter((l) => l.includes(':stop:'))).to.deep.equal([]);
    expect(signal?.aborted).to.equal(true);
    expect(isAlive(b)).to.equal(false);
  });

  it('catches throws in onStop, onRestart and init: never an uncaughtException or unhandledRejection', async () => {
    const problems: unknown[] = [];
    const onProblem = (e: unknown) => problems.push(e);
    process.on('uncaughtException', onProblem);
    process.on('unhandledRejection', onProblem);
    try {
      let inits = 0;
      const bad: ActorDef<null, ProbeMsg> = {
        init: () => {
          inits++;
          if (inits === 3) throw new Error('init throws');
          return null;
        },
        receive: (_s, msg) => {
          if (msg.type === 'crash') throw new Error('crash');
          return null;
        },
        onRestart: () => {
          throw new Error('onRestart throws');
        },
        onStop: async () => {
          throw new Error('onStop throws');
        },
      };
      const sup = await system.startChild({ id: 'sup', start: { strategy: 'oneForOne', intensity: 10, children: [{ id: 'bad', start: bad }] } });
      const ref = lookupChild<ProbeMsg>(sup, 'bad')!;
      dispatch(ref, { type: 'crash' });
      await until(() => events.filter((e) => e.type === 'childRestarted').length === 1);
      dispatch(ref, { type: 'crash' });
      await until(() => events.filter((e) => e.type === 'childRestarted').length === 2);
      await system.stop();
      await sleep(5);
      const phases = events.flatMap((e) => (e.type === 'childCrashed' ? [e.phase] : []));
      expect(phases).to.include.members(['receive', 'onRestart', 'init', 'onStop']);
      expect(problems).to.deep.equal([]);
    } finally {
      process.off('uncaughtException', onProblem);
      process.off('unhandledRejection', onProblem);
    }
  });

  it('dead-letters a message sent to a stopped actor, with its path, message and sender', async () => {
    const a = await system.spawn(probe(log, 'a'), { id: 'a', restart: 'temporary' });
    const b = await system.spawn(probe(log, 'b'), { id: 'b' });
    dispatch(a, { type: 'stop' });
    await until(() => !isAlive(a));
    dispatch(a, { type: 'inc' }, b);
    expect(letters.at(-1)).to.deep.equal({ path: a.path, message: { type: 'inc' }, sender: b.path, reason: 'stopped' });
  });
});
