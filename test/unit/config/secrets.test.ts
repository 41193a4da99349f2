// No configuration error may carry a secret, whatever the failing path: every kind of invalid configuration is fed
// with credentials present, and the error (message, properties, inspection) and every log record are searched.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import winston from 'winston';
import { loadConfig, validateConfig, type LoadOptions } from '../../../config/index.js';
import defaults from '../../../config/defaults.json' with { type: 'json' };
import { ConfigError } from '../../../lib/core/errors.js';
import { logger } from '../../../lib/log.js';

const SECRET = 'S3cr3tValue9f8e7d6c5b4a';
const KEY = 'ApiKeyValue0123456789abc';
const PASSPHRASE = 'Okx7766554433Phrase';
const SECRETS = [SECRET, KEY, PASSPHRASE];
const CREDENTIALS_ENV = { CEX_BINANCE_API_KEY: KEY, CEX_BINANCE_API_SECRET: SECRET };
const credentials = { apiKey: KEY, apiSecret: SECRET };

const dir = mkdtempSync(join(tmpdir(), 'cex-secrets-'));
function file(content: string): string {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, content);
  return path;
}

/** Runs `fn`, expecting a ConfigError; returns everything the error and the log show. */
function everythingShown(fn: () => unknown): { error: ConfigError; shown: string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const transport = new winston.transports.Stream({ stream, format: winston.format.json() });
  const previous = logger.level;
  logger.level = 'debug';
  logger.add(transport);
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
    // What a service would do with it: log it (the logger's redaction is the second line of defence).
    logger.error('configuration failed', { error });
    logger.error(error instanceof Error ? error.message : String(error));
  } finally {
    logger.remove(transport);
    logger.level = previous;
  }
  expect(caught, 'a ConfigError').to.be.instanceOf(ConfigError);
  const error = caught as ConfigError;
  const shown = [
    error.message,
    String(error),
    error.stack ?? '',
    error.path,
    error.rule,
    JSON.stringify(error),
    JSON.stringify(error, Object.getOwnPropertyNames(error)),
    inspect(error, { depth: 20, showHidden: true }),
    inspect(error.cause, { depth: 20, showHidden: true }),
    ...chunks,
  ].join('\n');
  return { error, shown };
}

type Case = [name: string, run: () => unknown];

describe('configuration errors never carry a secret', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  const load = (options: LoadOptions) => () => loadConfig({ ...options, env: { ...CREDENTIALS_ENV, ...options.env } });
  const cases: Case[] = [
    // Unknown keys at every level that holds credentials.
    ['unknown key at the root (file)', load({ file: file(JSON.stringify({ logging: { level: 'info' } })) })],
    ['unknown key at the root (env)', load({ env: { CEX__LOGGING: 'x' } })],
    ['unknown key in exchanges', load({ file: file(JSON.stringify({ exchanges: { kraken: {} } })) })],
    ['unknown key in exchanges.binance', load({ file: file(JSON.stringify({ exchanges: { binance: { restUrll: 'x' } } })) })],
    ['unknown key in credentials (env)', load({ env: { CEX__EXCHANGES__BINANCE__CREDENTIALS__PASSPHRASE: PASSPHRASE } })],
    ['unknown key in credentials (overrides)', load({ overrides: { exchanges: { binance: { credentials: { ...credentials, extra: 1 } } } } })],
    ['unknown key at the root (overrides)', load({ overrides: { extra: { credentials } } })],
    // Wrong types where credentials live or next to them.
    ['credentials is a string', load({ env: {}, overrides: { exchanges: { binance: { credentials: SECRET } } } })],
    ['credentials is an array', load({ overrides: { exchanges: { binance: { credentials: [credentials] } } } })],
    ['exchanges.binance is a string', () => loadConfig({ env: {}, overrides: { exchanges: { binance: SECRET } } })],
    ['exchanges is an array', () => loadConfig({ env: {}, overrides: { exchanges: [{ binance: { credentials } }] } })],
    ['apiSecret is a number', () => loadConfig({ env: { CEX_BINANCE_API_KEY: KEY }, overrides: { exchanges: { binance: { credentials: { apiKey: KEY, apiSecret: 4242 } } } } })],
    ['apiKey is empty', load({ env: { CEX_BINANCE_API_KEY: '' } })],
    ['a secret-named key elsewhere', () => loadConfig({ env: {}, overrides: { runtime: { token: SECRET } } })],
    ['whole config is a string', () => validateConfig(SECRET)],
    ['whole config is an array', () => validateConfig([{ ...defaults, exchanges: { binance: { ...defaults.exchanges.binance, credentials } } }])],
    ['root missing a section', () => validateConfig({ exchanges: { binance: { ...defaults.exchanges.binance, credentials } } })],
    // Bad environment values beside credentials.
    ['bad port', load({ env: { CEX_SIM_PORT: 'abc' } })],
    ['bad recvWindow', load({ env: { CEX_BINANCE_RECV_WINDOW_MS: '-1' } })],
    ['bad URL', load({ env: { CEX_BINANCE_REST_URL: 'ftp://x' } })],
    ['bad log level', load({ env: { CEX_LOG_LEVEL: 'bogus' } })],
    ['bad log format', load({ env: { CEX_LOG_FORMAT: 'xml' } })],
    // Config files: secrets refused, unreadable, malformed (JSON.parse quotes the text it choked on).
    ['secret in a file', load({ file: file(JSON.stringify({ exchanges: { binance: { credentials } } })) })],
    ['secret-named key in a file under an unknown key', load({ file: file(JSON.stringify({ other: { passphrase: PASSPHRASE } })) })],
    ['malformed file with a secret (unquoted)', load({ file: file(`{"exchanges":{"binance":{"credentials":{"apiSecret": ${SECRET}}}}}`) })],
    ['malformed file with a secret (trailing comma)', load({ file: file(`{"apiSecret":"${SECRET}","apiKey":"${KEY}",}`) })],
    ['malformed file with a passphrase', load({ file: file(`{"passphrase" ${PASSPHRASE}}`) })],
    ['file is an array holding a secret', load({ file: file(JSON.stringify([{ apiSecret: SECRET }])) })],
    ['unreadable file', load({ file: join(dir, 'missing.json') })],
  ];

  for (const [name, run] of cases) {
    it(`${name}`, () => {
      const { shown } = everythingShown(run);
      // Not even part of one: JSON.parse, for one, quotes ten characters around the place it choked on.
      for (const secret of SECRETS) {
        for (let i = 0; i + 6 <= secret.length; i++) expect(shown, name).not.to.contain(secret.slice(i, i + 6));
      }
    });
  }

  it('still names the path, the value of a plain scalar and the rule', () => {
    const { error } = everythingShown(load({ env: { CEX_SIM_PORT: 'abc' } }));
    expect(error.path).to.equal('simulator.port');
    expect(error.message).to.contain('"abc"');
    const unknown = everythingShown(load({ file: file(JSON.stringify({ logging: { level: 'info' } })) })).error;
    expect(unknown.path).to.equal('(root)');
    expect(unknown.message).to.contain('logging');
  });
});
