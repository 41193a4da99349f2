// How Binance chains diff-depth events to a REST snapshot (NOTES.md sections 3 and 4), as BookSequencing.
// Spot chains by the range [U, u] (each event starts where the last ended, U == previous u + 1); USD-M
// futures chains by `pu` (each event names the u before it). Both fetch the snapshot over REST.
import type { BookSequencing, DepthDelta, LastApplied } from '../types.js';

/** Binance spot, web-socket-streams.md "How to manage a local order book correctly". */
export const binanceSpotSequencing: BookSequencing = {
  snapshotSource: 'rest',
  bridge(delta: DepthDelta, snapshotSequence: number): 'stale' | 'apply' | 'ahead' {
    // Step 5: discard any event where u <= lastUpdateId; the first kept one holds lastUpdateId+1 in [U;u].
    if (delta.last <= snapshotSequence) return 'stale';
    if (delta.first <= snapshotSequence + 1) return 'apply';
    // U > lastUpdateId + 1: the snapshot is older than the first event we hold (step 4: fetch again).
    return 'ahead';
  },
  follow(delta: DepthDelta, lastApplied: LastApplied): 'apply' | 'skip' | 'gap' {
    // "If the event's last update ID (u) is < the update ID of your local order book, ignore the event";
    // u equal to the book's id is covered too (nothing in it is newer).
    if (delta.last <= lastApplied.sequence) return 'skip';
    // "If the event's first update ID (U) is > the update ID of your local order book + 1, something
    // went wrong. Discard your local order book and restart the process from the beginning."
    if (delta.first > lastApplied.sequence + 1) return 'gap';
    return 'apply';
  },
};

/**
 * Binance USD-M futures ("How to manage a local order book correctly", QIU): drop u < lastUpdateId; the
 * first event has U <= lastUpdateId <= u; then each event's `pu` must equal the previous event's u. The
 * binanceusdm codec (lib/exchanges/binance-usdm) uses it through the same BookSync as spot.
 */
export const binanceFuturesSequencing: BookSequencing = {
  snapshotSource: 'rest',
  bridge(delta: DepthDelta, snapshotSequence: number): 'stale' | 'apply' | 'ahead' {
    if (delta.last < snapshotSequence) return 'stale';
    if (delta.first <= snapshotSequence) return 'apply';
    return 'ahead';
  },
  follow(delta: DepthDelta, lastApplied: LastApplied): 'apply' | 'skip' | 'gap' {
    // An event the book already holds (u <= its id: the same event again, from the new socket of a renewal
    // that overlaps the old one) changes nothing; ids only grow, so it cannot be a later event.
    if (delta.last <= lastApplied.sequence) return 'skip';
    // An event without pu cannot prove it follows: treat it as the chain broken.
    return delta.previous === lastApplied.sequence ? 'apply' : 'gap';
  },
};
