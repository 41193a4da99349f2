// The public facade (DESIGN.md section 7): one call starts the whole system — the actor system with its
// pub/sub, the Binance market feed, the users supervisor, optionally the embedded simulator and a
// Prometheus endpoint — and one call stops it in order (supervisors leaves first, then the pub/sub,
// then the simulator). Everything else is the parts' own API, reachable from here.
import type { Observable } from 'rxjs';
import { loadConfig, validateConfig, type Config } from '../config/index.js';
import { startMarketFeed, type MarketFeed, type MarketFeedOptions } from '../actors/market/feed.js';
import type { FeedMetricsSnapshot } from '../actors/market/metrics.js';
import { createPubSubAdapter, PubSub, pubSubTreeSpec, statusTopic, type ActorSubscribeOptions, type DeliveryOptions, type Incarnation, type ListenOptions, type Subscription, type TopicMessage } from '../actors/pubsub.js';
import { lookupSupervisor, startActorSystem, whichChildren, type ActorRef, type ActorSystem, type ChildInfo } from '../actors/runtime/index.js';
import { startTrading, type StartTradingOptions, type Trading, type UserHandle } from '../actors/trading/trading.js';
import { binanceSpotTrading } from '../lib/exchanges/binance/trading-codec.js';
import { binanceUsdmMarket } from '../lib/exchanges/binance-usdm/market-codec.js';
import type { TradingCredentials } from '../lib/exchanges/trading-types.js';
import { configureLogger } from '../lib/log.js';
import type { BookView, MarketChannel } from '../lib/models/market.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../sim/index.js';
import { simulatorOptions } from '../sim/cli.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';

/** Which market topic: `{ exchange: 'binance', symbol: 'BTC/USDT', channel: 'depth' }`. */
export interface TopicSelector {
  /** Default 'binance'; 'binanceusdm' for USD-M futures (when `exchanges.binanceusdm.enabled`). */
  readonly exchange?: string;
  readonly symbol: string;
  readonly channel: MarketChannel;
}

export interface ExchangeSystemOptions {
  /** The configuration (`loadConfig()`'s result). Default: `loadConfig()` (defaults < $CEX_CONFIG < environment). */
  readonly config?: Config;
  /**
   * Run the embedded simulator and point the system at it. Default: `config.simulator.enabled`. Options given
   * here override the config's `simulator` section.
   */
  readonly simulator?: boolean | SimulatorOptions;
  /** Market feed options beyond the URLs (silence, snapshot limit, book depth, ...). */
  readonly market?: Partial<Omit<MarketFeedOptions, 'restUrl' | 'wsUrl'>>;
  /** Trading options beyond the URLs (timeouts, limits, ordersOverWebSocket, ...). */
  readonly trading?: Partial<Omit<StartTradingOptions, 'restUrl' | 'wsApiUrl' | 'codec'>>;
  /** Prometheus endpoint; default `config.metrics` (off). `{ port: 0 }` picks a free port. */
  readonly metrics?: false | { readonly host?: string; readonly port: number };
  /** Name of the actor system (root of every actor path). Default 'cex'. */
  readonly name?: string;
}

export interface ExchangeSystemStatus {
  readonly exchange: string;
  readonly connections: FeedMetricsSnapshot['connections'];
  readonly books: readonly ChildInfo[];
  readonly users: readonly string[];
  readonly simulator: { readonly rest: string; readonly ws: string; readonly wsApi: string } | undefined;
}

