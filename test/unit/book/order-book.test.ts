import { expect } from 'chai';
import fc from 'fast-check';
import { Decimal } from '../../../lib/core/decimal.js';
import { ValidationError } from '../../../lib/core/errors.js';
import { OrderBook } from '../../../lib/book/order-book.js';
import { comparePriceKeys, isZeroQuantity, priceKey } from '../../../lib/book/price-key.js';
import type { DepthLevel } from '../../../lib/models/market.js';

describe('priceKey', () => {
  it('spells equal prices one way: no leading zeros, no trailing fraction zeros, no bare point', () => {
    expect(priceKey('0.00240')).to.equal('0.0024');
    expect(priceKey('0.0024')).to.equal('0.0024');
    expect(priceKey('.0024')).to.equal('0.0024');
    expect(priceKey('000.0024000')).to.equal('0.0024');
    expect(priceKey('30000.01000000')).to.equal('30000.01');
    expect(priceKey('30000.00000000')).to.equal('30000');
    expect(priceKey('30000.')).to.equal('30000');
    expect(priceKey('007')).to.equal('7');
    expect(priceKey('0')).to.equal('0');
    expect(priceKey('0.000')).to.equal('0');
    expect(priceKey('.000')).to.equal('0');
    expect(priceKey('1.5e1')).to.equal('15');
    expect(priceKey('25e-6')).to.equal('0.000025');
  });

  it('returns the text itself when it is already canonical', () => {
    const text = ['3', '0000.5'].join('');
    expect(priceKey(text)).to.equal(text);
  });

  it('rejects what is not a non-negative decimal', () => {
    for (const bad of ['', '.', '1.2.3', '-1', 'abc', '1,5', 'NaN', 'Infinity', '0x10', ' 1', '1e', '-1e2']) {
      expect(() => priceKey(bad), bad).to.throw(ValidationError);
    }
  });

  it('orders keys by value: integer length first, then digits, a prefix before its extensions', () => {
    const keys = ['10', '9.99', '0.5', '0.05', '0.51', '100', '9', '1'].map(priceKey).sort(comparePriceKeys);
    expect(keys).to.deep.equal(['0.05', '0.5', '0.51', '1', '9', '9.99', '10', '100']);
  });

  it('sees zero in any spelling of a quantity', () => {
    for (const zero of ['0', '0.000', '.0', '0.', '00.00000000', '0e-8']) expect(isZeroQuantity(zero), zero).to.equal(true);
    for (const some of ['1', '0.001', '.5', '10', '0.00000001', '1e-8']) expect(isZeroQuantity(some), some).to.equal(false);
  });
});

