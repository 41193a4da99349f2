import { expect } from 'chai';
import fc from 'fast-check';
import { BookSync, type SyncResult } from '../../../lib/book/book-sync.js';
import { binanceFuturesSequencing, binanceSpotSequencing } from '../../../lib/exchanges/binance/sequencing.js';
import type { BookSequencing, DepthDelta } from '../../../lib/exchanges/types.js';
import type { DepthLevel } from '../../../lib/models/market.js';
import { okxLikeSequencing, snapshot } from './sequencing-kit.js';

// A true book history (events with contiguous ids), delivered as a venue would: the stream starts late,
// the snapshot is fetched when BookSync asks and arrives after a random number of events, from a random
// point of the history (the REST server may be behind or ahead of the stream), and one event may be
// lost. BookSync must never hold a wrong book while it says synced: whenever it is synced, its book is
// the true book at its sequence, and so is the book a subscriber rebuilds from the published results.
// A lost event must show as a gap (or as a snapshot too old); with nothing lost, no gap is ever
// reported. After the stream goes on without loss and snapshots come fresh, it converges.

/** The truth as a Map from price to quantity; prices are spelled one way, so a Map compares them exactly. */
type Side = Map<string, string>;
interface Truth {
  readonly bids: Side;
  readonly asks: Side;
}

function applyTo(truth: Truth, bids: readonly DepthLevel[], asks: readonly DepthLevel[]): void {
  for (const [side, levels] of [[truth.bids, bids], [truth.asks, asks]] as const) {
    for (const [price, quantity] of levels) {
      if (quantity === '0') side.delete(price);
      else side.set(price, quantity);
    }
  }
}

function copy(truth: Truth): Truth {
  return { bids: new Map(truth.bids), asks: new Map(truth.asks) };
}

function sorted(side: Side, descending: boolean): DepthLevel[] {
  const levels = [...side.entries()].sort((a, b) => Number(a[0]) - Number(b[0])); // test prices are small integers
  return descending ? levels.reverse() : levels;
}

function asSides(truth: Truth): { bids: DepthLevel[]; asks: DepthLevel[] } {
  return { bids: sorted(truth.bids, true), asks: sorted(truth.asks, false) };
}

// Bids on ticks 1..20, asks on 21..40: small enough that events overwrite and remove each other's levels.
const levels = (low: number): fc.Arbitrary<DepthLevel[]> =>
  fc.array(fc.tuple(fc.integer({ min: low, max: low + 19 }).map(String), fc.oneof(fc.constant('0'), fc.integer({ min: 1, max: 9 }).map(String))), { maxLength: 4 });

const eventShape = fc.record({ span: fc.integer({ min: 0, max: 3 }), jump: fc.integer({ min: 0, max: 2 }), bids: levels(1), asks: levels(21) });
const fetchShape = fc.record({ delay: fc.integer({ min: 0, max: 3 }), offset: fc.integer({ min: -3, max: 2 }) });

