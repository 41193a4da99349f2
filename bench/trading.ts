// `npx tsx bench/trading.ts [--quick]`: order round trips (issue 8). The simulator runs in a child process
// (`cex-actors sim`, its own CPU). Measured, one after the other against the same endpoint:
//   (a) a bare keep-alive HTTP request: sign with the codec, POST /api/v3/order, parse the answer;
//   (b) the same order through the actor tree: user.placeOrder -> session actor -> REST -> tracker -> reply;
//   (c) through the actor tree over the WebSocket API (ordersOverWebSocket);
//   (d) 200 users placing concurrently: orders/s and RSS.
// Latencies are per order, sequential (one in flight), p50/p99 in ms; actor overhead = (b) - (a) at p50.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PubSub } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import { startTrading, type UserHandle } from '../actors/trading/trading.js';
import { binanceSpotTrading as codec } from '../lib/exchanges/binance/trading-codec.js';
import { logger } from '../lib/log.js';
import { getPublic, httpRequest } from '../lib/net/http-get.js';

const quick = process.argv.includes('--quick');
const ORDERS = quick ? 300 : 2000;
const USERS = 200;
const PER_USER = quick ? 3 : 10;

interface SimInfo {
  rest: string;
  wsApi: string;
  accounts: { name: string; apiKey: string; apiSecret: string }[];
}

async function startSim(): Promise<{ child: ChildProcess; info: SimInfo }> {
  const dir = mkdtempSync(join(tmpdir(), 'cex-bench-'));
  const config = join(dir, 'config.json');
  const accounts = Array.from({ length: USERS }, (_, i) => ({ name: `u${i}`, balances: { USDT: '10000000', BTC: '1000' } }));
  writeFileSync(config, JSON.stringify({ simulator: { bots: false, accounts, rateLimits: { requestWeightPerMinute: 10_000_000, ordersPer10s: 100_000, ordersPerDay: 10_000_000 } } }));
  const bin = fileURLToPath(new URL('../bin/cex-actors.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'sim', '--port', '0', '--config', config, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, info: JSON.parse(line) as SimInfo };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function timed(n: number, once: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(50, n); i++) await once(-1 - i); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await once(i);
    samples.push(performance.now() - start);
  }
  return percentiles(samples);
}

const order = (i: number): { symbol: string; side: 'buy'; type: 'limit'; price: string; quantity: string } => ({
  symbol: 'BTC/USDT',
  side: 'buy',
  type: 'limit',
  price: String(10000 + (Math.abs(i) % 1000)),
  quantity: '0.001',
});

async function main(): Promise<void> {
  for (const transport of logger.transports) transport.silent = !process.argv.includes('--verbose');
  const { child, info } = await startSim();
  const system = await startActorSystem({ name: 'bench' });
  const pubsub = new PubSub();
  try {
    const base = { restUrl: info.rest, wsApiUrl: info.wsApi, weightPerMinute: 10_000_000, ordersPer10s: 100_000 };
    const rest = await startTrading(system.root, pubsub, { codec, ...base });
    const ws = await startTrading(system.root, pubsub, { codec, ...base, ordersOverWebSocket: true, partitions: 2, id: 'users-ws' });
    const [a0, a1, a2] = info.accounts;
    const credentials = (a: SimInfo['accounts'][number]) => ({ apiKey: a.apiKey, apiSecret: a.apiSecret });

    // (a) the floor: what any client pays for a signed keep-alive request and its parse.
    const validated = codec.validateOrder({ ...order(0), clientOrderId: 'x' }, await rulesOf(info.rest), 'BTCUSDT');
    const bare = await timed(ORDERS, async (i) => {
      const request = codec.placeOrder({ ...validated, price: order(i).price, clientOrderId: codec.newClientOrderId() }, { responseType: 'FULL' });
      const parts = codec.signRequest(request, credentials(a0!), Date.now(), 5000);
      const response = await httpRequest(parts.method, info.rest + parts.path, { timeoutMs: 10_000, headers: parts.headers, body: parts.body });
      if (response.status !== 200) throw new Error(`bare order failed: ${response.status} ${JSON.stringify(response.body)}`);
      codec.parseOrder(response.body, (s) => (s === 'BTCUSDT' ? 'BTC/USDT' : s));
    });

    // (b) the same through the actor tree.
    const viaRest = await rest.startUser({ id: 'rest-user', credentials: credentials(a1!), userStream: false });
    const actors = await timed(ORDERS, (i) => viaRest.placeOrder(order(i)));

    // (c) over the WebSocket API.
    const viaWs = await ws.startUser({ id: 'ws-user', credentials: credentials(a2!) });
    await new Promise((r) => setTimeout(r, 1000)); // subscribed
    const wsApi = await timed(ORDERS, (i) => viaWs.placeOrder(order(i)));

    // (d) 200 users at once.
    const users: UserHandle[] = await Promise.all(info.accounts.slice(3, 3 + USERS - 3).map((a) => rest.startUser({ id: a.name, credentials: credentials(a), userStream: false })));
    const started = performance.now();
    await Promise.all(users.map(async (u) => {
      for (let i = 0; i < PER_USER; i++) await u.placeOrder(order(i));
    }));
    const seconds = (performance.now() - started) / 1000;
    const total = users.length * PER_USER;
    const rss = process.memoryUsage().rss / 1024 / 1024;

    const ms = (n: number): string => `${n.toFixed(3)} ms`;
    console.log(`cex-actors trading benchmark (${quick ? 'quick' : 'full'}): node ${process.version}, ${ORDERS} sequential orders per path`);
    console.log(`${'path'.padEnd(44)} ${'p50'.padStart(10)} ${'p99'.padStart(10)}`);
    console.log(`${'(a) bare keep-alive HTTP (sign, POST, parse)'.padEnd(44)} ${ms(bare.p50).padStart(10)} ${ms(bare.p99).padStart(10)}`);
    console.log(`${'(b) actor tree, REST'.padEnd(44)} ${ms(actors.p50).padStart(10)} ${ms(actors.p99).padStart(10)}`);
    console.log(`${'(c) actor tree, WebSocket API'.padEnd(44)} ${ms(wsApi.p50).padStart(10)} ${ms(wsApi.p99).padStart(10)}`);
    console.log(`(d) ${users.length} users x ${PER_USER} orders at once: ${(total / seconds).toFixed(0)} orders/s, RSS ${rss.toFixed(0)} MB`);
    const overhead = actors.p50 - bare.p50;
    console.log(`actor overhead at p50: ${ms(overhead)} (target <= 0.3 ms) ${overhead <= 0.3 ? 'MET' : 'MISSED'}`);
  } finally {
    await system.stop();
    await pubsub.stop();
    child.kill('SIGTERM');
  }
}

async function rulesOf(restUrl: string): Promise<ReturnType<typeof codec.parseSymbolRules>> {
  return codec.parseSymbolRules(await getPublic(codec.exchange, restUrl, codec.exchangeInfoRequest(), 10_000));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