describe('OrderBook', () => {
  it('orders bids descending and asks ascending, best first', () => {
    const book = new OrderBook();
    book.apply(
      [['99.5', '1'], ['100', '2'], ['9.75', '3']],
      [['101', '1'], ['100.25', '2'], ['1000', '3']],
    );
    expect(book.top(10)).to.deep.equal({
      bids: [['100', '2'], ['99.5', '1'], ['9.75', '3']],
      asks: [['100.25', '2'], ['101', '1'], ['1000', '3']],
    });
    expect(book.top(1)).to.deep.equal({ bids: [['100', '2']], asks: [['100.25', '2']] });
    expect(book.best()).to.deep.equal({ bid: ['100', '2'], ask: ['100.25', '2'] });
    expect(book.levels()).to.deep.equal({ bids: 3, asks: 3 });
  });

  it('treats differently spelled equal prices as one level, keeping the latest spelling', () => {
    const book = new OrderBook();
    book.apply([['0.00240', '1']], []);
    book.apply([['0.0024', '2']], []);
    expect(book.top(5).bids).to.deep.equal([['0.0024', '2']]);
    book.apply([['.002400', '3']], []);
    expect(book.top(5).bids).to.deep.equal([['.002400', '3']]);
    book.apply([['0.00240000', '0.000']], []);
    expect(book.levels()).to.deep.equal({ bids: 0, asks: 0 });
    // The removed level's spellings are forgotten with it.
    book.apply([['0.0024', '5']], []);
    expect(book.top(5).bids).to.deep.equal([['0.0024', '5']]);
  });

  it('removes a level on a zero quantity in any spelling, and ignores removing a missing level', () => {
    const book = new OrderBook();
    book.apply([['10', '1'], ['9', '1']], [['11', '1']]);
    book.apply([['10', '0.00000000'], ['8', '0']], [['12', '.0']]);
    expect(book.top(10)).to.deep.equal({ bids: [['9', '1']], asks: [['11', '1']] });
  });

  it('replaces the whole book with a snapshot, leaving out zero levels; the last duplicate wins', () => {
    const book = new OrderBook();
    book.apply([['1', '1']], [['2', '1']]);
    book.replace({ bids: [['5', '1'], ['6', '0'], ['4', '2'], ['5.0', '3']], asks: [['7', '1'], ['7.00', '0']] });
    expect(book.toSnapshot()).to.deep.equal({ bids: [['5.0', '3'], ['4', '2']], asks: [] });
  });

  it('says crossed when the best bid is at or above the best ask, exactly', () => {
    const book = new OrderBook();
    book.apply([['100.10', '1']], [['100.1000001', '1']]);
    expect(book.crossed()).to.equal(false);
    book.apply([], [['100.1', '1']]);
    expect(book.crossed()).to.equal(true);
    book.clear();
    expect(book.crossed()).to.equal(false);
    expect(book.best()).to.deep.equal({ bid: undefined, ask: undefined });
  });

  it('builds Decimals only in view()', () => {
    const book = new OrderBook();
    book.apply([['0.10', '2.50']], []);
    const view = book.view(1);
    expect(view.bids[0]?.price.equals(new Decimal('0.1'))).to.equal(true);
    expect(view.bids[0]?.quantity.toString()).to.equal('2.5');
    expect(view.asks).to.deep.equal([]);
  });

  describe('against a reference (a Map by Decimal value, sorted with Decimal on read)', () => {
    type Op = { kind: 'apply'; bids: DepthLevel[]; asks: DepthLevel[] } | { kind: 'replace'; bids: DepthLevel[]; asks: DepthLevel[] } | { kind: 'clear' };

    /** Equal values in many spellings: '1.2', '01.20', '1.200', and whole numbers with or without '.0'. */
    const price = fc
      .record({
        units: fc.integer({ min: 0, max: 40 }),
        exponent: fc.integer({ min: -3, max: 3 }),
        leading: fc.integer({ min: 0, max: 2 }),
        trailing: fc.integer({ min: 0, max: 3 }),
        bareDot: fc.boolean(),
      })
      .map(({ units, exponent, leading, trailing, bareDot }) => {
        let text = new Decimal(units).times(new Decimal(10).pow(exponent)).toFixed();
        if (trailing > 0) text += (text.includes('.') ? '' : '.') + '0'.repeat(trailing);
        else if (bareDot && !text.includes('.')) text += '.';
        return '0'.repeat(leading) + text;
      });
    const quantity = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom('0', '0.000', '.0', '00.0000') },
      { weight: 3, arbitrary: fc.integer({ min: 1, max: 99_999 }).map((n) => new Decimal(n).div(1000).toFixed(3)) },
    );
    const level: fc.Arbitrary<DepthLevel> = fc.tuple(price, quantity);
    const levels = fc.array(level, { maxLength: 8 });
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 10, arbitrary: fc.record({ kind: fc.constant('apply' as const), bids: levels, asks: levels }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), bids: fc.array(level, { maxLength: 30 }), asks: fc.array(level, { maxLength: 30 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
    );

    class ReferenceSide {
      readonly levels = new Map<string, DepthLevel>();
      constructor(readonly descending: boolean) {}
      set(level: DepthLevel): void {
        const key = new Decimal(level[0]).toString();
        if (new Decimal(level[1]).isZero()) this.levels.delete(key);
        else this.levels.set(key, level);
      }
      sorted(): DepthLevel[] {
        const out = [...this.levels.values()].sort((a, b) => new Decimal(a[0]).cmp(new Decimal(b[0])));
        return this.descending ? out.reverse() : out;
      }
    }

    it('agrees on every level, order and spelling over random apply/replace/clear sequences', () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (ops, n) => {
          const book = new OrderBook();
          let bids = new ReferenceSide(true);
          let asks = new ReferenceSide(false);
          for (const o of ops) {
            if (o.kind === 'clear') {
              book.clear();
              bids = new ReferenceSide(true);
              asks = new ReferenceSide(false);
              continue;
            }
            if (o.kind === 'replace') {
              book.replace(o);
              bids = new ReferenceSide(true);
              asks = new ReferenceSide(false);
            } else {
              book.apply(o.bids, o.asks);
            }
            for (const l of o.bids) bids.set(l);
            for (const l of o.asks) asks.set(l);
            const expected = { bids: bids.sorted(), asks: asks.sorted() };
            expect(book.toSnapshot()).to.deep.equal(expected);
            expect(book.top(n)).to.deep.equal({ bids: expected.bids.slice(0, n), asks: expected.asks.slice(0, n) });
            expect(book.levels()).to.deep.equal({ bids: expected.bids.length, asks: expected.asks.length });
            expect(book.best()).to.deep.equal({ bid: expected.bids[0], ask: expected.asks[0] });
            const bestBid = expected.bids[0];
            const bestAsk = expected.asks[0];
            const crossed = bestBid !== undefined && bestAsk !== undefined && new Decimal(bestBid[0]).gte(new Decimal(bestAsk[0]));
            expect(book.crossed()).to.equal(crossed);
          }
        }),
        { seed: 20261121, numRuns: 300 },
      );
    });
  });
});
