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
import { binanceUsdmMarket } from '../lib/exchanges/binance-usdm/market-codec.js';
import { binanceSpotMarket } from '../lib/exchanges/binance/market-codec.js';
import type { MarketChannel, MarketEvent } from '../lib/models/market.js';

const CHANNELS: readonly MarketChannel[] = ['depth', 'book', 'trades', 'ticker', 'bookTicker', 'markPrice', 'liquidations'];
const MARKETS = ['spot', 'futures'] as const;
type Market = (typeof MARKETS)[number];
const FUTURES_URLS = { restUrl: 'https://fapi.binance.com', wsUrl: 'wss://fstream.binance.com' };

export const WATCH_FLAGS = {
  symbol: { type: 'string', value: 'SYMBOL', help: 'unified symbol, e.g. BTC/USDT, or BTC/USDT:USDT for USD-M futures (required)' },
  channel: { type: 'string', value: 'CHANNEL', help: `${CHANNELS.join('|')} (required; markPrice and liquidations: futures only)` },
  market: { type: 'string', value: 'MARKET', help: "spot|futures (default: futures for a ':USDT' symbol, else spot)" },
  exchange: { type: 'string', value: 'NAME', help: 'binance (spot) or binanceusdm (futures); implied by --market' },
  'rest-url': { type: 'string', value: 'URL', help: 'REST base URL (default: exchanges.binance.restUrl, futures: exchanges.binanceusdm.restUrl)' },
  'ws-url': { type: 'string', value: 'URL', help: 'market-stream base: before /ws or /stream (spot), before /public and /market (futures)' },
  depth: { type: 'string', value: 'N', help: 'levels per side in book events (default 10)' },
  count: { type: 'string', value: 'N', help: 'stop after N events (default: until Ctrl-C)' },
  json: { type: 'boolean', help: 'JSON lines even on a terminal' },
  ...COMMON_FLAGS,
} as const satisfies FlagSpecs;

export const WATCH_USAGE = `Usage: cex-actors watch --symbol BTC/USDT --channel depth|book|trades|ticker|bookTicker [options]
       cex-actors watch --symbol BTC/USDT:USDT --channel markPrice [--market futures] [options]

Prints one normalized event per line until --count events or Ctrl-C, then exits 0. JSON lines when stdout is
not a terminal or with --json. Without URLs it reads the configuration (exchanges.binance; for USD-M futures
exchanges.binanceusdm, else fapi.binance.com and fstream.binance.com).

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
  const market = marketOf(values.market, values.exchange, symbol);
  const codec = market === 'futures' ? binanceUsdmMarket : binanceSpotMarket;
  const exchange = codec.exchange;
  if (!codec.channels.includes(channel)) throw new ConfigError('--channel', 'channel of the market', `--channel ${channel} is futures only (use a :USDT symbol or --market futures)`);
  const depth = positiveInt(values.depth, '--depth', 10);
  const count = values.count === undefined ? undefined : positiveInt(values.count, '--count', 1);
  const config = loadConfig({ file: values.config, env, overrides: logOverrides(values) });
  configureLogger(config.log);
  const urls = market === 'futures' ? (config.exchanges.binanceusdm ?? FUTURES_URLS) : config.exchanges.binance;
  const restUrl = values['rest-url'] ?? urls.restUrl;
  const wsUrl = values['ws-url'] ?? urls.wsUrl;
  const json = values.json === true || !process.stdout.isTTY;

  const system = await startActorSystem({ name: 'watch' });
  const pubsub = new PubSub();
  const stop = async (): Promise<void> => {
    await system.stop();
    await pubsub.stop();
  };
  try {
    const feed = await startMarketFeed(system.root, pubsub, { restUrl, wsUrl, bookDepth: depth, codec });
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

/**
 * --market, else --exchange, else the symbol: a settle asset after ':' ('BTC/USDT:USDT', ccxt's linear perpetual)
 * means USD-M futures. A contradiction between them is refused.
 */
function marketOf(flag: string | undefined, exchange: string | undefined, symbol: string): Market {
  if (flag !== undefined && !(MARKETS as readonly string[]).includes(flag)) throw new ConfigError('--market', 'known market', `--market must be spot or futures, got '${flag}'`);
  const byExchange: Market | undefined = exchange === undefined ? undefined : exchange === 'binance' ? 'spot' : exchange === 'binanceusdm' ? 'futures' : undefined;
  if (exchange !== undefined && byExchange === undefined) throw new ConfigError('--exchange', 'supported exchange', `--exchange '${exchange}' is not supported (binance, binanceusdm are)`);
  const market = (flag as Market | undefined) ?? byExchange ?? (symbol.includes(':') ? 'futures' : 'spot');
  if (byExchange !== undefined && byExchange !== market) throw new ConfigError('--exchange', 'matches --market', `--exchange ${exchange} is not the ${market} market`);
  return market;
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
