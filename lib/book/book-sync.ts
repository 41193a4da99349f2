// Keeps an OrderBook in step with a venue's diff-depth stream: buffer -> snapshot -> bridge -> apply, and
// on a gap start over. The procedure is Binance's (fixtures/binance/NOTES.md section 3; Gate.io and MEXC
// document the same one); what differs between venues is only how ids chain, and that comes in as a
// BookSequencing (lib/exchanges/types.ts). A book that comes out crossed (best bid >= best ask) cannot be the
// venue's whatever the ids say, and is treated like a gap. Pure: results are values, the book actor does the
// fetching, resubscribing and publishing they ask for.
import { Fifo } from '../core/fifo.js';
import type { BookSequencing, DepthDelta, DepthSnapshot, LastApplied } from '../exchanges/types.js';
import { OrderBook } from './order-book.js';

/**
 * - 'buffering': nothing seen yet (rest): the first delta asks for a snapshot.
 * - 'awaitingSnapshot': a snapshot is wanted; deltas are buffered (rest) or ignored until the stream
 *   pushes one (stream).
 * - 'bridging': the REST snapshot is in the book but no delta has proved it yet (every buffered delta
 *   was older); the next delta must bridge it. Not published: it may still turn out too old.
 * - 'synced': the book is the venue's; each delta is applied or reported as a gap.
 */
export type BookSyncState = 'buffering' | 'awaitingSnapshot' | 'bridging' | 'synced';

/** What the caller must do to repair a gap: fetch a REST snapshot, or resubscribe for an in-stream one. */
export type GapRepair = 'fetchSnapshot' | 'resubscribe';

export type SyncResult =
  /** Held until the snapshot arrives. */
  | { readonly status: 'buffered' }
  /** Changed nothing: stale, a keep-alive, before the stream's snapshot, or a snapshot nobody needs now. */
  | { readonly status: 'skipped' }
  /** The snapshot is in the book but not proven yet; nothing to publish. */
  | { readonly status: 'pending' }
  /**
   * Fetch a (new) REST snapshot, then call onSnapshot. `reason`: the first delta arrived, the snapshot
   * was older than the first buffered delta (fetch again), or the buffer overflowed while waiting (it
   * was emptied; a snapshot already on its way will then most likely be too old, and ask again).
   */
  | { readonly status: 'needSnapshot'; readonly reason: 'first delta' | 'snapshot too old' | 'buffer overflow'; readonly detail: string }
  /** `applied` went into the synced book, in order: publish them. `sequence` is the book's id now. */
  | { readonly status: 'applied'; readonly applied: readonly DepthDelta[]; readonly sequence: number }
  /**
   * The book was (re)built: from a snapshot and then `applied` (already in it). Publish a snapshot event
   * (book.toSnapshot() at `sequence`), not the deltas.
   */
  | { readonly status: 'synced'; readonly applied: readonly DepthDelta[]; readonly sequence: number }
  /**
   * Events were missed: the book is discarded and the sync has already started over (for a REST
   * source, buffering from the delta that showed the gap, so a fresh snapshot can bridge to it). Report
   * it, then `repair`. `lastSequence` is the id the book had.
   */
  | { readonly status: 'gap'; readonly repair: GapRepair; readonly lastSequence: number; readonly detail: string }
  /**
   * The book came out crossed (best bid >= best ask): the venue sent a crossed snapshot or delta (cryptofeed's
   * `cross_check` case), or events were lost in a way the ids did not show. Nothing of it may be published: the
   * book is discarded and the sync has started over, waiting for a fresh snapshot (deltas are buffered meanwhile).
   * `source` says what crossed it: a snapshot (with the deltas buffered on it) or a live delta. Report it, then
   * `repair`. `lastSequence` is the id the crossed book had.
   */
  | {
      readonly status: 'crossed';
      readonly source: 'snapshot' | 'delta';
      readonly repair: GapRepair;
      readonly lastSequence: number;
      readonly detail: string;
    };

/** The book as BookSync's callers may read it (writing is BookSync's job). */
export type ReadableBook = Pick<OrderBook, 'top' | 'toSnapshot' | 'view' | 'best' | 'levels' | 'crossed'>;

export interface BookSyncOptions {
  /** Deltas held while waiting for a snapshot; one more empties the buffer and asks again. */
  readonly maxBuffered?: number;
}

