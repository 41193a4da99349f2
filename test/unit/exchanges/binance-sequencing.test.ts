// Binance diff-depth sequencing (NOTES.md sections 3 and 4): spot chains by [U, u], USD-M futures by pu.
import { expect } from 'chai';
import { binanceFuturesSequencing, binanceSpotSequencing } from '../../../lib/exchanges/binance/sequencing.js';
import type { DepthDelta } from '../../../lib/exchanges/types.js';

const delta = (first: number, last: number, previous?: number): DepthDelta => ({
  venueSymbol: 'BTCUSDT',
  first,
  last,
  previous,
  bids: [],
  asks: [],
  exchangeTime: 0,
  isSnapshot: false,
});

describe('Binance spot sequencing', () => {
  const seq = binanceSpotSequencing;

  it('bridges from a REST snapshot', () => {
    expect(seq.snapshotSource).to.equal('rest');
  });

  describe('bridge (buffered events against snapshot lastUpdateId 100)', () => {
    it('drops an event with u <= lastUpdateId as stale', () => {
      expect(seq.bridge(delta(90, 99), 100)).to.equal('stale');
      expect(seq.bridge(delta(95, 100), 100)).to.equal('stale');
    });
    it('applies the first event whose [U, u] holds lastUpdateId + 1', () => {
      expect(seq.bridge(delta(95, 105), 100)).to.equal('apply');
      expect(seq.bridge(delta(101, 101), 100)).to.equal('apply');
      expect(seq.bridge(delta(100, 101), 100)).to.equal('apply');
    });
    it('calls an event starting after lastUpdateId + 1 ahead (the snapshot is too old)', () => {
      expect(seq.bridge(delta(102, 110), 100)).to.equal('ahead');
    });
  });

  describe('follow (book at update id 200)', () => {
    it('applies the event that starts at the next id', () => {
      expect(seq.follow(delta(201, 230), { sequence: 200 })).to.equal('apply');
    });
    it('applies an event that overlaps the book but ends after it', () => {
      expect(seq.follow(delta(190, 201), { sequence: 200 })).to.equal('apply');
    });
    it('skips an event the book already covers', () => {
      expect(seq.follow(delta(150, 199), { sequence: 200 })).to.equal('skip');
      expect(seq.follow(delta(190, 200), { sequence: 200 })).to.equal('skip');
    });
    it('reports a gap when U is past the next id', () => {
      expect(seq.follow(delta(202, 230), { sequence: 200 })).to.equal('gap');
    });
  });
});

describe('Binance USD-M futures sequencing', () => {
  const seq = binanceFuturesSequencing;

  it('bridges from a REST snapshot', () => {
    expect(seq.snapshotSource).to.equal('rest');
  });

  describe('bridge (snapshot lastUpdateId 100)', () => {
    it('drops an event with u < lastUpdateId', () => {
      expect(seq.bridge(delta(90, 99, 89), 100)).to.equal('stale');
    });
    it('applies the event with U <= lastUpdateId <= u, including u == lastUpdateId', () => {
      expect(seq.bridge(delta(95, 105, 94), 100)).to.equal('apply');
      expect(seq.bridge(delta(95, 100, 94), 100)).to.equal('apply');
      expect(seq.bridge(delta(100, 100, 99), 100)).to.equal('apply');
    });
    it('calls an event with U > lastUpdateId ahead', () => {
      expect(seq.bridge(delta(101, 110, 100), 100)).to.equal('ahead');
    });
  });

  describe('follow (book at update id 200)', () => {
    it('applies an event whose pu is the last applied u, wherever its U starts', () => {
      expect(seq.follow(delta(205, 230, 200), { sequence: 200 })).to.equal('apply');
    });
    it('reports a gap when pu is anything else, or missing', () => {
      expect(seq.follow(delta(201, 230, 199), { sequence: 200 })).to.equal('gap');
      expect(seq.follow(delta(201, 230), { sequence: 200 })).to.equal('gap');
    });
    it('skips an event the book already holds (u <= its id: a renewal overlap), whatever its pu', () => {
      expect(seq.follow(delta(190, 200, 189), { sequence: 200 })).to.equal('skip');
      expect(seq.follow(delta(150, 160, 140), { sequence: 200 })).to.equal('skip');
    });
  });
});
