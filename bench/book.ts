// Order book representation benchmark: which exact key keeps a 1000-level book fastest under a realistic
// diff-depth stream? Run: `npx tsx bench/book.ts` (add `--quick` for a smoke run). Results and how to
// read them: docs/benchmarks.md, "Order book representation".
//
// Every variant is exact (no float ever holds a price) and is fed the same pre-parsed events (DepthLevel
// tuples of fresh strings, as JSON.parse leaves them), so the numbers are the book's cost alone.
import { SeededRandom } from '../sim/bots/random.js';
import { Decimal } from '../lib/core/decimal.js';
import { OrderBook } from '../lib/book/order-book.js';
import { isZeroQuantity, priceKey } from '../lib/book/price-key.js';
import type { BookLevel, DepthLevel } from '../lib/models/market.js';
import { nowMs } from './measure.js';

const QUICK = process.argv.includes('--quick');
const EVENTS = QUICK ? 20_000 : 100_000;
const LEVELS_PER_SIDE = 1000;
const LEVELS_PER_EVENT = 10; // 5 bids + 5 asks
const ROUNDS = QUICK ? 1 : 5;
const TOP_READS = QUICK ? 20_000 : 100_000;
const VIEW_READS = QUICK ? 2_000 : 10_000;

interface Events {
  readonly snapshot: { bids: DepthLevel[]; asks: DepthLevel[] };
  readonly events: { bids: DepthLevel[]; asks: DepthLevel[] }[];
}

/** The interface every variant offers the benchmark. */
interface Book {
  replace(bids: readonly DepthLevel[], asks: readonly DepthLevel[]): void;
  apply(bids: readonly DepthLevel[], asks: readonly DepthLevel[]): void;
  /** Top n per side in the variant's own stored form (strings, or Decimals for the Decimal variant). */
  top(n: number): { bids: readonly unknown[]; asks: readonly unknown[] };
  /** Top n per side as BookLevels (what the `book` topic publishes). */
  view(n: number): { bids: BookLevel[]; asks: BookLevel[] };
}

// ---- the stream -----------------------------------------------------------------------------------------

/** Deterministic (the simulator's seeded mulberry32) so every run measures the same stream. */
function rng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

