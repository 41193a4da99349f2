// Per-user trading sessions (issue 8) against the simulator over real sockets: orders through the
// actor tree, events on the private topics in order and exactly once, across user-stream losses,
// outcome-unknown answers, clock skew, rate limits, and bad input.
import { expect } from 'chai';
import { PubSub } from '../../actors/pubsub.js';
import { startActorSystem, type ActorSystem } from '../../actors/runtime/index.js';
import { startTrading, type Trading, type UserHandle } from '../../actors/trading/trading.js';
import { InvalidOrderError, OutcomeUnknownError, RateLimitedError, UnknownSymbolError, ExchangeError } from '../../lib/core/errors.js';
import { binanceSpotTrading } from '../../lib/exchanges/binance/trading-codec.js';
import type { BalancesEvent, FillEvent, OrderEvent } from '../../lib/models/trading.js';
import { logger } from '../../lib/log.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { eventually, sleep } from '../wait.js';

interface Harness {
  sim: RunningSimulator;
  system: ActorSystem;
  pubsub: PubSub;
  trading: Trading;
  alice: UserHandle;
  orders: OrderEvent[];
  fills: FillEvent[];
  balances: BalancesEvent[];
  stop(): Promise<void>;
}

async function start(simOptions: Parameters<typeof startSimulator>[0] = {}, tradingOptions: { ordersOverWebSocket?: boolean; ed25519?: boolean } = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: 5, bots: false, ...simOptions });
  const system = await startActorSystem({ name: 'trading-test' });
  const pubsub = new PubSub({ nodeName: 'test' });
  const trading = await startTrading(system.root, pubsub, {
    codec: binanceSpotTrading,
    restUrl: sim.rest,
    wsApiUrl: sim.wsApi,
    pingIntervalMs: 1000,
    backoff: { minMs: 50, maxMs: 300 },
    unknownOutcomeMs: 5000,
    requestTimeoutMs: 2000,
    ordersOverWebSocket: tradingOptions.ordersOverWebSocket ?? false,
  });
  const account = sim.accounts[0]!;
  const orders: OrderEvent[] = [];
  const fills: FillEvent[] = [];
  const balances: BalancesEvent[] = [];
  pubsub.listen<OrderEvent>('orders:alice', (e) => void orders.push(e));
  pubsub.listen<FillEvent>('fills:alice', (e) => void fills.push(e));
  pubsub.listen<BalancesEvent>('balances:alice', (e) => void balances.push(e));
  const ed = account.ed25519;
  const credentials =
    tradingOptions.ed25519 && ed?.privateKey ? { kind: 'ed25519' as const, apiKey: ed.apiKey, privateKeyPem: ed.privateKey } : { apiKey: account.apiKey, apiSecret: account.apiSecret };
  const alice = await trading.startUser({ id: 'alice', credentials });
  // Subscribed and reconciled: the initial balances arrive.
  await eventually(() => balances.length > 0, 'the initial balances', 5000);
  return {
    sim,
    system,
    pubsub,
    trading,
    alice,
    orders,
    fills,
    balances,
    async stop() {
      await system.stop();
      await pubsub.stop();
      await sim.stop();
    },
  };
}

/** A buyer from the simulator's second account, to fill alice's resting sells. */
async function counterparty(h: Harness): Promise<UserHandle> {
  const bob = h.sim.accounts[1]!;
  return h.trading.startUser({ id: 'bob', credentials: { apiKey: bob.apiKey, apiSecret: bob.apiSecret } });
}

const statuses = (h: Harness, clientOrderId: string): string[] => h.orders.filter((e) => e.order.clientOrderId === clientOrderId).map((e) => e.order.status);

