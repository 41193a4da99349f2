// Public types of the pub/sub: what subscribers receive, subscription options, reported events, stats.
import type { ActorRef, AnyRef } from '../runtime/index.js';
import type { DeliveryPolicyInput, DeliveryStats } from './delivery.js';
import type { PubSubAdapter } from './adapter.js';
import type { SubscriptionEndReason, SubscriptionInfo } from './topic-table.js';

/** What an actor subscriber receives unless it maps events itself with `toMessage`. */
export interface TopicMessage<E> {
  readonly type: 'topicEvent';
  readonly topic: string;
  readonly event: E;
}

/**
 * One incarnation of an actor: an `ActorContext` fits. Subscribing with it ties the subscription to
 * that incarnation (it ends on restart too); subscribing with a bare ref ties it to the actor's life.
 */
export interface Incarnation<M> {
  readonly self: ActorRef<M>;
  readonly signal: AbortSignal;
}

export interface DeliveryOptions {
  /** Default: the pub/sub's `defaultDelivery` (`all` with a bounded queue). */
  readonly delivery?: DeliveryPolicyInput;
}

export interface ActorSubscribeOptions<E, M> extends DeliveryOptions {
  readonly toMessage: (event: E, topic: string) => M;
}

export interface ListenOptions extends DeliveryOptions {
  /** The actor this callback belongs to: broadcastFrom skips it, and its death ends the subscription. */
  readonly owner?: AnyRef | Incarnation<never>;
  /** Told once when the subscription ends. */
  readonly onClosed?: (reason: SubscriptionEndReason) => void;
}

export interface Subscription {
  readonly id: number;
  readonly topic: string;
  /** True if this call ended it; false if it had already ended. */
  unsubscribe(): boolean;
  /** Undefined once the subscription has ended. */
  stats(): DeliveryStats | undefined;
}

/** Reported, never silent: overflows, failing subscribers, a failing adapter. */
export type PubSubEvent =
  | { readonly type: 'overflow'; readonly subscriptionId: number; readonly topic: string; readonly dropped: number; readonly capacity: number }
  | { readonly type: 'subscriberFailed'; readonly subscriptionId: number; readonly topic: string; readonly error: unknown }
  | { readonly type: 'adapterFailed'; readonly operation: 'start' | 'broadcast' | 'stop'; readonly error: unknown }
  /** A topic got its first local subscriber (what starts a market stream on demand). */
  | { readonly type: 'topicActive'; readonly topic: string }
  /** A topic lost its last local subscriber (what stops it). */
  | { readonly type: 'topicIdle'; readonly topic: string };

export interface PubSubStats {
  readonly nodeName: string;
  readonly adapter: string;
  readonly topics: number;
  readonly subscriptions: number;
  /** Our own messages that came back through the adapter and were dropped. */
  readonly echoesDropped: number;
  readonly remoteDelivered: number;
  readonly adapterFailures: number;
  readonly perSubscription: readonly SubscriptionInfo[];
}

export interface PubSubOptions {
  /** Unique per process in a cluster; our echoes are recognised by it. Default `<host>-<pid>-<random>`. */
  readonly nodeName?: string;
  /** Default: `LocalAdapter` (single process). */
  readonly adapter?: PubSubAdapter;
  readonly defaultDelivery?: DeliveryPolicyInput;
}
