// startSimulator: the whole local Binance exchange (spot, and USD-M futures market data) on one port — matching engine with the default
// symbols, demo accounts with seed-stable keys, liquidity bots, REST + market streams + WS API, faults.
import { createHmac } from 'node:crypto';
import { childLogger } from '../lib/log.js';
import { SimClock, type SimAccount, type SimContext, type SimEd25519Key } from './binance/context.js';
import { ed25519KeyPairFromSeed } from './binance/ed25519-keys.js';
import { ConnectionAttempts } from './binance/connection-attempts.js';
import { controlApiHandler } from './binance/faults/control-api.js';
import { RestFaults } from './binance/faults/rest-faults.js';
import { RestApi } from './binance/rest/rest-api.js';
import { SimHttpServer, type UpgradeHandler } from './binance/server.js';
import { MarketStreamServer, type MarketStreamOptions } from './binance/streams/index.js';
import { WsApiServer } from './binance/wsapi/index.js';
import { DEFAULT_BOT_OPTIONS, MarketBots } from './bots/market-bots.js';
import { parseSimConfig, type SimConfig, type SimConfigInput } from './config.js';
import { MatchingEngine } from './engine/engine.js';
import type { MatchingEngineApi, SymbolSpec } from './engine/types.js';
import { SimFaults } from './faults.js';
import { DEFAULT_SYMBOLS } from './symbols.js';
import { FundingModel } from './binance-usdm/funding.js';
import { usdmStreamDialect, FUTURES_WS_PREFIX } from './binance-usdm/streams.js';
import { DEFAULT_FUTURES_START_MIDS, DEFAULT_FUTURES_SYMBOLS } from './binance-usdm/symbols.js';

const log = childLogger('sim');

export interface SimulatorOptions extends SimConfigInput {
  /** Market-stream push cadence (tests shorten it). */
  streamCadence?: MarketStreamOptions['cadence'];
  /** Machine time for rate-limit windows and fault durations; tests may pin it. */
  now?: () => number;
}

/** The USD-M futures dialect of a running simulator (same port as spot). */
export interface RunningFutures {
  /** REST base URL (clients append `/fapi/v1/...`): the same origin as spot's. */
  rest: string;
  /** Market-stream base: clients append `/public/stream`, `/market/stream` (or `/ws/<stream>` under them). */
  ws: string;
  engine: MatchingEngineApi;
  funding: FundingModel;
  /** The futures market's liquidity bots; undefined with `bots: false`. */
  bots: MarketBots | undefined;
}

export interface RunningSimulator {
  /** REST base URL, e.g. `http://127.0.0.1:PORT` (clients append `/api/v3/...`). */
  rest: string;
  /** Market streams base: append `/ws/<stream>` or `/stream?streams=...`. */
  ws: string;
  /** WebSocket API endpoint. */
  wsApi: string;
  port: number;
  accounts: SimAccount[];
  faults: SimFaults;
  engine: MatchingEngineApi;
  clock: SimClock;
  /** The liquidity bots; undefined with `bots: false`. */
  bots: MarketBots | undefined;
  /** Binance USD-M futures (market data), on its own engine; undefined with `futures.enabled: false`. */
  futures: RunningFutures | undefined;
  config: SimConfig;
  stop(): Promise<void>;
}

/** A 64-character key derived from the seed: stable demo credentials per seed, different across seeds. */
function derivedKey(seed: string | number, purpose: string, name: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = createHmac('sha256', `cex-actors-sim:${String(seed)}`).update(`${purpose}:${name}`).digest();
  const more = createHmac('sha256', `cex-actors-sim:${String(seed)}`).update(`${purpose}:${name}:2`).digest();
  return [...bytes, ...more].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The account's Ed25519 key: the configured public key, or a demo pair whose private half comes from the seed. */
function ed25519Key(seed: string | number, spec: SimConfig['accounts'][number]): SimEd25519Key {
  const apiKey = spec.ed25519ApiKey ?? derivedKey(seed, 'ed25519-key', spec.name);
  if (spec.ed25519PublicKey !== undefined) return { apiKey, publicKey: spec.ed25519PublicKey };
  const keySeed = createHmac('sha256', `cex-actors-sim:${String(seed)}`).update(`ed25519-seed:${spec.name}`).digest();
  return { apiKey, ...ed25519KeyPairFromSeed(keySeed) };
}

/** Bots need a numeric seed; a string seed is hashed to one. */
function numericSeed(seed: string | number): number {
  if (typeof seed === 'number') return seed;
  return createHmac('sha256', 'cex-actors-sim-seed').update(seed).digest().readUInt32BE(0);
}

/** Every API key (HMAC and Ed25519) to its account; a key configured twice is a config error. */
function accountsByApiKey(accounts: readonly SimAccount[]): Map<string, SimAccount> {
  const byKey = new Map<string, SimAccount>();
  for (const account of accounts) {
    for (const apiKey of [account.apiKey, account.ed25519?.apiKey]) {
      if (apiKey === undefined) continue;
      if (byKey.has(apiKey)) throw new RangeError(`accounts: API key of ${account.name} is already used by ${byKey.get(apiKey)?.name ?? '?'}`);
      byKey.set(apiKey, account);
    }
  }
  return byKey;
}

function resolveSymbols(config: SimConfig): SymbolSpec[] {
  if (!config.symbols) return DEFAULT_SYMBOLS;
  return config.symbols.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const spec = DEFAULT_SYMBOLS.find((s) => s.symbol === entry);
    if (!spec) throw new RangeError(`symbols: unknown default symbol ${entry}; known: ${DEFAULT_SYMBOLS.map((s) => s.symbol).join(', ')}`);
    return spec;
  });
}

