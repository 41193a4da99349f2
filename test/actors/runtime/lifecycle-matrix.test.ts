// The lifecycle matrix of issue 6: each signal (stop, crash, normal exit) arriving at each moment of a
// child's life (its restart's init, a backoff wait, onRestart, an async receive, the system's shutdown),
// under each strategy, ends in the documented state (docs/runtime.md, "Lifecycle matrix") with no
// timer left behind and no childRestarted for a child that is not running.
import { expect } from 'chai';
import {
  dispatch,
  lookupChild,
  startActorSystem,
  terminateChild,
  whichChildren,
  type ActorContext,
  type ActorDef,
  type ActorSystem,
  type ChildStatus,
  type RuntimeEvent,
  type Strategy,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';
import { eventually, quietLogs, quietTimers, rejection, sleep } from './helpers.js';

/** `stop`: terminateChild of the subject; `systemStop`: system.stop(), the whole tree. */
type Signal = 'stop' | 'systemStop' | 'crash' | 'normalExit';
type Moment = 'init' | 'backoffWait' | 'onRestart' | 'asyncReceive' | 'shutdown';
type Action = 'ok' | 'throw' | 'stop';

const BACKOFF_MS = 60;

/** A step an actor can be held at; the test releases it with what the step should then do. */
class Hold {
  private armed = false;
  private release_: ((action: Action) => void) | undefined;
  private reachedResolve: (() => void) | undefined;
  reached: Promise<void> = Promise.resolve();

  arm(): void {
    this.armed = true;
    this.reached = new Promise((resolve) => (this.reachedResolve = resolve));
  }

  async pass(ctx: ActorContext<never> | ActorContext<SubjectMsg>): Promise<void> {
    if (!this.armed) return;
    this.armed = false;
    this.reachedResolve?.();
    const action = await new Promise<Action>((resolve) => (this.release_ = resolve));
    if (action === 'throw') throw new Error('held step failed');
    if (action === 'stop') ctx.stop();
  }

  release(action: Action = 'ok'): void {
    this.release_?.(action);
    this.release_ = undefined;
  }
}

type SubjectMsg = { type: 'crash' } | { type: 'exit' } | { type: 'slow' };

interface Case {
  readonly system: ActorSystem;
  readonly sup: SupervisorRef;
  readonly holds: { init: Hold; onRestart: Hold; receive: Hold; siblingStop: Hold };
  readonly inits: Record<string, number>;
  readonly events: RuntimeEvent[];
  /** Status of the restarted child when each childRestarted was emitted ('stopped' would be a phantom restart). */
  readonly restartedStatus: ChildStatus[];
}

function sibling(name: string, inits: Record<string, number>, stopHold?: Hold): ActorDef<null, never> {
  return {
    init: () => {
      inits[name] = (inits[name] ?? 0) + 1;
      return null;
    },
    receive: (state) => state,
    onStop: (_state, _reason, ctx) => stopHold?.pass(ctx),
  };
}

function subject(inits: Record<string, number>, holds: Case['holds']): ActorDef<null, SubjectMsg> {
  return {
    async init(ctx) {
      inits['subject'] = (inits['subject'] ?? 0) + 1;
      await holds.init.pass(ctx);
      return null;
    },
    async receive(state, msg, ctx) {
      if (msg.type === 'crash') throw new Error('subject crashed');
      if (msg.type === 'exit') ctx.stop();
      if (msg.type === 'slow') await holds.receive.pass(ctx);
      return state;
    },
    onRestart: (_state, _error, ctx) => holds.onRestart.pass(ctx),
  };
}

async function startCase(strategy: Strategy): Promise<Case> {
  const inits: Record<string, number> = {};
  const holds = { init: new Hold(), onRestart: new Hold(), receive: new Hold(), siblingStop: new Hold() };
  const system = await startActorSystem({ name: `matrix-${strategy}` });
  const events: RuntimeEvent[] = [];
  const restartedStatus: ChildStatus[] = [];
  const sup = await system.startChild({
    id: 'sup',
    start: {
      strategy,
      backoff: { minMs: BACKOFF_MS, maxMs: BACKOFF_MS, randomFactor: 0 },
      children: [
        { id: 'a', start: sibling('a', inits) },
        { id: 'subject', start: subject(inits, holds), restart: 'transient' },
        { id: 'c', start: sibling('c', inits, holds.siblingStop) },
      ],
    },
  });
  system.onEvent((event) => {
    events.push(event);
    if (event.type !== 'childRestarted') return;
    const id = event.path.slice(event.path.lastIndexOf('/') + 1);
    restartedStatus.push(whichChildren(sup).find((child) => child.id === id)?.status ?? 'stopped');
  });
  return { system, sup, holds, inits, events, restartedStatus };
}

const subjectRef = (c: Case) => lookupChild<SubjectMsg>(c.sup, 'subject')!;

/** Bring the subject to `moment`; for 'shutdown', hands back the system's stop (boxed: an awaited promise would be flattened). */
async function reach(c: Case, moment: Moment): Promise<{ stopping: Promise<void> } | undefined> {
  switch (moment) {
    case 'init':
      c.holds.init.arm();
      dispatch(subjectRef(c), { type: 'crash' });
      await c.holds.init.reached;
      return undefined;
    case 'backoffWait': {
      dispatch(subjectRef(c), { type: 'crash' });
      await eventually(() => c.events.some((e) => e.type === 'childCrashed'), 'the crash');
      await sleep(BACKOFF_MS / 4); // onRestart has run; the restart timer is pending
      return undefined;
    }
    case 'onRestart':
      c.holds.onRestart.arm();
      dispatch(subjectRef(c), { type: 'crash' });
      await c.holds.onRestart.reached;
      return undefined;
    case 'asyncReceive':
      c.holds.receive.arm();
      dispatch(subjectRef(c), { type: 'slow' });
      await c.holds.receive.reached;
      return undefined;
    case 'shutdown': {
      // Reverse start order: c stops first and is held there; the subject still runs.
      c.holds.siblingStop.arm();
      const stopping = c.system.stop();
      await c.holds.siblingStop.reached;
      return { stopping };
    }
    default: {
      const never: never = moment;
      throw new Error(String(never));
    }
  }
}

/** The held step of each moment, if any. */
function heldStep(c: Case, moment: Moment): Hold | undefined {
  return { init: c.holds.init, backoffWait: undefined, onRestart: c.holds.onRestart, asyncReceive: c.holds.receive, shutdown: c.holds.siblingStop }[moment];
}

/** Deliver `signal` to the subject at `moment`, then let the held step go on; resolves with what the stop call settled to. */
async function deliver(c: Case, moment: Moment, signal: Signal): Promise<unknown> {
  const held = heldStep(c, moment);
  let refusal: Promise<unknown> | undefined;
  if (signal === 'stop') {
    refusal = moment === 'shutdown' ? rejection(terminateChild(c.sup, 'subject')) : terminateChild(c.sup, 'subject');
    await sleep(5);
    held?.release('ok');
  } else if (signal === 'systemStop') {
    refusal = c.system.stop();
    await sleep(5);
    held?.release('ok');
  } else if (moment === 'backoffWait' || moment === 'shutdown') {
    // Nothing of the subject runs here: the signal arrives as a message (stashed during the backoff).
    dispatch(subjectRef(c), { type: signal === 'crash' ? 'crash' : 'exit' });
    await sleep(5);
    held?.release('ok');
  } else {
    // The held step itself fails, or calls ctx.stop().
    held?.release(signal === 'crash' ? 'throw' : 'stop');
  }
  return refusal;
}

/** The subject's documented end state (docs/runtime.md, "Lifecycle matrix"). */
function expectedSubject(moment: Moment, signal: Signal): ChildStatus {
  if (moment === 'shutdown' || signal === 'stop' || signal === 'systemStop') return 'stopped';
  if (signal === 'crash') return 'running';
  // A transient child's normal exit ends it, except ctx.stop() inside onRestart: the incarnation is already ending.
  return moment === 'onRestart' ? 'running' : 'stopped';
}

async function settled(c: Case): Promise<void> {
  const quiet = () => whichChildren(c.sup).every((child) => child.status === 'running' || child.status === 'stopped');
  await eventually(quiet, 'children to settle', 3000);
  await sleep(BACKOFF_MS * 3); // a restart still pending would show by now
  await eventually(quiet, 'children to settle', 3000);
}

describe('runtime: lifecycle matrix (signal x moment x strategy)', () => {
  quietLogs();
  const strategies: Strategy[] = ['oneForOne', 'oneForAll', 'restForOne'];
  const moments: Moment[] = ['init', 'backoffWait', 'onRestart', 'asyncReceive', 'shutdown'];
  const signals: Signal[] = ['stop', 'systemStop', 'crash', 'normalExit'];

  for (const strategy of strategies) {
    for (const moment of moments) {
      for (const signal of signals) {
        it(`${strategy}: ${signal} during ${moment}`, async () => {
          const before = await quietTimers();
          const c = await startCase(strategy);
          const reached = await reach(c, moment);
          const outcome = await deliver(c, moment, signal);

          if (moment === 'shutdown' || signal === 'systemStop') {
            await reached?.stopping;
            expect(await c.system.whenStopped).to.equal('shutdown');
            if (signal === 'stop') expect((outcome as Error).name).to.equal('SupervisorStoppedError');
            expect(whichChildren(c.sup).map((child) => child.status)).to.deep.equal(['stopped', 'stopped', 'stopped']);
          } else {
            await settled(c);
            const status = Object.fromEntries(whichChildren(c.sup).map((child) => [child.id, child.status]));
            expect(status).to.deep.equal({ a: 'running', subject: expectedSubject(moment, signal), c: 'running' });
            // The strategy decides who else restarted with the subject.
            const crashed = c.events.some((e) => e.type === 'childCrashed' && e.path.endsWith('/subject') && e.phase !== 'onRestart');
            const again = { a: (c.inits['a'] ?? 0) > 1, c: (c.inits['c'] ?? 0) > 1 };
            if (!crashed || strategy === 'oneForOne') expect(again).to.deep.equal({ a: false, c: false });
            else if (strategy === 'restForOne') expect(again).to.deep.equal({ a: false, c: true });
            else expect(again).to.deep.equal({ a: true, c: true });
            await c.system.stop();
          }
          // The new incarnation may already have handled (and crashed on) a stashed message, but it was never stopped.
          expect(c.restartedStatus.filter((s) => s === 'stopped'), 'childRestarted for a stopped child').to.deep.equal([]);
          expect(c.events.filter((e) => e.type === 'supervisorGaveUp')).to.deep.equal([]);
          expect(await quietTimers()).to.deep.equal(before);
        });
      }
    }
  }
});
