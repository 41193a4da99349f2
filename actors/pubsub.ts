// Topic pub/sub (DESIGN.md section 4): the public entry point. The PubSub handle (table, broadcast in
// the publisher, delivery policies, adapter seam) is in pubsub/pubsub.ts; this file adds the actor that
// owns it in the supervision tree, and re-exports the rest.
import { InvalidSubscriptionError, InvalidTopicError, PubSubStoppedError } from './pubsub/errors.js';
import type { DeliveryPolicyInput } from './pubsub/delivery.js';
import type { PubSub } from './pubsub/pubsub.js';
import type { PubSubStats, TopicMessage } from './pubsub/types.js';
import { dispatch, type ActorDef, type ActorRef, type AnyRef, type ChildSpec, type WorkerChildSpec } from './runtime/index.js';

export { LocalAdapter, type AdapterHost, type AdapterMessage, type AdapterState, type AdapterStats, type PubSubAdapter } from './pubsub/adapter.js';
export { createPubSubAdapter, type PubSubAdapterConfig } from './pubsub/adapters.js';
export { NatsAdapter, type NatsAdapterOptions } from './pubsub/nats-adapter.js';
export { RedisAdapter, type RedisAdapterOptions } from './pubsub/redis-adapter.js';
export type { RemoteAdapterOptions } from './pubsub/remote-adapter.js';
export type { DeliveryPolicy, DeliveryPolicyInput, DeliveryStats } from './pubsub/delivery.js';
export { InvalidSubscriptionError, InvalidTopicError, PubSubStoppedError } from './pubsub/errors.js';
export { PubSub } from './pubsub/pubsub.js';
export { ADAPTER_STATUS_TOPIC } from './pubsub/types.js';
export type {
  ActorSubscribeOptions,
  AdapterStatusEvent,
  DeliveryOptions,
  Incarnation,
  ListenOptions,
  PubSubEvent,
  PubSubOptions,
  PubSubStats,
  Subscription,
  TopicMessage,
} from './pubsub/types.js';
export { marketTopic, parseTopic, statusTopic, userTopic, type MarketChannel, type ParsedTopic, type UserChannel } from './pubsub/topic.js';
export type { SubscriptionEndReason, SubscriptionInfo } from './pubsub/topic-table.js';

export type SubscribeReply = { readonly ok: true; readonly id: number } | { readonly ok: false; readonly error: InvalidTopicError | InvalidSubscriptionError | PubSubStoppedError };

/**
 * The pubsub actor's protocol, for actors that subscribe by message. The subscriber receives
 * `TopicMessage<E>`; its event type is not checked here (the typed path is `PubSub.subscribe`).
 */
export type PubSubMsg =
  | {
      readonly type: 'subscribe';
      readonly topic: string;
      readonly subscriber: AnyRef;
      readonly delivery?: DeliveryPolicyInput;
      readonly replyTo?: ActorRef<SubscribeReply>;
    }
  | { readonly type: 'unsubscribe'; readonly id: number; readonly replyTo?: ActorRef<boolean> }
  | { readonly type: 'unsubscribeAll'; readonly subscriber: AnyRef; readonly replyTo?: ActorRef<number> }
  | { readonly type: 'stats'; readonly replyTo: ActorRef<PubSubStats> };

function isPubSubError(error: unknown): error is InvalidTopicError | InvalidSubscriptionError | PubSubStoppedError {
  return error instanceof InvalidTopicError || error instanceof InvalidSubscriptionError || error instanceof PubSubStoppedError;
}

/**
 * The actor that owns `pubsub` in the supervision tree: init connects the adapter, stopping it for
 * good ends every subscription. Its state is the table itself, so its own restarts keep subscriptions.
 */
export function pubSubActor(pubsub: PubSub): ActorDef<PubSub, PubSubMsg> {
  return {
    init: async () => {
      await pubsub.start();
      return pubsub;
    },
    receive: (table, message) => {
      switch (message.type) {
        case 'subscribe': {
          let reply: SubscribeReply;
          try {
            const subscription = table.subscribe<unknown>(message.topic, message.subscriber as ActorRef<TopicMessage<unknown>>, {
              ...(message.delivery === undefined ? {} : { delivery: message.delivery }),
            });
            reply = { ok: true, id: subscription.id };
          } catch (error) {
            if (!isPubSubError(error)) throw error;
            reply = { ok: false, error };
          }
          if (message.replyTo !== undefined) dispatch(message.replyTo, reply);
          return table;
        }
        case 'unsubscribe': {
          const ended = table.unsubscribe(message.id);
          if (message.replyTo !== undefined) dispatch(message.replyTo, ended);
          return table;
        }
        case 'unsubscribeAll': {
          const ended = table.unsubscribeAll(message.subscriber);
          if (message.replyTo !== undefined) dispatch(message.replyTo, ended);
          return table;
        }
        case 'stats':
          dispatch(message.replyTo, table.stats());
          return table;
        default:
          return assertNever(message);
      }
    },
    onStop: async (table) => {
      await table.stop();
    },
  };
}

/** A child spec for the root supervisor: `{ id, start: pubSubActor(pubsub) }`. */
export function pubSubChildSpec(pubsub: PubSub, id = 'pubsub'): WorkerChildSpec<PubSubMsg> {
  return { id, start: pubSubActor(pubsub), restart: 'permanent' };
}

/**
 * The pub/sub's place in the tree. With the local adapter: the pubsub actor alone (as `pubSubChildSpec`). With a
 * remote one: a supervisor `pubsub` over the table actor and the adapter actor that owns the connection; a lost
 * connection is that actor's crash, restarted with backoff (unlimited, 250 ms .. 10 s by default) while local
 * delivery goes on.
 */
export function pubSubTreeSpec(pubsub: PubSub, id = 'pubsub', backoff = { minMs: 250, maxMs: 10_000 }): ChildSpec {
  const adapter = pubsub.adapterChildSpec();
  if (adapter === undefined) return pubSubChildSpec(pubsub, id) as ChildSpec;
  return {
    id,
    restart: 'permanent',
    start: { strategy: 'oneForOne', backoff: { ...backoff, resetAfterMs: Math.max(backoff.maxMs, 10_000) }, children: [pubSubChildSpec(pubsub, 'table') as ChildSpec, adapter as ChildSpec] },
  };
}

function assertNever(value: never): never {
  throw new Error(`unhandled pubsub message ${JSON.stringify(value)}`);
}
