// ccxt (REST) and ccxt.pro (websockets), unchanged, against the simulator given only its base URLs: the proof
// that the simulator speaks Binance well enough for a third-party client. Settings are in docs/simulator.md.
import { expect } from 'chai';
import { Decimal } from '../../lib/core/decimal.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { eventually } from '../wait.js';

// ccxt's own declaration files do not pass this project's `skipLibCheck: false` (throttle.d.ts uses an
// undeclared `Num`), so ccxt is imported untyped and the few members these tests use are declared here.
const CCXT_MODULE: string = 'ccxt';

interface Market {
  id: string;
  base: string;
  quote: string;
  spot: boolean;
  active: boolean;
  precision: { price?: number; amount?: number };
  limits: { cost?: { min?: number } };
}
interface Ticker {
  symbol: string;
  bid?: number;
  ask?: number;
  last?: number;
}
interface OrderBook {
  bids: number[][];
  asks: number[][];
  nonce?: number;
}
interface Trade {
  id?: string;
  symbol?: string;
  price?: number;
  order?: string;
  side?: string;
  takerOrMaker?: string;
  info: unknown;
}
interface Order {
  id?: string;
  symbol?: string;
  status?: string;
  filled?: number;
  info: unknown;
}
type Balances = Record<string, unknown> & { info: unknown };
interface Exchange {
  urls: { api: unknown };
  markets: Record<string, Market>;
  loadMarkets(): Promise<Record<string, Market>>;
  loadHttpProxyAgent(): Promise<unknown>;
  market(symbol: string): Market;
  fetchTicker(symbol: string): Promise<Ticker>;
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook>;
  fetchTrades(symbol: string, since?: number, limit?: number): Promise<Trade[]>;
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<number[][]>;
  fetchBalance(): Promise<Balances>;
  createOrder(symbol: string, type: 'limit' | 'market', side: 'buy' | 'sell', amount: number, price?: number): Promise<Order>;
  fetchOrder(id: string, symbol: string): Promise<Order>;
  fetchOpenOrders(symbol: string): Promise<Order[]>;
  cancelOrder(id: string, symbol: string): Promise<Order>;
  fetchMyTrades(symbol: string): Promise<Trade[]>;
  watchTrades(symbol: string): Promise<Trade[]>;
  watchOrderBook(symbol: string): Promise<OrderBook>;
  watchTicker(symbol: string): Promise<Ticker>;
  watchBalance(): Promise<Balances>;
  watchOrders(symbol: string): Promise<Order[]>;
  close(): Promise<unknown>;
}
type ExchangeClass = new (config: object) => Exchange;
interface Ccxt {
  binance: ExchangeClass;
  pro: { binance: ExchangeClass };
  InsufficientFunds: new (...args: never[]) => Error;
  OrderNotFound: new (...args: never[]) => Error;
}

async function loadCcxt(): Promise<Ccxt> {
  const loaded = (await import(CCXT_MODULE)) as { default: Ccxt };
  return loaded.default;
}

function free(balances: Balances, asset: string): unknown {
  return (balances[asset] as { free?: unknown } | undefined)?.free;
}

const SYMBOL = 'BTC/USDT';
const WAIT_MS = 8000;

/** Rejects when `promise` has not settled within `ms`, so a silent stream fails the test instead of hanging it. */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Points every REST base of ccxt's binance at the simulator (so no request can leave the machine), and the
 * spot market-stream and WebSocket-API bases at its websockets.
 */
function pointAtSimulator(exchange: Exchange, sim: RunningSimulator): void {
  const api = exchange.urls.api as Record<string, unknown>;
  for (const [key, url] of Object.entries(api)) {
    if (typeof url === 'string') api[key] = url.replace(/^https:\/\/[^/]+/, sim.rest);
  }
  api['ws'] = { spot: `${sim.ws}/ws`, margin: `${sim.ws}/ws`, 'ws-api': { spot: sim.wsApi } };
}

