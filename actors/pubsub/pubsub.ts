// Topic pub/sub (DESIGN.md section 4, Phoenix.PubSub semantics). The table of subscriptions lives here;
// broadcasting runs in the publisher, which looks subscribers up and hands each event to its outbox
// directly: no extra actor hop. Actor subscribers are bounded by delivery receipts (ReceiptOutbox),
// callbacks by the promise they return (Outbox). Subscriptions end when unsubscribed, when their owner actor stops
// (death-watch) and, for subscriptions made with an actor context, when that incarnation ends (a
// restarted actor subscribes again in its init, as in OTP).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Observable } from 'rxjs';
import { childLogger } from '../../lib/log.js';
import { LocalAdapter, type AdapterHost, type AdapterMessage, type AdapterState, type PubSubAdapter } from './adapter.js';
import { normalizePolicy, Outbox, type DeliveryPolicy, type DeliveryPolicyInput, type EventOutbox, type OutboxHooks, type Sink } from './delivery.js';
import { ReceiptOutbox } from './receipt-outbox.js';
import { InvalidSubscriptionError, InvalidTopicError, PubSubStoppedError } from './errors.js';
import { TopicTable, type SubscriptionEndReason, type SubscriptionRecord } from './topic-table.js';
import { isAlive, monitor, type ActorRef, type AnyRef } from '../runtime/index.js';
import { actorSend, isIncarnation, type OwnerInput } from './actor-sink.js';
import {
  ADAPTER_STATUS_TOPIC,
  type AdapterStatusEvent,
  type ActorSubscribeOptions,
  type DeliveryOptions,
  type Incarnation,
  type ListenOptions,
  type PubSubEvent,
  type PubSubOptions,
  type PubSubStats,
  type Subscription,
  type TopicMessage,
} from './types.js';

const log = childLogger('pubsub');

function defaultNodeName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

// Overflow is reported on the first drop and then every this many, so a flood cannot flood the log too.
const OVERFLOW_LOG_EVERY = 1000;

export class PubSub {
  readonly nodeName: string;
  private readonly adapter: PubSubAdapter;
  private readonly defaultDelivery: DeliveryPolicyInput;
  private readonly table = new TopicTable<AnyRef>();
  private readonly monitors = new Map<AnyRef, () => void>();
  private readonly incarnationCleanups = new Map<number, () => void>();
  private readonly listeners = new Set<(event: PubSubEvent) => void>();
  private nextId = 1;
  private stopped = false;
  private started: Promise<void> | undefined;
  private echoesDropped = 0;
  private remoteDelivered = 0;
  private adapterFailures = 0;

  constructor(options: PubSubOptions = {}) {
    this.nodeName = options.nodeName ?? defaultNodeName();
    if (this.nodeName.length === 0) throw new InvalidSubscriptionError('nodeName', 'non-empty', 'nodeName must be a non-empty string');
    this.adapter = options.adapter ?? new LocalAdapter();
    this.defaultDelivery = options.defaultDelivery ?? 'all';
    normalizePolicy(this.defaultDelivery);
  }

  /** Connects the adapter (once; a failed start may be retried). Local delivery works before and without it. */
  start(): Promise<void> {
    if (this.stopped) return Promise.reject(new PubSubStoppedError('start'));
    this.started ??= Promise.resolve()
      .then(() => this.adapter.start((message) => this.receiveFromAdapter(message), this.adapterHost()))
      .catch((error: unknown) => {
        this.started = undefined;
        this.adapterFailed('start', error);
        throw error;
      });
    return this.started;
  }

