// Delivery to an actor subscriber, bounded by the runtime's delivery receipts. An actor's mailbox is its
// queue, so the policy bounds what is outstanding there (sent, receive not yet settled): `all` sends while
// fewer than `capacity` are outstanding and drops (counted, reported) beyond; `latest` keeps at most one
// outstanding and one pending event, which newer events replace and which is sent when the receipt arrives.
import type { ReceiptOutcome } from '../runtime/index.js';
import { capacityOf, DeliveryCounters, type DeliveryPolicy, type DeliveryStats, type EventOutbox, type OutboxHooks } from './delivery.js';

/** Hands one event to the actor with `receipt` (dispatchWithReceipt); may throw if mapping the event fails. */
export type ReceiptSend<E> = (event: E, topic: string, receipt: (outcome: ReceiptOutcome) => void) => void;

export class ReceiptOutbox<E> implements EventOutbox<E> {
  private outstanding = 0;
  private pending: { value: E } | undefined;
  private closed = false;
  private readonly counters = new DeliveryCounters();
  private readonly capacity: number;
  // One receipt function per subscription, not one per event: receipts only count, so the hot path allocates nothing.
  private readonly onReceipt = (outcome: ReceiptOutcome): void => this.settle(outcome);

  constructor(
    readonly policy: DeliveryPolicy,
    private readonly topic: string,
    private readonly send: ReceiptSend<E>,
    private readonly hooks: OutboxHooks,
  ) {
    this.capacity = capacityOf(policy);
  }

  offer(event: E): void {
    if (this.closed) return;
    if (this.outstanding < this.capacity) {
      this.deliver(event);
      return;
    }
    if (this.policy.kind === 'latest') {
      if (this.pending !== undefined) this.counters.conflated += 1;
      this.pending = { value: event };
      return;
    }
    this.counters.dropped += 1;
    this.hooks.onOverflow(this.counters.dropped, this.capacity);
  }

  /** Stops delivery and forgets what is outstanding: receipts still due from the mailbox are ignored. */
  close(): void {
    this.closed = true;
    this.outstanding = 0;
    this.pending = undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  stats(): DeliveryStats {
    return this.counters.stats(this.policy, this.outstanding + (this.pending === undefined ? 0 : 1));
  }

  private deliver(event: E): void {
    this.outstanding += 1;
    this.counters.delivered += 1;
    try {
      this.send(event, this.topic, this.onReceipt);
    } catch (error) {
      // The event never reached the mailbox (toMessage threw): no receipt will come for it.
      this.outstanding -= 1;
      this.counters.failed += 1;
      this.hooks.onSinkError(error);
    }
  }

  private settle(outcome: ReceiptOutcome): void {
    if (this.closed) return;
    this.outstanding -= 1;
    if (outcome === 'dropped') this.counters.deadLettered += 1;
    const next = this.pending;
    if (next !== undefined && this.outstanding < this.capacity) {
      this.pending = undefined;
      this.deliver(next.value);
    }
  }
}
