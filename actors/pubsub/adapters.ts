// Builds the pub/sub adapter a configuration names (`pubsub.adapter`: local, nats, redis).
import { LocalAdapter, type PubSubAdapter } from './adapter.js';
import { NatsAdapter, type NatsAdapterOptions } from './nats-adapter.js';
import { RedisAdapter } from './redis-adapter.js';

export interface PubSubAdapterConfig {
  readonly adapter: 'local' | 'nats' | 'redis';
  /** Required for nats and redis. */
  readonly url?: string;
  readonly subjectPrefix?: string;
  /** NATS: this node's durable identity (JetStream consumers). */
  readonly durableName?: string;
  readonly stream?: string;
}

export function createPubSubAdapter(config: PubSubAdapterConfig): PubSubAdapter {
  switch (config.adapter) {
    case 'local':
      return new LocalAdapter();
    case 'nats':
    case 'redis': {
      if (config.url === undefined) throw new Error(`pubsub adapter ${config.adapter} needs a url`);
      const options: NatsAdapterOptions = {
        url: config.url,
        ...(config.subjectPrefix === undefined ? {} : { subjectPrefix: config.subjectPrefix }),
        ...(config.durableName === undefined ? {} : { durableName: config.durableName }),
        ...(config.stream === undefined ? {} : { stream: config.stream }),
      };
      return config.adapter === 'nats' ? new NatsAdapter(options) : new RedisAdapter(options);
    }
    default: {
      const never: never = config.adapter;
      throw new Error(`unknown pubsub adapter ${String(never)}`);
    }
  }
}
