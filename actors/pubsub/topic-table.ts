// The topic table: topic -> subscriptions in subscription order, plus an index by owner (the actor whose
// death removes its subscriptions). Synchronous and cheap to read: publishers iterate it directly.
import type { DeliveryStats, EventOutbox } from './delivery.js';

export interface SubscriptionRecord<Owner> {
  readonly id: number;
  readonly topic: string;
  readonly outbox: EventOutbox<unknown>;
  /** The actor this subscription belongs to: skipped by broadcastFrom, removed when it stops. */
  readonly owner: Owner | undefined;
  /** Told once when the subscription ends (unsubscribe, owner down, pub/sub stopped). */
  readonly onClosed: ((reason: SubscriptionEndReason) => void) | undefined;
}

export type SubscriptionEndReason = 'unsubscribed' | 'ownerDown' | 'stopped';

export interface SubscriptionInfo {
  readonly id: number;
  readonly topic: string;
  readonly stats: DeliveryStats;
}

export class TopicTable<Owner extends object> {
  // Maps keep insertion order, which is the delivery order (behaviour 29).
  private readonly byTopic = new Map<string, Map<number, SubscriptionRecord<Owner>>>();
  private readonly byId = new Map<number, SubscriptionRecord<Owner>>();
  private readonly byOwner = new Map<Owner, Set<number>>();

  add(record: SubscriptionRecord<Owner>): void {
    let topic = this.byTopic.get(record.topic);
    if (topic === undefined) {
      topic = new Map();
      this.byTopic.set(record.topic, topic);
    }
    topic.set(record.id, record);
    this.byId.set(record.id, record);
    if (record.owner !== undefined) {
      let owned = this.byOwner.get(record.owner);
      if (owned === undefined) {
        owned = new Set();
        this.byOwner.set(record.owner, owned);
      }
      owned.add(record.id);
    }
  }

  get(id: number): SubscriptionRecord<Owner> | undefined {
    return this.byId.get(id);
  }

  /** Removes one subscription; returns it, or undefined if it was already gone. */
  remove(id: number): SubscriptionRecord<Owner> | undefined {
    const record = this.byId.get(id);
    if (record === undefined) return undefined;
    this.byId.delete(id);
    const topic = this.byTopic.get(record.topic);
    topic?.delete(id);
    if (topic !== undefined && topic.size === 0) this.byTopic.delete(record.topic);
    if (record.owner !== undefined) {
      const owned = this.byOwner.get(record.owner);
      owned?.delete(id);
      if (owned !== undefined && owned.size === 0) this.byOwner.delete(record.owner);
    }
    return record;
  }

  /** Ids of the owner's subscriptions (a copy: callers remove while iterating). */
  idsOf(owner: Owner): number[] {
    return [...(this.byOwner.get(owner) ?? [])];
  }

  hasOwner(owner: Owner): boolean {
    return this.byOwner.has(owner);
  }

  /** Live view of a topic's subscriptions; empty when nobody listens. */
  subscribers(topic: string): ReadonlyMap<number, SubscriptionRecord<Owner>> | undefined {
    return this.byTopic.get(topic);
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  all(): SubscriptionRecord<Owner>[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }
}
