// Invalid configurations, property-based (seeded): one key of a valid configuration broken at a time, given as an
// explicit object, as overrides or through the environment. Always a ConfigError naming the key, never a secret in
// anything it shows; and `startExchangeSystem` refuses such a configuration before it opens a single socket.
import { expect } from 'chai';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { loadConfig, validateConfig } from '../../../config/index.js';
import defaults from '../../../config/defaults.json' with { type: 'json' };
import { startExchangeSystem } from '../../../facade/exchange-system.js';
import { ConfigError } from '../../../lib/core/errors.js';

const SECRET = 'q7Zp2Lw9Xk4Rt8Vn3Hs6Jd1M';
const KEY = 'K3vB8nQ2wE5rT9yU1iO6pA4z';
const credentials = { apiKey: KEY, apiSecret: SECRET };

/** A key path and a value that breaks its rule. */
interface Broken {
  readonly path: readonly string[];
  readonly value: unknown;
  /** The path the error must name (an unknown key is reported at the object holding it). */
  readonly names: string;
}

const key = (path: string, values: unknown[]): fc.Arbitrary<Broken> =>
  fc.constantFrom(...values).map((value) => ({ path: path.split('.'), value, names: path }));

const broken: fc.Arbitrary<Broken> = fc.oneof(
  key('log.level', ['bogus', 'INFO', 5, null, '', []]),
  key('log.format', ['xml', 1, null]),
  key('simulator.enabled', ['yes', 1, null, 'true']),
  key('simulator.host', ['', 5, null, []]),
  key('simulator.port', [-1, 65536, 1.5, '80', null, Number.MAX_SAFE_INTEGER + 2, []]),
  key('simulator.seed', [1.5, '', null, {}, []]),
  key('exchanges.binance.restUrl', ['ftp://x', 'not a url', '', 'ws://127.0.0.1', 5, null, {}]),
  key('exchanges.binance.wsUrl', ['http://127.0.0.1', 'wss//x', '', 5, null]),
  key('exchanges.binance.wsApiUrl', ['https://127.0.0.1', 'file:///etc/passwd', '', 5]),
  key('exchanges.binance.recvWindowMs', [0, -1, 60001, 1.5, '5000', null, Number.POSITIVE_INFINITY]),
  key('exchanges.binance.credentials.apiKey', ['', 5, null, []]),
  key('exchanges.binance.credentials.apiSecret', ['', 5, null, [SECRET], { secret: SECRET }]),
  key('metrics.enabled', ['yes', 0, null]),
  key('metrics.port', [-1, 70000, 0.5, '9464']),
  key('metrics.host', ['', 1]),
  key('runtime.askTimeoutMs', [0, -5, 1.5, 2 ** 31, '5000', null]),
  key('runtime.shutdownTimeoutMs', [0, 2 ** 40, 'x']),
  // Unknown keys, reported at the object that holds them.
  fc.constantFrom('', 'log', 'simulator', 'exchanges', 'exchanges.binance', 'exchanges.binance.credentials', 'metrics', 'runtime').chain((parent) =>
    fc.constantFrom('levell', 'apiSecrett', 'token', 'extra', 'constructor').map((name) => ({ path: [...(parent ? parent.split('.') : []), name], value: SECRET, names: parent || '(root)' })),
  ),
  // A section that is not an object.
  fc.constantFrom('log', 'simulator', 'exchanges', 'exchanges.binance', 'exchanges.binance.credentials', 'metrics', 'runtime').chain((path) =>
    fc.constantFrom<unknown>('x', 5, null, [], true, SECRET).map((value) => ({ path: path.split('.'), value, names: path })),
  ),
);

/** A valid configuration (with credentials) whose `path` holds `value`. */
function configWith({ path, value }: Broken): Record<string, unknown> {
  const config = structuredClone({ ...defaults, simulator: { ...defaults.simulator, enabled: false }, exchanges: { binance: { ...defaults.exchanges.binance, credentials } } }) as Record<string, unknown>;
  let node = config;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
  Object.defineProperty(node, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return config;
}

/** Everything a ConfigError shows, for the secret search. */
const shown = (error: ConfigError): string =>
  [error.message, error.stack ?? '', error.path, error.rule, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })].join('\n');

function expectNamedAndClean(error: unknown, broken: Broken): void {
  if (!(error instanceof ConfigError)) throw new Error(`${broken.path.join('.')} = ${inspect(broken.value)}: expected a ConfigError, got ${String(error)}`);
  if (error.path !== broken.names) throw new Error(`${broken.path.join('.')} = ${inspect(broken.value)}: the error names ${error.path}, not ${broken.names}`);
  const text = shown(error);
  for (const secret of [SECRET, KEY]) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      if (text.includes(secret.slice(i, i + 6))) throw new Error(`${broken.path.join('.')}: the error shows part of a secret: ${error.message}`);
    }
  }
}

