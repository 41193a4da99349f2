import { expect } from 'chai';
import fc from 'fast-check';
import { Decimal } from '../../lib/core/decimal.js';
import { RollingTicker } from '../../sim/engine/rolling-ticker.js';

interface T {
  id: number;
  time: number;
  price: number;
  qty: number;
}

/** Brute force over the same rule: a 1 s bucket is in the window while its last trade is within 24 h. */
function expected(trades: T[], now: number, windowMs: number) {
  const lastTimeOfBucket = new Map<number, number>();
  for (const t of trades) lastTimeOfBucket.set(Math.floor(t.time / 1000), t.time);
  const inWindow = trades.filter((t) => (lastTimeOfBucket.get(Math.floor(t.time / 1000)) as number) >= now - windowMs);
  const out = inWindow;
  const evicted = trades.slice(0, trades.length - out.length);
  return {
    count: out.length,
    high: out.length ? String(Math.max(...out.map((t) => t.price))) : undefined,
    low: out.length ? String(Math.min(...out.map((t) => t.price))) : undefined,
    open: out[0] ? String(out[0].price) : undefined,
    volume: out.reduce((s, t) => s.add(t.qty), new Decimal(0)).toString(),
    firstId: out[0] ? BigInt(out[0].id) : -1n,
    prevClose: evicted.length ? String(evicted[evicted.length - 1]!.price) : '0',
  };
}

describe('RollingTicker', () => {
  it('matches a brute-force window over any trade sequence and query times', () => {
    const windowMs = 10_000;
    const step = fc.record({ dt: fc.integer({ min: 0, max: 3_000 }), price: fc.integer({ min: 1, max: 50 }), qty: fc.integer({ min: 1, max: 9 }), query: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const ticker = new RollingTicker(windowMs);
        const trades: T[] = [];
        let now = 1_000_000;
        for (const s of steps) {
          now += s.dt;
          const t = { id: trades.length + 1, time: now, price: s.price, qty: s.qty };
          trades.push(t);
          ticker.add(BigInt(t.id), t.time, new Decimal(t.price), new Decimal(t.qty));
          if (!s.query) continue;
          const queryAt = now + s.dt * 3;
          now = queryAt; // engine time never runs backwards: later trades come after this query
          const got = ticker.stats(queryAt);
          const want = expected(trades, queryAt, windowMs);
          expect(got.count).to.equal(want.count);
          expect(got.volume.toString()).to.equal(want.volume);
          expect(got.firstId).to.equal(want.firstId);
          expect(got.prevClosePrice.toString()).to.equal(want.prevClose);
          if (want.high !== undefined) {
            expect(got.highPrice.toString()).to.equal(want.high);
            expect(got.lowPrice.toString()).to.equal(want.low);
            expect(got.openPrice.toString()).to.equal(want.open);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
