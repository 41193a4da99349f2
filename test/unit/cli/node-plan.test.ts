// What `cex-actors node` makes of its flags over the configuration, before anything starts: every mistake is a
// ConfigError (one line, exit code 2, test/integration/cli-node.test.ts), flags beat the environment.
import { expect } from 'chai';
import { nodePlan, NODE_FLAGS } from '../../../bin/node.js';
import { parseFlags } from '../../../config/flags.js';
import { ConfigError } from '../../../lib/core/errors.js';

const plan = (args: string[], env: Record<string, string> = {}): ReturnType<typeof nodePlan> => nodePlan(parseFlags('cex-actors node', args, NODE_FLAGS), env);

function refused(args: string[], env: Record<string, string> = {}): ConfigError {
  try {
    plan(args, env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`accepted ${args.join(' ')}`);
}

describe('cex-actors node: flags and configuration', () => {
  it('takes the adapter from the --pubsub scheme, over the environment', () => {
    const env = { CEX_PUBSUB_ADAPTER: 'redis', CEX_PUBSUB_URL: 'redis://10.0.0.1:6379', CEX_PUBSUB_NODE_NAME: 'from-env' };
    expect(plan(['--role', 'market'], env).config.pubsub).to.include({ adapter: 'redis', url: 'redis://10.0.0.1:6379', nodeName: 'from-env' });
    expect(plan(['--role', 'market', '--pubsub', 'nats://127.0.0.1:4222', '--node-name', 'm-1'], env).config.pubsub).to.include({ adapter: 'nats', url: 'nats://127.0.0.1:4222', nodeName: 'm-1' });
    expect(plan(['--role', 'market', '--pubsub', 'tls://nats.example:4222'], env).config.pubsub.adapter).to.equal('nats');
    expect(plan(['--role', 'market', '--pubsub', 'rediss://cache.example:6380']).config.pubsub.adapter).to.equal('redis');
    expect(plan(['--role', 'market', '--pubsub', 'local'], env).config.pubsub.adapter).to.equal('local');
    expect(plan(['--role', 'market', '--subject-prefix', 'prod.cex']).config.pubsub.subjectPrefix).to.equal('prod.cex');
  });

  it('market embeds the simulator unless an exchange URL is given; trading never does', () => {
    const market = plan(['--role', 'market']);
    expect(market).to.include({ role: 'market', embedSimulator: true });
    expect(market.symbols).to.deep.equal(['BTC/USDT', 'ETH/USDT', 'ETH/BTC']);
    expect(market.channels).to.deep.equal(['book', 'trades', 'ticker']);
    const remote = plan(['--role', 'all', '--rest-url', 'http://127.0.0.1:9000', '--ws-url', 'ws://127.0.0.1:9000', '--symbols', 'BTC/USDT, ETH/USDT,BTC/USDT', '--channels', 'depth']);
    expect(remote).to.include({ embedSimulator: false });
    expect(remote.config.exchanges.binance).to.include({ restUrl: 'http://127.0.0.1:9000', wsUrl: 'ws://127.0.0.1:9000' });
    expect(remote.symbols).to.deep.equal(['BTC/USDT', 'ETH/USDT']);
    expect(remote.channels).to.deep.equal(['depth']);
    const trading = plan(['--role', 'trading', '--rest-url', 'http://127.0.0.1:9000', '--ws-api-url', 'ws://127.0.0.1:9000/ws-api/v3', '--users', 'alice,bob'], { CEX_BINANCE_API_KEY: 'k'.repeat(64), CEX_BINANCE_API_SECRET: 's'.repeat(64) });
    expect(trading).to.include({ role: 'trading', embedSimulator: false });
    expect(trading.users).to.deep.equal(['alice', 'bob']);
    expect(plan(['--role', 'trading'], { CEX_SIM_ENABLED: 'false' }).embedSimulator).to.equal(false);
  });

  it('refuses a missing or unknown role, a bad --pubsub, an unknown channel, users where they cannot run, naming the flag', () => {
    const cases: [string[], Record<string, string>, string, RegExp][] = [
      [['--pubsub', 'nats://127.0.0.1:4222'], {}, '--role', /--role is required: market, trading or all/],
      [['--role', 'broker'], {}, '--role', /--role must be market, trading or all, got 'broker'/],
      [['--role', 'market', '--pubsub', 'amqp://127.0.0.1'], {}, '--pubsub', /must be local or a nats:\/\/, tls:\/\/, redis:\/\/ or rediss:\/\/ URL, got the scheme amqp:\/\//],
      [['--role', 'market', '--pubsub', '127.0.0.1:4222'], {}, '--pubsub', /got no URL/],
      [['--role', 'market', '--pubsub', 'nats://'], {}, 'pubsub.url', /must name a host/],
      [['--role', 'trading', '--pubsub', 'nats://127.0.0.1:4222'], {}, '--role', /never embeds the simulator: give --rest-url and --ws-api-url/],
      [['--role', 'market', '--channels', 'book,candles'], {}, '--channels', /'candles' is not one of book, trades, ticker, bookTicker, depth/],
      [['--role', 'market', '--symbols', ' , '], {}, '--symbols', /at least one/],
      [['--role', 'market', '--users', 'alice'], {}, '--users', /needs --role trading or all/],
      [['--role', 'all', '--users', 'a b'], {}, '--users', /'a b' is not a user id/],
      [['--role', 'trading', '--rest-url', 'http://127.0.0.1:9000', '--users', 'alice'], {}, '--users', /needs credentials: set CEX_BINANCE_API_KEY/],
      [['--role', 'market', '--port', 'x'], {}, '--port', /integer 0-65535/],
    ];
    for (const [args, env, path, rule] of cases) {
      const error = refused(args, env);
      expect(error.path, args.join(' ')).to.equal(path);
      expect(error.message, args.join(' ')).to.match(rule);
    }
  });

  it('never shows a password given in --pubsub', () => {
    const error = refused(['--role', 'market', '--pubsub', 'http://user:hunter2@127.0.0.1:4222']);
    expect(error.message).not.to.contain('hunter2').and.not.to.contain('user');
  });
});
