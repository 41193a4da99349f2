// The `cex-actors` CLI: a table of commands, each reading the one configuration (defaults < file < env < flags).
// A configuration or usage mistake is one line on stderr and exit code 2; any other failure exits 1.
import { readFileSync } from 'node:fs';
import { argv, exit, stderr, stdout } from 'node:process';
import { parseFlags } from '../config/flags.js';
import { ConfigError } from '../lib/core/errors.js';
import { redactString } from '../lib/log.js';
import { runSim, SIM_USAGE } from '../sim/cli.js';
import { runStart, START_USAGE } from './start.js';
import { runWatch, WATCH_USAGE } from './watch.js';
import { ORDER_USAGE, runOrder } from './order.js';
import { NODE_USAGE, runNode } from './node.js';

interface Command {
  usage: string;
  run(args: string[]): Promise<void>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  sim: { usage: SIM_USAGE, run: runSim },
  start: { usage: START_USAGE, run: runStart },
  watch: { usage: WATCH_USAGE, run: runWatch },
  order: { usage: ORDER_USAGE, run: runOrder },
  node: { usage: NODE_USAGE, run: runNode },
};

const USAGE = `Usage: cex-actors <command> [options]
       cex-actors --help | --version

Commands:
  sim [--port N] [--seed S] [--config FILE] [--no-bots] [--soak SECONDS]
        Run the local Binance-spot simulator (REST, market streams, WebSocket API) on 127.0.0.1. The first
        stdout line is a JSON object with the URLs and demo accounts. Stops on SIGINT/SIGTERM.
        --soak N: watch every stream for N seconds, check the engine's invariants, print a summary and
        exit 0 (healthy) or 1.
  start [--port N] [--seed S] [--config FILE] [--no-bots] [--json] [--faults] [--demo-trading]
        The main job (npm start): the market feed and a demo trading user against the embedded simulator (or the
        configured exchange with simulator.enabled false), shown live; JSON lines off a terminal or with --json.
  watch --symbol BTC/USDT --channel depth|book|trades|ticker|bookTicker [--exchange binance] [--rest-url URL]
        [--ws-url URL] [--depth N] [--count N] [--json]
        Print one normalized market event per line through the actor tree (JSON lines off a terminal or with
        --json) until --count events or Ctrl-C. Without URLs it reads exchanges.binance from the configuration.
  order place|cancel|get|open|balances [--symbol S --side buy|sell --type limit|market|limit_maker --price P
        --quantity Q --quote-quantity Q --time-in-force GTC|IOC|FOK --client-order-id ID --order-id ID]
        One-shot trading over signed REST (credentials from CEX_API_KEY / CEX_API_SECRET); prints JSON. A refused
        order is one line naming the rule, exit code 2, and nothing is sent.
  node --role market|trading|all --pubsub nats://127.0.0.1:4222|redis://127.0.0.1:6379 [--symbols LIST]
        [--channels LIST] [--users LIST] [--node-name NAME] [--rest-url URL --ws-url URL --ws-api-url URL]
        One node of a system spread over processes through NATS or Redis: market (the market feed, publishing to
        the other nodes; embeds the simulator unless URLs are given), trading (the users supervisor) or all. The
        first stdout line is a JSON "started" object. Stops on SIGINT/SIGTERM.
  help [COMMAND]
        Show this help, or a command's.

Every command reads one configuration: config/defaults.json < --config FILE or $CEX_CONFIG < CEX_*
environment variables < flags (README, "Configuration"). Common flags: --config FILE, --log-level LEVEL,
--log-format auto|json|pretty, --help. A bad value stops the command with one line on stderr, exit code 2.
`;

/** The package's version, from the package.json above this file (bin/ in a checkout, dist/bin/ when packed). */
function packageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'cex-actors' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not this one
    }
  }
  return 'unknown';
}

async function main(args: string[]): Promise<number> {
  const [first, ...rest] = args;
  if (first === undefined || first.startsWith('-')) {
    const values = parseFlags('cex-actors', args, { help: { type: 'boolean', short: 'h', help: '' }, version: { type: 'boolean', short: 'V', help: '' } });
    stdout.write(values.version && !values.help ? `${packageVersion()}\n` : USAGE);
    return 0;
  }
  if (first === 'help') {
    const topic = rest[0];
    const command = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && !command) throw new ConfigError('(command)', 'known command', `unknown command '${topic}' (see cex-actors --help)`);
    stdout.write(command ? command.usage : USAGE);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) throw new ConfigError('(command)', 'known command', `unknown command '${first}' (see cex-actors --help)`);
  await command.run(rest);
  return 0;
}

function oneLine(text: string): string {
  return redactString(text).replace(/\s*\n\s*/g, ' ');
}

main(argv.slice(2)).then(
  // Exit explicitly: a stopped simulator leaves nothing to wait for, and a CLI must not linger.
  (code) => exit(code),
  (error: unknown) => {
    stderr.write(`cex-actors: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    exit(error instanceof ConfigError ? 2 : 1);
  },
);
