// The `cex-actors` CLI: `sim` runs the local Binance-spot simulator, `start` the main job, `--help` usage.
import { argv, exit, stderr, stdout } from 'node:process';

const USAGE = `Usage: cex-actors <command> [options]

Commands:
  sim [--port N] [--seed S] [--config FILE] [--no-bots] [--soak SECONDS]
                                              Run the local Binance-spot simulator (REST, market streams,
                                              WebSocket API) on 127.0.0.1. The first stdout line is a JSON
                                              object with the URLs and demo accounts. Stops on SIGINT/SIGTERM.
                                              --soak N: watch every stream for N seconds, check the engine's
                                              invariants, print a summary and exit 0 (healthy) or 1.
  start [options]                             The main job against the embedded simulator. Until the
                                              market-data actors land, the same as sim.
  help, --help, -h                            Show this help.
`;

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      stdout.write(USAGE);
      return 0;
    case 'sim':
    case 'start': {
      const { runSim } = await import('../sim/cli.js');
      await runSim(rest);
      return 0;
    }
    default:
      stderr.write(`cex-actors: unknown command '${command}'\n\n${USAGE}`);
      return 2;
  }
}

main(argv.slice(2)).then(
  // Exit explicitly: a stopped simulator leaves nothing to wait for, and a CLI must not linger.
  (code) => exit(code),
  (error: unknown) => {
    stderr.write(`cex-actors: ${error instanceof Error ? error.message : String(error)}\n`);
    exit(1);
  },
);