// Binance prints 8 decimals; a BTC/USDT-like book: tick 0.01 around 30000.
function priceText(ticks: number): string {
  const whole = Math.floor(ticks / 100);
  const cents = ticks % 100;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}000000`;
}

function qtyText(random: () => number): string {
  const milli = 1 + Math.floor(random() * 5000);
  return `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}00000`;
}

/**
 * A 1000-level-per-side snapshot, then events of 5 bid and 5 ask levels whose distance from the top is
 * geometric (mean 40 ticks, as real diff depth clusters near the touch): an existing level is updated (75 %)
 * or removed (25 %), a missing one inserted. The book stays about 1000 levels per side.
 */
function makeStream(): Events {
  const random = rng(7);
  const mid = 3_000_000;
  const bidsPresent = new Set<number>();
  const asksPresent = new Set<number>();
  const snapshot = { bids: [] as DepthLevel[], asks: [] as DepthLevel[] };
  for (let d = 0; d < LEVELS_PER_SIDE; d++) {
    bidsPresent.add(d);
    asksPresent.add(d);
    snapshot.bids.push([priceText(mid - 1 - d), qtyText(random)]);
    snapshot.asks.push([priceText(mid + d), qtyText(random)]);
  }
  const level = (present: Set<number>, price: (d: number) => number): DepthLevel => {
    const d = Math.min(1999, Math.floor(-Math.log(1 - random()) * 40));
    if (!present.has(d)) {
      present.add(d);
      return [priceText(price(d)), qtyText(random)];
    }
    if (random() < 0.25) {
      present.delete(d);
      return [priceText(price(d)), '0.00000000'];
    }
    return [priceText(price(d)), qtyText(random)];
  };
  const events: Events['events'] = [];
  for (let i = 0; i < EVENTS; i++) {
    const bids: DepthLevel[] = [];
    const asks: DepthLevel[] = [];
    for (let j = 0; j < LEVELS_PER_EVENT / 2; j++) {
      bids.push(level(bidsPresent, (d) => mid - 1 - d));
      asks.push(level(asksPresent, (d) => mid + d));
    }
    events.push({ bids, asks });
  }
  return { snapshot, events };
}

// ---- the variants ---------------------------------------------------------------------------------------

function toView(level: DepthLevel): BookLevel {
  return { price: new Decimal(level[0]), quantity: new Decimal(level[1]) };
}

/** (a) lib/book/order-book.ts: canonical price strings, exact string comparison, best at the array's end. */
function exactStrings(): Book {
  const book = new OrderBook();
  return {
    replace: (bids, asks) => book.replace({ bids, asks }),
    apply: (bids, asks) => book.apply(bids, asks),
    top: (n) => book.top(n),
    view: (n) => {
      const v = book.view(n);
      return { bids: [...v.bids], asks: [...v.asks] };
    },
  };
}

/**
 * A sorted side over any key type: a Map from the key's identity to an entry plus an array sorted worst
 * to best (or best to worst when `bestFirst`, to measure the array layout). Made by a factory so every
 * variant gets its own closures, and V8 its own type feedback (one variant cannot slow another down).
 */
function sortedSideFactory<K, V>(spec: {
  key(price: string): K;
  identity(key: K): string | number;
  compare(a: K, b: K): number;
  value(level: DepthLevel): V;
  isZero(level: DepthLevel): boolean;
  bestFirst: boolean;
}) {
  interface Entry {
    key: K;
    value: V;
  }
  return class Side {
    entries: Entry[] = [];
    byId = new Map<string | number, Entry>();
    constructor(readonly direction: 1 | -1) {}

    private position(key: K): number {
      const entries = this.entries;
      const sign = spec.bestFirst ? -this.direction : this.direction;
      let lo = 0;
      let hi = entries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sign * spec.compare((entries[mid] as Entry).key, key) < 0) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }

    set(level: DepthLevel): void {
      const key = spec.key(level[0]);
      const id = spec.identity(key);
      const entry = this.byId.get(id);
      if (spec.isZero(level)) {
        if (entry === undefined) return;
        this.byId.delete(id);
        this.entries.splice(this.position(key), 1);
        return;
      }
      if (entry !== undefined) {
        entry.value = spec.value(level);
        return;
      }
      const fresh = { key, value: spec.value(level) };
      this.byId.set(id, fresh);
      this.entries.splice(this.position(key), 0, fresh);
    }

    replace(levels: readonly DepthLevel[]): void {
      this.entries = [];
      this.byId.clear();
      for (const level of levels) this.set(level);
    }

    top(n: number): V[] {
      const out: V[] = [];
      const entries = this.entries;
      if (spec.bestFirst) {
        for (let i = 0; i < entries.length && i < n; i++) out.push((entries[i] as Entry).value);
      } else {
        for (let i = entries.length - 1; i >= 0 && out.length < n; i--) out.push((entries[i] as Entry).value);
      }
      return out;
    }
  };
}

function sortedBook<K, V>(spec: Parameters<typeof sortedSideFactory<K, V>>[0], toLevel: (v: V) => BookLevel): Book {
  const Side = sortedSideFactory(spec);
  const bids = new Side(1);
  const asks = new Side(-1);
  return {
    replace: (b, a) => {
      bids.replace(b);
      asks.replace(a);
    },
    apply: (b, a) => {
      for (const level of b) bids.set(level);
      for (const level of a) asks.set(level);
    },
    top: (n) => ({ bids: bids.top(n), asks: asks.top(n) }),
    view: (n) => ({ bids: bids.top(n).map(toLevel), asks: asks.top(n).map(toLevel) }),
  };
}

/** (a2) the same canonical strings with the best level at index 0 (every insert near the top moves the array). */
function exactStringsBestFirst(): Book {
  return sortedBook<string, DepthLevel>(
    {
      key: priceKey,
      identity: (k) => k,
      compare: (a, b) => {
        const ia = a.indexOf('.');
        const ib = b.indexOf('.');
        const la = ia === -1 ? a.length : ia;
        const lb = ib === -1 ? b.length : ib;
        if (la !== lb) return la - lb;
        return a < b ? -1 : a > b ? 1 : 0;
      },
      value: (level) => level,
      isZero: (level) => isZeroQuantity(level[1]),
      bestFirst: true,
    },
    toView,
  );
}

const SCALE = 8;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Digits of a plain decimal with the fraction padded to SCALE places: '30000.01' -> '3000001000000'. */
function scaledDigits(text: string): string {
  const dot = text.indexOf('.');
  if (dot === -1) return text + '0'.repeat(SCALE);
  const fraction = text.slice(dot + 1);
  if (fraction.length > SCALE) throw new RangeError(`${text} is finer than 1e-${SCALE}`);
  return text.slice(0, dot) + fraction + '0'.repeat(SCALE - fraction.length);
}

/** (b1) integer ticks at a fixed scale of 1e-8 in a Number: exact while below 2^53 (checked). */
function scaledNumber(): Book {
  return sortedBook<number, DepthLevel>(
    {
      key: (price) => {
        // Digit by digit: Number(text) would round through a binary float.
        const dot = price.indexOf('.');
        let value = 0;
        let places = 0;
        for (let i = 0; i < price.length; i++) {
          if (i === dot) continue;
          value = value * 10 + (price.charCodeAt(i) - 48);
          if (dot !== -1 && i > dot) places++;
        }
        if (places > SCALE) throw new RangeError(`${price} is finer than 1e-${SCALE}`);
        for (; places < SCALE; places++) value *= 10;
        if (value > Number.MAX_SAFE_INTEGER) throw new RangeError(`${price} does not fit a safe integer at 1e-${SCALE}`);
        return value;
      },
      identity: (k) => k,
      compare: (a, b) => a - b,
      value: (level) => level,
      isZero: (level) => isZeroQuantity(level[1]),
      bestFirst: false,
    },
    toView,
  );
}

/** (b2) integer ticks at 1e-8 in a BigInt (no magnitude limit; the Map is keyed by the Number when safe). */
function scaledBigInt(): Book {
  return sortedBook<bigint, DepthLevel>(
    {
      key: (price) => BigInt(scaledDigits(price)),
      identity: (k) => (k <= SAFE ? Number(k) : k.toString()),
      compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      value: (level) => level,
      isZero: (level) => isZeroQuantity(level[1]),
      bestFirst: false,
    },
    toView,
  );
}

/** (c) decimal.js: a Decimal price and quantity per level, ordered with Decimal#cmp, keyed by its canonical text. */
function decimalKeys(): Book {
  return sortedBook<Decimal, BookLevel>(
    {
      key: (price) => new Decimal(price),
      identity: (k) => k.toString(),
      compare: (a, b) => a.cmp(b),
      value: (level) => ({ price: new Decimal(level[0]), quantity: new Decimal(level[1]) }),
      isZero: (level) => new Decimal(level[1]).isZero(),
      bestFirst: false,
    },
    (v) => v,
  );
}

// ---- measuring ------------------------------------------------------------------------------------------

interface Row {
  name: string;
  applyUs: number;
  topUs: number;
  viewUs: number;
  replaceMs: number;
  top20: string;
}

function measureOnce(name: string, make: () => Book, stream: Events): Row {
  const book = make();
  let start = nowMs();
  book.replace(stream.snapshot.bids, stream.snapshot.asks);
  const replaceMs = nowMs() - start;
  start = nowMs();
  for (const event of stream.events) book.apply(event.bids, event.asks);
  const applyUs = ((nowMs() - start) * 1000) / stream.events.length;
  let sink = 0;
  start = nowMs();
  for (let i = 0; i < TOP_READS; i++) sink += book.top(20).bids.length;
  const topUs = ((nowMs() - start) * 1000) / TOP_READS;
  start = nowMs();
  for (let i = 0; i < VIEW_READS; i++) sink += book.view(20).asks.length;
  const viewUs = ((nowMs() - start) * 1000) / VIEW_READS;
  if (sink === 0) throw new Error('empty book');
  const view = book.view(20);
  // A canonical fingerprint of the final top 20, to prove every variant built the same book.
  const top20 = [...view.bids, ...view.asks].map((l) => `${l.price.toString()}:${l.quantity.toString()}`).join(',');
  return { name, applyUs, topUs, viewUs, replaceMs, top20 };
}

/** Best (minimum) of each figure over the rounds; rounds interleave the variants so load spikes hit all. */
function measureAll(variants: readonly (readonly [string, () => Book])[], stream: Events): Row[] {
  const best = new Map<string, Row>();
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, make] of variants) {
      const row = measureOnce(name, make, stream);
      if (round === 0) continue; // warm-up: JIT, and the shared helpers' type feedback
      const prior = best.get(name);
      best.set(
        name,
        prior === undefined
          ? row
          : {
              ...row,
              applyUs: Math.min(prior.applyUs, row.applyUs),
              topUs: Math.min(prior.topUs, row.topUs),
              viewUs: Math.min(prior.viewUs, row.viewUs),
              replaceMs: Math.min(prior.replaceMs, row.replaceMs),
            },
      );
    }
  }
  return variants.map(([name]) => {
    const row = best.get(name);
    if (row === undefined) throw new Error(`no rounds for ${name}`);
    return row;
  });
}

function main(): void {
  const stream = makeStream();
  const variants: (readonly [string, () => Book])[] = [
    ['(a) exact strings, best last [lib]', exactStrings],
    ['(a2) exact strings, best first', exactStringsBestFirst],
    ['(b1) scaled integer, Number', scaledNumber],
    ['(b2) scaled integer, BigInt', scaledBigInt],
    ['(c) decimal.js Decimal', decimalKeys],
  ];
  const rows = measureAll(variants, stream);
  const reference = rows[0]?.top20;
  const agree = rows.every((row) => row.top20 === reference);
  const book = exactStrings();
  book.replace(stream.snapshot.bids, stream.snapshot.asks);
  for (const event of stream.events) book.apply(event.bids, event.asks);
  const sizes = book.top(Number.POSITIVE_INFINITY);

  console.log(
    `${EVENTS.toLocaleString('en')} events x ${LEVELS_PER_EVENT} levels on a ${LEVELS_PER_SIDE}-level-per-side book ` +
      `(final ${sizes.bids.length}/${sizes.asks.length} levels), best of ${ROUNDS} interleaved rounds after a warm-up; Node ${process.version}`,
  );
  console.log(`${'variant'.padEnd(38)}${'apply µs/event'.padStart(16)}${'top(20) µs'.padStart(12)}${'top(20) as Decimal µs'.padStart(24)}${'snapshot ms'.padStart(13)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(38)}${row.applyUs.toFixed(2).padStart(16)}${row.topUs.toFixed(2).padStart(12)}${row.viewUs.toFixed(2).padStart(24)}${row.replaceMs.toFixed(2).padStart(13)}`,
    );
  }
  console.log(`final top 20 identical across variants: ${agree ? 'yes' : 'NO'}`);
  if (!agree) process.exitCode = 1;
}

main();
