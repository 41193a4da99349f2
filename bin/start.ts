// `cex-actors start` (npm start): the main job. Starts the system (startExchangeSystem) — with the embedded
// simulator unless the configuration disables it, then against exchanges.binance's URLs — subscribes to
// BTC/USDT, ETH/USDT and ETH/BTC, runs a demo user that places and cancels orders now and then (on the
// simulator; on a real exchange only with --demo-trading), and shows it all: a screen redrawn in place on
// a terminal, JSON lines otherwise (or with --json). --faults injects random faults into the simulator so
// the supervisors can be watched at work. Ctrl-C stops everything in order and exits 0.
import { COMMON_FLAGS, flagsHelp, logOverrides, parseFlags, type FlagSpecs } from '../config/flags.js';
import { loadConfig, type Config } from '../config/index.js';
import { startExchangeSystem, type ExchangeSystem } from '../facade/exchange-system.js';
import { ConfigError } from '../lib/core/errors.js';
import { Decimal } from '../lib/core/decimal.js';
import { childLogger } from '../lib/log.js';
import type { BookView, StatusEvent, Ticker, Trade } from '../lib/models/market.js';
import type { BalancesEvent, FillEvent, OrderEvent } from '../lib/models/trading.js';
import type { UserHandle } from '../actors/trading/trading.js';
import { SIMULATOR_FLAGS, simulatorArgs } from '../sim/cli.js';
import { Dashboard } from './dashboard.js';
import { startFaults } from './faults.js';

export const START_FLAGS = {
  ...SIMULATOR_FLAGS,
  json: { type: 'boolean', help: 'JSON lines even on a terminal' },
  faults: { type: 'boolean', help: 'inject random faults into the embedded simulator every few seconds' },
  'demo-trading': { type: 'boolean', help: 'run the demo user against a real exchange too (it places and cancels small orders)' },
  ...COMMON_FLAGS,
} as const satisfies FlagSpecs;

export const START_USAGE = `Usage: cex-actors start [options]      (npm start)

The main job: the actor system with the Binance market feed and a demo trading user, shown live (a screen on a
terminal, JSON lines otherwise or with --json). With simulator.enabled (the default) it embeds the simulator;
otherwise it connects to exchanges.binance's URLs (e.g. the spot testnet, from --config FILE), with credentials
from CEX_BINANCE_API_KEY / CEX_BINANCE_API_SECRET; the demo user then trades only with --demo-trading.
Ctrl-C stops it in order (supervisors, then the simulator) and exits 0.

Options:
${flagsHelp(START_FLAGS)}`;

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'ETH/BTC'] as const;
const log = childLogger('start');

export async function runStart(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const values = parseFlags('cex-actors start', argv, START_FLAGS);
  if (values.help) {
    process.stdout.write(START_USAGE);
    return;
  }
  const config = loadStartConfig(values, env);
  if (values.faults && !config.simulator.enabled) throw new ConfigError('--faults', 'embedded simulator', '--faults needs the embedded simulator (simulator.enabled)');
  const json = values.json === true || !process.stdout.isTTY;
  const system = await startExchangeSystem({ config });
  const source = system.simulator ? `embedded simulator at ${system.simulator.rest}` : config.exchanges.binance.restUrl;
  const write = (line: string): void => void process.stdout.write(`${line}\n`);
  const symbols = SYMBOLS.filter((s) => system.market.symbols.findUnified(s) !== undefined);
  const dashboard = new Dashboard(symbols, symbols[0] ?? 'BTC/USDT', write, json, source);
  if (json) write(JSON.stringify({ type: 'started', source, symbols, metrics: system.metricsUrl }));

  for (const symbol of symbols) {
    system.listen<Ticker>({ symbol, channel: 'ticker' }, (e) => dashboard.ticker(e), { delivery: 'latest' });
    system.listen<BookView>({ symbol, channel: 'book' }, (e) => dashboard.book(e), { delivery: 'latest' });
    system.listen<Trade>({ symbol, channel: 'trades' }, (e) => dashboard.trade(e), { delivery: { kind: 'all', capacity: 10_000 } });
  }
  system.listen<StatusEvent>('status:binance', (e) => dashboard.status(e), { delivery: { kind: 'all', capacity: 1000 } });

  const demo = await startDemoUser(system, config, values['demo-trading'] === true, dashboard);
  const faults = values.faults && system.simulator ? startFaults(system.simulator, symbols, (text) => dashboard.note(text)) : undefined;
  const screen = json ? undefined : startScreen(dashboard);
  const metricsTimer = setInterval(() => dashboard.feedMetrics(system.metrics()), 500);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  clearInterval(metricsTimer);
  faults?.stop();
  demo?.stop();
  screen?.stop();
  await system.stop(); // supervisors leaves first, then the pub/sub, then the simulator
  if (json) write(JSON.stringify({ type: 'stopped' }));
}

