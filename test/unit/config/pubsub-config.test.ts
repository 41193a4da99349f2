// The `pubsub` section of the configuration: adapter, URL, subject prefix, node name; a bad value is a ConfigError
// naming the key, and credentials in a server URL are never shown.
import { expect } from 'chai';
import { loadConfig } from '../../../config/index.js';
import { ConfigError } from '../../../lib/core/errors.js';

function configError(overrides: Record<string, unknown>, env: Record<string, string> = {}): ConfigError {
  try {
    loadConfig({ env, overrides });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config: pubsub', () => {
  it('defaults to the local adapter under prefix cex', () => {
    expect(loadConfig({ env: {} }).pubsub).to.deep.equal({ adapter: 'local', subjectPrefix: 'cex' });
  });

  it('takes nats or redis with a URL, from overrides or the environment', () => {
    expect(loadConfig({ env: {}, overrides: { pubsub: { adapter: 'nats', url: 'nats://127.0.0.1:4222' } } }).pubsub).to.include({ adapter: 'nats', url: 'nats://127.0.0.1:4222' });
    const fromEnv = loadConfig({ env: { CEX_PUBSUB_ADAPTER: 'redis', CEX_PUBSUB_URL: 'redis://127.0.0.1:6379', CEX_PUBSUB_NODE_NAME: 'market-1', CEX_PUBSUB_SUBJECT_PREFIX: 'prod.cex' } }).pubsub;
    expect(fromEnv).to.deep.equal({ adapter: 'redis', url: 'redis://127.0.0.1:6379', nodeName: 'market-1', subjectPrefix: 'prod.cex' });
  });

  it('refuses a bad adapter, a missing or wrong-scheme URL, a bad prefix or node name, naming the key', () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ adapter: 'kafka' }, 'pubsub.adapter', /local, nats or redis/],
      [{ adapter: 'nats' }, 'pubsub.url', /required when pubsub.adapter is nats/],
      [{ adapter: 'redis', url: 'nats://127.0.0.1:4222' }, 'pubsub.url', /scheme redis or rediss/],
      [{ adapter: 'nats', url: 'not a url' }, 'pubsub.url', /scheme nats or tls/],
      [{ adapter: 'nats', url: 'nats://' }, 'pubsub.url', /must name a host/],
      [{ subjectPrefix: 'cex.*' }, 'pubsub.subjectPrefix', /dot-separated tokens/],
      [{ nodeName: 'a b' }, 'pubsub.nodeName', /letters, digits/],
      [{ extra: 1 }, 'pubsub', /unknown key/],
    ];
    for (const [pubsub, path, rule] of cases) {
      const error = configError({ pubsub });
      expect(error.path, JSON.stringify(pubsub)).to.equal(path);
      expect(error.message, JSON.stringify(pubsub)).to.match(rule);
    }
  });

  it('never shows the credentials of a server URL in an error', () => {
    const error = configError({ pubsub: { adapter: 'redis', url: 'nats://admin:hunter2secret@127.0.0.1:4222' } });
    expect(error.path).to.equal('pubsub.url');
    expect(error.message).not.to.include('hunter2secret');
    expect(error.message).not.to.include('admin');
  });
});