/** At 10 events/s (Binance @100ms) this is over 8 minutes of waiting for a snapshot. */
export const DEFAULT_MAX_BUFFERED = 5000;

const BUFFERED: SyncResult = Object.freeze({ status: 'buffered' });
const SKIPPED: SyncResult = Object.freeze({ status: 'skipped' });
const PENDING: SyncResult = Object.freeze({ status: 'pending' });

export class BookSync {
  private readonly orderBook = new OrderBook();
  private readonly buffer = new Fifo<DepthDelta>();
  private readonly maxBuffered: number;
  private current: BookSyncState;
  /** The book's id (the snapshot's, then the last applied delta's); mutated in place, read by `follow`. */
  private readonly last: { sequence: number } & LastApplied = { sequence: -1 };

  constructor(
    private readonly sequencing: BookSequencing,
    options: BookSyncOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
    if (!Number.isInteger(this.maxBuffered) || this.maxBuffered < 1) throw new RangeError(`maxBuffered must be a positive integer, got ${this.maxBuffered}`);
    this.current = this.initialState();
  }

  get state(): BookSyncState {
    return this.current;
  }

  /** The book's update id when synced (or bridging); undefined before a snapshot. */
  get sequence(): number | undefined {
    return this.current === 'synced' || this.current === 'bridging' ? this.last.sequence : undefined;
  }

  get book(): ReadableBook {
    return this.orderBook;
  }

  /** Deltas waiting for a snapshot. */
  get buffered(): number {
    return this.buffer.length;
  }

  /** Starts over with an empty book (the stream itself restarted, e.g. after a reconnect). */
  reset(): void {
    this.orderBook.clear();
    this.buffer.clear();
    this.last.sequence = -1;
    this.current = this.initialState();
  }

  onDelta(delta: DepthDelta): SyncResult {
    // A full book pushed in-stream (OKX snapshot, Gate.io obu full) replaces ours whatever state we are in.
    if (delta.isSnapshot) return this.rebuild(delta, delta.last);
    switch (this.current) {
      case 'buffering':
        this.buffer.push(delta);
        this.current = 'awaitingSnapshot';
        return { status: 'needSnapshot', reason: 'first delta', detail: `first delta ${range(delta)}` };
      case 'awaitingSnapshot':
        if (this.sequencing.snapshotSource === 'stream') return SKIPPED; // from before the snapshot the stream will push
        if (this.buffer.length >= this.maxBuffered) {
          this.buffer.clear();
          this.buffer.push(delta);
          return { status: 'needSnapshot', reason: 'buffer overflow', detail: `more than ${this.maxBuffered} deltas while waiting for a snapshot` };
        }
        this.buffer.push(delta);
        return BUFFERED;
      case 'bridging':
        return this.bridgeOne(delta);
      case 'synced':
        return this.follow(delta);
      default: {
        const never: never = this.current;
        return never;
      }
    }
  }

  /**
   * A REST snapshot arrived. Drops the buffered deltas it covers; the first one left must bridge it
   * (else the snapshot is too old: fetch again); applies the rest. For a 'stream' source a snapshot is
   * taken as is, like one pushed in-stream. Once synced, a late snapshot is skipped.
   */
  onSnapshot(snapshot: DepthSnapshot): SyncResult {
    if (this.sequencing.snapshotSource === 'stream') return this.rebuild(snapshot, snapshot.sequence);
    if (this.current === 'synced') return SKIPPED;
    for (let delta = this.buffer.first(); delta !== undefined; delta = this.buffer.first()) {
      const verdict = this.sequencing.bridge(delta, snapshot.sequence);
      if (verdict === 'stale') {
        this.buffer.shift();
        continue;
      }
      if (verdict === 'ahead') {
        this.orderBook.clear();
        this.current = 'awaitingSnapshot';
        return { status: 'needSnapshot', reason: 'snapshot too old', detail: `snapshot ${snapshot.sequence} is older than the first buffered delta ${range(delta)}` };
      }
      break;
    }
    this.orderBook.replace(snapshot);
    this.last.sequence = snapshot.sequence;
    if (this.orderBook.crossed()) return this.crossed('snapshot');
    const first = this.buffer.shift();
    if (first === undefined) {
      this.current = 'bridging';
      return PENDING;
    }
    this.applyDelta(first);
    if (this.orderBook.crossed()) return this.crossed('snapshot');
    const applied = [first];
    for (let delta = this.buffer.shift(); delta !== undefined; delta = this.buffer.shift()) {
      const verdict = this.sequencing.follow(delta, this.last);
      if (verdict === 'skip') continue;
      if (verdict === 'gap') return this.gap(delta);
      this.applyDelta(delta);
      if (this.orderBook.crossed()) return this.crossed('snapshot');
      applied.push(delta);
    }
    this.current = 'synced';
    return { status: 'synced', applied, sequence: this.last.sequence };
  }

