// The NATS adapter (docs/pubsub-adapters.md). Market and status topics are core NATS subjects
// (`<prefix>.<channel>.<exchange>.<symbol>`): at-most-once, like any live feed. Private topics (orders, fills,
// balances, positions) go through one JetStream stream: a publish stays pending until the server acknowledges it
// and is sent again, with the same message id (deduplicated by the stream), after a reconnect; each subscribing node
// reads them through its own durable consumer per topic, so a node that restarts gets what it missed, once, in order.
import { createHash } from 'node:crypto';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, StorageType, type ConsumerConfig, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { childLogger } from '../../lib/log.js';
import { isPrivateTopic, PRIVATE_CHANNELS } from '../../lib/wire/subjects.js';
import { RemoteAdapter, type Link, type RemoteAdapterOptions } from './remote-adapter.js';

const log = childLogger('pubsub-nats');
const nanos = (ms: number): number => ms * 1_000_000;

export interface NatsAdapterOptions extends RemoteAdapterOptions {
  /**
   * This node's durable identity: its JetStream consumers are named after it, so a restarted node must use the
   * same one to get what it missed. Default: the pub/sub's node name (which changes with every process unless set).
   */
  readonly durableName?: string;
  /** JetStream stream for private topics; default `<PREFIX>_PRIVATE` (dots as '_', upper case). */
  readonly stream?: string;
  /** How long the stream keeps private events, ms. Default 24 h. */
  readonly retentionMs?: number;
  /** A durable consumer nobody used for this long is deleted by the server, ms. Default 24 h. */
  readonly consumerInactiveMs?: number;
  /** Private publishes kept while unacknowledged (the oldest are never dropped: newer ones are refused, reported). Default 100,000. */
  readonly maxPendingDurable?: number;
}

interface Pending {
  readonly subject: string;
  readonly data: string;
  readonly msgId: string;
}

export class NatsAdapter extends RemoteAdapter {
  readonly name = 'nats';
  readonly stream: string;
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  private readonly runId = createHash('sha1').update(`${process.pid}-${Date.now()}-${Math.random()}`).digest('hex').slice(0, 8);
  /** Stream sequence of the last private event delivered here, per topic: survives reconnects, not the process. */
  private readonly lastDelivered = new Map<string, number>();
  /** When each private topic got its first local subscriber: a new consumer starts there. */
  private readonly activeSince = new Map<string, number>();
  private refusedDurable = 0;

  constructor(readonly natsOptions: NatsAdapterOptions) {
    super(natsOptions);
    this.stream = natsOptions.stream ?? `${this.prefix.replace(/[.]/g, '_').toUpperCase()}_PRIVATE`;
  }

  private get durable(): string {
    return this.natsOptions.durableName ?? this.host?.nodeName ?? 'node';
  }

  /** The durable consumer of `topic` for this node (a name JetStream accepts, whatever the topic holds). */
  consumerName(topic: string): string {
    const node = this.durable.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
    return `${node}-${createHash('sha1').update(topic).digest('hex').slice(0, 16)}`;
  }

  override topicActive(topic: string): void {
    if (isPrivateTopic(topic) && !this.activeSince.has(topic)) this.activeSince.set(topic, Date.now());
    super.topicActive(topic);
  }

  override topicIdle(topic: string): void {
    this.activeSince.delete(topic);
    super.topicIdle(topic);
  }

  protected override send(topic: string, subject: string, data: string): void {
    if (!isPrivateTopic(topic)) {
      super.send(topic, subject, data);
      return;
    }
    if (this.pending.size >= (this.natsOptions.maxPendingDurable ?? 100_000)) {
      this.refusedDurable += 1;
      throw new Error(`nats: ${this.pending.size} private events await the server's acknowledgement; ${topic} refused (${this.refusedDurable} so far)`);
    }
    const seq = this.nextSeq++;
    const entry: Pending = { subject, data, msgId: `${this.host?.nodeName ?? 'node'}-${this.runId}-${seq}` };
    this.pending.set(seq, entry);
    this.counters.pendingDurable = this.pending.size;
    if (this.link instanceof NatsLink) this.link.publishDurable(seq, entry);
  }

  acknowledged(seq: number): void {
    this.pending.delete(seq);
    this.counters.pendingDurable = this.pending.size;
    this.counters.published += 1;
  }

  async open(lost: (error: Error) => void): Promise<Link> {
    const nc = await connect({
      servers: this.options.url,
      name: this.host?.nodeName,
      reconnect: false,
      noEcho: true,
      timeout: this.options.connectTimeoutMs ?? 2000,
    });
    const link = new NatsLink(this, nc, lost);
    try {
      await link.setUp(this.natsOptions);
    } catch (error) {
      await link.close();
      throw error;
    }
    return link;
  }

  override attach(link: Link): void {
    super.attach(link);
    // Everything not yet acknowledged goes again, in order; the stream drops the copies it already has.
    if (link instanceof NatsLink) for (const [seq, entry] of this.pending) link.publishDurable(seq, entry);
  }

  /** Where a (re)created consumer of `topic` starts: just after what this process delivered or the server saw acknowledged. */
  startOf(topic: string, ackFloor: number | undefined): { deliver_policy: DeliverPolicy; opt_start_seq?: number; opt_start_time?: string } {
    const seq = Math.max(this.lastDelivered.get(topic) ?? 0, ackFloor ?? 0);
    if (seq > 0) return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq + 1 };
    return { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(this.activeSince.get(topic) ?? Date.now()).toISOString() };
  }

  delivered(topic: string, streamSeq: number): boolean {
    if (streamSeq <= (this.lastDelivered.get(topic) ?? 0)) return false;
    this.lastDelivered.set(topic, streamSeq);
    return true;
  }
}

