// Public types of the pub/sub: what subscribers receive, subscription options, reported events, stats.
import type { ActorRef, AnyRef } from '../runtime/index.js';
import type { DeliveryPolicyInput, DeliveryStats } from './delivery.js';
import type { AdapterState, AdapterStats, PubSubAdapter } from './adapter.js';
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
  | { readonly type: 'adapterFailed'; readonly operation: 'start' | 'broadcast' | 'subscribe' | 'stop'; readonly error: unknown }
  /** A remote adapter's connection came up or went down (also published locally on `status:pubsub`). */
  | AdapterStatusEvent
  /** A topic got its first local subscriber (what starts a market stream on demand). */
  | { readonly type: 'topicActive'; readonly topic: string }
  /** A topic lost its last local subscriber (what stops it). */
  | { readonly type: 'topicIdle'; readonly topic: string };

/** Where a node's subscribers hear that its remote adapter connected or disconnected (never sent to other nodes). */
export const ADAPTER_STATUS_TOPIC = 'status:pubsub';

export interface AdapterStatusEvent {
  readonly type: 'adapterStatus';
  /** `nats`, `redis`. */
  readonly adapter: string;
  readonly state: AdapterState;
  /** Why it went down. */
  readonly detail?: string;
  readonly at: number;
}

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
  /** A remote adapter's counters (undefined for `local`). */
  readonly remote: AdapterStats | undefined;
}

export interface PubSubOptions {
  /** Unique per process in a cluster; our echoes are recognised by it. Default `<host>-<pid>-<random>`. */
  readonly nodeName?: string;
  /** Default: `LocalAdapter` (single process). */
  readonly adapter?: PubSubAdapter;
  readonly defaultDelivery?: DeliveryPolicyInput;
}
