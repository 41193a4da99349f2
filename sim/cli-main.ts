// Direct entry for the simulator CLI (`npx tsx sim/cli-main.ts --port 0`); `cex-actors sim` does the same.
// Exit codes as the CLI's: 2 for a configuration or usage mistake (one line on stderr), 1 for any other failure.
import { ConfigError } from '../lib/core/errors.js';
import { redactString } from '../lib/log.js';
import { runSim } from './cli.js';

runSim(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`sim: ${redactString(err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ')}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