const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('invalid configurations (property-based, seeded)', () => {
  it('validateConfig: a ConfigError naming the key, without a secret', () => {
    fc.assert(
      fc.property(broken, (b) => expectNamedAndClean(errorOf(() => validateConfig(configWith(b))), b)),
      { seed: 0xc0f1, numRuns: 1000 },
    );
  });

  it('loadConfig with the key as an override, credentials from the environment: the same', () => {
    const env = { CEX_BINANCE_API_KEY: KEY, CEX_BINANCE_API_SECRET: SECRET };
    fc.assert(
      fc.property(broken, (b) => {
        let overrides: Record<string, unknown> = { [b.path[b.path.length - 1]!]: b.value };
        for (const part of b.path.slice(0, -1).reverse()) overrides = { [part]: overrides };
        expectNamedAndClean(errorOf(() => loadConfig({ env, overrides })), b);
      }),
      { seed: 0xc0f2, numRuns: 500 },
    );
  });

  it('loadConfig from the environment (values are text): the same for every scalar key', () => {
    const env = { CEX_BINANCE_API_KEY: KEY, CEX_BINANCE_API_SECRET: SECRET };
    const scalar = fc.constantFrom<[string, string, string]>(
      ['CEX_LOG_LEVEL', 'loud', 'log.level'],
      ['CEX_LOG_FORMAT', 'xml', 'log.format'],
      ['CEX_SIM_ENABLED', 'yes', 'simulator.enabled'],
      ['CEX_SIM_PORT', '-1', 'simulator.port'],
      ['CEX_SIM_PORT', '65536', 'simulator.port'],
      ['CEX_SIM_PORT', 'abc', 'simulator.port'],
      ['CEX_SIM_SEED', '1.5', 'simulator.seed'],
      ['CEX_BINANCE_REST_URL', 'ftp://x', 'exchanges.binance.restUrl'],
      ['CEX_BINANCE_WS_URL', 'http://x', 'exchanges.binance.wsUrl'],
      ['CEX_BINANCE_WS_API_URL', 'x', 'exchanges.binance.wsApiUrl'],
      ['CEX_BINANCE_RECV_WINDOW_MS', '60001', 'exchanges.binance.recvWindowMs'],
      ['CEX_BINANCE_RECV_WINDOW_MS', '1e3', 'exchanges.binance.recvWindowMs'],
      ['CEX_BINANCE_API_KEY', '', 'exchanges.binance.credentials.apiKey'],
      ['CEX_METRICS_PORT', '99999', 'metrics.port'],
      ['CEX__RUNTIME__ASK_TIMEOUT_MS', '0', 'runtime.askTimeoutMs'],
      ['CEX__RUNTIME__SHUTDOWN_TIMEOUT_MS', 'soon', 'runtime.shutdownTimeoutMs'],
    );
    fc.assert(
      fc.property(scalar, ([name, value, path]) => {
        expectNamedAndClean(errorOf(() => loadConfig({ env: { ...env, [name]: value } })), { path: path.split('.'), value, names: path });
      }),
      { seed: 0xc0f3, numRuns: 100 },
    );
  });

  describe('startExchangeSystem', function () {
    this.timeout(20_000);
    let server: Server;
    let connections = 0;
    let url: string;
    before(async () => {
      // Every URL of the configurations points here: any connection (HTTP or WebSocket) is counted.
      server = createServer((_req, res) => res.end('{}'));
      server.on('connection', () => void (connections += 1));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      url = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('refuses an invalid configuration with a ConfigError naming the key, before it opens any socket', async () => {
      // Keys that point somewhere keep pointing here unless they are the broken one.
      const local = (b: Broken): Record<string, unknown> => {
        const config = configWith(b) as { exchanges?: { binance?: Record<string, unknown> } };
        const binance = config.exchanges?.binance;
        if (binance && typeof binance === 'object' && !Array.isArray(binance)) {
          for (const [k, scheme] of [['restUrl', 'http'], ['wsUrl', 'ws'], ['wsApiUrl', 'ws']] as const) {
            if (b.path.join('.') !== `exchanges.binance.${k}`) binance[k] = `${scheme}://${url}`;
          }
        }
        return config;
      };
      await fc.assert(
        fc.asyncProperty(broken, async (b) => {
          const error = await startExchangeSystem({ config: local(b) as never, simulator: false, metrics: false }).then(
            async (system) => {
              await system.stop();
              return new Error('started');
            },
            (e: unknown) => e,
          );
          expectNamedAndClean(error, b);
          if (connections !== 0) throw new Error(`${b.path.join('.')}: ${connections} connection(s) opened`);
        }),
        { seed: 0xc0f4, numRuns: 150 },
      );
      expect(connections).to.equal(0);
    });
  });
});