class NatsLink implements Link {
  private readonly js: JetStreamClient;
  private jsm: JetStreamManager | undefined;
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly consumers = new Map<string, Promise<ConsumerMessages | undefined>>();
  private closing = false;

  constructor(
    private readonly adapter: NatsAdapter,
    private readonly nc: NatsConnection,
    private readonly lost: (error: Error) => void,
  ) {
    this.js = jetstream(nc);
    void nc.closed().then((error) => {
      if (!this.closing) this.lost(error instanceof Error ? error : new Error('nats connection closed'));
    });
  }

  /** Makes sure the private stream exists (creating it is idempotent across nodes). */
  async setUp(options: NatsAdapterOptions): Promise<void> {
    this.jsm = await jetstreamManager(this.nc);
    const config = {
      name: this.adapter.stream,
      subjects: PRIVATE_CHANNELS.map((channel) => `${this.adapter.prefix}.${channel}.>`),
      storage: StorageType.File,
      max_age: nanos(options.retentionMs ?? 24 * 3_600_000),
      duplicate_window: nanos(120_000),
    };
    try {
      await this.jsm.streams.info(config.name);
    } catch {
      await this.jsm.streams.add(config);
    }
  }

  publish(subject: string, data: string): void {
    this.nc.publish(subject, data);
  }

  publishDurable(seq: number, entry: { subject: string; data: string; msgId: string }): void {
    this.js.publish(entry.subject, entry.data, { msgID: entry.msgId, timeout: 5000 }).then(
      () => this.adapter.acknowledged(seq),
      (error: unknown) => {
        // Not known to be stored: the connection is treated as lost, and the next one sends it again.
        if (!this.closing) this.lost(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  async watch(topic: string, subject: string): Promise<void> {
    if (this.subscriptions.has(topic) || this.consumers.has(topic)) return;
    if (!isPrivateTopic(topic)) {
      this.subscriptions.set(topic, this.nc.subscribe(subject, {
          callback: (_error, msg) => {
            this.adapter.deliver(topic, msg.data);
          },
        }));
      return;
    }
    const started = this.consume(topic, subject).catch((error: unknown) => {
      // A private topic this node cannot read would lose events silently: the link is treated as lost and retried.
      if (!this.closing) this.lost(error instanceof Error ? error : new Error(String(error)));
      return undefined;
    });
    this.consumers.set(topic, started);
    await started;
  }

  private async consume(topic: string, subject: string): Promise<ConsumerMessages | undefined> {
    const jsm = this.jsm!;
    const name = this.adapter.consumerName(topic);
    const stream = this.adapter.stream;
    const existing = await jsm.consumers.info(stream, name).catch(() => undefined);
    // An existing consumer with deliveries never acknowledged (the node died or the connection broke before its
    // acks arrived) would redeliver them only after ack_wait, behind newer ones: it is recreated from where this
    // node is known to be, so delivery stays in order and nothing is delivered twice.
    const outstanding = existing !== undefined && existing.num_ack_pending > 0;
    if (existing === undefined || outstanding) {
      if (existing !== undefined) await jsm.consumers.delete(stream, name);
      const start = existing === undefined ? this.adapter.startOf(topic, undefined) : this.restartPoint(topic, existing.ack_floor.stream_seq, existing.config);
      const config: Partial<ConsumerConfig> = {
        durable_name: name,
        description: `cex-actors ${topic}`,
        filter_subject: subject,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(30_000),
        max_ack_pending: 1000,
        inactive_threshold: nanos(this.adapter.natsOptions.consumerInactiveMs ?? 24 * 3_600_000),
        ...start,
      };
      await jsm.consumers.add(stream, config);
    }
    if (this.closing || !this.consumers.has(topic)) return undefined;
    const consumer = await this.js.consumers.get(stream, name);
    const messages = await consumer.consume({
      max_messages: 256,
      callback: (msg) => {
        if (!this.adapter.delivered(topic, msg.info.streamSequence)) {
          msg.ack(); // already delivered by this process before a reconnect
          return;
        }
        if (this.adapter.deliver(topic, msg.data)) msg.ack();
        else msg.term(); // malformed: counted, never redelivered
      },
    });
    void messages.closed().then((error) => {
      if (error && !this.closing) this.lost(error instanceof Error ? error : new Error(String(error)));
    });
    if (this.closing || !this.consumers.has(topic)) {
      messages.stop();
      return undefined;
    }
    return messages;
  }

  private restartPoint(topic: string, ackFloor: number, config: ConsumerConfig): ReturnType<NatsAdapter['startOf']> {
    if (ackFloor > 0) return this.adapter.startOf(topic, ackFloor);
    const mine = this.adapter.startOf(topic, undefined);
    if (mine.deliver_policy === DeliverPolicy.StartSequence) return mine;
    // Nothing acknowledged yet: the consumer's own starting point.
    return {
      deliver_policy: config.deliver_policy,
      ...(config.opt_start_seq === undefined ? {} : { opt_start_seq: config.opt_start_seq }),
      ...(config.opt_start_time === undefined ? {} : { opt_start_time: config.opt_start_time }),
    };
  }

  async unwatch(topic: string): Promise<void> {
    const subscription = this.subscriptions.get(topic);
    this.subscriptions.delete(topic);
    subscription?.unsubscribe();
    const consumer = this.consumers.get(topic);
    this.consumers.delete(topic);
    (await consumer)?.stop();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    try {
      await this.nc.close();
    } catch (error) {
      log.debug('closing the nats connection failed', { error });
    }
  }
}
