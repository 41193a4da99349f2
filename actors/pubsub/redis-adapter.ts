// The Redis adapter (docs/pubsub-adapters.md): plain Redis pub/sub, one channel per topic (the NATS subject names).
// At-most-once: a message published while a node is disconnected, or while its connection is being replaced, is
// not seen by it, private topics included (use NATS for events that must not be lost).
import { Redis } from 'ioredis';
import { childLogger } from '../../lib/log.js';
import { RemoteAdapter, type Link, type RemoteAdapterOptions } from './remote-adapter.js';

const log = childLogger('pubsub-redis');

export type RedisAdapterOptions = RemoteAdapterOptions;

export class RedisAdapter extends RemoteAdapter {
  readonly name = 'redis';

  async open(lost: (error: Error) => void): Promise<Link> {
    // No reconnecting inside the client: a lost connection is the actor's crash, restarted with backoff.
    const options = {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      autoResubscribe: false,
      connectTimeout: this.options.connectTimeoutMs ?? 2000,
      connectionName: this.host?.nodeName,
    };
    const publisher = new Redis(this.options.url, options);
    const subscriber = new Redis(this.options.url, options);
    const link = new RedisLink(this, publisher, subscriber, lost);
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      await link.close();
      throw error;
    }
    link.watchClose();
    return link;
  }
}

class RedisLink implements Link {
  private closing = false;
  /** Channel -> topic, for what arrives. */
  private readonly channels = new Map<string, string>();

  constructor(
    private readonly adapter: RedisAdapter,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly lost: (error: Error) => void,
  ) {
    // Errors are reported through 'close'/'end' and the failed connect; an unhandled 'error' event would crash the process.
    publisher.on('error', (error: Error) => log.debug('redis publisher error', { error: error.message }));
    subscriber.on('error', (error: Error) => log.debug('redis subscriber error', { error: error.message }));
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const topic = this.channels.get(channel.toString('utf8'));
      if (topic !== undefined) this.adapter.deliver(topic, message);
    });
  }

  watchClose(): void {
    const onEnd = (which: string) => (): void => {
      if (!this.closing) this.lost(new Error(`redis ${which} connection closed`));
    };
    this.publisher.once('end', onEnd('publisher'));
    this.subscriber.once('end', onEnd('subscriber'));
  }

  publish(channel: string, data: string): void {
    this.publisher.publish(channel, data).catch((error: unknown) => {
      if (!this.closing) this.lost(error instanceof Error ? error : new Error(String(error)));
    });
  }

  async watch(topic: string, channel: string): Promise<void> {
    if (this.channels.has(channel)) return;
    this.channels.set(channel, topic);
    await this.subscriber.subscribe(channel);
  }

  async unwatch(_topic: string, channel: string): Promise<void> {
    if (!this.channels.delete(channel)) return;
    await this.subscriber.unsubscribe(channel);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
