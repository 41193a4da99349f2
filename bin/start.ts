// `cex-actors start`: the main job. Until the market-data actors land, it serves the embedded simulator; with the
// simulator disabled (simulator.enabled = false) there is nothing to run yet, which is a configuration error.
import { COMMON_FLAGS, flagsHelp, parseFlags, type FlagSpecs } from '../config/flags.js';
import { ConfigError } from '../lib/core/errors.js';
import { loadCommandConfig, serveSimulator, SIMULATOR_FLAGS, simulatorArgs, simulatorOptions } from '../sim/cli.js';

export const START_FLAGS = { ...SIMULATOR_FLAGS, ...COMMON_FLAGS } as const satisfies FlagSpecs;

export const START_USAGE = `Usage: cex-actors start [options]

The main job (npm start). Until the market-data actors land it serves the embedded simulator, as
\`cex-actors sim\` does, when simulator.enabled is true (the default); with the simulator disabled there is
nothing to run yet, so it says so and exits 2. Settings: config/defaults.json < --config FILE or $CEX_CONFIG <
CEX_* environment < flags.

Options:
${flagsHelp(START_FLAGS)}`;

export async function runStart(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const values = parseFlags('cex-actors start', argv, START_FLAGS);
  if (values.help) {
    process.stdout.write(START_USAGE);
    return;
  }
  const args = { ...simulatorArgs(values), configFile: values.config, logLevel: values['log-level'], logFormat: values['log-format'] };
  const config = loadCommandConfig(args, env);
  if (!config.simulator.enabled) {
    throw new ConfigError(
      'simulator.enabled',
      'true until the market-data actors land',
      'simulator.enabled is false, and until the market-data actors land the embedded simulator is all `start` runs: nothing to do (unset CEX_SIM_ENABLED, or run `cex-actors sim`)',
    );
  }
  await serveSimulator(simulatorOptions(config));
}
