import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../config/index.js';
import { ConfigError } from '../../../lib/core/errors.js';

function tempFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cex-config-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, content);
  return path;
}

function catchError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns the defaults when nothing else is given', () => {
    const config = loadConfig({ env: {} });
    expect(config.log.level).to.equal('info');
    expect(config.exchanges.binance.recvWindowMs).to.equal(5000);
    expect(config.exchanges.binance.credentials).to.equal(undefined);
  });

  it('layers defaults < file < environment < explicit overrides', () => {
    const file = tempFile(JSON.stringify({ log: { level: 'warn', format: 'json' }, simulator: { port: 4000 } }));
    const config = loadConfig({ file, env: { CEX_LOG_LEVEL: 'debug' }, overrides: { simulator: { seed: 7 } } });
    expect(config.log).to.deep.equal({ level: 'debug', format: 'json' });
    expect(config.simulator.port).to.equal(4000);
    expect(config.simulator.seed).to.equal(7);
  });

  it('reads the file named by CEX_CONFIG', () => {
    const file = tempFile(JSON.stringify({ simulator: { seed: 99 } }));
    expect(loadConfig({ env: { CEX_CONFIG: file } }).simulator.seed).to.equal(99);
  });

  it('maps generic CEX__A__B variables to nested camelCase keys', () => {
    const config = loadConfig({ env: { CEX__RUNTIME__ASK_TIMEOUT_MS: '1234' } });
    expect(config.runtime.askTimeoutMs).to.equal(1234);
  });

  it('takes credentials from the environment', () => {
    const config = loadConfig({ env: { CEX_BINANCE_API_KEY: 'key', CEX_BINANCE_API_SECRET: '12345' } });
    expect(config.exchanges.binance.credentials).to.deep.equal({ apiKey: 'key', apiSecret: '12345' });
  });

  it('names the key path, the value and the rule of a bad value', () => {
    const error = catchError(() => loadConfig({ env: { CEX_SIM_PORT: '70000' } }));
    expect(error.path).to.equal('simulator.port');
    expect(error.message).to.contain('simulator.port').and.contain('70000').and.contain('<= 65535');
  });

  it('rejects unknown keys, naming them', () => {
    const file = tempFile(JSON.stringify({ log: { levle: 'info' } }));
    const error = catchError(() => loadConfig({ file, env: {} }));
    expect(error.path).to.equal('log');
    expect(error.message).to.contain('levle');
  });

  it('rejects a URL with the wrong scheme', () => {
    const error = catchError(() => loadConfig({ env: { CEX_BINANCE_WS_URL: 'https://x' } }));
    expect(error.path).to.equal('exchanges.binance.wsUrl');
    expect(error.rule).to.contain('ws or wss');
  });

  it('refuses secrets in a config file and does not echo them', () => {
    const file = tempFile(JSON.stringify({ exchanges: { binance: { credentials: { apiKey: 'k', apiSecret: 'SUPERSECRET' } } } }));
    const error = catchError(() => loadConfig({ file, env: {} }));
    expect(error.path).to.equal('exchanges.binance.credentials');
    expect(error.message).not.to.contain('SUPERSECRET');
  });

  it('never echoes a secret value in a validation error', () => {
    const error = catchError(() => loadConfig({ env: {}, overrides: { exchanges: { binance: { credentials: { apiKey: 'k', apiSecret: 42 } } } } }));
    expect(error.path).to.equal('exchanges.binance.credentials.apiSecret');
    expect(error.message).to.contain('[REDACTED]').and.not.contain('42');
  });

  it('reports an unreadable or malformed file clearly', () => {
    expect(catchError(() => loadConfig({ file: '/nonexistent/cfg.json', env: {} })).message).to.contain('cannot read');
    expect(catchError(() => loadConfig({ file: tempFile('{nope'), env: {} })).message).to.contain('not a JSON object');
  });
});
