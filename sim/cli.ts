// `cex-actors sim [--port N] [--seed S] [--config FILE] [--no-bots] [--soak SECONDS]`: runs the simulator until
// SIGINT or SIGTERM. Its settings come from the one configuration (section `simulator`; defaults < file < env <
// flags). The first stdout line is one JSON object (URLs and demo accounts) for scripts; logs go to stderr. With
// --soak it runs that long with bots, watches every stream, prints one JSON line per stream and exits (rejects with
// SoakFailedError when a check failed, so the CLI exits 1).
import { COMMON_FLAGS, flagsHelp, logOverrides, parseFlags, type FlagSpecs } from '../config/flags.js';
import { loadConfig, type Config } from '../config/index.js';
import { ConfigError } from '../lib/core/errors.js';
import { childLogger, configureLogger } from '../lib/log.js';
import { parseSimConfig, type SimConfig } from './config.js';
import { startSimulator } from './simulator.js';
import { runSoak, SoakFailedError, soakSummaryLines } from './soak.js';

const MAX_SOAK_SECONDS = 24 * 3600;

/** The simulator's own flags; each sets a `simulator.*` key (except --soak, a mode). */
export const SIMULATOR_FLAGS = {
  port: { type: 'string', value: 'N', help: 'simulator.port: listen port (0 = any free port)' },
  seed: { type: 'string', value: 'S', help: 'simulator.seed: demo keys, bots and ids follow it' },
  'no-bots': { type: 'boolean', help: 'simulator.bots = false: no liquidity bots (an empty book)' },
} as const satisfies FlagSpecs;

export const SIM_FLAGS = {
  ...SIMULATOR_FLAGS,
  soak: { type: 'string', value: 'SECONDS', help: `health run: watch every stream SECONDS (1-${MAX_SOAK_SECONDS}), check the engine, exit 0 or 1` },
  ...COMMON_FLAGS,
} as const satisfies FlagSpecs;

export const SIM_USAGE = `Usage: cex-actors sim [options]

Runs the local Binance-spot simulator (REST, market streams, WebSocket API) until SIGINT/SIGTERM. The first
stdout line is a JSON object with the URLs and demo accounts; logs go to stderr. Settings: the "simulator"
section of the configuration (config/defaults.json < --config FILE or $CEX_CONFIG < CEX_* environment < flags).

Options:
${flagsHelp(SIM_FLAGS)}`;

export interface SimCliArgs {
  port?: number;
  seed?: number | string;
  configFile?: string;
  bots?: false;
  /** Soak mode: run this many seconds, check streams and invariants, print a summary, exit. */
  soakSeconds?: number;
  logLevel?: string;
  logFormat?: string;
  help?: true;
}

/** The simulator flags of `values` (sim or start), checked, as SimCliArgs. */
export function simulatorArgs(values: { port?: string; seed?: string; 'no-bots'?: true }): SimCliArgs {
  const args: SimCliArgs = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new ConfigError('--port', 'integer 0-65535', `--port must be an integer 0-65535, got ${values.port}`);
    args.port = port;
  }
  if (values.seed !== undefined) args.seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  if (values['no-bots']) args.bots = false;
  return args;
}

export function parseSimArgs(argv: string[]): SimCliArgs {
  const values = parseFlags('cex-actors sim', argv, SIM_FLAGS);
  const args = simulatorArgs(values);
  if (values.config !== undefined) args.configFile = values.config;
  if (values.soak !== undefined) {
    const seconds = Number(values.soak);
    if (!/^\d+$/.test(values.soak) || seconds < 1 || seconds > MAX_SOAK_SECONDS) {
      throw new ConfigError('--soak', `integer 1-${MAX_SOAK_SECONDS}`, `--soak must be a whole number of seconds 1-${MAX_SOAK_SECONDS}, got ${values.soak}`);
    }
    args.soakSeconds = seconds;
  }
  if (values['log-level'] !== undefined) args.logLevel = values['log-level'];
  if (values['log-format'] !== undefined) args.logFormat = values['log-format'];
  if (values.help) args.help = true;
  if (args.soakSeconds !== undefined && args.bots === false) throw new ConfigError('--soak', 'bots on', '--soak needs the bots: drop --no-bots');
  return args;
}

/** Loads the one configuration with the flags on top (defaults < file < env < flags) and applies its log settings. */
export function loadCommandConfig(args: SimCliArgs, env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const simulator: Record<string, unknown> = {};
  if (args.port !== undefined) simulator.port = args.port;
  if (args.seed !== undefined) simulator.seed = args.seed;
  if (args.bots === false) simulator.bots = false;
  const overrides = { ...logOverrides({ 'log-level': args.logLevel, 'log-format': args.logFormat }), simulator };
  const config = loadConfig({ file: args.configFile, env, overrides });
  configureLogger(config.log);
  return config;
}

/** The simulator's options from the configuration, checked in full by the simulator's schema. */
export function simulatorOptions(config: Config): SimConfig {
  const { enabled: _enabled, ...options } = config.simulator;
  return parseSimConfig(options, 'simulator');
}

/** Soak mode: prints one JSON line per stream, the invariants and the verdict; rejects when a check failed. */
async function soak(seconds: number, options: SimConfig): Promise<void> {
  const report = await runSoak({ seconds, simulator: options });
  for (const line of soakSummaryLines(report)) process.stdout.write(`${line}\n`);
  if (!report.ok) throw new SoakFailedError(report);
}

/** Serves the simulator until SIGINT/SIGTERM: the first stdout line is its URLs and accounts as JSON. */
export async function serveSimulator(options: SimConfig): Promise<void> {
  const sim = await startSimulator(options);
  // Listen for the signals before announcing the URLs: a script may send SIGTERM as soon as it reads them.
  const stopped = new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  // `futures.ws` is the base under which `/public` and `/market` (later `/private`) live.
  const futures = sim.futures ? { futures: { rest: sim.futures.rest, ws: sim.futures.ws } } : {};
  const info = { rest: sim.rest, ws: sim.ws, wsApi: sim.wsApi, ...futures, port: sim.port, accounts: sim.accounts };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  childLogger('sim.cli').info('simulator running; SIGINT or SIGTERM stops it', { rest: sim.rest, ws: sim.ws, wsApi: sim.wsApi });
  await stopped;
  await sim.stop();
}

/** `cex-actors sim`: runs the simulator until SIGINT/SIGTERM (or, with --soak, for that long); resolves once stopped. */
export async function runSim(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const args = parseSimArgs(argv);
  if (args.help) {
    process.stdout.write(SIM_USAGE);
    return;
  }
  const options = simulatorOptions(loadCommandConfig(args, env));
  if (args.soakSeconds !== undefined) return soak(args.soakSeconds, options);
  await serveSimulator(options);
}
