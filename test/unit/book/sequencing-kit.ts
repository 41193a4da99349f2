// Test-local pieces for the BookSync specs: the id rules of venues whose codecs do not exist yet (the
// Binance ones live in lib/exchanges/binance/sequencing.ts), and builders for deltas and snapshots.
import type { BookSequencing, DepthDelta, DepthSnapshot, LastApplied } from '../../../lib/exchanges/types.js';
import type { DepthLevel } from '../../../lib/models/market.js';

/** OKX books: a snapshot in-stream (prevSeqId -1), then prevSeqId == previous seqId; seqId == prevSeqId is a keep-alive. */
export const okxLikeSequencing: BookSequencing = {
  snapshotSource: 'stream',
  bridge(delta: DepthDelta, snapshotSequence: number) {
    if (delta.previous === snapshotSequence) return 'apply';
    return delta.last <= snapshotSequence ? 'stale' : 'ahead';
  },
  follow(delta: DepthDelta, lastApplied: LastApplied) {
    if (delta.previous !== lastApplied.sequence) return 'gap';
    // A reset after maintenance has seqId < prevSeqId and still chains; equal ids change nothing.
    return delta.last === delta.previous ? 'skip' : 'apply';
  },
};

/** Gate.io spot.obu: a full book in-stream; then U must be the local id + 1. */
export const gateObuLikeSequencing: BookSequencing = {
  snapshotSource: 'stream',
  bridge: (delta, snapshotSequence) => (delta.last <= snapshotSequence ? 'stale' : delta.first <= snapshotSequence + 1 ? 'apply' : 'ahead'),
  follow: (delta, lastApplied) => (delta.first === lastApplied.sequence + 1 ? 'apply' : 'gap'),
};

interface DeltaSpec {
  readonly bids?: readonly DepthLevel[];
  readonly asks?: readonly DepthLevel[];
  readonly previous?: number;
  readonly isSnapshot?: boolean;
}

export function delta(first: number, last: number, spec: DeltaSpec = {}): DepthDelta {
  return {
    venueSymbol: 'BTCUSDT',
    first,
    last,
    previous: spec.previous,
    bids: spec.bids ?? [[`${last}`, '1']],
    asks: spec.asks ?? [],
    exchangeTime: 0,
    isSnapshot: spec.isSnapshot ?? false,
  };
}

export function snapshot(sequence: number, bids: readonly DepthLevel[] = [['1', '1']], asks: readonly DepthLevel[] = []): DepthSnapshot {
  return { venueSymbol: 'BTCUSDT', sequence, bids, asks, exchangeTime: undefined };
}