function resolveFuturesSymbols(config: SimConfig): SymbolSpec[] {
  const chosen = config.futures.symbols;
  if (!chosen) return DEFAULT_FUTURES_SYMBOLS;
  return chosen.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const spec = DEFAULT_FUTURES_SYMBOLS.find((s) => s.symbol === entry);
    if (!spec) throw new RangeError(`futures.symbols: unknown default perpetual ${entry}; known: ${DEFAULT_FUTURES_SYMBOLS.map((s) => s.symbol).join(', ')}`);
    return spec;
  });
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const { streamCadence, now, ...input } = options;
  const config = parseSimConfig(input);
  const clock = new SimClock();
  const engine = new MatchingEngine({ symbols: resolveSymbols(config), clock: clock.now, fees: config.fees, limits: { historyBytes: config.historyBytes, firstId: config.firstId } });

  const accounts: SimAccount[] = [];
  for (const spec of config.accounts) {
    const account: SimAccount = {
      name: spec.name,
      apiKey: spec.apiKey ?? derivedKey(config.seed, 'key', spec.name),
      apiSecret: spec.apiSecret ?? derivedKey(config.seed, 'secret', spec.name),
      ed25519: ed25519Key(config.seed, spec),
    };
    engine.createAccount(account.name, spec.balances);
    accounts.push(account);
  }
  // USD-M futures: its own engine (Binance's futures are a separate market with their own books and ids), the
  // same engine code; served beside spot on the same port.
  const futuresEngine = config.futures.enabled
    ? new MatchingEngine({ symbols: resolveFuturesSymbols(config), clock: clock.now, fees: config.fees, limits: { historyBytes: config.historyBytes, firstId: config.firstId } })
    : undefined;
  const funding = futuresEngine ? new FundingModel(futuresEngine, engine, { intervalMs: config.futures.fundingIntervalMs, rate: config.futures.fundingRate }) : undefined;
  const ctx: SimContext = {
    engine,
    clock,
    accounts: accountsByApiKey(accounts),
    timings: config.timings,
    fees: config.fees,
    ...(futuresEngine && funding ? { futures: { engine: futuresEngine, funding } } : {}),
  };

  const restFaults = new RestFaults(now);
  const rest = new RestApi(ctx, { limits: config.rateLimits, faults: restFaults, now });
  // Binance's stream and WS API hosts are separate services: each counts its own connection attempts.
  const attemptLimit = config.rateLimits.connectionAttemptsPer5Min;
  const streams = new MarketStreamServer(ctx, { cadence: streamCadence, connectionAttempts: new ConnectionAttempts(attemptLimit, now) });
  const wsApi = new WsApiServer(ctx, { limiter: rest.limiter, connectionAttempts: new ConnectionAttempts(attemptLimit, now) });
  const futuresStreams =
    futuresEngine && funding
      ? new MarketStreamServer(
          { ...ctx, engine: futuresEngine, timings: config.futures.timings },
          { cadence: streamCadence, connectionAttempts: new ConnectionAttempts(attemptLimit, now), dialect: usdmStreamDialect(funding) },
        )
      : undefined;
  const upgrades: UpgradeHandler[] = futuresStreams ? [streams, futuresStreams, wsApi] : [streams, wsApi];
  const faults = new SimFaults({ rest: restFaults, clock, streams, ...(futuresStreams ? { futuresStreams } : {}), wsApi });
  const bots = config.bots === false ? undefined : new MarketBots(engine, { ...DEFAULT_BOT_OPTIONS, ...config.bots, seed: numericSeed(config.seed) });
  // The futures bots trade the perpetuals from their own start mids; the spot symbol list and mids do not apply.
  const futuresBots =
    config.bots === false || !futuresEngine
      ? undefined
      : new MarketBots(futuresEngine, { ...DEFAULT_BOT_OPTIONS, ...config.bots, symbols: undefined, startMids: DEFAULT_FUTURES_START_MIDS, seed: numericSeed(config.seed) + 1 });

  const server = await SimHttpServer.listen({
    host: config.host,
    port: config.port,
    rest,
    upgrades,
    control: controlApiHandler(faults),
  });

  bots?.start();
  futuresBots?.start();

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      bots?.stop();
      futuresBots?.stop();
      await server.close();
      log.debug('simulator stopped');
    })();
    return stopped;
  };

  return {
    rest: server.restUrl,
    ws: server.wsUrl,
    wsApi: `${server.wsUrl}/ws-api/v3`,
    port: server.port,
    accounts,
    faults,
    engine,
    clock,
    bots,
    futures:
      futuresEngine && funding
        ? { rest: server.restUrl, ws: `${server.wsUrl}${FUTURES_WS_PREFIX}`, engine: futuresEngine, funding, bots: futuresBots }
        : undefined,
    config,
    stop,
  };
}
