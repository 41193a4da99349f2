// `cex-actors node --role market|trading|all --pubsub nats://127.0.0.1:4222`: one node of a system spread over
// several processes (docs/pubsub-adapters.md). A market node runs the market feed and publishes the chosen symbols'
// channels to the other nodes; a trading node runs the users supervisor (its users' orders, fills and balances
// reach the other nodes); `all` runs both. The first stdout line is a JSON `started` object (with the embedded
// simulator's URLs and demo accounts when there is one); SIGINT or SIGTERM stops it in order and exits 0.
import { COMMON_FLAGS, flagsHelp, logOverrides, parseFlags, type FlagSpecs, type FlagValues } from '../config/flags.js';
import { loadConfig, type Config } from '../config/index.js';
import { startMarketFeed, type MarketFeed } from '../actors/market/feed.js';
import { createPubSubAdapter, PubSub, pubSubTreeSpec } from '../actors/pubsub.js';
import { startActorSystem, type ActorSystem } from '../actors/runtime/index.js';
import { startTrading, type Trading } from '../actors/trading/trading.js';
import { ConfigError, UnknownSymbolError } from '../lib/core/errors.js';
import { binanceSpotTrading } from '../lib/exchanges/binance/trading-codec.js';
import { childLogger, configureLogger } from '../lib/log.js';
import type { MarketChannel } from '../lib/models/market.js';
import { SIMULATOR_FLAGS, simulatorArgs, simulatorOptions } from '../sim/cli.js';
import { startSimulator, type RunningSimulator } from '../sim/index.js';

const ROLES = ['market', 'trading', 'all'] as const;
type Role = (typeof ROLES)[number];
const CHANNELS: readonly MarketChannel[] = ['book', 'trades', 'ticker', 'bookTicker', 'depth'];
const DEFAULT_SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'ETH/BTC'];
const DEFAULT_CHANNELS: readonly MarketChannel[] = ['book', 'trades', 'ticker'];
/** How long the node waits for its pub/sub connection before it says it started anyway (it keeps retrying). */
const CONNECT_WAIT_MS = 5000;

export const NODE_FLAGS = {
  role: { type: 'string', value: 'ROLE', help: 'market (the market feed), trading (the users supervisor) or all (required)' },
  pubsub: { type: 'string', value: 'URL', help: 'pubsub.adapter and pubsub.url: nats://HOST:4222, redis://HOST:6379 (tls://, rediss://) or local' },
  'node-name': { type: 'string', value: 'NAME', help: "pubsub.nodeName: this node's stable name (NATS durable consumers are named after it)" },
  'subject-prefix': { type: 'string', value: 'PREFIX', help: 'pubsub.subjectPrefix: nodes that talk share it (default cex)' },
  symbols: { type: 'string', value: 'LIST', help: `market: symbols to publish, comma-separated (default ${DEFAULT_SYMBOLS.join(',')})` },
  channels: { type: 'string', value: 'LIST', help: `market: channels to publish, of ${CHANNELS.join(',')} (default ${DEFAULT_CHANNELS.join(',')})` },
  users: { type: 'string', value: 'LIST', help: 'trading: user ids to start, comma-separated, with exchanges.binance.credentials (or the embedded simulator\'s demo account)' },
  'rest-url': { type: 'string', value: 'URL', help: 'exchanges.binance.restUrl; any URL flag means no embedded simulator' },
  'ws-url': { type: 'string', value: 'URL', help: 'exchanges.binance.wsUrl (market streams)' },
  'ws-api-url': { type: 'string', value: 'URL', help: 'exchanges.binance.wsApiUrl (trading: the user stream)' },
  ...SIMULATOR_FLAGS,
  ...COMMON_FLAGS,
} as const satisfies FlagSpecs;

export const NODE_USAGE = `Usage: cex-actors node --role market|trading|all --pubsub nats://127.0.0.1:4222 [options]

One node of a system spread over processes through NATS or Redis (docs/pubsub-adapters.md). market: the market
feed, publishing --channels of --symbols to the other nodes; with simulator.enabled (the default) and no URL flag it
embeds the simulator, else it connects to exchanges.binance (or --rest-url/--ws-url). trading: the users supervisor
(--users start with exchanges.binance.credentials from CEX_BINANCE_API_KEY / CEX_BINANCE_API_SECRET); it never
embeds the simulator, so give --rest-url and --ws-api-url (a market node prints its simulator's) or set
simulator.enabled false. all: both in one process. The first stdout line is a JSON "started" object; SIGINT or
SIGTERM stops the node in order, prints {"type":"stopped"} and exits 0.

Options:
${flagsHelp(NODE_FLAGS)}`;

const log = childLogger('node');

type NodeFlagValues = FlagValues<typeof NODE_FLAGS>;

interface NodePlan {
  readonly role: Role;
  readonly config: Config;
  readonly embedSimulator: boolean;
  readonly symbols: readonly string[];
  readonly channels: readonly MarketChannel[];
  readonly users: readonly string[];
}

