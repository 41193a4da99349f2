import { expect } from 'chai';
import fc from 'fast-check';
import sinon from 'sinon';
import {
  backoffDelay,
  dispatch,
  isAlive,
  lookupChild,
  monitor,
  startActorSystem,
  whichChildren,
  type ActorSystem,
  type BackoffOptions,
  type DeadLetter,
  type Down,
  type RuntimeEvent,
  type StashPolicy,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, settle, until, type ProbeMsg } from './helpers.js';

describe('runtime: backoff', () => {
  describe('backoffDelay', () => {
    it('doubles from minMs up to maxMs without jitter', () => {
      const options = { minMs: 100, maxMs: 1600, randomFactor: 0 };
      expect([0, 1, 2, 3, 4, 5, 60, 2000].map((n) => backoffDelay(n, options))).to.deep.equal([100, 200, 400, 800, 1600, 1600, 1600, 1600]);
    });

    it('keeps every jittered delay in [d, d * (1 + randomFactor)]', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (n, r) => {
          const options = { minMs: 100, maxMs: 1600, randomFactor: 0.2 };
          const d = backoffDelay(n, options, () => 0);
          const delay = backoffDelay(n, options, () => r);
          return delay >= d && delay <= Math.round(d * 1.2);
        }),
      );
    });
  });

  describe('supervised restarts', () => {
    quietLogs();
    let system: ActorSystem;
    let clock: sinon.SinonFakeTimers;
    let events: RuntimeEvent[];
    let initTimes: number[];
    let random: number;

    beforeEach(async () => {
      // Only timers and Date are faked: nact's setImmediate mailbox keeps running for real.
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      random = 0;
      system = await startActorSystem({ random: () => random });
      events = [];
      initTimes = [];
      system.onEvent((e) => events.push(e));
    });

    afterEach(async () => {
      await system.stop();
      clock.restore();
    });

    const crashes = () => events.filter((e) => e.type === 'childCrashed').length;
    const restarts = () => events.filter((e) => e.type === 'childRestarted').length;

    async function start(backoff: BackoffOptions, stash?: StashPolicy): Promise<SupervisorRef> {
      const log: string[] = [];
      const b = probe(log, 'b', { beforeInit: () => void initTimes.push(Date.now()) });
      return system.startChild({ id: 'sup', start: { strategy: 'oneForOne', backoff, stash, children: [{ id: 'b', start: b }] } });
    }

    /** Crash b and advance the fake clock until it is restarted; returns the delay observed. */
    async function crashAndRestart(sup: SupervisorRef, expectedDelay: number): Promise<number> {
      const before = restarts();
      const crashesBefore = crashes();
      const crashedAt = Date.now();
      dispatch(lookupChild<ProbeMsg>(sup, 'b')!, { type: 'crash' });
      await until(() => crashes() === crashesBefore + 1, 'crash');
      await settle();
      clock.tick(expectedDelay - 1);
      await settle();
      expect(restarts(), `not restarted before ${expectedDelay} ms`).to.equal(before);
      clock.tick(1);
      await until(() => restarts() === before + 1, 'restart');
      return (initTimes.at(-1) ?? 0) - crashedAt;
    }

    it('waits 100, 200, 400, 800, 1600, 1600 ms between successive restarts', async () => {
      const sup = await start({ minMs: 100, maxMs: 1600, randomFactor: 0, resetAfterMs: 10_000 });
      const delays: number[] = [];
      for (const expected of [100, 200, 400, 800, 1600, 1600]) delays.push(await crashAndRestart(sup, expected));
      expect(delays).to.deep.equal([100, 200, 400, 800, 1600, 1600]);
      expect(events.filter((e) => e.type === 'childRestarted').map((e) => (e.type === 'childRestarted' ? e.delayMs : 0))).to.deep.equal(delays);
    });

    it('adds up to randomFactor of jitter', async () => {
      random = 0.999;
      const sup = await start({ minMs: 100, maxMs: 1600, randomFactor: 0.2, resetAfterMs: 10_000 });
      expect(await crashAndRestart(sup, 120)).to.equal(120);
      expect(await crashAndRestart(sup, 240)).to.equal(240);
    });

    it('starts again from minMs after the child ran resetAfterMs without failing', async () => {
      const sup = await start({ minMs: 100, maxMs: 1600, randomFactor: 0, resetAfterMs: 1000 });
      await crashAndRestart(sup, 100);
      await crashAndRestart(sup, 200);
      clock.tick(1000);
      expect(await crashAndRestart(sup, 100)).to.equal(100);
    });

    it('stops the child for good after maxRestartsInARow and reports it to the supervisor', async () => {
      const sup = await start({ minMs: 10, maxMs: 100, randomFactor: 0, resetAfterMs: 10_000, maxRestartsInARow: 5 });
      const b = lookupChild<ProbeMsg>(sup, 'b')!;
      const downs: Down[] = [];
      monitor(b, (d) => downs.push(d));
      for (const delay of [10, 20, 40, 80, 100]) await crashAndRestart(sup, delay);
      dispatch(b, { type: 'crash' });
      await until(() => events.some((e) => e.type === 'childGaveUp'), 'gave up');
      expect(isAlive(b)).to.equal(false);
      expect(downs).to.have.length(1);
      expect(downs[0]?.reason).to.have.property('type', 'crash');
      expect(whichChildren(sup).map((c) => c.status)).to.deep.equal(['failed']);
      expect(isAlive(sup)).to.equal(true);
    });

    it('keeps messages sent during the backoff (up to the stash capacity) and dead-letters the overflow', async () => {
      const letters: DeadLetter[] = [];
      system.onDeadLetter((l) => letters.push(l));
      const sup = await start({ minMs: 100, maxMs: 100, randomFactor: 0 }, { capacity: 2 });
      const b = lookupChild<ProbeMsg>(sup, 'b')!;
      dispatch(b, { type: 'crash' });
      await until(() => crashes() === 1);
      for (let i = 0; i < 3; i++) dispatch(b, { type: 'inc' });
      expect(letters.map((l) => l.reason)).to.deep.equal(['stashFull']);
      expect(letters[0]?.path).to.equal(b.path);
      clock.tick(100);
      await until(() => restarts() === 1);
      const counted = count(b);
      expect(await counted).to.equal(2);
    });

    it("dead-letters every message sent during the backoff with stash 'deadLetter'", async () => {
      const letters: DeadLetter[] = [];
      system.onDeadLetter((l) => letters.push(l));
      const sup = await start({ minMs: 100, maxMs: 100, randomFactor: 0 }, 'deadLetter');
      const b = lookupChild<ProbeMsg>(sup, 'b')!;
      dispatch(b, { type: 'crash' });
      await until(() => crashes() === 1);
      for (let i = 0; i < 3; i++) dispatch(b, { type: 'inc' });
      expect(letters.map((l) => [l.reason, (l.message as ProbeMsg).type])).to.deep.equal([
        ['restarting', 'inc'],
        ['restarting', 'inc'],
        ['restarting', 'inc'],
      ]);
      clock.tick(100);
      await until(() => restarts() === 1);
      expect(await count(b)).to.equal(0);
    });
  });
});
