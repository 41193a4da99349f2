// How events reach an actor subscriber: `dispatchWithReceipt`, so the delivery policy (ReceiptOutbox)
// learns when the actor has handled each one and can bound or conflate what it has outstanding.
import { dispatchWithReceipt, type ActorRef, type AnyRef } from '../runtime/index.js';
import type { ReceiptSend } from './receipt-outbox.js';
import type { Incarnation, TopicMessage } from './types.js';

export type OwnerInput = AnyRef | Incarnation<never>;

export function isIncarnation(owner: OwnerInput): owner is Incarnation<never> {
  return typeof owner === 'object' && owner !== null && 'self' in owner && 'signal' in owner;
}

function topicMessage<E>(event: E, topic: string): TopicMessage<E> {
  return { type: 'topicEvent', topic, event };
}

export function actorSend<E, M>(ref: ActorRef<M>, toMessage: ((event: E, topic: string) => M) | undefined): ReceiptSend<E> {
  const map = toMessage ?? (topicMessage as (event: E, topic: string) => M);
  return (event, topic, receipt) => dispatchWithReceipt(ref, map(event, topic) as NoInfer<M>, receipt);
}