export async function runNode(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const values = parseFlags('cex-actors node', argv, NODE_FLAGS);
  if (values.help) {
    process.stdout.write(NODE_USAGE);
    return;
  }
  const plan = nodePlan(values, env);
  configureLogger(plan.config.log);
  // Listen for the signals before anything starts: a supervisor may send SIGTERM as soon as it reads the first line.
  const signalled = new Promise<string>((resolve) => {
    const onSignal = (signal: string): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const node = await startNode(plan);
  try {
    process.stdout.write(`${JSON.stringify(node.started)}\n`);
    log.info('node started; SIGINT or SIGTERM stops it', { ...node.started, simulator: node.started.simulator?.rest });
    const signal = await signalled;
    log.info('node stopping', { signal });
  } finally {
    await node.stop();
  }
  process.stdout.write(`${JSON.stringify({ type: 'stopped' })}\n`);
}

/** Flags over the configuration, checked before anything starts (every mistake is a ConfigError: exit 2). */
export function nodePlan(values: NodeFlagValues, env: Readonly<Record<string, string | undefined>>): NodePlan {
  if (values.role === undefined) throw new ConfigError('--role', 'required', '--role is required: market, trading or all (see cex-actors node --help)');
  const role = ROLES.find((r) => r === values.role);
  if (role === undefined) throw new ConfigError('--role', 'market|trading|all', `--role must be market, trading or all, got '${values.role}'`);
  const sim = simulatorArgs(values);
  const simulator: Record<string, unknown> = {};
  if (sim.port !== undefined) simulator.port = sim.port;
  if (sim.seed !== undefined) simulator.seed = sim.seed;
  if (sim.bots === false) simulator.bots = false;
  const binance: Record<string, string> = {};
  if (values['rest-url'] !== undefined) binance.restUrl = values['rest-url'];
  if (values['ws-url'] !== undefined) binance.wsUrl = values['ws-url'];
  if (values['ws-api-url'] !== undefined) binance.wsApiUrl = values['ws-api-url'];
  const urlGiven = Object.keys(binance).length > 0;
  if (urlGiven) simulator.enabled = false;
  const pubsub: Record<string, string> = { ...pubsubFlag(values.pubsub) };
  if (values['node-name'] !== undefined) pubsub.nodeName = values['node-name'];
  if (values['subject-prefix'] !== undefined) pubsub.subjectPrefix = values['subject-prefix'];
  const config = loadConfig({
    file: values.config,
    env,
    overrides: { ...logOverrides(values), simulator, pubsub, ...(urlGiven ? { exchanges: { binance } } : {}) },
  });
  const embedSimulator = config.simulator.enabled && role !== 'trading';
  if (role === 'trading' && config.simulator.enabled) {
    throw new ConfigError('--role', 'an exchange to trade on', '--role trading never embeds the simulator: give --rest-url and --ws-api-url (a market node prints its simulator\'s), or set simulator.enabled false to use exchanges.binance');
  }
  if (role === 'market' && values.users !== undefined) throw new ConfigError('--users', 'trading role', '--users needs --role trading or all');
  const users = list(values.users, '--users');
  for (const user of users) if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(user)) throw new ConfigError('--users', 'user ids', `--users: '${user}' is not a user id (1-64 letters, digits, '_', '.', '@' or '-')`);
  if (users.length > 0 && !embedSimulator && config.exchanges.binance.credentials === undefined) {
    throw new ConfigError('--users', 'credentials', '--users needs credentials: set CEX_BINANCE_API_KEY and CEX_BINANCE_API_SECRET');
  }
  const channels = values.channels === undefined ? DEFAULT_CHANNELS : list(values.channels, '--channels').map((c) => channel(c));
  const symbols = values.symbols === undefined ? DEFAULT_SYMBOLS : list(values.symbols, '--symbols');
  return { role, config, embedSimulator, symbols, channels, users };
}

/** `--pubsub URL` as the pubsub section: the scheme names the adapter. */
function pubsubFlag(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (value === 'local') return { adapter: 'local' };
  const scheme = /^([a-z]+):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 'nats' || scheme === 'tls') return { adapter: 'nats', url: value };
  if (scheme === 'redis' || scheme === 'rediss') return { adapter: 'redis', url: value };
  // The value may hold a password: only its scheme is shown.
  throw new ConfigError('--pubsub', 'nats or redis URL', `--pubsub must be local or a nats://, tls://, redis:// or rediss:// URL, got ${scheme === undefined ? 'no URL' : `the scheme ${scheme}://`}`);
}

function list(value: string | undefined, flag: string): string[] {
  if (value === undefined) return [];
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new ConfigError(flag, 'non-empty list', `${flag} must name at least one item, got '${value}'`);
  return [...new Set(items)];
}

function channel(value: string): MarketChannel {
  const found = CHANNELS.find((c) => c === value);
  if (found === undefined) throw new ConfigError('--channels', 'known channel', `--channels: '${value}' is not one of ${CHANNELS.join(', ')}`);
  return found;
}

/** A URL as it may be shown: without user and password. */
function displayUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

export interface StartedNode {
  readonly type: 'started';
  readonly role: Role;
  readonly node: string;
  readonly pubsub: { readonly adapter: string; readonly url?: string; readonly subjectPrefix: string; readonly connected: boolean };
  readonly exchange: { readonly rest: string; readonly ws: string; readonly wsApi: string };
  readonly simulator?: { readonly rest: string; readonly ws: string; readonly wsApi: string; readonly accounts: RunningSimulator['accounts'] };
  readonly market?: { readonly symbols: readonly string[]; readonly channels: readonly MarketChannel[] };
  readonly trading?: { readonly users: readonly string[] };
}

interface RunningNode {
  readonly started: StartedNode;
  stop(): Promise<void>;
}

async function startNode(plan: NodePlan): Promise<RunningNode> {
  const { config, role } = plan;
  const simulator = plan.embedSimulator ? await startSimulator(simulatorOptions(config)) : undefined;
  const binance = config.exchanges.binance;
  const urls = simulator ? { rest: simulator.rest, ws: simulator.ws, wsApi: simulator.wsApi } : { rest: binance.restUrl, ws: binance.wsUrl, wsApi: binance.wsApiUrl };
  const pubsub = new PubSub({ ...(config.pubsub.nodeName === undefined ? {} : { nodeName: config.pubsub.nodeName }), adapter: createPubSubAdapter(config.pubsub) });
  const connected = waitConnected(pubsub);
  let system: ActorSystem | undefined;
  const stop = async (): Promise<void> => {
    await system?.stop(); // leaves first: users, the feed, then the pub/sub's tree
    await pubsub.stop();
    await simulator?.stop();
  };
  try {
    system = await startActorSystem({ name: `node-${role}`, root: { children: [pubSubTreeSpec(pubsub)] } });
    const market = role === 'trading' ? undefined : await startMarketFeed(system.root, pubsub, { restUrl: urls.rest, wsUrl: urls.ws });
    if (market) publishMarket(pubsub, market, plan);
    const trading = role === 'market' ? undefined : await startTrading(system.root, pubsub, { codec: binanceSpotTrading, restUrl: urls.rest, wsApiUrl: urls.wsApi, recvWindowMs: binance.recvWindowMs });
    if (trading) await startUsers(trading, plan, simulator);
    const started: StartedNode = {
      type: 'started',
      role,
      node: pubsub.nodeName,
      pubsub: { adapter: config.pubsub.adapter, ...(config.pubsub.url === undefined ? {} : { url: displayUrl(config.pubsub.url) }), subjectPrefix: config.pubsub.subjectPrefix, connected: await connected },
      exchange: urls,
      ...(simulator ? { simulator: { rest: simulator.rest, ws: simulator.ws, wsApi: simulator.wsApi, accounts: simulator.accounts } } : {}),
      ...(market ? { market: { symbols: plan.symbols, channels: plan.channels } } : {}),
      ...(trading ? { trading: { users: plan.users } } : {}),
    };
    return { started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The market feed runs what has local subscribers: the node subscribes to what it publishes, keeping only the newest. */
function publishMarket(pubsub: PubSub, market: MarketFeed, plan: NodePlan): void {
  for (const symbol of plan.symbols) {
    for (const ch of plan.channels) {
      let topic: string;
      try {
        topic = market.topic(ch, symbol);
      } catch (error) {
        if (error instanceof UnknownSymbolError) throw new ConfigError('--symbols', 'listed symbol', `--symbols ${symbol}: ${market.exchange} does not list it`);
        throw error;
      }
      pubsub.listen(topic, () => undefined, { delivery: 'latest' });
    }
  }
}

async function startUsers(trading: Trading, plan: NodePlan, simulator: RunningSimulator | undefined): Promise<void> {
  const account = simulator?.accounts[0];
  const credentials = plan.config.exchanges.binance.credentials ?? (account ? { apiKey: account.apiKey, apiSecret: account.apiSecret } : undefined);
  if (credentials === undefined) return; // nodePlan refused --users without credentials
  for (const id of plan.users) await trading.startUser({ id, credentials });
}

/** Resolves true once the adapter is connected (at once for `local`), false after CONNECT_WAIT_MS (it keeps retrying). */
function waitConnected(pubsub: PubSub): Promise<boolean> {
  return new Promise((resolve) => {
    const isUp = (): boolean => {
      const remote = pubsub.stats().remote;
      return remote === undefined || remote.connected;
    };
    if (isUp()) return resolve(true);
    const done = (up: boolean): void => {
      clearTimeout(timer);
      cancel();
      if (!up) log.warn('pubsub adapter not connected yet; it keeps retrying with backoff', { waitedMs: CONNECT_WAIT_MS });
      resolve(up);
    };
    const timer = setTimeout(() => done(false), CONNECT_WAIT_MS);
    const cancel = pubsub.onEvent((event) => {
      if (event.type === 'adapterStatus' && event.state === 'connected') done(true);
    });
  });
}
