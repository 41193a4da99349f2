import { expect } from 'chai';
import { Fifo } from '../../../lib/core/fifo.js';

describe('Fifo', () => {
  it('keeps push order when the ring wraps and then grows', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 10; i++) fifo.push(i);
    for (let i = 0; i < 8; i++) expect(fifo.shift()).to.equal(i);
    // The head is now mid-buffer: the next pushes wrap around and then force a grow.
    for (let i = 10; i < 40; i++) fifo.push(i);
    expect(fifo.length).to.equal(32);
    expect(fifo.drain()).to.deep.equal(Array.from({ length: 32 }, (_, i) => i + 8));
    expect(fifo.length).to.equal(0);
  });

  it('returns undefined from an empty queue, and clear empties it', () => {
    const fifo = new Fifo<string>();
    expect(fifo.shift()).to.equal(undefined);
    fifo.push('a');
    fifo.push('b');
    fifo.clear();
    expect(fifo.length).to.equal(0);
    expect(fifo.shift()).to.equal(undefined);
    fifo.push('c');
    expect(fifo.shift()).to.equal('c');
  });

  it('reads by position from the oldest, across the wrap, and pops the newest', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 14; i++) fifo.push(i);
    for (let i = 0; i < 10; i++) fifo.shift();
    for (let i = 14; i < 20; i++) fifo.push(i); // wraps: items 10..19
    expect([fifo.first(), fifo.last(), fifo.at(3), fifo.at(10), fifo.at(-1)]).to.deep.equal([10, 19, 13, undefined, undefined]);
    expect(fifo.slice(2, 5)).to.deep.equal([12, 13, 14]);
    expect(fifo.slice(8)).to.deep.equal([18, 19]);
    expect(fifo.pop()).to.equal(19);
    expect(fifo.last()).to.equal(18);
    expect(fifo.length).to.equal(9);
    while (fifo.length > 0) fifo.pop();
    expect([fifo.pop(), fifo.first(), fifo.last()]).to.deep.equal([undefined, undefined, undefined]);
  });
});
