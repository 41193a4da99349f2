// The simulator command's configuration: the one config format (section `simulator`), flags on top.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../lib/core/errors.js';
import { logger } from '../../lib/log.js';
import { loadCommandConfig, parseSimArgs, simulatorOptions } from '../../sim/cli.js';

describe('sim command configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-config-'));
  const file = (content: unknown): string => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  let level: string;
  let format: typeof logger.format;
  beforeEach(() => {
    level = logger.level;
    format = logger.format;
  });
  afterEach(() => {
    logger.level = level;
    logger.format = format;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('layers defaults < file < environment < flags, and applies the log settings', () => {
    const configFile = file({ log: { level: 'debug', format: 'json' }, simulator: { port: 4000, seed: 1, host: '127.0.0.2' } });
    const config = loadCommandConfig({ ...parseSimArgs(['--port', '4002', '--no-bots', '--log-level', 'warn']), configFile }, { CEX_SIM_PORT: '4001', CEX_SIM_SEED: '2' });
    expect(config.simulator).to.include({ port: 4002, seed: 2, host: '127.0.0.2', bots: false });
    expect(config.log).to.deep.equal({ level: 'warn', format: 'json' });
    expect(logger.level).to.equal('warn');
  });

  it('hands the simulator section to the simulator, whose schema checks it in full under simulator.*', () => {
    const config = loadCommandConfig({ configFile: file({ simulator: { symbols: ['ETHBTC'], fees: { maker: '0', taker: '0.001' } } }) }, {});
    const options = simulatorOptions(config);
    expect(options.symbols).to.deep.equal(['ETHBTC']);
    expect(options.fees).to.deep.equal({ maker: '0', taker: '0.001' });
    const bad = loadCommandConfig({ configFile: file({ simulator: { bots: { levels: 0 } } }) }, {});
    expect(() => simulatorOptions(bad)).to.throw(ConfigError, 'config simulator.bots.levels: must be > 0');
  });

  it('reads an old simulator-only file (top-level simulator keys) as the simulator section', () => {
    const config = loadCommandConfig({ configFile: file({ bots: false, seed: 3 }) }, {});
    expect(config.simulator).to.include({ bots: false, seed: 3 });
  });

  it('points a simulator key at the top level of a full config file to its section', () => {
    expect(() => loadCommandConfig({ configFile: file({ log: { level: 'info' }, port: 1 }) }, {})).to.throw(ConfigError, 'simulator settings go under "simulator"');
  });
});