describe('trading: per-user sessions against the simulator', function () {
  this.timeout(30_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('places a resting limit order and cancels it: NEW then CANCELED, once each, locked then released', async () => {
    h = await start();
    const placed = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' });
    expect(placed).to.include({ symbol: 'BTC/USDT', status: 'NEW', side: 'buy' });
    expect(placed.clientOrderId).to.match(/^[a-zA-Z0-9_-]{1,36}$/);
    expect(typeof placed.orderId).to.equal('string');
    const open = await h.alice.openOrders('BTC/USDT');
    expect(open.map((o) => o.clientOrderId)).to.deep.equal([placed.clientOrderId]);
    const canceled = await h.alice.cancelOrder({ symbol: 'BTC/USDT', clientOrderId: placed.clientOrderId });
    expect(canceled.status).to.equal('CANCELED');
    await eventually(() => statuses(h!, placed.clientOrderId).includes('CANCELED'), 'the cancel event');
    await sleep(200);
    expect(statuses(h, placed.clientOrderId)).to.deep.equal(['NEW', 'CANCELED']);
    const usdt = (await h.alice.balances()).find((b) => b.asset === 'USDT')!;
    expect(usdt.locked.isZero()).to.equal(true);
  });

  it('reports partial fills and the fill, each fill once, in order, with exact quantities', async () => {
    h = await start();
    const bob = await counterparty(h);
    const sell = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: '65000', quantity: '0.03' });
    await bob.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '65000', quantity: '0.01', timeInForce: 'IOC' });
    await bob.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.02' });
    await eventually(() => statuses(h!, sell.clientOrderId).includes('FILLED'), 'alice filled', 5000);
    await sleep(200);
    expect(statuses(h, sell.clientOrderId)).to.deep.equal(['NEW', 'PARTIALLY_FILLED', 'FILLED']);
    const mine = h.fills.filter((f) => f.fill.orderId === sell.orderId);
    expect(mine.map((f) => f.fill.quantity.toString())).to.deep.equal(['0.01', '0.02']);
    expect(new Set(mine.map((f) => f.fill.tradeId)).size).to.equal(2);
    expect(mine.every((f) => f.fill.clientOrderId === sell.clientOrderId)).to.equal(true);
  });

  it('reports every fill exactly once when the user-data subscription is terminated during fills', async () => {
    h = await start();
    const bob = await counterparty(h);
    const sell = await h.alice.placeOrder({ symbol: 'ETH/USDT', side: 'sell', type: 'limit', price: '3000', quantity: '0.5' });
    for (let i = 0; i < 5; i++) {
      if (i === 2) h.sim.faults.expireUserDataStreams(h.sim.accounts[0]!.apiKey);
      if (i === 3) h.sim.faults.dropConnections({ target: 'wsApi' });
      await bob.placeOrder({ symbol: 'ETH/USDT', side: 'buy', type: 'market', quantity: '0.1' });
    }
    const mineNow = (): number => h!.fills.filter((f) => f.fill.orderId === sell.orderId).length;
    // The missed fill comes from the reconciliation, which may finish after the new stream said FILLED.
    await eventually(() => statuses(h!, sell.clientOrderId).includes('FILLED') && mineNow() >= 5, 'alice filled, every fill reported', 15_000);
    await sleep(500); // a duplicate would have arrived by now
    const mine = h.fills.filter((f) => f.fill.orderId === sell.orderId);
    expect(mine).to.have.length(5);
    expect(new Set(mine.map((f) => f.fill.tradeId)).size).to.equal(5);
    const states = h.orders.filter((e) => e.order.clientOrderId === sell.clientOrderId).map((e) => `${e.order.status}:${e.order.filledQuantity.toString()}`);
    expect(states[states.length - 1]).to.equal('FILLED:0.5');
    expect(new Set(states).size).to.equal(states.length); // no transition twice
    const filled = states.map((s) => s.split(':')[1]!);
    expect(filled).to.deep.equal([...filled].sort((a, b) => Number(a) - Number(b))); // never backwards
  });

  it('reports an order answered 5xx, but placed by the exchange, as placed: never sent twice', async () => {
    h = await start();
    h.sim.faults.orderFailure({ mode: 'status', status: 503, count: 1 });
    const placed = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '31000', quantity: '0.01', clientOrderId: 'maybe-1' });
    expect(placed).to.include({ clientOrderId: 'maybe-1', status: 'NEW' });
    const open = await h.alice.openOrders('BTC/USDT');
    expect(open.filter((o) => o.clientOrderId === 'maybe-1')).to.have.length(1);
    expect(statuses(h, 'maybe-1')).to.deep.equal(['NEW']);
  });

  it('places orders with the server clock 1.5 s ahead and 1.5 s behind', async () => {
    h = await start();
    h.sim.faults.shiftClock(1500);
    const a = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' });
    h.sim.faults.shiftClock(-3000);
    const b = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' });
    expect([a.status, b.status]).to.deep.equal(['NEW', 'NEW']);
  });

  it('fails fast with RateLimitedError while a 429 lasts, then recovers', async () => {
    h = await start();
    h.sim.faults.rateLimit({ status: 429, durationMs: 1500, retryAfterSec: 1 });
    const first = await h.alice.balances().catch((e: unknown) => e);
    expect(first).to.be.instanceOf(RateLimitedError);
    const second = await h.alice.openOrders().catch((e: unknown) => e);
    expect(second).to.be.instanceOf(RateLimitedError);
    expect((second as RateLimitedError).retryAfterMs).to.be.greaterThan(0);
    await sleep(1600);
    expect((await h.alice.balances()).length).to.be.greaterThan(0);
  });

  it('refuses bad input with a typed error naming the rule, before anything is sent', async () => {
    h = await start();
    const before = h.orders.length;
    const tick = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000.001', quantity: '0.01' }).catch((e: unknown) => e);
    expect(tick).to.be.instanceOf(InvalidOrderError);
    expect((tick as InvalidOrderError).filter).to.equal('PRICE_FILTER');
    const step = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.000001' }).catch((e: unknown) => e);
    expect((step as InvalidOrderError).filter).to.equal('LOT_SIZE');
    const unknown = await h.alice.placeOrder({ symbol: 'NOPE/USDT', side: 'buy', type: 'limit', price: '1', quantity: '1' }).catch((e: unknown) => e);
    expect(unknown).to.be.instanceOf(UnknownSymbolError);
    const broke = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '60000', quantity: '100' }).catch((e: unknown) => e);
    expect(broke).to.be.instanceOf(ExchangeError);
    expect((broke as ExchangeError).kind).to.equal('insufficient-balance');
    expect((broke as ExchangeError).exchangeCode).to.equal(-2010);
    await sleep(200);
    expect(h.orders.length).to.equal(before);
  });

  it('a bad key fails with an auth error and does not affect another user', async () => {
    h = await start();
    const mallory = await h.trading.startUser({ id: 'mallory', credentials: { apiKey: h.sim.accounts[0]!.apiKey, apiSecret: 'wrong-secret-wrong-secret-0123' } });
    const error = await mallory.balances().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ExchangeError);
    expect((error as ExchangeError).kind).to.equal('auth');
    expect(JSON.stringify(error)).to.not.contain('wrong-secret');
    expect((await h.alice.balances()).length).to.be.greaterThan(0);
  });

  it('never logs a secret or a signature during a full trading run', async () => {
    const records: string[] = [];
    const capture = (info: unknown): void => void records.push(JSON.stringify(info));
    logger.on('data', capture);
    try {
      h = await start();
      const secret = h.sim.accounts[0]!.apiSecret;
      const o = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' });
      await h.alice.cancelOrder({ symbol: 'BTC/USDT', orderId: o.orderId });
      h.sim.faults.dropConnections({ target: 'wsApi' });
      await sleep(500);
      expect(records.join('\n')).to.not.contain(secret);
      expect(records.join('\n')).to.not.match(/signature=[0-9a-f]{64}/);
    } finally {
      logger.off('data', capture);
    }
  });

  it('reports an order whose request timed out, but was placed, as placed; and one cut off as placed too', async () => {
    h = await start();
    h.sim.faults.orderFailure({ mode: 'hang', count: 1 });
    const hung = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '32000', quantity: '0.01', clientOrderId: 'hung-1' });
    expect(hung).to.include({ clientOrderId: 'hung-1', status: 'NEW' });
    h.sim.faults.orderFailure({ mode: 'destroy', count: 1 });
    const cut = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '32000', quantity: '0.01', clientOrderId: 'cut-1' });
    expect(cut).to.include({ clientOrderId: 'cut-1', status: 'NEW' });
    const open = await h.alice.openOrders('BTC/USDT');
    expect(open.map((o) => o.clientOrderId).sort()).to.deep.equal(['cut-1', 'hung-1']);
  });

  it('an outcome that stays unknown rejects with OutcomeUnknownError, never a plain failure', async () => {
    h = await start();
    // Every order request and every query fails 503: the venue never tells.
    h.sim.faults.orderFailure({ mode: 'status', status: 503, count: 1 });
    const placing = h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '33000', quantity: '0.01' }).catch((e: unknown) => e);
    await sleep(100);
    h.sim.faults.rateLimit({ status: 429, durationMs: 60_000 }); // every query after the placement is refused
    const error = await placing;
    expect(error).to.be.instanceOf(OutcomeUnknownError);
  });

  it('an order whose outcome stayed unknown is looked up again until known, without waiting for a reconnect', async () => {
    h = await start();
    // A REST-only session: no user stream (so no reconciliation, no executionReport) tells what happened.
    const account = h.sim.accounts[0]!;
    const solo = await h.trading.startUser({ id: 'solo', credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret }, userStream: false });
    const orders: OrderEvent[] = [];
    h.pubsub.listen<OrderEvent>('orders:solo', (e) => void orders.push(e));
    h.sim.faults.orderFailure({ mode: 'status', status: 503, count: 1 }); // placed, but answered 503
    const placing = solo.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '33000', quantity: '0.01', clientOrderId: 'lost-1' }).catch((e: unknown) => e);
    await sleep(100);
    h.sim.faults.rateLimit({ status: 429, durationMs: 8000 }); // every look-up of the resolve loop (unknownOutcomeMs) is refused
    expect(await placing).to.be.instanceOf(OutcomeUnknownError);
    expect(orders.filter((e) => e.order.clientOrderId === 'lost-1')).to.have.length(0);
    // The ban ends; the session asks again on its own and publishes the order.
    await eventually(() => orders.some((e) => e.order.clientOrderId === 'lost-1' && e.order.status === 'NEW'), 'the order found and published', 12_000);
    expect(orders.filter((e) => e.order.clientOrderId === 'lost-1')).to.have.length(1);
  });

  it('places orders over the WebSocket API when asked to (REST order requests hang meanwhile, unused)', async () => {
    h = await start({}, { ordersOverWebSocket: true });
    h.sim.faults.orderFailure({ mode: 'hang', count: 5 }); // would stall any REST placement
    const started = Date.now();
    const placed = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01', clientOrderId: 'ws-1' });
    expect(Date.now() - started).to.be.below(1500);
    expect(placed).to.include({ clientOrderId: 'ws-1', status: 'NEW' });
    const refused = await h.alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '60000', quantity: '100' }).catch((e: unknown) => e);
    expect((refused as ExchangeError).kind).to.equal('insufficient-balance');
    await eventually(() => statuses(h!, 'ws-1').includes('NEW'), 'the order event');
  });

  it('trades with an Ed25519 key (REST and the user stream)', async () => {
    h = await start({}, { ed25519: true });
    const placed = await h.alice.placeOrder({ symbol: 'ETH/USDT', side: 'buy', type: 'limit', price: '1000', quantity: '0.1', clientOrderId: 'ed-1' });
    expect(placed.status).to.equal('NEW');
    await h.alice.cancelOrder({ symbol: 'ETH/USDT', clientOrderId: 'ed-1' });
    await eventually(() => statuses(h!, 'ed-1').includes('CANCELED'), 'the cancel event from the stream or the answer');
    expect(h.balances.length).to.be.greaterThan(0); // subscribed and reconciled with the Ed25519 key
  });
});
