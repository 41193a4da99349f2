// Two nodes, two processes, one NATS (or Redis): npx tsx examples/two-node/main.ts (README "Two nodes").
//   market node   `cex-actors node --role market`: the embedded simulator and the market feed, publishing
//                 BTC/USDT books to the other nodes
//   trading node  examples/two-node/trading-node.ts: no market feed; a strategy actor trades on the market node's
//                 books through its own user (the simulator's first demo account)
// PUBSUB (default nats://127.0.0.1:4222; redis://127.0.0.1:6379 works too), CEX_PUBSUB_SUBJECT_PREFIX (default cex),
// ORDERS (default 3). Prints the market node's started line, then the trading node's lines; stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const pubsub = process.env.PUBSUB ?? 'nats://127.0.0.1:4222';
const prefix = process.env.CEX_PUBSUB_SUBJECT_PREFIX ?? 'cex';
const cli = fileURLToPath(new URL('../../bin/cex-actors.js', import.meta.url));
const tradingNode = fileURLToPath(new URL('./trading-node.ts', import.meta.url));

interface Started {
  readonly node: string;
  readonly simulator: { readonly rest: string; readonly wsApi: string; readonly accounts: readonly { readonly apiKey: string; readonly apiSecret: string }[] };
}

/** The first stdout line of a node: its JSON `started` object. */
async function startedLine(child: ChildProcess): Promise<Started> {
  const exited = once(child, 'exit').then(([code]) => Promise.reject(new Error(`the market node exited with ${String(code)} before it started`)));
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), exited])) as [string];
  return JSON.parse(line) as Started;
}

const market = spawn(process.execPath, [cli, 'node', '--role', 'market', '--pubsub', pubsub, '--subject-prefix', prefix, '--node-name', 'two-node-market', '--symbols', 'BTC/USDT', '--channels', 'book', '--log-level', 'warn'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let code = 1;
try {
  const started = await startedLine(market);
  const account = started.simulator.accounts[0]!;
  console.log(JSON.stringify({ type: 'market-node', node: started.node, simulator: started.simulator.rest }));
  const trading = spawn(process.execPath, ['--import', 'tsx', tradingNode], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      CEX_PUBSUB_ADAPTER: pubsub.startsWith('redis') ? 'redis' : 'nats',
      CEX_PUBSUB_URL: pubsub,
      CEX_PUBSUB_SUBJECT_PREFIX: prefix,
      CEX_BINANCE_REST_URL: started.simulator.rest,
      CEX_BINANCE_WS_API_URL: started.simulator.wsApi,
      CEX_BINANCE_API_KEY: account.apiKey,
      CEX_BINANCE_API_SECRET: account.apiSecret,
      CEX_LOG_LEVEL: 'warn',
    },
  });
  [code] = (await once(trading, 'exit')) as [number];
} finally {
  market.kill('SIGTERM'); // the market node stops in order on SIGTERM
  if (market.exitCode === null) await once(market, 'exit');
}
process.exit(code);