/** The options a ccxt binance instance needs against the simulator (no /sapi, no futures). */
function simOptions(sim: RunningSimulator): object {
  const alice = sim.accounts[0];
  if (!alice) throw new Error('the simulator has no demo account');
  return {
    apiKey: alice.apiKey,
    secret: alice.apiSecret,
    options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
  };
}

/** Free and locked of `asset` from the raw /api/v3/account answer (exact strings, not ccxt's floats). */
async function rawBalance(exchange: Exchange, asset: string): Promise<{ free: Decimal; locked: Decimal }> {
  const balance = await exchange.fetchBalance();
  const rows = (balance.info as { balances: Array<{ asset: string; free: string; locked: string }> }).balances;
  const row = rows.find((b) => b.asset === asset);
  return { free: new Decimal(row?.free ?? '0'), locked: new Decimal(row?.locked ?? '0') };
}

/** ccxt types an order id as `string | undefined`; the simulator always gives one. */
function idOf(order: Order): string {
  if (typeof order.id !== 'string') throw new Error('order without id');
  return order.id;
}

interface RawOrder {
  executedQty: string;
  cummulativeQuoteQty: string;
  fills?: Array<{ qty: string; commission: string; commissionAsset: string }>;
}

/** Resolves once the bots have traded `symbol` (exchange form), so public trade queries have something to return. */
function botsHaveTraded(sim: RunningSimulator, symbol: string): Promise<void> {
  return eventually(() => sim.engine.lastPrice(symbol) !== undefined, `a ${symbol} trade by the bots`, WAIT_MS);
}

/** Keeps watching until an update carries order `id` (a watch resolves on whatever update comes next). */
async function untilFound(first: Promise<Order[]>, again: () => Promise<Order[]>, id: string): Promise<Order> {
  let batch = await first;
  for (;;) {
    const found = batch.find((o) => o.id === id);
    if (found) return found;
    batch = await again();
  }
}

