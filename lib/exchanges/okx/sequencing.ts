// How OKX chains `books` pushes (NOTES.md "Sequence rules"), as BookSequencing for the shared BookSync. The
// stream pushes the snapshot itself (`action: snapshot`, prevSeqId -1); then each increment's prevSeqId is the
// seqId before it. Two documented exceptions: after ~60 s without change an empty increment with seqId ==
// prevSeqId proves the channel alive (nothing to apply), and after maintenance the sequence may reset (an
// increment with seqId < prevSeqId, chained as usual by its prevSeqId), after which chaining resumes from the
// smaller seqId. A broken chain is repaired by resubscribing (the venue then pushes a new snapshot).
import type { BookSequencing, DepthDelta, LastApplied } from '../types.js';

export const okxSequencing: BookSequencing = {
  snapshotSource: 'stream',
  // A stream source never bridges a REST snapshot (BookSync takes a pushed snapshot as is); answered for completeness.
  bridge(delta: DepthDelta, snapshotSequence: number): 'stale' | 'apply' | 'ahead' {
    if (delta.previous === snapshotSequence) return 'apply';
    return delta.last <= snapshotSequence ? 'stale' : 'ahead';
  },
  follow(delta: DepthDelta, lastApplied: LastApplied): 'apply' | 'skip' | 'gap' {
    if (delta.previous === lastApplied.sequence) {
      // The keep-alive increment: same seqId, nothing in it.
      if (delta.last === delta.previous && delta.bids.length === 0 && delta.asks.length === 0) return 'skip';
      // The chain continues, including a reset (seqId < prevSeqId): the book's id becomes the smaller seqId.
      return 'apply';
    }
    // One the book already holds: the same push again from the overlapping socket of a renewal (OKX pushes the
    // same book image on every connection, so their ids agree). Ids only grow between resets.
    if (delta.previous !== undefined && delta.previous < lastApplied.sequence && delta.last <= lastApplied.sequence) return 'skip';
    return 'gap';
  },
};