const scenario = fc.record({
  initial: fc.record({ bids: levels(1), asks: levels(21) }),
  events: fc.array(eventShape, { minLength: 8, maxLength: 40 }),
  startAt: fc.integer({ min: 0, max: 4 }),
  drop: fc.option(fc.nat(), { nil: undefined }),
  fetches: fc.array(fetchShape, { minLength: 1, maxLength: 8 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const TAIL = 4;

interface History {
  readonly deltas: DepthDelta[];
  /** truths[i]: the book after the first i events; ids[i]: its update id. */
  readonly truths: Truth[];
  readonly ids: number[];
}

/** Spot ids: U = previous u + 1. Futures ids may jump (U > previous u + 1) and carry pu = previous u. */
function history(s: Scenario, chain: 'spot' | 'futures'): History {
  const truth: Truth = { bids: new Map(), asks: new Map() };
  applyTo(truth, s.initial.bids, s.initial.asks);
  const truths = [copy(truth)];
  const ids = [100];
  const deltas: DepthDelta[] = [];
  let last = 100;
  for (const e of s.events) {
    const first = last + 1 + (chain === 'futures' ? e.jump : 0);
    const d: DepthDelta = { venueSymbol: 'X', first, last: first + e.span, previous: chain === 'futures' ? last : undefined, bids: e.bids, asks: e.asks, exchangeTime: 0, isSnapshot: false };
    deltas.push(d);
    last = d.last;
    applyTo(truth, d.bids, d.asks);
    truths.push(copy(truth));
    ids.push(last);
  }
  return { deltas, truths, ids };
}

function run(s: Scenario, sequencing: BookSequencing, chain: 'spot' | 'futures'): void {
  const h = history(s, chain);
  const n = h.deltas.length;
  const cut = n - TAIL;
  const dropped = s.drop === undefined ? undefined : s.startAt + (s.drop % Math.max(1, cut - s.startAt));
  const sync = new BookSync(sequencing);
  /** What a subscriber of the depth topic holds: the last snapshot event plus the deltas published since. */
  let subscriber: Truth | undefined;
  let gaps = 0;
  let fetchCount = 0;
  let pending: { arriveAfter: number; index: number }[] = [];
  /** History events the venue has produced so far (the stream's position). */
  let position = s.startAt;

  const check = (): void => {
    if (sync.state !== 'synced') return;
    const at = h.ids.indexOf(sync.sequence ?? Number.NaN);
    expect(at, `a synced book at an id the history never had (${sync.sequence})`).to.be.at.least(0);
    const truth = h.truths[at] as Truth;
    expect(sync.book.toSnapshot()).to.deep.equal(asSides(truth));
    expect(subscriber && asSides(subscriber)).to.deep.equal(asSides(truth));
  };
  const handle = (result: SyncResult, fetchNow: boolean): void => {
    switch (result.status) {
      case 'synced':
        subscriber = { bids: new Map(sync.book.toSnapshot().bids), asks: new Map(sync.book.toSnapshot().asks) };
        expect(result.sequence).to.equal(sync.sequence);
        break;
      case 'applied':
        expect(subscriber, 'applied without a snapshot first').to.not.equal(undefined);
        for (const d of result.applied) if (subscriber) applyTo(subscriber, d.bids, d.asks);
        expect(result.sequence).to.equal(sync.sequence);
        break;
      case 'gap':
        gaps++;
        subscriber = undefined;
        fetch(fetchNow);
        break;
      case 'needSnapshot':
        fetch(fetchNow);
        break;
      case 'crossed':
        // The history's books are never crossed, so neither may any book built from it be.
        expect.fail(`a crossed book from an uncrossed history: ${result.detail}`);
        break;
      case 'buffered':
      case 'skipped':
      case 'pending':
        break;
      default: {
        const never: never = result;
        throw new Error(`unexpected ${JSON.stringify(never)}`);
      }
    }
    check();
  };
  const fetch = (now: boolean): void => {
    if (now) {
      // Converging: the REST server answers at the stream's position at once.
      handle(sync.onSnapshot(snapshot(h.ids[position] as number, ...sidesOf(h.truths[position] as Truth))), true);
      return;
    }
    const plan = s.fetches[fetchCount++ % s.fetches.length] as { delay: number; offset: number };
    pending.push({ arriveAfter: plan.delay, index: plan.offset });
  };
  const deliver = (index: number, converging: boolean): void => {
    position = index + 1;
    if (index !== dropped) handle(sync.onDelta(h.deltas[index] as DepthDelta), converging);
    if (converging) return;
    const due = pending.filter((p) => p.arriveAfter <= 0);
    pending = pending.filter((p) => p.arriveAfter > 0).map((p) => ({ ...p, arriveAfter: p.arriveAfter - 1 }));
    for (const p of due) {
      const at = Math.min(n, Math.max(0, position + p.index));
      handle(sync.onSnapshot(snapshot(h.ids[at] as number, ...sidesOf(h.truths[at] as Truth))), false);
    }
  };

  for (let i = s.startAt; i < cut; i++) deliver(i, false);
  if (dropped === undefined) expect(gaps, 'a gap reported with nothing lost').to.equal(0);

  // Converge: no more loss, snapshots answered at once, from the stream's position.
  if (sync.state !== 'synced') fetch(true);
  for (let i = cut; i < n; i++) deliver(i, true);
  expect(sync.state).to.equal('synced');
  expect(sync.sequence).to.equal(h.ids[n]);
  check();
}

function sidesOf(truth: Truth): [DepthLevel[], DepthLevel[]] {
  const sides = asSides(truth);
  return [sides.bids, sides.asks];
}

describe('BookSync against a true book history', () => {
  it('Binance spot: synced means the true book; a lost event is reported, never absorbed; it converges', () => {
    fc.assert(fc.property(scenario, (s) => run(s, binanceSpotSequencing, 'spot')), { seed: 7_2026, numRuns: 400 });
  });

  it('Binance USD-M futures (pu chaining, ids that jump): the same', () => {
    fc.assert(fc.property(scenario, (s) => run(s, binanceFuturesSequencing, 'futures')), { seed: 8_2026, numRuns: 400 });
  });

  it('OKX-like (in-stream snapshot, prevSeqId, keep-alives, resets): a lost update is a gap; a new snapshot converges', () => {
    const okxScenario = fc.record({
      events: fc.array(
        fc.record({ kind: fc.constantFrom('update', 'update', 'update', 'keepAlive', 'reset'), bids: levels(1), asks: levels(21) }),
        { minLength: 3, maxLength: 30 },
      ),
      drop: fc.option(fc.nat(), { nil: undefined }),
    });
    fc.assert(
      fc.property(okxScenario, ({ events, drop }) => {
        const truth: Truth = { bids: new Map(), asks: new Map() };
        const sync = new BookSync(okxLikeSequencing);
        let seq = 10;
        const snap = (): DepthDelta => ({ venueSymbol: 'X', first: seq, last: seq, previous: -1, ...asSides(truth), exchangeTime: 0, isSnapshot: true });
        expect(sync.onDelta(snap())).to.include({ status: 'synced' });
        const lost = drop === undefined ? undefined : drop % events.length;
        let lostUpdate = false;
        let gapped = false;
        events.forEach((e, i) => {
          const previous = seq;
          if (e.kind === 'update') seq += 1 + (i % 3);
          if (e.kind === 'reset') seq = i % 4; // after maintenance the ids start low again
          const keepAlive = e.kind === 'keepAlive';
          const d: DepthDelta = { venueSymbol: 'X', first: seq, last: seq, previous, bids: keepAlive ? [] : e.bids, asks: keepAlive ? [] : e.asks, exchangeTime: 0, isSnapshot: false };
          // A reset to the same id as before would read as a keep-alive; the venue's reset always moves the id.
          if (e.kind === 'reset' && seq === previous) return void (seq = previous);
          applyTo(truth, d.bids, d.asks);
          if (i === lost) {
            lostUpdate ||= !keepAlive;
            return;
          }
          const result = sync.onDelta(d);
          if (result.status === 'gap') {
            expect(result.repair).to.equal('resubscribe');
            gapped = true;
          }
          if (sync.state === 'synced') expect(sync.book.toSnapshot()).to.deep.equal(asSides(truth));
        });
        // A lost keep-alive breaks nothing; a lost update is always a gap (unless it was the last event).
        if (lostUpdate && lost !== events.length - 1) expect(gapped).to.equal(true);
        if (lost === undefined) expect(gapped).to.equal(false);
        // Resubscribing brings a fresh snapshot in-stream, and the book is the venue's again.
        expect(sync.onDelta(snap())).to.include({ status: 'synced' });
        expect(sync.book.toSnapshot()).to.deep.equal(asSides(truth));
      }),
      { seed: 9_2026, numRuns: 300 },
    );
  });
});
