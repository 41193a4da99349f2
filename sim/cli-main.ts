// Direct entry for the simulator CLI (`npx tsx sim/cli-main.ts --port 0`); `cex-actors sim` does the same.
import { runSim } from './cli.js';

runSim(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