describe('ccxt binance (REST) against the simulator', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let exchange: Exchange;
  let ccxt: Ccxt;

  before(async () => {
    ccxt = await loadCcxt();
    sim = await startSimulator({ seed: 11 });
    exchange = new ccxt.binance(simOptions(sim));
    pointAtSimulator(exchange, sim);
    await exchange.loadMarkets();
    await botsHaveTraded(sim, 'BTCUSDT');
  });

  after(async () => {
    await exchange.close();
    await sim.stop();
  });

  it('loads the three spot markets with their filters as precision and limits', () => {
    expect(Object.keys(exchange.markets as object).sort()).to.deep.equal(['BTC/USDT', 'ETH/BTC', 'ETH/USDT']);
    const market = exchange.market(SYMBOL);
    expect(market).to.include({ id: 'BTCUSDT', base: 'BTC', quote: 'USDT', spot: true, active: true });
    expect(market.precision).to.include({ price: 0.01, amount: 0.00001 });
    expect(market.limits.cost?.min).to.equal(5);
  });

  it('fetches a ticker whose bid is below its ask', async () => {
    const ticker = await exchange.fetchTicker(SYMBOL);
    expect(ticker.symbol).to.equal(SYMBOL);
    expect(ticker.bid).to.be.a('number');
    expect(ticker.ask).to.be.a('number');
    expect(ticker.bid!).to.be.lessThan(ticker.ask!);
  });

  it('fetches an order book sorted best first and not crossed', async () => {
    const book = await exchange.fetchOrderBook(SYMBOL, 20);
    expect(book.bids.length).to.be.greaterThan(0);
    expect(book.asks.length).to.be.greaterThan(0);
    const bids = book.bids.map(([price]) => price!);
    const asks = book.asks.map(([price]) => price!);
    expect(bids).to.deep.equal([...bids].sort((a, b) => b - a));
    expect(asks).to.deep.equal([...asks].sort((a, b) => a - b));
    expect(bids[0]!).to.be.lessThan(asks[0]!);
    expect(book.nonce).to.be.a('number');
  });

  it('fetches public trades of the bots', async () => {
    const trades = await exchange.fetchTrades(SYMBOL, undefined, 5);
    expect(trades.length).to.be.within(1, 5);
    for (const trade of trades) {
      expect(trade.symbol).to.equal(SYMBOL);
      expect(trade.id).to.be.a('string');
    }
  });

  it('fetches candles built from the trades (fetchOHLCV over /api/v3/klines)', async () => {
    const candles = await exchange.fetchOHLCV(SYMBOL, '1m', undefined, 10);
    expect(candles.length).to.be.within(1, 10);
    for (const [time, open, high, low, close, volume] of candles) {
      expect(time! % 60_000).to.equal(0);
      expect(low!).to.be.at.most(Math.min(open!, close!));
      expect(high!).to.be.at.least(Math.max(open!, close!));
      expect(volume!).to.be.greaterThan(0);
    }
    const times = candles.map((c) => c[0]!);
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
  });

  it('places a resting limit order that locks quote, finds it, and cancels it', async () => {
    const before = await rawBalance(exchange, 'USDT');
    const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 1000);
    expect(order).to.include({ symbol: SYMBOL, status: 'open', type: 'limit', side: 'buy', price: 1000, amount: 0.01, filled: 0 });

    const locked = await rawBalance(exchange, 'USDT');
    expect(locked.locked.minus(before.locked).toString()).to.equal('10');
    expect(before.free.minus(locked.free).toString()).to.equal('10');

    expect((await exchange.fetchOrder(idOf(order), SYMBOL)).status).to.equal('open');
    expect((await exchange.fetchOpenOrders(SYMBOL)).map((o) => o.id)).to.include(order.id);

    const canceled = await exchange.cancelOrder(idOf(order), SYMBOL);
    expect(canceled.status).to.equal('canceled');
    expect((await exchange.fetchOpenOrders(SYMBOL)).map((o) => o.id)).to.not.include(order.id);
    const after = await rawBalance(exchange, 'USDT');
    expect(after.free.toString()).to.equal(before.free.toString());
    expect(after.locked.toString()).to.equal(before.locked.toString());
  });

  it('fills a market buy and moves both balances by exactly its fills', async () => {
    const usdt = await rawBalance(exchange, 'USDT');
    const btc = await rawBalance(exchange, 'BTC');
    const order = await exchange.createOrder(SYMBOL, 'market', 'buy', 0.002);
    expect(order).to.include({ status: 'closed', filled: 0.002 });
    const info = order.info as RawOrder;
    const fills = info.fills ?? [];
    const commission = fills.reduce((sum, f) => (f.commissionAsset === 'BTC' ? sum.plus(f.commission) : sum), new Decimal(0));

    const usdtAfter = await rawBalance(exchange, 'USDT');
    const btcAfter = await rawBalance(exchange, 'BTC');
    expect(usdt.free.minus(usdtAfter.free).toString()).to.equal(new Decimal(info.cummulativeQuoteQty).toString());
    expect(btcAfter.free.minus(btc.free).toString()).to.equal(new Decimal(info.executedQty).minus(commission).toString());

    const fetched = await exchange.fetchOrder(idOf(order), SYMBOL);
    expect(fetched).to.include({ id: order.id, status: 'closed', filled: 0.002 });
    const mine = (await exchange.fetchMyTrades(SYMBOL)).filter((t) => t.order === order.id);
    expect(mine.length).to.equal(fills.length);
    const traded = mine.reduce((sum, t) => sum.plus((t.info as { qty: string }).qty), new Decimal(0));
    expect(traded.toString()).to.equal(new Decimal(info.executedQty).toString());
    for (const trade of mine) expect(trade).to.include({ side: 'buy', takerOrMaker: 'taker' });
  });

  it('fills a market sell', async () => {
    const order = await exchange.createOrder(SYMBOL, 'market', 'sell', 0.001);
    expect(order).to.include({ status: 'closed', side: 'sell', filled: 0.001 });
  });

  it('gets Binance error codes that ccxt maps to its error classes', async () => {
    let insufficient: unknown;
    try {
      await exchange.createOrder(SYMBOL, 'limit', 'buy', 50, 60000); // 3,000,000 USDT > 1,000,000
    } catch (err) {
      insufficient = err;
    }
    expect(insufficient).to.be.instanceOf(ccxt.InsufficientFunds);

    let missing: unknown;
    try {
      await exchange.fetchOrder('987654321', SYMBOL);
    } catch (err) {
      missing = err;
    }
    expect(missing).to.be.instanceOf(ccxt.OrderNotFound);
  });
});

