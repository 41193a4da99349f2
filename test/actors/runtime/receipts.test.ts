import { expect } from 'chai';
import {
  dispatch,
  dispatchWithReceipt,
  InvalidArgumentError,
  lookupChild,
  mailboxSize,
  terminateChild,
  type ActorDef,
  type ActorRef,
  type Receipt,
  type ReceiptOutcome,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { count, eventually, newGate, probe, quietLogs, settle, until, type Gate, useSystem, type ProbeMsg } from './helpers.js';

type SlowMsg = { type: 'work'; id: number } | { type: 'crash' } | { type: 'get'; replyTo: ActorRef<number[]> };

/** An actor whose `work` handler waits until the test opens `gate`; records the ids it finished. */
function slowActor(gate: Gate): ActorDef<number[], SlowMsg> {
  return {
    init: () => [],
    receive: async (done, message) => {
      switch (message.type) {
        case 'work':
          if (!gate.open) await new Promise<void>((resolve) => gate.waiters.push(resolve));
          return [...done, message.id];
        case 'crash':
          throw new Error('crash on purpose');
        case 'get':
          dispatch(message.replyTo, done);
          return done;
        default:
          return message satisfies never;
      }
    },
  };
}

/** A receipt that records every call, so a test can check it came exactly once. */
function recorder(): { outcomes: ReceiptOutcome[]; receipt: Receipt } {
  const outcomes: ReceiptOutcome[] = [];
  return { outcomes, receipt: (outcome) => void outcomes.push(outcome) };
}

describe('runtime: delivery receipts and mailboxSize', () => {
  quietLogs();
  const sut = useSystem({ root: { intensity: 100 } });

  it('reports handled only after receive settled, and counts queued messages', async () => {
    const gate = newGate();
    const ref = await sut.system.spawn(slowActor(gate), { id: 'slow' });
    const first = recorder();
    const second = recorder();
    dispatchWithReceipt(ref, { type: 'work', id: 1 }, first.receipt);
    dispatchWithReceipt(ref, { type: 'work', id: 2 }, second.receipt);
    expect(mailboxSize(ref)).to.equal(2);
    await until(() => gate.waiters.length === 1, 'first handler to start');
    expect(first.outcomes).to.deep.equal([]);
    expect(mailboxSize(ref)).to.equal(1);
    gate.release();
    await until(() => second.outcomes.length === 1, 'second receipt');
    expect(first.outcomes).to.deep.equal(['handled']);
    expect(second.outcomes).to.deep.equal(['handled']);
    expect(mailboxSize(ref)).to.equal(0);
  });

  it('reports handled for a synchronous handler and for one that crashes (the crash consumes the message)', async () => {
    const log: string[] = [];
    const ref = await sut.system.spawn(probe(log, 'p'), { id: 'p' });
    const inc = recorder();
    const crash = recorder();
    dispatchWithReceipt(ref, { type: 'inc' }, inc.receipt);
    dispatchWithReceipt(ref, { type: 'crash' }, crash.receipt);
    await until(() => crash.outcomes.length === 1, 'crash receipt');
    expect(inc.outcomes).to.deep.equal(['handled']);
    expect(crash.outcomes).to.deep.equal(['handled']);
    expect(await count(ref)).to.equal(0); // restarted: fresh state
  });

  it('reports dropped for a message to a stopped actor, before dispatchWithReceipt returns', async () => {
    const log: string[] = [];
    const ref = await sut.system.spawn(probe(log, 'p'), { id: 'p' });
    await terminateChild(sut.system.root, 'p');
    const late = recorder();
    dispatchWithReceipt(ref, { type: 'inc' }, late.receipt);
    expect(late.outcomes).to.deep.equal(['dropped']);
    expect(sut.letters.map((l) => l.reason)).to.deep.equal(['stopped']);
    expect(mailboxSize(ref)).to.equal(0);
  });

  it('stash: a stashed message counts in mailboxSize and is handled after the restart; beyond capacity it is dropped', async () => {
    const sup: SupervisorRef = await sut.system.startChild({
      id: 'sup',
      start: { strategy: 'oneForOne', intensity: 10, backoff: { minMs: 30, maxMs: 30, randomFactor: 0 }, stash: { capacity: 1 }, children: [{ id: 'p', start: probe([], 'p') }] },
    });
    const ref = lookupChild<ProbeMsg>(sup, 'p')!;
    dispatch(ref, { type: 'crash' });
    await settle();
    const stashed = recorder();
    const refused = recorder();
    dispatchWithReceipt(ref, { type: 'inc' }, stashed.receipt);
    dispatchWithReceipt(ref, { type: 'inc' }, refused.receipt);
    expect(refused.outcomes).to.deep.equal(['dropped']);
    expect(sut.letters.map((l) => l.reason)).to.deep.equal(['stashFull']);
    expect(mailboxSize(ref)).to.equal(1);
    await eventually(() => stashed.outcomes.length === 1, 'stashed message handled after restart');
    expect(stashed.outcomes).to.deep.equal(['handled']);
    expect(await count(ref)).to.equal(1);
  });

  it("restarting with stash 'deadLetter': the message is dropped at once", async () => {
    const sup: SupervisorRef = await sut.system.startChild({
      id: 'sup',
      start: { strategy: 'oneForOne', intensity: 10, backoff: { minMs: 30, maxMs: 30, randomFactor: 0 }, stash: 'deadLetter', children: [{ id: 'p', start: probe([], 'p') }] },
    });
    const ref = lookupChild<ProbeMsg>(sup, 'p')!;
    dispatch(ref, { type: 'crash' });
    await settle();
    const refused = recorder();
    dispatchWithReceipt(ref, { type: 'inc' }, refused.receipt);
    expect(refused.outcomes).to.deep.equal(['dropped']);
    expect(sut.letters.map((l) => l.reason)).to.deep.equal(['restarting']);
  });

  it('forced stop: the abandoned in-flight message counts as handled, the queued ones are dropped, each exactly once', async () => {
    const gate = newGate();
    const ref = await sut.system.spawn(slowActor(gate), { id: 'slow', shutdown: 'brutal' });
    const receipts = [recorder(), recorder(), recorder()];
    receipts.forEach((r, id) => dispatchWithReceipt(ref, { type: 'work', id }, r.receipt));
    await until(() => gate.waiters.length === 1, 'first handler to start');
    await terminateChild(sut.system.root, 'slow');
    expect(receipts.map((r) => r.outcomes)).to.deep.equal([['handled'], ['dropped'], ['dropped']]);
    expect(sut.letters.map((l) => l.reason)).to.deep.equal(['discarded', 'discarded']);
    expect(mailboxSize(ref)).to.equal(0);
    gate.release(); // the abandoned handler settles now: its receipt must not come again
    await settle();
    expect(receipts[0]?.outcomes).to.deep.equal(['handled']);
  });

  it('forced restart (brutal): the stuck message counts as handled and the queued ones run on the new incarnation', async () => {
    const gate = newGate();
    const sup: SupervisorRef = await sut.system.startChild({
      id: 'sup',
      start: { strategy: 'oneForAll', intensity: 10, children: [{ id: 'slow', start: slowActor(gate), shutdown: 'brutal' }, { id: 'p', start: probe([], 'p') }] },
    });
    const ref = lookupChild<SlowMsg>(sup, 'slow')!;
    const stuck = recorder();
    const queued = recorder();
    dispatchWithReceipt(ref, { type: 'work', id: 1 }, stuck.receipt);
    dispatchWithReceipt(ref, { type: 'work', id: 2 }, queued.receipt);
    await until(() => gate.waiters.length === 1, 'first handler to start');
    dispatch(lookupChild<ProbeMsg>(sup, 'p')!, { type: 'crash' }); // oneForAll takes 'slow' down too, brutally
    await eventually(() => stuck.outcomes.length === 1, 'receipt of the abandoned message');
    expect(stuck.outcomes).to.deep.equal(['handled']);
    gate.release();
    await eventually(() => queued.outcomes.length === 1, 'queued message handled by the new incarnation');
    expect(queued.outcomes).to.deep.equal(['handled']);
    expect(stuck.outcomes).to.deep.equal(['handled']);
  });

  it('a throwing receipt is logged and does not disturb the actor', async () => {
    const ref = await sut.system.spawn(probe([], 'p'), { id: 'p' });
    dispatchWithReceipt(ref, { type: 'inc' }, () => {
      throw new Error('receipt bug');
    });
    dispatch(ref, { type: 'inc' });
    expect(await count(ref)).to.equal(2);
  });

  it('rejects a receipt that is not a function, naming the field', async () => {
    const ref = await sut.system.spawn(probe([], 'p'), { id: 'p' });
    expect(() => dispatchWithReceipt(ref, { type: 'inc' }, 'later' as unknown as Receipt))
      .to.throw(InvalidArgumentError)
      .with.property('field', 'receipt');
  });

  it('a supervisor refuses messages (dropped) and has an empty mailbox', () => {
    const unchecked = sut.system.root as unknown as ActorRef<{ type: 'x' }>;
    const refused = recorder();
    dispatchWithReceipt(unchecked, { type: 'x' }, refused.receipt);
    expect(refused.outcomes).to.deep.equal(['dropped']);
    expect(mailboxSize(sut.system.root)).to.equal(0);
  });
});
