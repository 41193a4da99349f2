// A local order book: two sides of price levels, ordered best first, kept exactly as the venue printed
// them. It knows nothing about sequence ids (BookSync does); it only applies levels.
//
// Representation (measured: docs/benchmarks.md "Order book representation", `npx tsx bench/book.ts`):
// a level is keyed by its canonical price string (price-key.ts) and ordered by exact string comparison.
// It ties with integer ticks in a Number (2.6 µs per 10-level event on a 1000-level book), beats BigInt
// ticks (1.5x) and decimal.js keys (10x), and needs nothing per symbol: integer ticks need the tick's
// decimals (a finer price would be rejected or collide) and must become strings again to be published,
// while here the venue's tuple is stored as it arrived and published without a copy. Decimals are built
// only by `view()`, for consumers that read them.
// Each side is an array sorted worst-to-best (best at the end: 2.7x faster than best-first, because most
// inserts and removals are near the touch and a splice at the end moves almost nothing) plus a Map from
// every spelling seen of a present price to its entry.
import { Decimal } from '../core/decimal.js';
import type { BookLevel, DepthLevel } from '../models/market.js';
import { integerLength, isZeroQuantity, priceKey } from './price-key.js';

/** Both sides of a book, best first: bids descending, asks ascending. */
export interface BookSides {
  readonly bids: readonly DepthLevel[];
  readonly asks: readonly DepthLevel[];
}

/** The same with Decimals, for consumers that compute with the levels (the `book` topic). */
export interface BookSidesView {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

interface Entry {
  /** The canonical price (priceKey): identity and order. */
  readonly key: string;
  /** Digits before the point of `key`, cached: it decides most comparisons. */
  readonly integerLength: number;
  /** The venue's own tuple from the last update of this level (its spelling of the price may differ from `key`). */
  level: DepthLevel;
  /** Other spellings of this price that `index` maps to this entry ('0.00240000' for key '0.0024'). */
  spellings: string[] | undefined;
}

/** Orders two entries by price; ties only for the same key. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.integerLength !== b.integerLength) return a.integerLength - b.integerLength;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

class BookSide {
  /** Worst first, best last. */
  private entries: Entry[] = [];
  /**
   * Every spelling seen of a present price -> its entry: the canonical key and the venue's raw text. A
   * venue prints one price the same way every time, so the raw text finds the entry with one lookup and
   * no canonicalising (the scan and the copy were a third of the cost of an update, measured).
   */
  private readonly index = new Map<string, Entry>();

  /** +1: best is the highest price (bids); -1: best is the lowest (asks). */
  constructor(private readonly direction: 1 | -1) {}

  get size(): number {
    return this.entries.length;
  }

  set(level: DepthLevel): void {
    const text = level[0];
    let entry = this.index.get(text);
    let key: string | undefined;
    if (entry === undefined) {
      key = priceKey(text);
      if (key !== text) {
        entry = this.index.get(key);
        if (entry !== undefined) this.addSpelling(entry, text);
      }
    }
    if (isZeroQuantity(level[1])) {
      // Removing a level we do not have is normal (the venue's book is deeper than ours).
      if (entry !== undefined) this.remove(entry);
      return;
    }
    if (entry !== undefined) {
      entry.level = level;
      return;
    }
    key ??= priceKey(text);
    const fresh: Entry = { key, integerLength: integerLength(key), level, spellings: undefined };
    this.index.set(key, fresh);
    if (key !== text) this.addSpelling(fresh, text);
    this.entries.splice(this.position(fresh), 0, fresh);
  }

  private addSpelling(entry: Entry, text: string): void {
    this.index.set(text, entry);
    if (entry.spellings === undefined) entry.spellings = [text];
    else entry.spellings.push(text);
  }

  private remove(entry: Entry): void {
    this.index.delete(entry.key);
    if (entry.spellings !== undefined) for (const text of entry.spellings) this.index.delete(text);
    this.entries.splice(this.position(entry), 1);
  }