export interface ExchangeSystem {
  readonly actorSystem: ActorSystem;
  readonly pubsub: PubSub;
  /** The embedded simulator, when one runs (its URLs, accounts and fault controls). */
  readonly simulator: RunningSimulator | undefined;
  readonly market: MarketFeed;
  /** The Binance USD-M futures market feed (`binanceusdm`), when `exchanges.binanceusdm.enabled`. */
  readonly futures: MarketFeed | undefined;
  readonly trading: Trading;
  /** The Prometheus endpoint's URL, when enabled. */
  readonly metricsUrl: string | undefined;
  /** `depth:binance:BTC/USDT`; throws UnknownSymbolError for a symbol the exchange does not list. */
  topic(selector: TopicSelector): string;
  /** An actor subscriber (its ref, or its context to tie the subscription to one incarnation); it receives `TopicMessage<E>`. */
  subscribe<E>(selector: TopicSelector | string, subscriber: ActorRef<TopicMessage<E>> | Incarnation<TopicMessage<E>>, options?: DeliveryOptions): Subscription;
  subscribe<E, M>(selector: TopicSelector | string, subscriber: ActorRef<M> | Incarnation<M>, options: ActorSubscribeOptions<E, M>): Subscription;
  /** A callback subscriber. */
  listen<E>(selector: TopicSelector | string, callback: (event: E, topic: string) => void | PromiseLike<void>, options?: ListenOptions): Subscription;
  /** An RxJS Observable of a topic. */
  observe<E>(selector: TopicSelector | string, options?: DeliveryOptions): Observable<E>;
  readonly users: {
    /** Starts a user. Without credentials, with the embedded simulator: its first demo account. */
    start(user: { readonly id: string; readonly credentials?: TradingCredentials; readonly userStream?: boolean }): Promise<UserHandle>;
    get(id: string): UserHandle | undefined;
    stop(id: string): Promise<void>;
    list(): string[];
  };
  /** The synced book's top levels, or undefined while nobody subscribes to its depth/book or it is resyncing. */
  readBook(symbol: string, depth?: number): Promise<BookView | undefined>;
  metrics(): FeedMetricsSnapshot;
  status(): ExchangeSystemStatus;
  /** Ordered shutdown: every actor (leaves first), the pub/sub, the metrics endpoint, the simulator. Idempotent. */
  stop(): Promise<void>;
}

/** Starts everything; see ExchangeSystemOptions. */
export async function startExchangeSystem(options: ExchangeSystemOptions = {}): Promise<ExchangeSystem> {
  // A configuration given as an object is checked like a loaded one: a bad key is a ConfigError before anything starts.
  const config = options.config === undefined ? loadConfig() : validateConfig(options.config);
  configureLogger(config.log);
  const embed = options.simulator ?? config.simulator.enabled;
  const simulator = embed ? await startSimulator({ ...simulatorOptions(config), ...(typeof embed === 'object' ? embed : {}) }) : undefined;
  const binance = config.exchanges.binance;
  const urls = simulator
    ? { restUrl: simulator.rest, wsUrl: simulator.ws, wsApiUrl: simulator.wsApi }
    : { restUrl: binance.restUrl, wsUrl: binance.wsUrl, wsApiUrl: binance.wsApiUrl };
  // `pubsub.adapter` (local, nats, redis): past one process, broadcasts reach the other nodes (docs/pubsub-adapters.md).
  const pubsub = new PubSub({ ...(config.pubsub.nodeName === undefined ? {} : { nodeName: config.pubsub.nodeName }), adapter: createPubSubAdapter(config.pubsub) });
  let actorSystem: ActorSystem | undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    actorSystem = await startActorSystem({ name: options.name ?? 'cex', root: { children: [pubSubTreeSpec(pubsub)] } });
    const market = await startMarketFeed(actorSystem.root, pubsub, { ...options.market, restUrl: urls.restUrl, wsUrl: urls.wsUrl });
    const futures = await startFuturesFeed(config, simulator, actorSystem, pubsub, options.market);
    const trading = await startTrading(actorSystem.root, pubsub, {
      recvWindowMs: binance.recvWindowMs,
      ...options.trading,
      codec: binanceSpotTrading,
      restUrl: urls.restUrl,
      wsApiUrl: urls.wsApiUrl,
    });
    const metricsOption = options.metrics ?? (config.metrics.enabled ? { host: config.metrics.host, port: config.metrics.port } : false);
    if (metricsOption) metricsServer = await startMetricsServer({ host: metricsOption.host ?? '127.0.0.1', port: metricsOption.port }, () => market.metrics(), actorSystem, () => trading.metrics());
    return facade({ actorSystem, pubsub, simulator, market, futures, trading, metricsServer, defaultCredentials: binance.credentials });
  } catch (error) {
    await actorSystem?.stop();
    await pubsub.stop();
    await metricsServer?.stop();
    await simulator?.stop();
    throw error;
  }
}

