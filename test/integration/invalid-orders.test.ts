// The trading public API fed invalid orders and cancels (property-based, seeded): each is refused with a typed
// error naming the offending field, nothing reaches the exchange (counting proxies sit in front of the
// simulator's REST API and, with `ordersOverWebSocket`, its WebSocket API), and nothing changes: open orders,
// balances, the order topic, the venue's weight count.
import { expect } from 'chai';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { PubSub } from '../../actors/pubsub.js';
import { startActorSystem, type ActorSystem } from '../../actors/runtime/index.js';
import { startTrading, type UserHandle } from '../../actors/trading/trading.js';
import { CexError, InvalidOrderError, UnknownSymbolError, ValidationError } from '../../lib/core/errors.js';
import { binanceSpotTrading } from '../../lib/exchanges/binance/trading-codec.js';
import type { BalancesEvent, OrderEvent } from '../../lib/models/trading.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { eventually, sleep } from '../wait.js';

/** A REST proxy that counts what goes through it (method and path) and remembers the venue's weight header. */
interface CountingProxy {
  readonly url: string;
  readonly requests: string[];
  usedWeight(): number | undefined;
  close(): Promise<void>;
}

async function countingProxy(target: string): Promise<CountingProxy> {
  const requests: string[] = [];
  let usedWeight: number | undefined;
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string' && key !== 'host' && key !== 'connection') headers[key] = value;
    void fetch(`${target}${req.url ?? ''}`, { method: req.method, headers })
      .then(async (answer) => {
        const weight = answer.headers.get('x-mbx-used-weight-1m');
        if (weight !== null) usedWeight = Number(weight);
        const out: Record<string, string> = {};
        answer.headers.forEach((value, key) => {
          if (key !== 'content-length' && key !== 'transfer-encoding' && key !== 'connection' && key !== 'keep-alive') out[key] = value;
        });
        res.writeHead(answer.status, out);
        res.end(Buffer.from(await answer.arrayBuffer()));
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    usedWeight: () => usedWeight,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A WebSocket API proxy that forwards every frame both ways and tells `onRequest` the method of each request it forwards. */
interface WsProxy {
  readonly url: string;
  close(): Promise<void>;
}

async function countingWsProxy(target: string, onRequest: (method: string) => void): Promise<WsProxy> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (client: WebSocket) => {
    const upstream = new WebSocket(target, { perMessageDeflate: false });
    const held: string[] = [];
    client.on('message', (data) => {
      const text = String(data);
      onRequest(String((JSON.parse(text) as { method?: unknown }).method));
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
      else held.push(text);
    });
    upstream.on('open', () => {
      for (const text of held.splice(0)) upstream.send(text);
    });
    upstream.on('message', (data) => client.readyState === WebSocket.OPEN && client.send(String(data)));
    upstream.on('close', () => client.terminate());
    upstream.on('error', () => client.terminate());
    client.on('close', () => upstream.terminate());
    client.on('error', () => upstream.terminate());
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** WebSocket API methods that are the connection's own upkeep, not a request about orders. */
const UPKEEP = new Set(['userDataStream.subscribe.signature', 'session.logon', 'ping']);

/** One way to make an order invalid, and the field its error must name. */
interface Invalid {
  readonly field: string;
  readonly patch: Record<string, unknown>;
  /** Keys to remove from the valid order. */
  readonly drop?: readonly string[];
}

const VALID = { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' } as const;
const WRONG_TYPES: unknown[] = [null, 5, 1.5, true, [], ['30000'], {}, { price: '1' }, Number.NaN];
const BAD_AMOUNTS: unknown[] = [
  30000.5, -1, 0, '0', '-0.01', '-30000', 'NaN', 'Infinity', '-Infinity', '1e400', '', ' ', 'abc', '0x10', '1,000', '١٢', '30000.001', '30000.0000000001',
  '99999999999999999999999999', ...WRONG_TYPES,
];

/** Every invalid order the generator draws from, by field. */
const invalidOrder: fc.Arbitrary<Invalid> = fc.oneof(
  fc.constantFrom<unknown>('NOPE/USDT', '', 'BTCUSDT', 'btc/usdt/x', 'BTC/USDT ', ...WRONG_TYPES).map((symbol) => ({ field: 'symbol', patch: { symbol } })),
  fc.constantFrom<unknown>('BUY', 'long', '', undefined, ...WRONG_TYPES).map((side) => ({ field: 'side', patch: { side } })),
  fc.constantFrom<unknown>('LIMIT', 'stop', 'toString', '__proto__', 'constructor', '', undefined, ...WRONG_TYPES).map((type) => ({ field: 'type', patch: { type } })),
  fc.constantFrom<unknown>('GTX', 'gtc', 'DAY', '', ...WRONG_TYPES).map((timeInForce) => ({ field: 'timeInForce', patch: { timeInForce } })),
  fc.constantFrom(...BAD_AMOUNTS).map((price) => ({ field: 'price', patch: { price } })),
  fc.constantFrom(...BAD_AMOUNTS, '0.000001', '0.010000001', '100000').map((quantity) => ({ field: 'quantity', patch: { quantity } })),
  // Below the minimum notional (5 USDT): 1 * 0.001.
  fc.constant<Invalid>({ field: 'quantity', patch: { price: '1', quantity: '0.001' } }),
  fc.constant<Invalid>({ field: 'price', patch: {}, drop: ['price'] }),
  fc.constant<Invalid>({ field: 'quantity', patch: {}, drop: ['quantity'] }),
  fc.constant<Invalid>({ field: 'price', patch: { type: 'market' } }),
  fc.constant<Invalid>({ field: 'quantity', patch: { type: 'market', quoteQuantity: '100' }, drop: ['price'] }),
  fc.constant<Invalid>({ field: 'quoteQuantity', patch: { quoteQuantity: '100' } }),
  fc.constant<Invalid>({ field: 'timeInForce', patch: { type: 'market', timeInForce: 'GTC' }, drop: ['price'] }),
  fc.constantFrom<unknown>('x'.repeat(37), 'bad id!', '', 'é', 'a b', 'a/b', '../x', ...WRONG_TYPES).map((clientOrderId) => ({ field: 'clientOrderId', patch: { clientOrderId } })),
);

function invalidRequest(invalid: Invalid): Record<string, unknown> {
  const request: Record<string, unknown> = { ...VALID, ...invalid.patch };
  for (const key of invalid.drop ?? []) delete request[key];
  return request;
}

/** The error names `field`: an InvalidOrderError or ValidationError by its `field`, an unknown symbol by its class. */
function namesField(error: unknown, field: string): boolean {
  if (error instanceof InvalidOrderError || error instanceof ValidationError) return error.field === field;
  if (error instanceof UnknownSymbolError) return field === 'symbol';
  return false;
}

for (const overWebSocket of [false, true]) {
  describe(`trading public API: invalid orders${overWebSocket ? ', orders over the WebSocket API' : ''} (property-based, seeded)`, function () {
    this.timeout(60_000);
    let sim: RunningSimulator;
    let proxy: CountingProxy;
    let wsProxy: WsProxy;
    let system: ActorSystem;
    let pubsub: PubSub;
    let alice: UserHandle;
    const orders: OrderEvent[] = [];
    const balances: BalancesEvent[] = [];

    before(async () => {
      sim = await startSimulator({ port: 0, seed: 11, bots: false });
      proxy = await countingProxy(sim.rest);
      // WebSocket API requests join the REST ones in one log, in the order they reach the venue.
      wsProxy = await countingWsProxy(sim.wsApi, (method) => void (UPKEEP.has(method) || proxy.requests.push(`WS ${method}`)));
      system = await startActorSystem({ name: 'invalid-orders' });
      pubsub = new PubSub({ nodeName: 'test' });
      const trading = await startTrading(system.root, pubsub, {
        codec: binanceSpotTrading,
        restUrl: proxy.url,
        wsApiUrl: wsProxy.url,
        ordersOverWebSocket: overWebSocket,
        backoff: { minMs: 50, maxMs: 300 },
      });
      const account = sim.accounts[0]!;
      pubsub.listen<OrderEvent>('orders:alice', (e) => void orders.push(e));
      pubsub.listen<BalancesEvent>('balances:alice', (e) => void balances.push(e));
      alice = await trading.startUser({ id: 'alice', credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret } });
      await eventually(() => balances.length > 0, 'the initial balances', 5000);
      // One resting order, so "nothing changed" covers an open order too.
      await alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01', clientOrderId: 'fuzz-resting' });
      await eventually(() => orders.length > 0, 'the resting order event', 5000);
      // The proxies see the route under test: the valid order went over the WebSocket API, or over REST.
      expect(sent().filter((request) => request === 'POST /api/v3/order' || request.startsWith('WS '))).to.deep.equal([overWebSocket ? 'WS order.place' : 'POST /api/v3/order']);
    });

    after(async () => {
      await system?.stop();
      await pubsub?.stop();
      await proxy?.close();
      await wsProxy?.close();
      await sim?.stop();
    });

    /** Every request that reached the venue so far: REST (`<method> <path>`) and WebSocket API (`WS <method>`), but the connection's upkeep. */
    const sent = (): readonly string[] => proxy.requests;

    /** What the session and the venue hold: compared before and after the invalid requests. */
    async function snapshot(): Promise<{ open: string[]; balances: string[]; weight: number | undefined }> {
      const open = (await alice.openOrders()).map((o) => `${o.clientOrderId} ${o.status} ${o.filledQuantity.toString()}`).sort();
      const held = (await alice.balances()).map((b) => `${b.asset} ${b.free.toString()} ${b.locked.toString()}`).sort();
      return { open, balances: held, weight: proxy.usedWeight() };
    }

    it('refuses every invalid placement with a typed error naming the field; sends nothing, changes nothing', async () => {
      await sleep(200); // the reconciliation after the subscription is done
      const before = await snapshot();
      const sentAtStart = sent().length;
      const eventsBefore = orders.length;
      const seen = new Set<string>();
      await fc.assert(
        fc.asyncProperty(invalidOrder, async (invalid) => {
          const request = invalidRequest(invalid);
          const sentBefore = sent().length;
          const error = await alice.placeOrder(request as never).then(
            (order) => new Error(`placed ${JSON.stringify(order)}`),
            (e: unknown) => e,
          );
          seen.add(invalid.field);
          if (!(error instanceof CexError) || !namesField(error, invalid.field)) {
            throw new Error(`${JSON.stringify(request)}: expected a typed error naming ${invalid.field}, got ${String(error)} (field ${String((error as { field?: unknown }).field)})`);
          }
          if (sent().length !== sentBefore) throw new Error(`${JSON.stringify(request)} sent ${sent().slice(sentBefore).join(', ')}`);
        }),
        { seed: 0x0bad0, numRuns: 600 },
      );
      expect([...seen].sort()).to.deep.equal(['clientOrderId', 'price', 'quantity', 'quoteQuantity', 'side', 'symbol', 'timeInForce', 'type']);
      expect(sent().slice(sentAtStart)).to.deep.equal([]);
      await sleep(200);
      expect(orders.length).to.equal(eventsBefore);
      const after = await snapshot();
      expect(after.open).to.deep.equal(before.open);
      expect(after.balances).to.deep.equal(before.balances);
      // The venue's weight count grew by the two queries of the snapshot only (openOrders for all: 80, account: 20).
      expect(after.weight! - before.weight!).to.equal(100);
    });

    it('refuses a request or an order selector that is not an object with a typed error naming the argument; sends nothing', async () => {
      const notObjects: unknown[] = [null, undefined, 5, Number.NaN, true, 'BTC/USDT', JSON.stringify(VALID), [], [VALID], () => VALID];
      const sentAtStart = sent().length;
      const refusal = (promise: Promise<unknown>): Promise<unknown> =>
        promise.then(
          (value) => new Error(`answered ${JSON.stringify(value)}`),
          (e: unknown) => e,
        );
      for (const value of notObjects) {
        const placed = await refusal(alice.placeOrder(value as never));
        expect(placed, `placeOrder(${String(value)})`).to.be.instanceOf(InvalidOrderError);
        expect(placed).to.include({ field: 'request', filter: 'request', rule: 'object' });
        for (const [name, call] of [['cancelOrder', alice.cancelOrder], ['getOrder', alice.getOrder]] as const) {
          const error = await refusal(call(value as never));
          expect(error, `${name}(${String(value)})`).to.be.instanceOf(ValidationError);
          expect(error).to.include({ field: 'order', rule: 'object' });
        }
      }
      expect(sent().slice(sentAtStart)).to.deep.equal([]);
    });

    it('refuses every invalid cancel with a typed error naming the field; sends nothing, and the session lives on', async () => {
      const badIds: unknown[] = ['', 'abc', '-1', '1.5', '1e3', ' 1', '123456789012345678901', ...WRONG_TYPES, 5];
      const invalidCancel = fc.oneof(
        fc.constantFrom<unknown>('NOPE/USDT', '', ...WRONG_TYPES).map((symbol) => ({ field: 'symbol', selector: { symbol, clientOrderId: 'fuzz-resting' } })),
        fc.constantFrom(...badIds).map((orderId) => ({ field: 'orderId', selector: { symbol: 'BTC/USDT', orderId } })),
        fc.constantFrom<unknown>('x'.repeat(37), 'bad id!', '', 'é', ...WRONG_TYPES, 5).map((clientOrderId) => ({ field: 'clientOrderId', selector: { symbol: 'BTC/USDT', clientOrderId } })),
        fc.constant({ field: 'clientOrderId', selector: { symbol: 'BTC/USDT' } }),
      );
      const before = await snapshot();
      const sentAtStart = sent().length;
      await fc.assert(
        fc.asyncProperty(invalidCancel, async ({ field, selector }) => {
          const sentBefore = sent().length;
          const error = await alice.cancelOrder(selector as never).then(
            (order) => new Error(`canceled ${JSON.stringify(order)}`),
            (e: unknown) => e,
          );
          if (!(error instanceof CexError) || !namesField(error, field)) {
            throw new Error(`${JSON.stringify(selector)}: expected a typed error naming ${field}, got ${String(error)} (field ${String((error as { field?: unknown }).field)})`);
          }
          if (sent().length !== sentBefore) throw new Error(`${JSON.stringify(selector)} sent ${sent().slice(sentBefore).join(', ')}`);
        }),
        { seed: 0x0bad1, numRuns: 200 },
      );
      expect(sent().slice(sentAtStart)).to.deep.equal([]);
      const after = await snapshot();
      expect(after.open).to.deep.equal(before.open);
      expect(after.balances).to.deep.equal(before.balances);
      // The same session answers a valid request (it was never restarted with the requests above in flight).
      const resting = await alice.getOrder({ symbol: 'BTC/USDT', clientOrderId: 'fuzz-resting' });
      expect(resting.status).to.equal('NEW');
    });
  });
}
