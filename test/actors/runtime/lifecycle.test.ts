// Regression specs for the lifecycle defects of issue 6 (each failed before the state-machine redesign),
// the lifecycle table itself, incarnation timers, ask on a crash and the undefined-ref message.
import { expect } from 'chai';
import {
  ActorCrashedError,
  ask,
  dispatch,
  InvalidRefError,
  isAlive,
  lookupChild,
  lookupSupervisor,
  startChild,
  whichChildren,
  type ActorDef,
  type ActorRef,
  type RuntimeEvent,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { allowedTransitions, Lifecycle } from '../../../actors/runtime/lifecycle.js';
import { count, eventually, quietTimers, newGate, probe, quietLogs, rejection, sleep, until, useSystem, type ProbeMsg } from './helpers.js';

describe('runtime: lifecycle state machine', () => {
  it('allows only the transitions of its table and throws on any other', () => {
    const table = allowedTransitions();
    const phases = Object.keys(table) as (keyof typeof table)[];
    for (const from of phases) {
      for (const to of phases) {
        const life = new Lifecycle('t');
        // Walk to `from` along allowed transitions.
        const path: Record<string, (keyof typeof table)[]> = {
          starting: [],
          running: ['running'],
          suspended: ['running', 'suspended'],
          restarting: ['running', 'suspended', 'restarting'],
          stopping: ['stopping'],
          dead: ['dead'],
        };
        for (const step of path[from] ?? []) life.to(step);
        expect(life.phase).to.equal(from);
        if (table[from].includes(to)) life.to(to);
        else expect(() => life.to(to), `${from} -> ${to}`).to.throw(/illegal lifecycle transition/);
      }
    }
  });
});

describe('runtime: lifecycle regressions', () => {
  quietLogs();
  const sut = useSystem();

  it('keeps growing the backoff to the cap while init keeps failing, and gives up after maxRestartsInARow', async () => {
    const inits: number[] = [];
    const sup = await sut.system.startChild({
      id: 'sup',
      start: {
        strategy: 'oneForOne',
        // resetAfterMs is shorter than the waits: failed restarts must still not count as healthy time.
        backoff: { minMs: 20, maxMs: 80, randomFactor: 0, resetAfterMs: 30, maxRestartsInARow: 6 },
        children: [
          {
            id: 'conn',
            start: probe(sut.log, 'conn', {
              beforeInit: (n) => {
                inits.push(Date.now());
                if (n > 1) throw new Error('exchange down');
              },
            }),
          },
        ],
      },
    });
    const crashedAt = Date.now();
    dispatch(lookupChild<ProbeMsg>(sup, 'conn')!, { type: 'crash' });
    await eventually(() => sut.events.some((e) => e.type === 'childGaveUp'), 'the child to give up', 3000);
    expect(inits.length).to.equal(1 + 6); // the first start, then six failed restarts
    const gaps = [inits[1]! - crashedAt, ...inits.slice(2).map((t, i) => t - inits[i + 1]!)];
    const expected = [20, 40, 80, 80, 80, 80];
    gaps.forEach((gap, i) => expect(gap, `gap ${i} of ${gaps.join(', ')}`).to.be.at.least(expected[i]! - 2));
    expect(whichChildren(sup)[0]?.status).to.equal('failed');
  });

  it('does not carry a stop request across a crash: ctx.stop() then throw restarts once and keeps running', async () => {
    type Msg = { type: 'stopThenCrash' } | { type: 'get'; replyTo: ActorRef<number> };
    let inits = 0;
    const def: ActorDef<number, Msg> = {
      init: () => ++inits,
      receive(state, msg, ctx) {
        if (msg.type === 'get') {
          dispatch(msg.replyTo, state);
          return state;
        }
        ctx.stop();
        throw new Error('failed after asking to stop');
      },
    };
    // Default intensity (1 in 5 s): a second restart would make the supervisor give up.
    const sup = await sut.system.startChild({ id: 'sup', start: { strategy: 'oneForOne', children: [{ id: 'w', start: def, restart: 'transient' }] } });
    const ref = lookupChild<Msg>(sup, 'w')!;
    dispatch(ref, { type: 'stopThenCrash' });
    await until(() => sut.restarts() === 1);
    await sleep(30);
    expect(sut.restarts()).to.equal(1);
    expect(sut.events.filter((e) => e.type === 'supervisorGaveUp')).to.have.length(0);
    expect(isAlive(ref)).to.equal(true);
    expect(await ask<Msg, number>(ref, (replyTo) => ({ type: 'get', replyTo }), 1000)).to.equal(2);
  });

  it('leaves no restart timer behind when stop() arrives during a slow onRestart', async () => {
    const before = await quietTimers();
    const gate = newGate();
    const sup = await sut.system.startChild({
      id: 'sup',
      start: {
        strategy: 'oneForOne',
        backoff: { minMs: 10_000, maxMs: 10_000, randomFactor: 0 },
        children: [{ id: 'slow', start: probe(sut.log, 'slow', { onRestart: () => new Promise((resolve) => gate.waiters.push(resolve)) }) }],
      },
    });
    dispatch(lookupChild<ProbeMsg>(sup, 'slow')!, { type: 'crash' });
    await until(() => gate.waiters.length === 1);
    const stopped = sut.system.stop();
    await sleep(5);
    gate.release();
    await stopped;
    expect(await quietTimers()).to.deep.equal(before);
  });

  it('emits childRestarted only for a child that is running, never for one being stopped', async () => {
    const gate = newGate();
    const seen: string[] = [];
    const sup = await sut.system.startChild({
      id: 'sup',
      start: {
        strategy: 'oneForOne',
        children: [{ id: 'w', start: probe(sut.log, 'w', { beforeInit: (n) => (n > 1 ? new Promise((resolve) => gate.waiters.push(resolve)) : undefined) }) }],
      },
    });
    sut.system.onEvent((event: RuntimeEvent) => {
      if (event.type === 'childRestarted') seen.push(whichChildren(sup).find((c) => event.path.endsWith(`/${c.id}`))?.status ?? 'gone');
    });
    dispatch(lookupChild<ProbeMsg>(sup, 'w')!, { type: 'crash' });
    await until(() => gate.waiters.length === 1); // the restart's init is running
    const stopped = sut.system.stop();
    await sleep(5);
    gate.release();
    await stopped;
    expect(seen).to.deep.equal(['running']);
    // The restart completed before the stop was handled, so the new incarnation is what onStop saw.
    expect(sut.log).to.deep.equal(['w:init', 'w:restart', 'w:init', 'w:stop:shutdown']);
  });

  it('refuses an operation asked for by a child while its supervisor stops, instead of deadlocking', async () => {
    let refused: unknown;
    const sup = await sut.system.startChild({
      id: 'sup',
      start: {
        strategy: 'oneForOne',
        children: [
          { id: 'a', start: probe(sut.log, 'a') },
          {
            id: 'b',
            start: {
              init: () => 0,
              receive: (s: number) => s,
              async onStop(_s: number, _r: unknown, ctx: { parent: SupervisorRef }) {
                refused = await rejection(startChild(ctx.parent, { id: 'late', start: probe(sut.log, 'late') }));
              },
            },
          },
        ],
      },
    });
    await sut.system.stop();
    expect((refused as Error).name).to.equal('SupervisorStoppedError');
    expect(isAlive(sup)).to.equal(false);
  });
});

describe('runtime: ask on a crash', () => {
  quietLogs();
  const sut = useSystem();

  it('rejects at once with the crash reason when the request makes the target crash', async () => {
    type Msg = { type: 'boom'; replyTo: ActorRef<string> };
    const ref = await sut.system.spawn<null, Msg>({
      init: () => null,
      receive() {
        throw new Error('cannot handle that');
      },
    });
    const started = Date.now();
    const error = await rejection(ask<Msg, string>(ref, (replyTo) => ({ type: 'boom', replyTo }), 10_000));
    expect(Date.now() - started).to.be.below(1000);
    expect(error).to.be.instanceOf(ActorCrashedError);
    expect((error as ActorCrashedError).code).to.equal('ACTOR_CRASHED');
    expect(((error as Error).cause as Error).message).to.equal('cannot handle that');
    expect(isAlive(ref)).to.equal(true); // it restarted
  });

  it('does not reject an ask queued behind another message that crashed the target', async () => {
    const ref = await sut.system.spawn(probe(sut.log, 'p'));
    dispatch(ref, { type: 'crash' });
    expect(await count(ref)).to.equal(0); // handled by the restarted incarnation
  });
});

describe('runtime: incarnation timers', () => {
  quietLogs();
  const sut = useSystem();

  type TickMsg = { type: 'tick'; n: number } | { type: 'crash' } | { type: 'cancel'; key: string };

  function ticker(received: string[], setup: (ctx: Parameters<ActorDef<null, TickMsg>['init']>[0]) => void): ActorDef<null, TickMsg> {
    let incarnation = 0;
    return {
      init(ctx) {
        incarnation++;
        setup(ctx);
        return null;
      },
      receive(state, msg, ctx) {
        if (msg.type === 'crash') throw new Error('crash');
        if (msg.type === 'cancel') ctx.cancelTimer(msg.key);
        else received.push(`${incarnation}:${msg.n}`);
        return state;
      },
    };
  }

  it('sendAfter delivers once; every repeats; both stop with the incarnation', async () => {
    const received: string[] = [];
    const before = await quietTimers();
    const ref = await sut.system.spawn(
      ticker(received, (ctx) => {
        ctx.sendAfter(5, { type: 'tick', n: 0 });
        ctx.every(10, { type: 'tick', n: 1 }, 'heartbeat');
      }),
      { id: 'ticker' },
    );
    // Timers and a restart backoff: wait on real time (`until` counts event-loop turns, which an idle loop
    // spends faster than a 10 ms timer fires).
    await eventually(() => received.filter((r) => r === '1:1').length >= 3, 'three heartbeats', 5000);
    expect(received.filter((r) => r === '1:0')).to.have.length(1);
    dispatch(ref, { type: 'crash' });
    await eventually(() => received.some((r) => r.startsWith('2:')), 'the restarted incarnation ticking', 5000);
    // Nothing of incarnation 1 arrives after the restart.
    const mark = received.length;
    await sleep(40);
    expect(received.slice(mark).every((r) => r.startsWith('2:'))).to.equal(true);
    await sut.system.stop();
    expect(await quietTimers()).to.deep.equal(before);
  });

  it('a key names one timer: restarting it replaces it, cancelTimer drops even a queued message', async () => {
    const received: string[] = [];
    const ref = await sut.system.spawn(
      ticker(received, (ctx) => {
        ctx.sendAfter(20, { type: 'tick', n: 1 }, 'k');
        ctx.sendAfter(30, { type: 'tick', n: 2 }, 'k'); // replaces the first
        ctx.sendAfter(0, { type: 'tick', n: 3 }, 'q');
        ctx.cancelTimer('q'); // cancelled before its message is handled
      }),
    );
    await sleep(60);
    expect(received).to.deep.equal(['1:2']);
    dispatch(ref, { type: 'cancel', key: 'none' }); // unknown key: no error
  });

  it('rejects a delay that setTimeout would wrap, naming the field', async () => {
    let error: unknown;
    await sut.system.spawn(
      ticker([], (ctx) => {
        try {
          ctx.sendAfter(2 ** 31, { type: 'tick', n: 0 });
        } catch (e) {
          error = e;
        }
      }),
    );
    expect((error as Error).message).to.match(/^delayMs: must be an integer number of ms in \[0, 2147483647\]/);
  });
});

describe('runtime: undefined where a ref is expected', () => {
  const sut = useSystem();

  it("names the missing child when the ref came from lookupChild", async () => {
    const sup = await sut.system.startChild({ id: 'sup', start: { strategy: 'oneForOne', children: [] } });
    const error = (() => {
      try {
        dispatch(lookupChild<ProbeMsg>(sup, 'x')!, { type: 'inc' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(InvalidRefError);
    expect((error as Error).message).to.include("no such child 'x' under");
    expect((error as Error).message).to.include('sup');
    const viaSupervisor = await rejection(startChild(lookupSupervisor(sup, 'y')!, { id: 'z', start: probe([], 'z') }));
    expect((viaSupervisor as Error).message).to.match(/no such child 'y'/);
  });

  it('says what was passed when nothing can be attributed to a lookup', async () => {
    await sleep(1); // any earlier lookup's hint has expired
    expect(() => dispatch(undefined as unknown as ActorRef<ProbeMsg>, { type: 'inc' })).to.throw(/^ref is undefined, not an actor ref$/);
  });
});
