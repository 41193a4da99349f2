// `cex-actors sim [--port N] [--seed S] [--config FILE] [--no-bots] [--soak SECONDS]`: runs the simulator until
// SIGINT or SIGTERM. The first stdout line is one JSON object (URLs and demo accounts) for scripts; logs go to
// stderr. With --soak it runs that long with bots, watches every stream, prints one JSON line per stream and
// exits (rejects with SoakFailedError when a check failed, so the CLI exits 1).
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../lib/core/errors.js';
import { childLogger } from '../lib/log.js';
import { startSimulator, type SimulatorOptions } from './simulator.js';
import { runSoak, SoakFailedError, soakSummaryLines } from './soak.js';

export interface SimCliArgs {
  port?: number;
  seed?: number | string;
  configFile?: string;
  bots?: false;
  /** Soak mode: run this many seconds, check streams and invariants, print a summary, exit. */
  soakSeconds?: number;
}

const MAX_SOAK_SECONDS = 24 * 3600;

function valueOf(argv: string[], i: number, flag: string): string {
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('--')) throw new ConfigError(flag, 'value required', `${flag} needs a value`);
  return value;
}

export function parseSimArgs(argv: string[]): SimCliArgs {
  const args: SimCliArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': {
        const text = valueOf(argv, i++, arg);
        const port = Number(text);
        if (!/^\d+$/.test(text) || port > 65535) throw new ConfigError('--port', 'integer 0-65535', `--port must be an integer 0-65535, got ${text}`);
        args.port = port;
        break;
      }
      case '--seed': {
        const text = valueOf(argv, i++, arg);
        args.seed = /^-?\d+$/.test(text) ? Number(text) : text;
        break;
      }
      case '--config':
        args.configFile = valueOf(argv, i++, arg);
        break;
      case '--no-bots':
        args.bots = false;
        break;
      case '--soak': {
        const text = valueOf(argv, i++, arg);
        const seconds = Number(text);
        if (!/^\d+$/.test(text) || seconds < 1 || seconds > MAX_SOAK_SECONDS) {
          throw new ConfigError('--soak', `integer 1-${MAX_SOAK_SECONDS}`, `--soak must be a whole number of seconds 1-${MAX_SOAK_SECONDS}, got ${text}`);
        }
        args.soakSeconds = seconds;
        break;
      }
      default:
        throw new ConfigError(String(arg), 'known option', `unknown option ${String(arg)} (use --port, --seed, --config, --no-bots, --soak)`);
    }
  }
  if (args.soakSeconds !== undefined && args.bots === false) throw new ConfigError('--soak', 'bots on', '--soak needs the bots: drop --no-bots');
  return args;
}

async function loadOptions(args: SimCliArgs): Promise<SimulatorOptions> {
  let options: SimulatorOptions = {};
  if (args.configFile !== undefined) {
    let text: string;
    try {
      text = await readFile(args.configFile, 'utf8');
    } catch (err) {
      throw new ConfigError('--config', 'readable', `cannot read ${args.configFile}: ${(err as Error).message}`);
    }
    try {
      options = JSON.parse(text) as SimulatorOptions;
    } catch (err) {
      throw new ConfigError('--config', 'json', `${args.configFile} is not JSON: ${(err as Error).message}`);
    }
  }
  // Flags override the file.
  if (args.port !== undefined) options.port = args.port;
  if (args.seed !== undefined) options.seed = args.seed;
  if (args.bots === false) options.bots = false;
  return options;
}

/** Soak mode: prints one JSON line per stream, the invariants and the verdict; rejects when a check failed. */
async function soak(seconds: number, options: SimulatorOptions): Promise<void> {
  const report = await runSoak({ seconds, simulator: options });
  for (const line of soakSummaryLines(report)) process.stdout.write(`${line}\n`);
  if (!report.ok) throw new SoakFailedError(report);
}

/** Runs the simulator until SIGINT/SIGTERM (or, with --soak, for that long); resolves once it has stopped. */
export async function runSim(argv: string[]): Promise<void> {
  const args = parseSimArgs(argv);
  const options = await loadOptions(args);
  if (args.soakSeconds !== undefined) return soak(args.soakSeconds, options);
  const sim = await startSimulator(options);
  const info = { rest: sim.rest, ws: sim.ws, wsApi: sim.wsApi, port: sim.port, accounts: sim.accounts };
  process.stdout.write(`${JSON.stringify(info)}\n`);
  childLogger('sim.cli').info('simulator running; SIGINT or SIGTERM stops it', { rest: sim.rest, ws: sim.ws, wsApi: sim.wsApi });
  await new Promise<void>((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await sim.stop();
}
