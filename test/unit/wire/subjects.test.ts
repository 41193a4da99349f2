// Topic <-> subject mapping of the remote adapters (lib/wire/subjects.ts): reversible and subject-safe for any text.
import { expect } from 'chai';
import fc from 'fast-check';
import { decodeToken, encodeToken, isPrivateTopic, subjectToTopic, topicToSubject } from '../../../lib/wire/subjects.js';
import { WireFormatError } from '../../../lib/wire/errors.js';

const SUBJECT_TOKEN = /^[A-Za-z0-9_=-]+$/;

describe('wire subjects', () => {
  it('maps topics to cex.<channel>.<exchange>.<symbol> subjects', () => {
    expect(topicToSubject('cex', 'depth:binance:BTC/USDT')).to.equal('cex.depth.binance.BTC_USDT');
    expect(topicToSubject('cex', 'book:binance:BTC/USDT:USDT')).to.equal('cex.book.binance.BTC_USDT=3AUSDT');
    expect(topicToSubject('cex', 'status:binance')).to.equal('cex.status.binance');
    expect(topicToSubject('p.q', 'fills:bob@desk.1')).to.equal('p.q.fills.bob=40desk=2E1');
    expect(topicToSubject('cex', 'my signals')).to.equal('cex._.my=20signals');
  });

  it('encodes any text as one subject-safe token and decodes it back (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), (text) => {
        const token = encodeToken(text);
        expect(token).to.match(SUBJECT_TOKEN);
        expect(decodeToken(token)).to.equal(text);
      }),
      { seed: 13_2027, numRuns: 500 },
    );
  });

  it('maps any topic to a subject of safe tokens and back to the same topic (property)', () => {
    const part = fc.string({ minLength: 0, maxLength: 12, unit: 'grapheme' });
    const topic = fc.oneof(
      fc.tuple(fc.constantFrom('trades', 'depth', 'book', 'orders', 'fills', 'positions', 'status', 'other'), part, part).map(([c, a, b]) => `${c}:${a}:${b}`),
      fc.tuple(fc.constantFrom('orders', 'status', 'balances'), part).map(([c, a]) => `${c}:${a}`),
      fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(topic, (t) => {
        const subject = topicToSubject('cex', t);
        for (const token of subject.split('.')) expect(token).to.match(SUBJECT_TOKEN);
        expect(subjectToTopic('cex', subject)).to.equal(t);
      }),
      { seed: 13_2028, numRuns: 800 },
    );
  });

  it('refuses subjects it did not make', () => {
    for (const subject of ['other.trades.binance.BTC', 'cex.trades.binance', 'cex.trades.a.b.c', 'cex.orders.a=Z1', 'cex.nope.x', 'cex._.=FF']) {
      expect(() => subjectToTopic('cex', subject), subject).to.throw(WireFormatError);
    }
  });

  it('knows the private channels', () => {
    expect(['orders:a', 'fills:a', 'balances:a', 'positions:a'].every(isPrivateTopic)).to.equal(true);
    expect(['trades:binance:BTC/USDT', 'status:binance', 'ordersx:a'].some(isPrivateTopic)).to.equal(false);
  });
});