  private bridgeOne(delta: DepthDelta): SyncResult {
    const verdict = this.sequencing.bridge(delta, this.last.sequence);
    if (verdict === 'stale') return SKIPPED;
    if (verdict === 'ahead') {
      const detail = `snapshot ${this.last.sequence} is older than delta ${range(delta)}`;
      this.orderBook.clear();
      this.last.sequence = -1;
      this.buffer.push(delta);
      this.current = 'awaitingSnapshot';
      return { status: 'needSnapshot', reason: 'snapshot too old', detail };
    }
    this.applyDelta(delta);
    if (this.orderBook.crossed()) return this.crossed('snapshot');
    this.current = 'synced';
    return { status: 'synced', applied: [delta], sequence: this.last.sequence };
  }

  private follow(delta: DepthDelta): SyncResult {
    const verdict = this.sequencing.follow(delta, this.last);
    if (verdict === 'skip') return SKIPPED;
    if (verdict === 'gap') return this.gap(delta);
    this.applyDelta(delta);
    if (this.orderBook.crossed()) return this.crossed('delta');
    return { status: 'applied', applied: [delta], sequence: this.last.sequence };
  }

  /** Discards the book and starts over; for a REST source the deltas from `delta` on stay buffered. */
  private gap(delta: DepthDelta): SyncResult {
    const lastSequence = this.last.sequence;
    const detail = `book at ${lastSequence}, next delta ${range(delta)}`;
    const rest = this.buffer.drain();
    this.orderBook.clear();
    this.last.sequence = -1;
    this.current = 'awaitingSnapshot';
    if (this.sequencing.snapshotSource === 'stream') return { status: 'gap', repair: 'resubscribe', lastSequence, detail };
    this.buffer.push(delta);
    for (const later of rest) this.buffer.push(later);
    return { status: 'gap', repair: 'fetchSnapshot', lastSequence, detail };
  }

  private rebuild(full: Pick<DepthSnapshot, 'bids' | 'asks'>, sequence: number): SyncResult {
    this.buffer.clear();
    this.orderBook.replace(full);
    this.last.sequence = sequence;
    if (this.orderBook.crossed()) return this.crossed('snapshot');
    this.current = 'synced';
    return { status: 'synced', applied: [], sequence };
  }

  /**
   * Discards a crossed book and waits for a fresh snapshot. Unlike a gap, nothing is kept for the bridge: the
   * crossing event was already applied, and a snapshot older than it would be crossed again by it.
   */
  private crossed(source: 'snapshot' | 'delta'): SyncResult {
    const lastSequence = this.last.sequence;
    const { bid, ask } = this.orderBook.best();
    const detail = `best bid ${bid?.[0] ?? '-'} >= best ask ${ask?.[0] ?? '-'} in the book at ${lastSequence} (from a ${source})`;
    this.buffer.clear();
    this.orderBook.clear();
    this.last.sequence = -1;
    this.current = 'awaitingSnapshot';
    return { status: 'crossed', source, repair: this.sequencing.snapshotSource === 'stream' ? 'resubscribe' : 'fetchSnapshot', lastSequence, detail };
  }

  private applyDelta(delta: DepthDelta): void {
    this.orderBook.apply(delta.bids, delta.asks);
    this.last.sequence = delta.last;
  }

  private initialState(): BookSyncState {
    return this.sequencing.snapshotSource === 'stream' ? 'awaitingSnapshot' : 'buffering';
  }
}

function range(delta: DepthDelta): string {
  const ids = delta.first === delta.last ? `${delta.last}` : `${delta.first}..${delta.last}`;
  return delta.previous === undefined ? ids : `${ids} (previous ${delta.previous})`;
}
