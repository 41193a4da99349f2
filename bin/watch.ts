// `cex-actors watch`: one market topic printed as it arrives, through the real actor tree (the same
// feed an embedding service runs). One normalized event per line: JSON lines when stdout is not a
// terminal or with --json (Decimals as strings; book levels as [price, quantity] strings, best
// first), a short human line otherwise. Stops after --count events or on Ctrl-C, exit 0.
import { COMMON_FLAGS, flagsHelp, logOverrides, parseFlags, type FlagSpecs } from '../config/flags.js';
import { loadConfig } from '../config/index.js';
import { startMarketFeed } from '../actors/market/feed.js';
import { PubSub } from '../actors/pubsub.js';
import { startActorSystem } from '../actors/runtime/index.js';
import { ConfigError, UnknownSymbolError } from '../lib/core/errors.js';
import { Decimal } from '../lib/core/decimal.js';
import { configureLogger } from '../lib/log.js';
import type { MarketChannel, MarketEvent } from '../lib/models/market.js';

const CHANNELS: readonly MarketChannel[] = ['depth', 'book', 'trades', 'ticker', 'bookTicker'];

export const WATCH_FLAGS = {
  symbol: { type: 'string', value: 'SYMBOL', help: "unified symbol, e.g. BTC/USDT (required)" },
  channel: { type: 'string', value: 'CHANNEL', help: `${CHANNELS.join('|')} (required)` },
  exchange: { type: 'string', value: 'NAME', help: 'binance (the default and, for now, the only one)' },
  'rest-url': { type: 'string', value: 'URL', help: 'REST base URL (default: exchanges.binance.restUrl)' },
  'ws-url': { type: 'string', value: 'URL', help: 'market-stream base, the part before /ws or /stream (default: exchanges.binance.wsUrl)' },
  depth: { type: 'string', value: 'N', help: 'levels per side in book events (default 10)' },
  count: { type: 'string', value: 'N', help: 'stop after N events (default: until Ctrl-C)' },
  json: { type: 'boolean', help: 'JSON lines even on a terminal' },
  ...COMMON_FLAGS,
} as const satisfies FlagSpecs;

export const WATCH_USAGE = `Usage: cex-actors watch --symbol BTC/USDT --channel depth|book|trades|ticker|bookTicker [options]

Prints one normalized event per line until --count events or Ctrl-C, then exits 0. JSON lines when stdout is
not a terminal or with --json. Without URLs it reads the configuration (exchanges.binance).

Options:
${flagsHelp(WATCH_FLAGS)}`;

export async function runWatch(argv: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  const values = parseFlags('cex-actors watch', argv, WATCH_FLAGS);
  if (values.help) {
    process.stdout.write(WATCH_USAGE);
    return;
  }
  const symbol = required(values.symbol, '--symbol');
  const channel = required(values.channel, '--channel') as MarketChannel;
  if (!CHANNELS.includes(channel)) throw new ConfigError('--channel', 'known channel', `--channel must be one of ${CHANNELS.join(', ')}, got '${channel}'`);
  const exchange = values.exchange ?? 'binance';
  if (exchange !== 'binance') throw new ConfigError('--exchange', 'supported exchange', `--exchange '${exchange}' is not supported (binance is)`);
  const depth = positiveInt(values.depth, '--depth', 10);
  const count = values.count === undefined ? undefined : positiveInt(values.count, '--count', 1);
  const config = loadConfig({ file: values.config, env, overrides: logOverrides(values) });
  configureLogger(config.log);
  const restUrl = values['rest-url'] ?? config.exchanges.binance.restUrl;
  const wsUrl = values['ws-url'] ?? config.exchanges.binance.wsUrl;
  const json = values.json === true || !process.stdout.isTTY;

  const system = await startActorSystem({ name: 'watch' });
  const pubsub = new PubSub();
  const stop = async (): Promise<void> => {
    await system.stop();
    await pubsub.stop();
  };
  try {
    const feed = await startMarketFeed(system.root, pubsub, { restUrl, wsUrl, bookDepth: depth });
    let topic: string;
    try {
      topic = feed.topic(channel, symbol);
    } catch (error) {
      if (error instanceof UnknownSymbolError) throw new ConfigError('--symbol', 'listed symbol', `--symbol ${symbol}: ${exchange} does not list it`);
      throw error;
    }
    await new Promise<void>((resolve) => {
      let printed = 0;
      const onSignal = (): void => resolve();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      pubsub.listen<MarketEvent>(topic, (event) => {
        if (count !== undefined && printed >= count) return;
        process.stdout.write(`${json ? JSON.stringify(normalize(event)) : human(event)}\n`);
        printed += 1;
        if (count !== undefined && printed >= count) resolve();
      }, { delivery: { kind: 'all', capacity: 100_000 } });
    });
  } finally {
    await stop();
  }
}

/** The event as JSON-safe data: Decimals as strings, book levels as [price, quantity] string pairs. */
export function normalize(event: MarketEvent): Record<string, unknown> {
  if (event.type === 'book') {
    const levels = (side: typeof event.bids): string[][] => side.map((l) => [l.price.toString(), l.quantity.toString()]);
    return { ...event, bids: levels(event.bids), asks: levels(event.asks) };
  }
  return Object.fromEntries(Object.entries(event).map(([key, value]) => [key, value instanceof Decimal ? value.toString() : value]));
}

function human(event: MarketEvent): string {
  switch (event.type) {
    case 'trade':
      return `${event.symbol} trade ${event.id} ${event.side} ${event.quantity.toString()} @ ${event.price.toString()}`;
    case 'ticker':
      return `${event.symbol} last ${event.last.toString()} (${event.changePercent.toString()}%) vol ${event.volume.toString()}`;
    case 'bookTicker':
      return `${event.symbol} bid ${event.bidSize.toString()} @ ${event.bid.toString()} | ask ${event.askSize.toString()} @ ${event.ask.toString()}`;
    case 'depth':
      return `${event.symbol} depth ${event.kind} #${event.sequence}: ${event.bids.length} bids, ${event.asks.length} asks`;
    case 'book': {
      const bid = event.bids[0];
      const ask = event.asks[0];
      return `${event.symbol} book #${event.sequence}: ${bid ? `${bid.quantity.toString()} @ ${bid.price.toString()}` : '-'} | ${ask ? `${ask.quantity.toString()} @ ${ask.price.toString()}` : '-'}`;
    }
    case 'markPrice':
      return `${event.symbol} mark ${event.markPrice.toString()} index ${event.indexPrice.toString()} funding ${event.fundingRate.toString()} next ${new Date(event.nextFundingTime).toISOString()}`;
    case 'liquidation':
      return `${event.symbol} liquidation ${event.side} ${event.quantity.toString()} @ ${event.price.toString()} (${event.status})`;
    default: {
      const never: never = event;
      return JSON.stringify(never);
    }
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw new ConfigError(flag, 'required', `${flag} is required (see cex-actors watch --help)`);
  return value;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(flag, 'positive integer', `${flag} must be a positive integer, got '${value}'`);
  return n;
}
