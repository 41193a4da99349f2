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
});