  replace(levels: readonly DepthLevel[]): void {
    this.clear();
    const entries: Entry[] = [];
    let zeroed = false;
    for (const level of levels) {
      const text = level[0];
      const key = priceKey(text);
      const entry = this.index.get(key);
      if (isZeroQuantity(level[1])) {
        if (entry !== undefined) {
          entry.level = level;
          zeroed = true;
        }
        continue;
      }
      if (entry !== undefined) {
        entry.level = level;
        if (key !== text && this.index.get(text) === undefined) this.addSpelling(entry, text);
        continue;
      }
      const fresh: Entry = { key, integerLength: integerLength(key), level, spellings: undefined };
      this.index.set(key, fresh);
      if (key !== text) this.addSpelling(fresh, text);
      entries.push(fresh);
    }
    const direction = this.direction;
    this.entries = entries.sort((a, b) => direction * compareEntries(a, b));
    // A snapshot never lists a price twice; if one did, its last quantity wins, and a last zero removes it.
    if (zeroed) for (const entry of entries.filter((e) => isZeroQuantity(e.level[1]))) this.remove(entry);
  }

  clear(): void {
    this.entries = [];
    this.index.clear();
  }

  /** The first `n` levels, best first. */
  top(n: number): DepthLevel[] {
    const entries = this.entries;
    const end = Math.max(0, entries.length - n);
    const out: DepthLevel[] = [];
    for (let i = entries.length - 1; i >= end; i--) out.push((entries[i] as Entry).level);
    return out;
  }

  best(): Entry | undefined {
    return this.entries[this.entries.length - 1];
  }

  /** Where `probe` is or belongs: the first index whose entry is better than it or is it. */
  private position(probe: Entry): number {
    const entries = this.entries;
    const direction = this.direction;
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (direction * compareEntries(entries[mid] as Entry, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class OrderBook {
  private readonly bidSide = new BookSide(1);
  private readonly askSide = new BookSide(-1);

  /** Sets each level's quantity; a zero quantity (any spelling) removes the level. Later levels win. */
  apply(bids: readonly DepthLevel[], asks: readonly DepthLevel[]): void {
    for (const level of bids) this.bidSide.set(level);
    for (const level of asks) this.askSide.set(level);
  }

  /** Replaces the whole book (a snapshot); zero-quantity levels are left out. */
  replace(snapshot: BookSides): void {
    this.bidSide.replace(snapshot.bids);
    this.askSide.replace(snapshot.asks);
  }

  clear(): void {
    this.bidSide.clear();
    this.askSide.clear();
  }

  /** The best `n` levels of each side, best first, as the venue printed them. */
  top(n: number): BookSides {
    return { bids: this.bidSide.top(n), asks: this.askSide.top(n) };
  }

  /** Every level, best first (the `snapshot` event after a (re)sync). */
  toSnapshot(): BookSides {
    return this.top(Number.POSITIVE_INFINITY);
  }

  /** The best `n` levels with Decimals: the only place the book builds them. */
  view(n: number): BookSidesView {
    const { bids, asks } = this.top(n);
    return { bids: bids.map(toBookLevel), asks: asks.map(toBookLevel) };
  }

  best(): { readonly bid: DepthLevel | undefined; readonly ask: DepthLevel | undefined } {
    return { bid: this.bidSide.best()?.level, ask: this.askSide.best()?.level };
  }

  levels(): { readonly bids: number; readonly asks: number } {
    return { bids: this.bidSide.size, asks: this.askSide.size };
  }

  /** Best bid >= best ask, compared exactly: a book that cannot be the venue's (a missed event). */
  crossed(): boolean {
    const bid = this.bidSide.best();
    const ask = this.askSide.best();
    return bid !== undefined && ask !== undefined && compareEntries(bid, ask) >= 0;
  }
}

function toBookLevel(level: DepthLevel): BookLevel {
  return { price: new Decimal(level[0]), quantity: new Decimal(level[1]) };
}