describe('ccxt.pro binance (websockets) against the simulator', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let exchange: Exchange;

  before(async () => {
    const ccxt = await loadCcxt();
    sim = await startSimulator({ seed: 12 });
    exchange = new ccxt.pro.binance(simOptions(sim));
    pointAtSimulator(exchange, sim);
    await exchange.loadHttpProxyAgent(); // ccxt refuses plain ws:// URLs until its http agent is loaded
    await exchange.loadMarkets();
  });

  after(async () => {
    await exchange.close();
    await sim.stop();
  });

  it('watches the bots trades (watchTrades)', async () => {
    const trades = await within(WAIT_MS, 'watchTrades', exchange.watchTrades(SYMBOL));
    expect(trades.length).to.be.greaterThan(0);
    for (const trade of trades) {
      expect(trade.symbol).to.equal(SYMBOL);
      expect(trade.price).to.be.a('number');
    }
  });

  it('keeps a synced order book from snapshot + diff depth (watchOrderBook)', async () => {
    const first = await within(WAIT_MS, 'watchOrderBook', exchange.watchOrderBook(SYMBOL));
    const firstNonce = first.nonce!;
    // ccxt checks U/u continuity itself and throws on a gap; three more updates prove the chain holds.
    let book = first;
    for (let i = 0; i < 3; i++) book = await within(WAIT_MS, 'watchOrderBook update', exchange.watchOrderBook(SYMBOL));
    expect(book.nonce!).to.be.greaterThan(firstNonce);
    expect(book.bids[0]![0]!).to.be.lessThan(book.asks[0]![0]!);
  });

  it('watches a 24 h ticker (watchTicker)', async () => {
    const ticker = await within(WAIT_MS, 'watchTicker', exchange.watchTicker('ETH/USDT'));
    expect(ticker.symbol).to.equal('ETH/USDT');
    expect(ticker.last).to.be.a('number');
  });

  it('watches its balance over userDataStream.subscribe.signature (watchBalance)', async () => {
    const watched = exchange.watchBalance(); // resolves on the next balance event
    await exchange.createOrder(SYMBOL, 'market', 'buy', 0.001);
    const balance = await within(WAIT_MS, 'watchBalance', watched);
    const rest = await exchange.fetchBalance();
    expect(free(balance, 'BTC')).to.be.a('number').and.to.equal(free(rest, 'BTC'));
  });

  it('watches its own orders open and cancel (watchOrders)', async () => {
    const orders = exchange.watchOrders(SYMBOL);
    const placed = await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 1000);
    const pushed = await within(WAIT_MS, 'watchOrders', untilFound(orders, () => exchange.watchOrders(SYMBOL), idOf(placed)));
    expect(pushed).to.include({ status: 'open', side: 'buy', price: 1000, amount: 0.01 });

    const next = exchange.watchOrders(SYMBOL);
    await exchange.cancelOrder(idOf(placed), SYMBOL);
    const canceled = await within(WAIT_MS, 'watchOrders cancel', untilFound(next, () => exchange.watchOrders(SYMBOL), idOf(placed)));
    expect(canceled.status).to.equal('canceled');
  });
});
