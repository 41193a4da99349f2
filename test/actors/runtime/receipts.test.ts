import { expect } from 'chai';
import {
  dispatch,
  dispatchWithReceipt,
  InvalidArgumentError,
  lookupChild,
  mailboxSize,
  startActorSystem,
  terminateChild,
  type ActorDef,
  type ActorRef,
  type ActorSystem,
  type DeadLetter,
  type Receipt,
  type ReceiptOutcome,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { count, probe, quietLogs, settle, sleep, until, type ProbeMsg } from './helpers.js';

type SlowMsg = { type: 'work'; id: number } | { type: 'crash' } | { type: 'get'; replyTo: ActorRef<number[]> };

/** An actor whose `work` handler waits until the test opens `gate`; records the ids it finished. */
function slowActor(gate: { open: boolean; waiters: (() => void)[] }): ActorDef<number[], SlowMsg> {
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

function newGate(): { open: boolean; waiters: (() => void)[]; release: () => void } {
  const gate = {
    open: false,
    waiters: [] as (() => void)[],
    release: () => {
      gate.open = true;
      for (const waiter of gate.waiters.splice(0)) waiter();
    },
  };
  return gate;
}

/** Poll on real time (a restart waits for its backoff timer, which event-loop turns alone do not measure). */
async function eventually(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** A receipt that records every call, so a test can check it came exactly once. */
function recorder(): { outcomes: ReceiptOutcome[]; receipt: Receipt } {
  const outcomes: ReceiptOutcome[] = [];
  return { outcomes, receipt: (outcome) => void outcomes.push(outcome) };
}

describe('runtime: delivery receipts and mailboxSize', () => {
  quietLogs();
  let system: ActorSystem;
  let letters: DeadLetter[];

  beforeEach(async () => {
    system = await startActorSystem({ root: { intensity: 100 } });
    letters = [];
    system.onDeadLetter((letter) => letters.push(letter));
  });

  afterEach(() => system.stop());

  it('reports handled only after receive settled, and counts queued messages', async () => {
    const gate = newGate();
    const ref = await system.spawn(slowActor(gate), { id: 'slow' });
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
    const ref = await system.spawn(probe(log, 'p'), { id: 'p' });
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
    const ref = await system.spawn(probe(log, 'p'), { id: 'p' });
    await terminateChild(system.root, 'p');
    const late = recorder();
    dispatchWithReceipt(ref, { type: 'inc' }, late.receipt);
    expect(late.outcomes).to.deep.equal(['dropped']);
    expect(letters.map((l) => l.reason)).to.deep.equal(['stopped']);
    expect(mailboxSize(ref)).to.equal(0);
  });

  it('stash: a stashed message counts in mailboxSize and is handled after the restart; beyond capacity it is dropped', async () => {
    const sup: SupervisorRef = await system.startChild({
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
    expect(letters.map((l) => l.reason)).to.deep.equal(['stashFull']);
    expect(mailboxSize(ref)).to.equal(1);
    await eventually(() => stashed.outcomes.length === 1, 'stashed message handled after restart');
    expect(stashed.outcomes).to.deep.equal(['handled']);
    expect(await count(ref)).to.equal(1);
  });

  it("restarting with stash 'deadLetter': the message is dropped at once", async () => {
    const sup: SupervisorRef = await system.startChild({
      id: 'sup',
      start: { strategy: 'oneForOne', intensity: 10, backoff: { minMs: 30, maxMs: 30, randomFactor: 0 }, stash: 'deadLetter', children: [{ id: 'p', start: probe([], 'p') }] },
    });
    const ref = lookupChild<ProbeMsg>(sup, 'p')!;
    dispatch(ref, { type: 'crash' });
    await settle();
    const refused = recorder();
    dispatchWithReceipt(ref, { type: 'inc' }, refused.receipt);
    expect(refused.outcomes).to.deep.equal(['dropped']);
    expect(letters.map((l) => l.reason)).to.deep.equal(['restarting']);
  });

  it('forced stop: the abandoned in-flight message counts as handled, the queued ones are dropped, each exactly once', async () => {
    const gate = newGate();
    const ref = await system.spawn(slowActor(gate), { id: 'slow', shutdown: 'brutal' });
    const receipts = [recorder(), recorder(), recorder()];
    receipts.forEach((r, id) => dispatchWithReceipt(ref, { type: 'work', id }, r.receipt));
    await until(() => gate.waiters.length === 1, 'first handler to start');
    await terminateChild(system.root, 'slow');
    expect(receipts.map((r) => r.outcomes)).to.deep.equal([['handled'], ['dropped'], ['dropped']]);
    expect(letters.map((l) => l.reason)).to.deep.equal(['discarded', 'discarded']);
    expect(mailboxSize(ref)).to.equal(0);
    gate.release(); // the abandoned handler settles now: its receipt must not come again
    await settle();
    expect(receipts[0]?.outcomes).to.deep.equal(['handled']);
  });

  it('forced restart (brutal): the stuck message counts as handled and the queued ones run on the new incarnation', async () => {
    const gate = newGate();
    const sup: SupervisorRef = await system.startChild({
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
    const ref = await system.spawn(probe([], 'p'), { id: 'p' });
    dispatchWithReceipt(ref, { type: 'inc' }, () => {
      throw new Error('receipt bug');
    });
    dispatch(ref, { type: 'inc' });
    expect(await count(ref)).to.equal(2);
  });

  it('rejects a receipt that is not a function, naming the field', async () => {
    const ref = await system.spawn(probe([], 'p'), { id: 'p' });
    expect(() => dispatchWithReceipt(ref, { type: 'inc' }, 'later' as unknown as Receipt))
      .to.throw(InvalidArgumentError)
      .with.property('field', 'receipt');
  });

  it('a supervisor refuses messages (dropped) and has an empty mailbox', () => {
    const unchecked = system.root as unknown as ActorRef<{ type: 'x' }>;
    const refused = recorder();
    dispatchWithReceipt(unchecked, { type: 'x' }, refused.receipt);
    expect(refused.outcomes).to.deep.equal(['dropped']);
    expect(mailboxSize(system.root)).to.equal(0);
  });
});
