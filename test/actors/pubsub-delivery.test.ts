import { expect } from 'chai';
import fc from 'fast-check';
import { InvalidSubscriptionError } from '../../actors/pubsub/errors.js';
import { normalizePolicy, Outbox, type OutboxHooks, type Sink } from '../../actors/pubsub/delivery.js';

/** A sink whose deliveries stay pending until the test releases them, like a slow async consumer. */
class GatedSink implements Sink<number> {
  readonly received: number[] = [];
  private release: (() => void) | undefined;
  deliver(event: number): Promise<void> {
    this.received.push(event);
    return new Promise((resolve) => {
      this.release = resolve;
    });
  }
  async next(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function recordingHooks(): OutboxHooks & { overflows: number[]; errors: unknown[] } {
  const overflows: number[] = [];
  const errors: unknown[] = [];
  return { overflows, errors, onOverflow: (total) => overflows.push(total), onSinkError: (error) => errors.push(error) };
}

describe('Outbox', () => {
  it('delivers synchronously to a synchronous sink, in order', () => {
    const seen: number[] = [];
    const outbox = new Outbox<number>({ kind: 'all' }, 't', { deliver: (e) => void seen.push(e) }, recordingHooks());
    outbox.offer(1);
    outbox.offer(2);
    expect(seen).to.deep.equal([1, 2]);
    expect(outbox.stats()).to.include({ delivered: 2, pending: 0, dropped: 0 });
  });

  it('keeps FIFO order when the sink re-enters offer while delivering', () => {
    const seen: number[] = [];
    const outbox: Outbox<number> = new Outbox<number>(
      { kind: 'all' },
      't',
      {
        deliver: (e) => {
          seen.push(e);
          if (e === 1) outbox.offer(3);
        },
      },
      recordingHooks(),
    );
    outbox.offer(1);
    outbox.offer(2);
    expect(seen).to.deep.equal([1, 3, 2]);
  });

  it('all: queues behind a busy sink up to capacity, then counts and reports each overflow', async () => {
    const sink = new GatedSink();
    const hooks = recordingHooks();
    const outbox = new Outbox<number>({ kind: 'all', capacity: 2 }, 't', sink, hooks);
    for (let i = 1; i <= 5; i += 1) outbox.offer(i);
    expect(sink.received).to.deep.equal([1]);
    expect(outbox.stats()).to.include({ pending: 2, dropped: 2 });
    expect(hooks.overflows).to.deep.equal([1, 2]);
    await sink.next();
    await sink.next();
    await sink.next();
    expect(sink.received).to.deep.equal([1, 2, 3]);
    expect(outbox.stats()).to.include({ delivered: 3, pending: 0, dropped: 2 });
  });

  it('latest: a slow consumer sees only the newest event, and conflation is counted', async () => {
    const sink = new GatedSink();
    const outbox = new Outbox<number>({ kind: 'latest' }, 't', sink, recordingHooks());
    for (let i = 1; i <= 5; i += 1) outbox.offer(i);
    await sink.next();
    await sink.next();
    expect(sink.received).to.deep.equal([1, 5]);
    expect(outbox.stats()).to.include({ conflated: 3, dropped: 0, pending: 0 });
  });

  it('isolates a throwing or rejecting sink: counts the failure and keeps delivering', async () => {
    const hooks = recordingHooks();
    const seen: number[] = [];
    const outbox = new Outbox<number>(
      { kind: 'all' },
      't',
      {
        deliver: (e) => {
          seen.push(e);
          if (e === 1) throw new Error('boom');
          if (e === 2) return Promise.reject(new Error('async boom'));
          return undefined;
        },
      },
      hooks,
    );
    outbox.offer(1);
    outbox.offer(2);
    outbox.offer(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(outbox.stats().failed).to.equal(2);
    expect(hooks.errors).to.have.length(2);
  });

  it('discards pending events and delivers nothing after close', async () => {
    const sink = new GatedSink();
    const outbox = new Outbox<number>({ kind: 'all' }, 't', sink, recordingHooks());
    outbox.offer(1);
    outbox.offer(2);
    outbox.close();
    outbox.offer(3);
    await sink.next();
    expect(sink.received).to.deep.equal([1]);
    expect(outbox.stats().pending).to.equal(0);
  });

  it('validates policies, naming the field', () => {
    expect(normalizePolicy('latest')).to.deep.equal({ kind: 'latest' });
    expect(normalizePolicy(undefined)).to.deep.equal({ kind: 'all' });
    expect(() => normalizePolicy({ kind: 'all', capacity: 0 })).to.throw(InvalidSubscriptionError).with.property('field', 'delivery.capacity');
  });

  describe('properties', () => {
    const ops = fc.array(fc.oneof(fc.constant<'offer'>('offer'), fc.constant<'settle'>('settle')), { maxLength: 40 });

    it('all: delivers in offer order, never holds more than capacity, and accounts for every event', async () => {
      await fc.assert(
        fc.asyncProperty(ops, fc.integer({ min: 1, max: 5 }), async (steps, capacity) => {
          const sink = new GatedSink();
          const outbox = new Outbox<number>({ kind: 'all', capacity }, 't', sink, recordingHooks());
          let offered = 0;
          for (const step of steps) {
            if (step === 'offer') outbox.offer(++offered);
            else await sink.next();
            const stats = outbox.stats();
            expect(stats.pending).to.be.at.most(capacity);
            expect(stats.delivered + stats.dropped + stats.pending).to.equal(offered);
          }
          for (let i = 1; i < sink.received.length; i += 1) expect(sink.received[i]).to.be.greaterThan(sink.received[i - 1] as number);
        }),
        { numRuns: 100 },
      );
    });

    it('latest: delivers in offer order and, once drained, the last event delivered is the last offered', async () => {
      await fc.assert(
        fc.asyncProperty(ops, async (steps) => {
          const sink = new GatedSink();
          const outbox = new Outbox<number>({ kind: 'latest' }, 't', sink, recordingHooks());
          let offered = 0;
          for (const step of steps) {
            if (step === 'offer') outbox.offer(++offered);
            else await sink.next();
            expect(outbox.stats().pending).to.be.at.most(1);
          }
          while (outbox.stats().pending > 0) await sink.next();
          for (let i = 1; i < sink.received.length; i += 1) expect(sink.received[i]).to.be.greaterThan(sink.received[i - 1] as number);
          if (offered > 0) expect(sink.received.at(-1)).to.equal(offered);
          const stats = outbox.stats();
          expect(stats.delivered + stats.conflated).to.equal(offered);
        }),
        { numRuns: 100 },
      );
    });
  });
});