function loadStartConfig(values: ReturnType<typeof parseFlags<typeof START_FLAGS>>, env: Readonly<Record<string, string | undefined>>): Config {
  const args = simulatorArgs(values);
  const simulator: Record<string, unknown> = {};
  if (args.port !== undefined) simulator.port = args.port;
  if (args.seed !== undefined) simulator.seed = args.seed;
  if (args.bots === false) simulator.bots = false;
  return loadConfig({ file: values.config, env, overrides: { ...logOverrides(values), simulator } });
}

/** The demo user: now and then a resting limit order, a cancel, or a small market order (a fill). */
async function startDemoUser(system: ExchangeSystem, config: Config, demoTrading: boolean, dashboard: Dashboard): Promise<{ stop(): void } | undefined> {
  const credentials = config.exchanges.binance.credentials;
  if (!system.simulator && !credentials) {
    dashboard.note('no demo user: set CEX_BINANCE_API_KEY / CEX_BINANCE_API_SECRET to watch your own orders');
    return undefined;
  }
  const user = await system.users.start({ id: 'demo' });
  system.listen<OrderEvent>(user.topics.orders, (e) => dashboard.order(e));
  system.listen<FillEvent>(user.topics.fills, (e) => dashboard.fill(e));
  system.listen<BalancesEvent>(user.topics.balances, (e) => dashboard.balancesChanged(e));
  if (!system.simulator && !demoTrading) {
    dashboard.note('demo user watching only (add --demo-trading to let it place and cancel small orders)');
    return undefined;
  }
  let tick = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    void demoStep(system, user, tick++)
      .catch((error: unknown) => dashboard.note(`demo order refused: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (busy = false));
  }, 1500);
  return { stop: () => clearInterval(timer) };
}

async function demoStep(system: ExchangeSystem, user: UserHandle, tick: number): Promise<void> {
  const symbol = tick % 2 === 0 ? 'BTC/USDT' : 'ETH/USDT';
  const book = await system.readBook(symbol, 1);
  const bid = book?.bids[0]?.price;
  const quantity = symbol === 'BTC/USDT' ? '0.001' : '0.01';
  switch (tick % 3) {
    case 0: {
      // A small market order: a fill every few seconds.
      await user.placeOrder({ symbol, side: tick % 4 === 0 ? 'buy' : 'sell', type: 'market', quantity });
      return;
    }
    case 1: {
      if (!bid) return;
      const price = bid.times('0.995').toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
      await user.placeOrder({ symbol, side: 'buy', type: 'limit', price, quantity });
      return;
    }
    default: {
      const open = await user.openOrders();
      const oldest = open[0];
      if (open.length > 2 && oldest) await user.cancelOrder({ symbol: oldest.symbol, orderId: oldest.orderId });
    }
  }
}

function startScreen(dashboard: Dashboard): { stop(): void } {
  process.stdout.write('\x1b[?25l'); // hide the cursor
  const draw = (): void => void process.stdout.write(`\x1b[H\x1b[2J${dashboard.render()}\n`);
  const timer = setInterval(draw, 500);
  draw();
  return {
    stop() {
      clearInterval(timer);
      process.stdout.write('\x1b[?25h\n');
      log.debug('screen stopped');
    },
  };
}
