import { expect } from 'chai';
import { BookSync, type SyncResult } from '../../../lib/book/book-sync.js';
import { binanceFuturesSequencing, binanceSpotSequencing } from '../../../lib/exchanges/binance/sequencing.js';
import type { DepthDelta } from '../../../lib/exchanges/types.js';
import type { DepthLevel } from '../../../lib/models/market.js';
import { delta, gateObuLikeSequencing, okxLikeSequencing, snapshot } from './sequencing-kit.js';

function ids(result: SyncResult): number[] {
  return result.status === 'applied' || result.status === 'synced' ? result.applied.map((d) => d.last) : [];
}

describe('BookSync', () => {
  describe('Binance spot procedure (NOTES.md section 3)', () => {
    it('asks for a snapshot on the first delta and buffers the ones after it', () => {
      const sync = new BookSync(binanceSpotSequencing);
      expect(sync.state).to.equal('buffering');
      expect(sync.onDelta(delta(101, 105))).to.include({ status: 'needSnapshot', reason: 'first delta' });
      expect(sync.onDelta(delta(106, 108))).to.deep.equal({ status: 'buffered' });
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.buffered).to.equal(2);
      expect(sync.sequence).to.equal(undefined);
    });

    it('drops buffered events with u <= lastUpdateId', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onDelta(delta(106, 110));
      sync.onDelta(delta(111, 112));
      const result = sync.onSnapshot(snapshot(110));
      expect(result).to.include({ status: 'synced', sequence: 112 });
      expect(ids(result)).to.deep.equal([112]);
      expect(sync.book.top(10).bids).to.deep.equal([['112', '1'], ['1', '1']]);
    });

    it('applies first the buffered event whose [U;u] holds lastUpdateId + 1, then the rest', () => {
      const sync = new BookSync(binanceSpotSequencing);
      for (const d of [delta(101, 105), delta(106, 110), delta(111, 111)]) sync.onDelta(d);
      const result = sync.onSnapshot(snapshot(107));
      expect(result).to.include({ status: 'synced', sequence: 111 });
      expect(ids(result)).to.deep.equal([110, 111]);
      expect(sync.state).to.equal('synced');
      expect(sync.buffered).to.equal(0);
    });

    it('fetches again when lastUpdateId < U of the first buffered event - 1 (the snapshot is too old)', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      expect(sync.onSnapshot(snapshot(99))).to.include({ status: 'needSnapshot', reason: 'snapshot too old' });
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.buffered).to.equal(1);
      expect(sync.onSnapshot(snapshot(100))).to.include({ status: 'synced', sequence: 105 });
    });

    it('resyncs when U > lastUpdateId + 1', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onSnapshot(snapshot(103));
      expect(sync.onDelta(delta(106, 107))).to.deep.equal({ status: 'applied', applied: [delta(106, 107)], sequence: 107 });
      const gap = sync.onDelta(delta(109, 110));
      expect(gap).to.deep.equal({ status: 'gap', repair: 'fetchSnapshot', lastSequence: 107, detail: 'book at 107, next delta 109..110' });
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.book.levels()).to.deep.equal({ bids: 0, asks: 0 });
    });

    it('after a gap, keeps the delta that showed it, so a fresh snapshot bridges to it', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onSnapshot(snapshot(104));
      sync.onDelta(delta(110, 112)); // gap
      expect(sync.onDelta(delta(113, 113))).to.deep.equal({ status: 'buffered' });
      const result = sync.onSnapshot(snapshot(111));
      expect(result).to.include({ status: 'synced', sequence: 113 });
      expect(ids(result)).to.deep.equal([112, 113]);
    });

    it('ignores an event with u <= the book id once synced', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onSnapshot(snapshot(104));
      expect(sync.onDelta(delta(103, 105))).to.deep.equal({ status: 'skipped' });
      expect(sync.sequence).to.equal(105);
    });

    it('holds a snapshot newer than every buffered event until the next event bridges it', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      expect(sync.onSnapshot(snapshot(108))).to.deep.equal({ status: 'pending' });
      expect(sync.state).to.equal('bridging');
      expect(sync.onDelta(delta(106, 108))).to.deep.equal({ status: 'skipped' });
      const result = sync.onDelta(delta(109, 109));
      expect(result).to.include({ status: 'synced', sequence: 109 });
      expect(ids(result)).to.deep.equal([109]);
    });

    it('asks again when the event after a held snapshot does not bridge it', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onSnapshot(snapshot(108));
      expect(sync.onDelta(delta(110, 111))).to.include({ status: 'needSnapshot', reason: 'snapshot too old' });
      expect(sync.book.levels()).to.deep.equal({ bids: 0, asks: 0 });
      expect(sync.onSnapshot(snapshot(111))).to.deep.equal({ status: 'pending' });
    });

    it('empties the buffer and asks again when it overflows', () => {
      const sync = new BookSync(binanceSpotSequencing, { maxBuffered: 3 });
      sync.onDelta(delta(101, 101));
      sync.onDelta(delta(102, 102));
      sync.onDelta(delta(103, 103));
      expect(sync.onDelta(delta(104, 104))).to.include({ status: 'needSnapshot', reason: 'buffer overflow' });
      expect(sync.buffered).to.equal(1);
      expect(sync.onSnapshot(snapshot(102))).to.include({ status: 'needSnapshot', reason: 'snapshot too old' });
      expect(sync.onSnapshot(snapshot(103))).to.include({ status: 'synced', sequence: 104 });
      expect(() => new BookSync(binanceSpotSequencing, { maxBuffered: 0 })).to.throw(RangeError);
    });

    it('skips a late snapshot once synced', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onSnapshot(snapshot(104));
      expect(sync.onSnapshot(snapshot(200, [['9', '9']]))).to.deep.equal({ status: 'skipped' });
      expect(sync.sequence).to.equal(105);
    });

    it('reports a gap found while draining the buffer after the snapshot', () => {
      const sync = new BookSync(binanceSpotSequencing);
      for (const d of [delta(101, 105), delta(106, 107), delta(109, 110), delta(111, 111)]) sync.onDelta(d);
      expect(sync.onSnapshot(snapshot(104))).to.include({ status: 'gap', repair: 'fetchSnapshot', lastSequence: 107 });
      expect(sync.buffered).to.equal(2);
      expect(sync.onSnapshot(snapshot(110))).to.include({ status: 'synced', sequence: 111 });
    });

    it('starts over on reset', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105));
      sync.onSnapshot(snapshot(104));
      sync.reset();
      expect(sync.state).to.equal('buffering');
      expect(sync.sequence).to.equal(undefined);
      expect(sync.book.levels()).to.deep.equal({ bids: 0, asks: 0 });
      expect(sync.onDelta(delta(300, 301))).to.include({ status: 'needSnapshot', reason: 'first delta' });
    });
  });

  describe('Binance USD-M futures (pu chaining, NOTES.md section 4)', () => {
    it('drops u < lastUpdateId and bridges the event with U <= lastUpdateId <= u', () => {
      const sync = new BookSync(binanceFuturesSequencing);
      for (const d of [delta(90, 99, { previous: 80 }), delta(100, 110, { previous: 99 }), delta(115, 120, { previous: 110 })]) sync.onDelta(d);
      const result = sync.onSnapshot(snapshot(110));
      expect(result).to.include({ status: 'synced', sequence: 120 });
      expect(ids(result)).to.deep.equal([110, 120]);
    });

    it('follows while pu equals the previous u, and resyncs when it does not', () => {
      const sync = new BookSync(binanceFuturesSequencing);
      sync.onDelta(delta(100, 110, { previous: 99 }));
      sync.onSnapshot(snapshot(105));
      expect(sync.onDelta(delta(118, 125, { previous: 110 }))).to.include({ status: 'applied', sequence: 125 });
      expect(sync.onDelta(delta(131, 140, { previous: 130 }))).to.include({ status: 'gap', lastSequence: 125 });
    });

    it('skips an event delivered twice (the overlap of a make-before-break renewal) instead of calling it a gap', () => {
      const sync = new BookSync(binanceFuturesSequencing);
      sync.onDelta(delta(100, 110, { previous: 99 }));
      sync.onSnapshot(snapshot(105));
      expect(sync.onDelta(delta(111, 120, { previous: 110 }))).to.include({ status: 'applied', sequence: 120 });
      expect(sync.onDelta(delta(111, 120, { previous: 110 }))).to.deep.equal({ status: 'skipped' });
      expect(sync.onDelta(delta(121, 125, { previous: 120 }))).to.include({ status: 'applied', sequence: 125 });
    });

    it('asks again when lastUpdateId < U of the first kept event', () => {
      const sync = new BookSync(binanceFuturesSequencing);
      sync.onDelta(delta(100, 110, { previous: 99 }));
      expect(sync.onSnapshot(snapshot(99))).to.include({ status: 'needSnapshot', reason: 'snapshot too old' });
    });
  });

  describe('a venue that pushes its snapshot in-stream (OKX-like prevSeqId chaining)', () => {
    const okx = (previous: number, seq: number, bids: readonly DepthLevel[] = [[`${seq}`, '1']]): DepthDelta =>
      delta(seq, seq, { previous, bids, isSnapshot: previous === -1 });

    it('ignores updates until the stream pushes its snapshot, then replaces the book with it', () => {
      const sync = new BookSync(okxLikeSequencing);
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.onDelta(okx(5, 6))).to.deep.equal({ status: 'skipped' });
      expect(sync.onDelta(okx(-1, 10, [['10', '2']]))).to.deep.equal({ status: 'synced', applied: [], sequence: 10 });
      expect(sync.book.toSnapshot().bids).to.deep.equal([['10', '2']]);
    });

    it('follows prevSeqId across a keep-alive and a sequence reset (the documented example)', () => {
      const sync = new BookSync(okxLikeSequencing);
      sync.onDelta(okx(-1, 10));
      expect(sync.onDelta(okx(10, 15))).to.include({ status: 'applied', sequence: 15 });
      expect(sync.onDelta(okx(15, 15, []))).to.deep.equal({ status: 'skipped' });
      expect(sync.onDelta(okx(15, 3))).to.include({ status: 'applied', sequence: 3 });
      expect(sync.onDelta(okx(3, 5))).to.include({ status: 'applied', sequence: 5 });
      expect(sync.book.top(10).bids.map((l) => l[0])).to.deep.equal(['15', '10', '5', '3']);
    });

    it('reports a broken chain as a gap to repair by resubscribing, and takes the next pushed snapshot', () => {
      const sync = new BookSync(okxLikeSequencing);
      sync.onDelta(okx(-1, 10));
      expect(sync.onDelta(okx(12, 13))).to.deep.equal({ status: 'gap', repair: 'resubscribe', lastSequence: 10, detail: 'book at 10, next delta 13 (previous 12)' });
      expect(sync.onDelta(okx(13, 14))).to.deep.equal({ status: 'skipped' });
      expect(sync.onDelta(okx(-1, 20))).to.include({ status: 'synced', sequence: 20 });
    });

    it('takes a snapshot re-sent at any time (Gate.io obu full: true) as the new book', () => {
      const sync = new BookSync(gateObuLikeSequencing);
      sync.onDelta(delta(1, 10, { isSnapshot: true, bids: [['1', '1']] }));
      expect(sync.onDelta(delta(11, 12))).to.include({ status: 'applied', sequence: 12 });
      expect(sync.onDelta(delta(40, 50, { isSnapshot: true, bids: [['2', '2']] }))).to.include({ status: 'synced', sequence: 50 });
      expect(sync.book.toSnapshot()).to.deep.equal({ bids: [['2', '2']], asks: [] });
      expect(sync.onDelta(delta(52, 53))).to.include({ status: 'gap', repair: 'resubscribe' });
    });
  });

  describe('a crossed book from the venue (best bid >= best ask)', () => {
    const bid = (price: string): DepthLevel[] => [[price, '1']];
    /** Synced at 104 on a book 99 / 101. */
    const synced = (): BookSync => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105, { bids: bid('99'), asks: bid('101') }));
      expect(sync.onSnapshot(snapshot(104, bid('99'), bid('101')))).to.include({ status: 'synced', sequence: 105 });
      return sync;
    };

    it('discards the book a delta crossed, publishes none of it, and waits for a fresh snapshot', () => {
      const sync = synced();
      const result = sync.onDelta(delta(106, 106, { bids: bid('102') })); // a bid above the ask, the ask left in place
      expect(result).to.deep.equal({
        status: 'crossed',
        source: 'delta',
        repair: 'fetchSnapshot',
        lastSequence: 106,
        detail: 'best bid 102 >= best ask 101 in the book at 106 (from a delta)',
      });
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.sequence).to.equal(undefined);
      expect(sync.book.levels()).to.deep.equal({ bids: 0, asks: 0 });
      // Later deltas wait for the snapshot, which then bridges to them; the crossing one is not kept.
      expect(sync.onDelta(delta(107, 107, { bids: [['102', '0']] }))).to.deep.equal({ status: 'buffered' });
      expect(sync.buffered).to.equal(1);
      const resynced = sync.onSnapshot(snapshot(106, bid('100'), bid('101')));
      expect(resynced).to.include({ status: 'synced', sequence: 107 });
      expect(sync.book.toSnapshot()).to.deep.equal({ bids: [['100', '1']], asks: [['101', '1']] });
    });

    it('counts a bid equal to the ask as crossed, compared exactly whatever the spelling; one tick below is not', () => {
      expect(synced().onDelta(delta(106, 106, { bids: bid('101.000') }))).to.include({ status: 'crossed' });
      expect(synced().onDelta(delta(106, 106, { asks: bid('99.0') }))).to.include({ status: 'crossed' });
      expect(synced().onDelta(delta(106, 106, { bids: bid('100.99999999') }))).to.include({ status: 'applied' });
      // Removing the ask and then bidding above where it was is a normal book.
      expect(synced().onDelta(delta(106, 106, { bids: bid('102'), asks: [['101', '0'], ['103', '1']] }))).to.include({ status: 'applied' });
    });

    it('refuses a crossed snapshot, and one that the buffered deltas cross; the next clean snapshot syncs', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105, { bids: bid('99') }));
      expect(sync.onSnapshot(snapshot(104, bid('101'), bid('100')))).to.include({ status: 'crossed', source: 'snapshot', lastSequence: 104 });
      expect(sync.state).to.equal('awaitingSnapshot');
      expect(sync.buffered).to.equal(0);
      sync.onDelta(delta(106, 107, { bids: bid('105') }));
      expect(sync.onSnapshot(snapshot(105, bid('99'), bid('101')))).to.include({ status: 'crossed', source: 'snapshot', lastSequence: 107 });
      sync.onDelta(delta(108, 108, { bids: bid('98') }));
      expect(sync.onSnapshot(snapshot(107, bid('99'), bid('101')))).to.include({ status: 'synced', sequence: 108 });
    });

    it('refuses a delta that bridges a snapshot into a crossed book', () => {
      const sync = new BookSync(binanceSpotSequencing);
      sync.onDelta(delta(101, 105, { bids: bid('99') }));
      expect(sync.onSnapshot(snapshot(105, bid('99'), bid('101')))).to.deep.equal({ status: 'pending' });
      expect(sync.onDelta(delta(106, 106, { bids: bid('101') }))).to.include({ status: 'crossed', source: 'snapshot', lastSequence: 106 });
    });

    it('asks a venue that pushes snapshots in-stream to resubscribe', () => {
      const sync = new BookSync(okxLikeSequencing);
      expect(sync.onDelta(delta(1, 10, { previous: -1, isSnapshot: true, bids: bid('101'), asks: bid('101') }))).to.include({
        status: 'crossed',
        source: 'snapshot',
        repair: 'resubscribe',
      });
      sync.onDelta(delta(1, 10, { previous: -1, isSnapshot: true, bids: bid('99'), asks: bid('101') }));
      expect(sync.onDelta(delta(11, 11, { previous: 10, bids: bid('100') }))).to.include({ status: 'applied', sequence: 11 });
      expect(sync.onDelta(delta(12, 12, { previous: 11, asks: bid('100') }))).to.include({ status: 'crossed', source: 'delta', repair: 'resubscribe' });
    });
  });
});