  /**
   * Subscribe an actor; it receives `TopicMessage<E>`. The policy bounds what it has outstanding (sent,
   * `receive` not yet settled): `all` at most `capacity`, the rest dropped and reported; `latest` one.
   */
  subscribe<E>(topic: string, subscriber: ActorRef<TopicMessage<E>> | Incarnation<TopicMessage<E>>, options?: DeliveryOptions): Subscription;
  /** Subscribe an actor with its own message shape. */
  subscribe<E, M>(topic: string, subscriber: ActorRef<M> | Incarnation<M>, options: ActorSubscribeOptions<E, M>): Subscription;
  subscribe<E, M>(topic: string, subscriber: ActorRef<M> | Incarnation<M>, options: DeliveryOptions & Partial<ActorSubscribeOptions<E, M>> = {}): Subscription {
    const ref = isIncarnation(subscriber as OwnerInput) ? (subscriber as Incarnation<M>).self : (subscriber as ActorRef<M>);
    const send = actorSend<E, M>(ref, options.toMessage);
    const outbox = (policy: DeliveryPolicy, hooks: OutboxHooks): EventOutbox<unknown> => new ReceiptOutbox<E>(policy, topic, send, hooks) as EventOutbox<unknown>;
    return this.add(topic, outbox, subscriber as OwnerInput, options.delivery, undefined);
  }

  /** Subscribe a callback. A callback that returns a promise gets the next event after it settles. */
  listen<E>(topic: string, callback: (event: E, topic: string) => void | PromiseLike<void>, options: ListenOptions = {}): Subscription {
    const sink: Sink<unknown> = { deliver: callback as Sink<unknown>['deliver'] };
    const outbox = (policy: DeliveryPolicy, hooks: OutboxHooks): EventOutbox<unknown> => new Outbox<unknown>(policy, topic, sink, hooks);
    return this.add(topic, outbox, options.owner, options.delivery, options.onClosed);
  }

