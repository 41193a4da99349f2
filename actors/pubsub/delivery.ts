// Per-subscription delivery with a policy: `all` keeps every event in a bounded FIFO (overflow is
// counted and reported, never silent); `latest` conflates, so a slow consumer sees only the newest event.
// This Outbox serves callback sinks: a sink that returns a promise is busy until it settles; events
// arriving meanwhile wait here. Actor subscribers use ReceiptOutbox (their mailbox is the queue).
import { Fifo } from '../../lib/core/fifo.js';
import { InvalidSubscriptionError } from './errors.js';

export const DEFAULT_QUEUE_CAPACITY = 10_000;

export type DeliveryPolicy = { readonly kind: 'all'; readonly capacity?: number } | { readonly kind: 'latest' };
/** Shorthand accepted by the public API: `'all'` = `{ kind: 'all' }` with the default capacity. */
export type DeliveryPolicyInput = 'all' | 'latest' | DeliveryPolicy;

export interface Sink<E> {
  /** Hands one event over. A returned promise marks the sink busy until it settles. */
  deliver(event: E, topic: string): void | PromiseLike<void>;
}

export interface DeliveryStats {
  readonly policy: DeliveryPolicy['kind'];
  /** Events handed to the sink. */
  readonly delivered: number;
  /** `all` only: events refused because the queue was full. */
  readonly dropped: number;
  /** `latest` only: events replaced by a newer one before the sink took them. */
  readonly conflated: number;
  /** Deliveries whose sink threw or rejected (for an actor: its `toMessage` threw). */
  readonly failed: number;
  /** Actor subscribers only: events the runtime dead-lettered (actor restarting with a full stash, stopping). */
  readonly deadLettered: number;
  /** Events waiting now (for an actor: sent and not yet handled, plus a conflated one not yet sent). */
  readonly pending: number;
}

/** One subscription's delivery, as the pub/sub drives it. */
export interface EventOutbox<E> {
  readonly policy: DeliveryPolicy;
  readonly isClosed: boolean;
  offer(event: E): void;
  /** Stops delivery; pending events are discarded (the subscriber is gone). */
  close(): void;
  stats(): DeliveryStats;
}

export interface OutboxHooks {
  /** Called on every dropped event with the running total (the caller throttles its reporting). */
  onOverflow(droppedTotal: number, capacity: number): void;
  onSinkError(error: unknown): void;
}

export function normalizePolicy(input: DeliveryPolicyInput | undefined): DeliveryPolicy {
  const policy: DeliveryPolicy = input === undefined || input === 'all' ? { kind: 'all' } : input === 'latest' ? { kind: 'latest' } : input;
  if (policy.kind === 'all' && policy.capacity !== undefined && !(Number.isInteger(policy.capacity) && policy.capacity > 0)) {
    throw new InvalidSubscriptionError('delivery.capacity', 'positive integer', `delivery.capacity must be a positive integer, got ${String(policy.capacity)}`);
  }
  if (policy.kind !== 'all' && policy.kind !== 'latest') {
    throw new InvalidSubscriptionError('delivery', 'known policy', `delivery must be 'all' or 'latest', got ${JSON.stringify(policy)}`);
  }
  return policy;
}

function isThenable(value: unknown): value is PromiseLike<void> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** How many events `policy` lets an outbox hold: `latest` holds one. */
export function capacityOf(policy: DeliveryPolicy): number {
  return policy.kind === 'all' ? (policy.capacity ?? DEFAULT_QUEUE_CAPACITY) : 1;
}

/** What an outbox counts over its life; `stats` adds the policy and what is pending now. */
export class DeliveryCounters {
  delivered = 0;
  dropped = 0;
  conflated = 0;
  failed = 0;
  deadLettered = 0;

  stats(policy: DeliveryPolicy, pending: number): DeliveryStats {
    const { delivered, dropped, conflated, failed, deadLettered } = this;
    return { policy: policy.kind, delivered, dropped, conflated, failed, deadLettered, pending };
  }
}

export class Outbox<E> implements EventOutbox<E> {
  private readonly queue = new Fifo<E>();
  private latest: { value: E } | undefined;
  private busy = false; // a promise from the sink is unsettled
  private delivering = false; // inside sink.deliver: re-entrant offers wait so order holds
  private closed = false;
  private readonly counters = new DeliveryCounters();
  private readonly capacity: number;

  constructor(
    readonly policy: DeliveryPolicy,
    private readonly topic: string,
    private readonly sink: Sink<E>,
    private readonly hooks: OutboxHooks,
  ) {
    this.capacity = capacityOf(policy);
  }

  offer(event: E): void {
    if (this.closed) return;
    if (!this.busy && !this.delivering && this.pendingCount() === 0) {
      this.run(event);
      return;
    }
    if (this.policy.kind === 'latest') {
      if (this.latest !== undefined) this.counters.conflated += 1;
      this.latest = { value: event };
      return;
    }
    if (this.queue.length >= this.capacity) {
      this.counters.dropped += 1;
      this.hooks.onOverflow(this.counters.dropped, this.capacity);
      return;
    }
    this.queue.push(event);
  }

  /** Stops delivery; pending events are discarded (the subscriber is gone). */
  close(): void {
    this.closed = true;
    this.queue.clear();
    this.latest = undefined;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  stats(): DeliveryStats {
    return this.counters.stats(this.policy, this.pendingCount());
  }

  private pendingCount(): number {
    return this.queue.length + (this.latest === undefined ? 0 : 1);
  }

  private takeNext(): { value: E } | undefined {
    if (this.policy.kind === 'latest') {
      const next = this.latest;
      this.latest = undefined;
      return next;
    }
    return this.queue.length > 0 ? { value: this.queue.shift() as E } : undefined;
  }

  /** Delivers `first`, then whatever queued up while the sink was synchronous; stops when the sink goes async. */
  private run(first: E): void {
    let next: { value: E } | undefined = { value: first };
    while (next !== undefined && !this.closed) {
      this.delivering = true;
      let result: void | PromiseLike<void>;
      try {
        this.counters.delivered += 1;
        result = this.sink.deliver(next.value, this.topic);
      } catch (error) {
        this.counters.failed += 1;
        this.hooks.onSinkError(error);
        result = undefined;
      } finally {
        this.delivering = false;
      }
      if (isThenable(result)) {
        this.busy = true;
        result.then(
          () => this.settle(),
          (error: unknown) => {
            // A sink closed meanwhile (its subscriber stopped) failing is the end, not a fault.
            if (!this.closed) {
              this.counters.failed += 1;
              this.hooks.onSinkError(error);
            }
            this.settle();
          },
        );
        return;
      }
      next = this.takeNext();
    }
  }

  private settle(): void {
    this.busy = false;
    const next = this.takeNext();
    if (next !== undefined) this.run(next.value);
  }
}
