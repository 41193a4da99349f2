// How events reach an actor subscriber: a plain dispatch, or an acknowledged delivery (ask) that lets
// the delivery policy see the actor's backlog.
import { ask, dispatch, type ActorRef, type AnyRef } from '../runtime/index.js';
import type { Sink } from './delivery.js';
import { InvalidSubscriptionError } from './errors.js';
import { DEFAULT_ACK_TIMEOUT_MS, type AckedSubscribeOptions, type ActorSubscribeOptions, type Incarnation, type TopicAck, type TopicMessage } from './types.js';

export type OwnerInput = AnyRef | Incarnation<never>;

export function isIncarnation(owner: OwnerInput): owner is Incarnation<never> {
  return typeof owner === 'object' && owner !== null && 'self' in owner && 'signal' in owner;
}

function validAckTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_ACK_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidSubscriptionError('ackTimeoutMs', 'positive integer', `ackTimeoutMs must be a positive integer, got ${String(timeoutMs)}`);
  }
  return timeoutMs;
}

export function actorSink<E, M>(
  ref: ActorRef<M>,
  options: Partial<ActorSubscribeOptions<E, M>> & Partial<AckedSubscribeOptions<E, M>>,
): Sink<E> {
  const { toAckedMessage } = options;
  if (toAckedMessage !== undefined) {
    const timeoutMs = validAckTimeout(options.ackTimeoutMs);
    return {
      deliver: (event, topic) =>
        ask<M, TopicAck>(ref, (ack) => toAckedMessage(event, topic, ack) as NoInfer<M>, timeoutMs).then(() => undefined),
    };
  }
  const toMessage = options.toMessage ?? ((event: E, topic: string) => ({ type: 'topicEvent', topic, event }) as TopicMessage<E> as M);
  // dispatch only enqueues into the actor's mailbox: delivery is synchronous, nothing waits here, so
  // the policy cannot see the actor's backlog. Use toAckedMessage when that matters.
  return { deliver: (event, topic) => dispatch(ref, toMessage(event, topic) as NoInfer<M>) };
}
