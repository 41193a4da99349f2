// The market-data integration harness: the real simulator, the real actor system and a market feed
// against it over real sockets on 127.0.0.1, plus recorders for topics and the book check.
import { expect } from 'chai';
import { startMarketFeed, type MarketFeed, type MarketFeedOptions } from '../../actors/market/feed.js';
import { binanceSpotMarket } from '../../lib/exchanges/binance/market-codec.js';
import { binanceUsdmMarket } from '../../lib/exchanges/binance-usdm/market-codec.js';
import type { MarketCodec } from '../../lib/exchanges/types.js';
import { FUTURES_ID_SCALE } from '../../sim/binance-usdm/payloads.js';
import type { MarketBots } from '../../sim/bots/market-bots.js';
import type { MatchingEngineApi } from '../../sim/engine/types.js';
import { PubSub } from '../../actors/pubsub.js';
import { startActorSystem, type ActorSystem } from '../../actors/runtime/index.js';
import type { BookView, MarketChannel, StatusEvent, Trade } from '../../lib/models/market.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../sim/index.js';
import { eventually, sleep } from '../wait.js';

/**
 * One market the integration cases run against (spot and USD-M futures: the same cases, parameterized): its
 * codec, where the simulator serves it, its engine and bots, how its symbols and ids read, and its REST paths.
 */
export interface MarketCase {
  readonly name: 'spot' | 'futures';
  readonly exchange: string;
  readonly codec: MarketCodec;
  /** 'BTCUSDT' -> the unified symbol ('BTC/USDT', 'BTC/USDT:USDT'). */
  symbol(venueSymbol: string): string;
  urls(sim: RunningSimulator): { restUrl: string; wsUrl: string };
  engine(sim: RunningSimulator): MatchingEngineApi;
  bots(sim: RunningSimulator): MarketBots | undefined;
  /** The engine's update id as the venue's clients see it. */
  sequence(engineUpdateId: number): number;
  /** REST paths: the depth snapshot and the trade backfill page. */
  readonly depthPath: string;
  readonly backfillPath: string;
  /** The simulator's fault target for this market's streams, and its depth-fault market. */
  readonly streamsTarget: 'streams' | 'futuresStreams';
  readonly faultMarket: 'spot' | 'futures';
}

export const SPOT: MarketCase = {
  name: 'spot',
  exchange: 'binance',
  codec: binanceSpotMarket,
  symbol: (v) => `${v.slice(0, -4)}/${v.slice(-4)}`,
  urls: (sim) => ({ restUrl: sim.rest, wsUrl: sim.ws }),
  engine: (sim) => sim.engine,
  bots: (sim) => sim.bots,
  sequence: (id) => id,
  depthPath: '/api/v3/depth',
  backfillPath: '/api/v3/historicalTrades',
  streamsTarget: 'streams',
  faultMarket: 'spot',
};

export const FUTURES: MarketCase = {
  name: 'futures',
  exchange: 'binanceusdm',
  codec: binanceUsdmMarket,
  symbol: (v) => `${v.slice(0, -4)}/${v.slice(-4)}:USDT`,
  urls: (sim) => ({ restUrl: sim.futures!.rest, wsUrl: sim.futures!.ws }),
  engine: (sim) => sim.futures!.engine,
  bots: (sim) => sim.futures?.bots,
  sequence: (id) => id * FUTURES_ID_SCALE,
  depthPath: '/fapi/v1/depth',
  backfillPath: '/fapi/v1/aggTrades',
  streamsTarget: 'futuresStreams',
  faultMarket: 'futures',
};

export const MARKETS: readonly MarketCase[] = [SPOT, FUTURES];

export interface MarketHarness {
  readonly market: MarketCase;
  readonly sim: RunningSimulator;
  readonly system: ActorSystem;
  readonly pubsub: PubSub;
  readonly feed: MarketFeed;
  readonly status: StatusEvent[];
  /** Records every event of a topic from now on. */
  record<E>(channel: MarketChannel, symbol: string): E[];
  stop(): Promise<void>;
}

