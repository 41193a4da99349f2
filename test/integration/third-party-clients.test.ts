// ccxt (REST) and ccxt.pro (websockets), unchanged, against the simulator given only its base URLs: the proof
// that the simulator speaks Binance well enough for a third-party client. Settings are in docs/simulator.md.
import { expect } from 'chai';
import ccxt, { type Exchange, type Order } from 'ccxt';
import { Decimal } from '../../lib/core/decimal.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';

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
  const api = exchange.urls['api'] as Record<string, unknown>;
  for (const [key, url] of Object.entries(api)) {
    if (typeof url === 'string') api[key] = url.replace(/^https:\/\/[^/]+/, sim.rest);
  }
  api['ws'] = { spot: `${sim.ws}/ws`, margin: `${sim.ws}/ws`, 'ws-api': { spot: sim.wsApi } };
}

/** The options a ccxt binance instance needs against the simulator (no /sapi, no futures). */
function simOptions(sim: RunningSimulator): ConstructorParameters<typeof ccxt.binance>[0] {
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
  const rows = (balance['info'] as { balances: Array<{ asset: string; free: string; locked: string }> }).balances;
  const row = rows.find((b) => b.asset === asset);
  return { free: new Decimal(row?.free ?? '0'), locked: new Decimal(row?.locked ?? '0') };
}

interface RawOrder {
  executedQty: string;
  cummulativeQuoteQty: string;
  fills?: Array<{ qty: string; commission: string; commissionAsset: string }>;
}

/** Resolves once the bots have traded `symbol` (exchange form), so public trade queries have something to return. */
async function botsHaveTraded(sim: RunningSimulator, symbol: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (sim.engine.lastPrice(symbol) === undefined) {
    if (Date.now() > deadline) throw new Error(`the bots made no ${symbol} trade within ${WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

  before(async () => {
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
    expect(Object.keys(exchange.markets).sort()).to.deep.equal(['BTC/USDT', 'ETH/BTC', 'ETH/USDT']);
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

  it('places a resting limit order that locks quote, finds it, and cancels it', async () => {
    const before = await rawBalance(exchange, 'USDT');
    const order = await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 1000);
    expect(order).to.include({ symbol: SYMBOL, status: 'open', type: 'limit', side: 'buy', price: 1000, amount: 0.01, filled: 0 });

    const locked = await rawBalance(exchange, 'USDT');
    expect(locked.locked.minus(before.locked).toString()).to.equal('10');
    expect(before.free.minus(locked.free).toString()).to.equal('10');

    expect((await exchange.fetchOrder(order.id, SYMBOL)).status).to.equal('open');
    expect((await exchange.fetchOpenOrders(SYMBOL)).map((o) => o.id)).to.include(order.id);

    const canceled = await exchange.cancelOrder(order.id, SYMBOL);
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

    const fetched = await exchange.fetchOrder(order.id, SYMBOL);
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
    expect(balance['BTC']?.free).to.be.a('number').and.to.equal(rest['BTC']?.free);
  });

  it('watches its own orders open and cancel (watchOrders)', async () => {
    const orders = exchange.watchOrders(SYMBOL);
    const placed = await exchange.createOrder(SYMBOL, 'limit', 'buy', 0.01, 1000);
    const pushed = await within(WAIT_MS, 'watchOrders', untilFound(orders, () => exchange.watchOrders(SYMBOL), placed.id));
    expect(pushed).to.include({ status: 'open', side: 'buy', price: 1000, amount: 0.01 });

    const next = exchange.watchOrders(SYMBOL);
    await exchange.cancelOrder(placed.id, SYMBOL);
    const canceled = await within(WAIT_MS, 'watchOrders cancel', untilFound(next, () => exchange.watchOrders(SYMBOL), placed.id));
    expect(canceled.status).to.equal('canceled');
  });
});
