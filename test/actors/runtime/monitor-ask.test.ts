import { expect } from 'chai';
import {
  ActorDownError,
  ask,
  AskTimeoutError,
  dispatch,
  InvalidArgumentError,
  isAlive,
  monitor,
  terminateChild,
  type ActorDef,
  type ActorRef,
  type DeadLetter,
  type Down,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, rejection, settle, sleep, until, useSystem } from './helpers.js';

type EchoMsg = { type: 'echo'; n: number; replyTo: ActorRef<number> } | { type: 'late'; replyTo: ActorRef<string> } | { type: 'ignore'; replyTo: ActorRef<number> };

const echo: ActorDef<null, EchoMsg> = {
  init: () => null,
  receive: (state, msg) => {
    switch (msg.type) {
      case 'echo':
        dispatch(msg.replyTo, msg.n);
        return state;
      case 'late':
        setTimeout(() => dispatch(msg.replyTo, 'too late'), 20);
        return state;
      case 'ignore':
        return state;
      default: {
        const never: never = msg;
        return never;
      }
    }
  },
};

describe('runtime: monitor and ask', () => {
  quietLogs();
  const sut = useSystem();

  describe('monitor', () => {
    it('delivers exactly one Down with the reason when the target stops, before the stop resolves', async () => {
      const a = await sut.system.spawn(probe(sut.log, 'a'), { id: 'a' });
      const downs: Down[] = [];
      monitor(a, (d) => downs.push(d));
      const stopping = terminateChild(sut.system.root, 'a');
      await stopping;
      expect(downs).to.have.length(1);
      expect(downs[0]?.ref).to.equal(a);
      expect(downs[0]?.reason).to.equal('shutdown');
      await sut.system.stop();
      await settle();
      expect(downs).to.have.length(1);
    });

    it('delivers Down soon (async) when the target is already dead', async () => {
      const a = await sut.system.spawn(probe(sut.log, 'a'), { id: 'a', restart: 'temporary' });
      dispatch(a, { type: 'crash' });
      await until(() => !isAlive(a));
      const downs: Down[] = [];
      monitor(a, (d) => downs.push(d));
      expect(downs).to.have.length(0);
      await settle(1);
      expect(downs).to.have.length(1);
      expect(downs[0]?.reason).to.have.property('type', 'crash');
    });

    it('does not fire for a restart, nor after it is cancelled', async () => {
      const a = await sut.system.spawn(probe(sut.log, 'a'), { id: 'a' });
      const downs: Down[] = [];
      monitor(a, (d) => downs.push(d));
      const cancelled: Down[] = [];
      const cancel = monitor(a, (d) => cancelled.push(d));
      dispatch(a, { type: 'crash' });
      await until(() => sut.log.filter((l) => l === 'a:init').length === 2);
      expect(downs).to.have.length(0);
      cancel();
      await terminateChild(sut.system.root, 'a');
      expect(downs).to.have.length(1);
      expect(cancelled).to.have.length(0);
    });

    it('keeps going when a Down callback throws', async () => {
      const a = await sut.system.spawn(probe(sut.log, 'a'), { id: 'a' });
      const downs: Down[] = [];
      monitor(a, () => {
        throw new Error('bad watcher');
      });
      monitor(a, (d) => downs.push(d));
      await terminateChild(sut.system.root, 'a');
      expect(downs).to.have.length(1);
    });
  });

  describe('ask', () => {
    it('resolves with the reply', async () => {
      const e = await sut.system.spawn(echo);
      expect(await ask<EchoMsg, number>(e, (replyTo) => ({ type: 'echo', n: 42, replyTo }), 1000)).to.equal(42);
    });

    it('rejects with AskTimeoutError after timeoutMs and drops the late reply as a dead letter', async () => {
      const letters: DeadLetter[] = [];
      sut.system.onDeadLetter((l) => letters.push(l));
      const e = await sut.system.spawn(echo);
      const error = await rejection(ask<EchoMsg, string>(e, (replyTo) => ({ type: 'late', replyTo }), 5));
      expect(error).to.be.instanceOf(AskTimeoutError);
      expect((error as AskTimeoutError).code).to.equal('ASK_TIMEOUT');
      await until(() => letters.length === 1);
      expect(letters[0]).to.include({ message: 'too late', reason: 'lateReply' });
    });

    it('rejects with ActorDownError as soon as the target stops, long before the timeout', async () => {
      const e = await sut.system.spawn(echo, { id: 'e' });
      const started = Date.now();
      const pending = ask<EchoMsg, number>(e, (replyTo) => ({ type: 'ignore', replyTo }), 10_000);
      await sleep(2);
      void terminateChild(sut.system.root, 'e');
      const error = await rejection(pending);
      expect(error).to.be.instanceOf(ActorDownError);
      expect((error as ActorDownError).reason).to.equal('shutdown');
      expect(Date.now() - started).to.be.lessThan(5000);
    });

    it('rejects at once for a dead target and for an invalid timeout', async () => {
      const a = await sut.system.spawn(probe(sut.log, 'a'), { id: 'a' });
      expect(await rejection(count(a, 0))).to.be.instanceOf(InvalidArgumentError);
      expect(await rejection(count(a, 3e9))).to.be.instanceOf(InvalidArgumentError);
      await terminateChild(sut.system.root, 'a');
      expect(await rejection(count(a))).to.be.instanceOf(ActorDownError);
    });

    it('gives 300,000 concurrent asks each their own answer', async function () {
      this.timeout(30_000);
      const e = await sut.system.spawn(echo);
      const n = 300_000;
      const replies = await Promise.all(Array.from({ length: n }, (_, i) => ask<EchoMsg, number>(e, (replyTo) => ({ type: 'echo', n: i, replyTo }), 25_000)));
      let wrong = 0;
      for (let i = 0; i < n; i++) if (replies[i] !== i) wrong++;
      expect(wrong).to.equal(0);
    });
  });
});