/** `feedOptions` may depend on the simulator (a proxy in front of its REST, say). */
export async function startMarketHarness(
  feedOptions: Partial<MarketFeedOptions> | ((sim: RunningSimulator) => Partial<MarketFeedOptions> | Promise<Partial<MarketFeedOptions>>) = {},
  simOptions: SimulatorOptions = {},
  market: MarketCase = SPOT,
): Promise<MarketHarness> {
  const sim = await startSimulator({ port: 0, seed: 7, ...simOptions });
  const options = typeof feedOptions === 'function' ? await feedOptions(sim) : feedOptions;
  const system = await startActorSystem({ name: 'market-test' });
  const pubsub = new PubSub({ nodeName: 'test' });
  const feed = await startMarketFeed(system.root, pubsub, {
    codec: market.codec,
    ...market.urls(sim),
    silenceMs: 1500,
    probeTimeoutMs: 1000,
    backoff: { minMs: 50, maxMs: 400 },
    snapshotLimit: 1000,
    ...options,
  });
  const status: StatusEvent[] = [];
  pubsub.listen<StatusEvent>(`status:${market.exchange}`, (event) => void status.push(event));
  return {
    market,
    sim,
    system,
    pubsub,
    feed,
    status,
    record<E>(channel: MarketChannel, symbol: string): E[] {
      const events: E[] = [];
      pubsub.listen<E>(feed.topic(channel, symbol), (event) => void events.push(event), { delivery: { kind: 'all', capacity: 1_000_000 } });
      return events;
    },
    async stop() {
      await system.stop();
      await pubsub.stop();
      await sim.stop();
    },
  };
}

/** Stops the bots, waits for the last depth event, and checks our book equals the simulator's (top 50). */
export async function expectBookEqualsSimulator(h: MarketHarness, symbol: string, venueSymbol: string): Promise<void> {
  const bots = h.market.bots(h.sim);
  bots?.stop();
  const truth = (): ReturnType<RunningSimulator['engine']['depth']> => h.market.engine(h.sim).depth(venueSymbol, 50);
  let ours: BookView | undefined;
  await eventually(
    () => {
      void h.feed.readBook(symbol, 50).then((view) => (ours = view));
      return ours !== undefined && ours.sequence === h.market.sequence(truth().lastUpdateId);
    },
    () =>
      `the ${symbol} book to reach the simulator's update id ${String(truth().lastUpdateId)} (ours: ${String(ours?.sequence)}; ` +
      `stream ${JSON.stringify(h.feed.metrics().streams.filter((s) => s.stream.endsWith(symbol)))}; last status ${JSON.stringify(h.status.slice(-6))})`,
    20_000, // generous: under a loaded machine (coverage, parallel runs) a resync after the bots stop takes longer
  );
  const expected = truth();
  const text = (levels: readonly { price: { toString(): string }; quantity: { toString(): string } }[]): string[] =>
    levels.map((l) => `${l.price.toString()}@${l.quantity.toString()}`);
  expect(text(ours!.bids)).to.deep.equal(expected.bids.map(([p, q]) => `${p.toString()}@${q.toString()}`));
  expect(text(ours!.asks)).to.deep.equal(expected.asks.map(([p, q]) => `${p.toString()}@${q.toString()}`));
  bots?.start();
  await sleep(1);
}

/** Trade ids in order, each once, with no hole. */
export function expectContiguous(trades: readonly Trade[]): void {
  const ids = trades.map((t) => BigInt(t.id));
  for (let i = 1; i < ids.length; i++) {
    if (ids[i] !== ids[i - 1]! + 1n) throw new Error(`trade ids not contiguous at ${i}: ${String(ids[i - 1])} then ${String(ids[i])}`);
  }
}
