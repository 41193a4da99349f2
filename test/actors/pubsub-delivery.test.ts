import { expect } from 'chai';
import fc from 'fast-check';
import { InvalidSubscriptionError } from '../../actors/pubsub/errors.js';
import { normalizePolicy, Outbox, type OutboxHooks, type Sink } from '../../actors/pubsub/delivery.js';
import { ReceiptOutbox } from '../../actors/pubsub/receipt-outbox.js';
import type { Receipt } from '../../actors/runtime/index.js';

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

/** Records what ReceiptOutbox sends and the receipt of each, so the test plays the actor's mailbox. */
function mailbox(): { sent: number[]; receipts: Receipt[]; send: (event: number, topic: string, receipt: Receipt) => void } {
  const sent: number[] = [];
  const receipts: Receipt[] = [];
  return { sent, receipts, send: (event, _topic, receipt) => void (sent.push(event), receipts.push(receipt)) };
}

describe('ReceiptOutbox', () => {
  it('all: keeps at most capacity outstanding, drops and reports beyond, and sends again once a receipt frees room', () => {
    const box = mailbox();
    const hooks = recordingHooks();
    const outbox = new ReceiptOutbox<number>({ kind: 'all', capacity: 2 }, 't', box.send, hooks);
    for (let i = 1; i <= 4; i += 1) outbox.offer(i);
    expect(box.sent).to.deep.equal([1, 2]);
    expect(hooks.overflows).to.deep.equal([1, 2]);
    box.receipts[0]?.('handled');
    outbox.offer(5);
    expect(box.sent).to.deep.equal([1, 2, 5]);
    expect(outbox.stats()).to.include({ delivered: 3, dropped: 2, pending: 2 });
  });

  it('latest: one outstanding, newer events replace the pending one, which goes out on the receipt', () => {
    const box = mailbox();
    const outbox = new ReceiptOutbox<number>({ kind: 'latest' }, 't', box.send, recordingHooks());
    for (let i = 1; i <= 5; i += 1) outbox.offer(i);
    expect(box.sent).to.deep.equal([1]);
    expect(outbox.stats()).to.include({ conflated: 3, pending: 2 });
    box.receipts[0]?.('handled');
    expect(box.sent).to.deep.equal([1, 5]);
    box.receipts[1]?.('dropped');
    expect(outbox.stats()).to.include({ delivered: 2, deadLettered: 1, pending: 0 });
  });

  it('copes with a receipt that comes back before send returns (a dead actor)', () => {
    const outbox = new ReceiptOutbox<number>({ kind: 'all', capacity: 1 }, 't', (_e, _t, receipt) => receipt('dropped'), recordingHooks());
    outbox.offer(1);
    outbox.offer(2);
    expect(outbox.stats()).to.include({ delivered: 2, deadLettered: 2, dropped: 0, pending: 0 });
  });

  it('close forgets what is outstanding; receipts arriving later change nothing', () => {
    const box = mailbox();
    const outbox = new ReceiptOutbox<number>({ kind: 'latest' }, 't', box.send, recordingHooks());
    outbox.offer(1);
    outbox.offer(2);
    outbox.close();
    expect(outbox.stats()).to.include({ pending: 0 });
    box.receipts[0]?.('handled');
    outbox.offer(3);
    expect(box.sent).to.deep.equal([1]);
    expect(outbox.isClosed).to.equal(true);
    expect(outbox.stats()).to.include({ pending: 0, delivered: 1 });
  });
});