/**
 * The USD-M futures feed beside spot's, under the same root, when configured: the simulator's futures URLs when it
 * is embedded, else the configured ones. Market data only so far (trading is the next part of issue 11).
 */
async function startFuturesFeed(
  config: Config,
  simulator: RunningSimulator | undefined,
  actorSystem: ActorSystem,
  pubsub: PubSub,
  market: ExchangeSystemOptions['market'],
): Promise<MarketFeed | undefined> {
  const section = config.exchanges.binanceusdm;
  if (!section?.enabled) return undefined;
  if (simulator && !simulator.futures) throw new Error('exchanges.binanceusdm is enabled but the embedded simulator serves no futures (simulator.futures.enabled is false)');
  const urls = simulator?.futures ? { restUrl: simulator.futures.rest, wsUrl: simulator.futures.ws } : { restUrl: section.restUrl, wsUrl: section.wsUrl };
  return startMarketFeed(actorSystem.root, pubsub, { ...market, ...urls, codec: binanceUsdmMarket });
}

function facade(parts: {
  actorSystem: ActorSystem;
  pubsub: PubSub;
  simulator: RunningSimulator | undefined;
  market: MarketFeed;
  futures: MarketFeed | undefined;
  trading: Trading;
  metricsServer: MetricsServer | undefined;
  defaultCredentials: { readonly apiKey: string; readonly apiSecret: string } | undefined;
}): ExchangeSystem {
  const { actorSystem, pubsub, simulator, market, futures, trading, metricsServer } = parts;
  const feeds = [market, ...(futures ? [futures] : [])];
  const topicOf = (selector: TopicSelector | string): string => {
    if (typeof selector === 'string') return selector;
    const exchange = selector.exchange ?? market.exchange;
    const feed = feeds.find((f) => f.exchange === exchange);
    if (!feed) throw new Error(`no feed for exchange '${exchange}' (this system runs ${feeds.map((f) => f.exchange).join(', ')})`);
    return feed.topic(selector.channel, selector.symbol);
  };
  let stopping: Promise<void> | undefined;
  return {
    actorSystem,
    pubsub,
    simulator,
    market,
    futures,
    trading,
    metricsUrl: metricsServer?.url,
    topic: (selector) => topicOf(selector),
    subscribe: ((selector: TopicSelector | string, subscriber: ActorRef<never>, options: ActorSubscribeOptions<unknown, never>) =>
      pubsub.subscribe<unknown, never>(topicOf(selector), subscriber, options)) as ExchangeSystem['subscribe'],
    listen: (selector, callback, options) => pubsub.listen(topicOf(selector), callback, options),
    observe: (selector, options) => pubsub.observe(topicOf(selector), options),
    users: {
      start({ id, credentials, userStream }) {
        const account = simulator?.accounts[0];
        const fallback = parts.defaultCredentials ?? (account ? { apiKey: account.apiKey, apiSecret: account.apiSecret } : undefined);
        const chosen = credentials ?? fallback;
        if (!chosen) throw new Error(`user ${id}: no credentials given and no default (set CEX_BINANCE_API_KEY/SECRET or pass credentials)`);
        return trading.startUser({ id, credentials: chosen, userStream });
      },
      get: (id) => trading.user(id),
      stop: (id) => trading.stopUser(id),
      list: () => trading.users(),
    },
    readBook: (symbol, depth) => market.readBook(symbol, depth),
    metrics: () => market.metrics(),
    status() {
      const books = lookupSupervisor(market.supervisor, 'books');
      return {
        exchange: market.exchange,
        connections: market.metrics().connections,
        books: books ? whichChildren(books) : [],
        users: trading.users(),
        simulator: simulator ? { rest: simulator.rest, ws: simulator.ws, wsApi: simulator.wsApi } : undefined,
      };
    },
    stop() {
      stopping ??= (async () => {
        await actorSystem.stop();
        await pubsub.stop();
        await metricsServer?.stop();
        await simulator?.stop();
      })();
      return stopping;
    },
  };
}

/** The status topic of the system's exchange. */
export const exchangeStatusTopic = (exchange = 'binance'): string => statusTopic(exchange);
