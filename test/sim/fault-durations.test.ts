// Fault durations are held to setTimeout's limit (2^31 - 1 ms): node would run a longer delay after
// 1 ms, so a fault meant to last a month would vanish. Refused over both control paths, naming the field.
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { applyFault, BOTH_PATHS } from './fault-control.js';

const LIMIT = 2 ** 31 - 1;

/** Fault name, body, and the field the refusal must name. */
const OVERLONG: Array<[string, Record<string, unknown>, string]> = [
  ['latency', { ms: LIMIT + 1 }, 'ms'],
  ['latency', { ms: 10, durationMs: 2 ** 40 }, 'durationMs'],
  ['rate-limit', { status: 429, durationMs: LIMIT + 1 }, 'durationMs'],
  ['server-shutdown', { closeAfterMs: LIMIT + 1 }, 'closeAfterMs'],
];

describe('simulator faults: durations past the timer limit', () => {
  let sim: RunningSimulator;

  beforeEach(async () => {
    sim = await startSimulator({ bots: false });
  });

  afterEach(() => sim.stop());

  for (const [name, body, field] of OVERLONG) {
    it(`refuses ${name} ${JSON.stringify(body)} over HTTP with 400 naming ${field} and the limit`, async () => {
      const res = await fetch(`${sim.rest}/__sim/faults/${name}`, { method: 'POST', body: JSON.stringify(body) });
      const answer = (await res.json()) as { error?: string };
      expect(res.status, JSON.stringify(answer)).to.equal(400);
      expect(answer.error).to.match(new RegExp(`^${field}: `)).and.include(String(LIMIT));
      expect((await fetch(`${sim.rest}/__sim/faults`).then((r) => r.json())) as unknown).to.deep.include({ clockOffsetMs: 0 });
    });

    it(`refuses ${name} ${JSON.stringify(body)} through sim.faults with a RangeError naming ${field} and the limit`, async () => {
      let thrown: unknown;
      try {
        await applyFault(sim, 'handle', name, body);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).to.be.instanceOf(RangeError);
      expect((thrown as Error).message).to.include(field).and.include(String(LIMIT));
    });
  }

  for (const via of BOTH_PATHS) {
    it(`takes the longest allowed durations (${LIMIT} ms) via ${via}, and a latency that long holds requests`, async () => {
      await applyFault(sim, via, 'rate-limit', { status: 429, durationMs: LIMIT });
      await applyFault(sim, via, 'server-shutdown', { closeAfterMs: LIMIT });
      await applyFault(sim, via, 'clear');
      await applyFault(sim, via, 'latency', { ms: LIMIT, durationMs: LIMIT });
      // Run as a 1 ms delay, the ping would be answered well within this.
      const answered = await fetch(`${sim.rest}/api/v3/ping`, { signal: AbortSignal.timeout(300) }).then(
        () => true,
        () => false,
      );
      expect(answered).to.equal(false);
    });
  }
});