  /**
   * Events of `topic` as an Observable. Each subscription to it is one pub/sub subscription (ended by
   * unsubscribing); it completes when the pub/sub stops or its owner dies.
   */
  observe<E>(topic: string, options: DeliveryOptions & { readonly owner?: OwnerInput } = {}): Observable<E> {
    return new Observable<E>((observer) => {
      const subscription = this.listen<E>(topic, (event) => observer.next(event), {
        ...options,
        onClosed: (reason) => {
          if (reason !== 'unsubscribed') observer.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
      };
    });
  }

  unsubscribe(subscription: Subscription | number): boolean {
    return this.end(typeof subscription === 'number' ? subscription : subscription.id, 'unsubscribed');
  }

  /** Ends every subscription owned by `owner`; returns how many. */
  unsubscribeAll(owner: AnyRef): number {
    const ids = this.table.idsOf(owner);
    for (const id of ids) this.end(id, 'unsubscribed');
    return ids.length;
  }

  /** To every subscriber here and, through the adapter, on the other nodes. Returns how many local subscriptions it was offered to. */
  broadcast<E>(topic: string, event: E): number {
    const delivered = this.deliverLocal(topic, event, undefined);
    this.toAdapter(topic, event);
    return delivered;
  }

  /** Like broadcast, but skips the subscriptions owned by `sender`. */
  broadcastFrom<E>(sender: AnyRef, topic: string, event: E): number {
    const delivered = this.deliverLocal(topic, event, sender);
    this.toAdapter(topic, event);
    return delivered;
  }

  /** Only to the subscribers of this process; never reaches the adapter. */
  localBroadcast<E>(topic: string, event: E): number {
    return this.deliverLocal(topic, event, undefined);
  }

  subscriberCount(topic: string): number {
    return this.table.subscribers(topic)?.size ?? 0;
  }

  topics(): string[] {
    return this.table.topics();
  }

  /** Reported events: overflow, failing subscribers, adapter failures, topics becoming active or idle. Returns a cancel function. */
  onEvent(listener: (event: PubSubEvent) => void): () => void {
    const entry = (event: PubSubEvent): void => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  stats(): PubSubStats {
    return {
      nodeName: this.nodeName,
      adapter: this.adapter.name,
      topics: this.table.topics().length,
      subscriptions: this.table.size,
      echoesDropped: this.echoesDropped,
      remoteDelivered: this.remoteDelivered,
      adapterFailures: this.adapterFailures,
      perSubscription: this.table.all().map((record) => ({ id: record.id, topic: record.topic, stats: record.outbox.stats() })),
      remote: this.adapter.stats?.(),
    };
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Ends every subscription (observables complete), cancels monitors, stops the adapter. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const record of this.table.all()) this.end(record.id, 'stopped');
    try {
      await this.adapter.stop();
    } catch (error) {
      this.adapterFailed('stop', error);
    }
    this.listeners.clear();
  }

  private add(
    topic: string,
    makeOutbox: (policy: DeliveryPolicy, hooks: OutboxHooks) => EventOutbox<unknown>,
    ownerInput: OwnerInput | undefined,
    delivery: DeliveryPolicyInput | undefined,
    onClosed: ((reason: SubscriptionEndReason) => void) | undefined,
  ): Subscription {
    if (this.stopped) throw new PubSubStoppedError('subscribe');
    if (typeof topic !== 'string' || topic.length === 0) throw new InvalidTopicError('topic', 'non-empty', 'topic must be a non-empty string');
    const policy = normalizePolicy(delivery ?? this.defaultDelivery);
    const id = this.nextId++;
    const owner = ownerInput === undefined ? undefined : isIncarnation(ownerInput) ? ownerInput.self : ownerInput;
    if ((owner !== undefined && !isAlive(owner)) || (ownerInput !== undefined && isIncarnation(ownerInput) && ownerInput.signal.aborted)) {
      // Subscribing a dead actor (or an ended incarnation) would leak: nothing would ever remove it.
      throw new InvalidSubscriptionError('subscriber', 'alive', `subscriber ${owner?.path ?? '?'} is not alive`);
    }
    const outbox = makeOutbox(policy, {
      onOverflow: (dropped, capacity) => this.overflowed(id, topic, dropped, capacity),
      onSinkError: (error) => this.subscriberFailed(id, topic, error),
    });
    const record: SubscriptionRecord<AnyRef> = { id, topic, outbox, owner, onClosed };
    this.table.add(record);
    if (this.subscriberCount(topic) === 1) this.topicChanged('topicActive', topic);
    if (owner !== undefined) this.watch(owner);
    if (ownerInput !== undefined && isIncarnation(ownerInput)) this.tieToIncarnation(id, ownerInput.signal);
    return {
      id,
      topic,
      unsubscribe: () => this.end(id, 'unsubscribed'),
      stats: () => this.table.get(id)?.outbox.stats(),
    };
  }

  private watch(owner: AnyRef): void {
    if (this.monitors.has(owner)) return;
    const cancel = monitor(owner, () => this.ownerDown(owner));
    this.monitors.set(owner, cancel);
  }

  private tieToIncarnation(id: number, signal: AbortSignal): void {
    const onAbort = (): void => {
      this.end(id, 'ownerDown');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    this.incarnationCleanups.set(id, () => signal.removeEventListener('abort', onAbort));
  }

  private ownerDown(owner: AnyRef): void {
    this.monitors.delete(owner);
    for (const id of this.table.idsOf(owner)) this.end(id, 'ownerDown');
  }

  private end(id: number, reason: SubscriptionEndReason): boolean {
    const record = this.table.remove(id);
    if (record === undefined) return false;
    record.outbox.close();
    if (this.subscriberCount(record.topic) === 0) this.topicChanged('topicIdle', record.topic);
    const cleanup = this.incarnationCleanups.get(id);
    if (cleanup !== undefined) {
      this.incarnationCleanups.delete(id);
      cleanup();
    }
    if (record.owner !== undefined && !this.table.hasOwner(record.owner)) {
      this.monitors.get(record.owner)?.();
      this.monitors.delete(record.owner);
    }
    if (record.onClosed !== undefined) {
      try {
        record.onClosed(reason);
      } catch (error) {
        log.error('subscription onClosed threw', { subscriptionId: id, topic: record.topic, error });
      }
    }
    return true;
  }

  private deliverLocal(topic: string, event: unknown, sender: AnyRef | undefined): number {
    const subscribers = this.table.subscribers(topic);
    if (subscribers === undefined) return 0;
    // Subscriptions made while this broadcast runs (by a subscriber's callback) start with the next one:
    // ids only grow, so anything above this mark is new.
    const lastId = this.nextId - 1;
    let delivered = 0;
    for (const record of subscribers.values()) {
      if (record.id > lastId) continue;
      if (record.owner !== undefined) {
        if (record.owner === sender) continue;
        // The monitor normally removed it already; this covers a death we have not been told of yet.
        if (!isAlive(record.owner)) {
          this.ownerDown(record.owner);
          continue;
        }
      }
      record.outbox.offer(event);
      delivered += 1;
    }
    return delivered;
  }

  private toAdapter(topic: string, payload: unknown): void {
    if (this.stopped) return;
    const message: AdapterMessage = { nodeName: this.nodeName, topic, payload };
    try {
      const result = this.adapter.broadcast(message);
      if (result instanceof Promise) result.catch((error: unknown) => this.adapterFailed('broadcast', error));
    } catch (error) {
      this.adapterFailed('broadcast', error);
    }
  }

  /** The actor that owns the adapter's connection, for adapters that have one (NATS, Redis). */
  adapterChildSpec(): ReturnType<NonNullable<PubSubAdapter['childSpec']>> | undefined {
    return this.adapter.childSpec?.();
  }

  private adapterHost(): AdapterHost {
    return {
      nodeName: this.nodeName,
      topics: () => this.table.topics(),
      status: (state, detail) => this.adapterStatus(state, detail),
    };
  }

  private topicChanged(type: 'topicActive' | 'topicIdle', topic: string): void {
    this.emit({ type, topic });
    try {
      if (type === 'topicActive') this.adapter.topicActive?.(topic);
      else this.adapter.topicIdle?.(topic);
    } catch (error) {
      this.adapterFailed('subscribe', error);
    }
  }

  private adapterStatus(state: AdapterState, detail: string | undefined): void {
    if (this.stopped) return;
    const event: AdapterStatusEvent = { type: 'adapterStatus', adapter: this.adapter.name, state, ...(detail === undefined ? {} : { detail }), at: Date.now() };
    if (state === 'connected') log.info('pubsub adapter connected', { adapter: this.adapter.name });
    else log.warn('pubsub adapter disconnected', { adapter: this.adapter.name, detail });
    this.emit(event);
    this.deliverLocal(ADAPTER_STATUS_TOPIC, event, undefined);
  }

  private receiveFromAdapter(message: AdapterMessage): void {
    if (this.stopped) return;
    if (message.nodeName === this.nodeName) {
      // Already delivered locally when it was published (behaviour 31).
      this.echoesDropped += 1;
      return;
    }
    this.remoteDelivered += 1;
    this.deliverLocal(message.topic, message.payload, undefined);
  }

  private overflowed(subscriptionId: number, topic: string, dropped: number, capacity: number): void {
    if (dropped === 1 || dropped % OVERFLOW_LOG_EVERY === 0) {
      log.warn('subscriber queue full: events dropped', { subscriptionId, topic, dropped, capacity });
    }
    this.emit({ type: 'overflow', subscriptionId, topic, dropped, capacity });
  }

  private subscriberFailed(subscriptionId: number, topic: string, error: unknown): void {
    log.error('subscriber failed to take an event', { subscriptionId, topic, error });
    this.emit({ type: 'subscriberFailed', subscriptionId, topic, error });
  }

  private adapterFailed(operation: 'start' | 'broadcast' | 'subscribe' | 'stop', error: unknown): void {
    this.adapterFailures += 1;
    log.error('pubsub adapter failed', { adapter: this.adapter.name, operation, error });
    this.emit({ type: 'adapterFailed', operation, error });
  }

  private emit(event: PubSubEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        log.error('pubsub event listener threw', { error });
      }
    }
  }
}
