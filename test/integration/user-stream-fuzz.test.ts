// The user-data stream actor against a hostile WebSocket API peer (seeded fuzz): it accepts the subscription,
// then sends 100,000 mutated user-data frames, then valid events. The user's subtree never crashes or reconnects,
// every malformed and unknown frame is counted exactly (`UserHandle.metrics()`), and the valid events after the
// junk arrive exact. Text frames with invalid UTF-8 (ws closes with 1007) make the stream reconnect and subscribe
// again.
import { expect } from 'chai';
import { PubSub } from '../../actors/pubsub.js';
import { startActorSystem, type ActorSystem } from '../../actors/runtime/index.js';
import { startTrading, type Trading, type UserHandle } from '../../actors/trading/trading.js';
import type { SymbolMap } from '../../lib/core/symbols.js';
import { binanceSpotTrading } from '../../lib/exchanges/binance/trading-codec.js';
import type { BalancesEvent, OrderEvent } from '../../lib/models/trading.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { FrameMutator, userPayloads } from '../fuzz/frame-mutator.js';
import { startHostileServer, type HostileConnection, type HostileServer } from '../fuzz/hostile-server.js';
import { captureCrashes } from '../fuzz/market-fuzz.js';
import { eventually } from '../wait.js';

const isSubscribe = (request: unknown): boolean => (request as { method?: string }).method === 'userDataStream.subscribe.signature';

/** Answers the subscription and pings; nothing else is asked of a user-data connection here. */
function answer(request: unknown): string | undefined {
  const { id, method } = request as { id?: string; method?: string };
  if (method === 'userDataStream.subscribe.signature') return JSON.stringify({ id, status: 200, result: { subscriptionId: 0 } });
  if (method === 'ping') return JSON.stringify({ id, status: 200, result: {} });
  return undefined;
}

const validBalance = (free: string): string =>
  JSON.stringify({ subscriptionId: 0, event: { e: 'outboundAccountPosition', E: Date.now(), u: Date.now(), B: [{ a: 'FUZZ', f: free, l: '0.5' }] } });

const validOrder = JSON.stringify({
  subscriptionId: 0,
  event: {
    e: 'executionReport', E: Date.now(), s: 'BTCUSDT', c: 'fuzz-after', S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.01000000', p: '30000.00000000', P: '0.00000000',
    F: '0.00000000', g: -1, C: '', x: 'NEW', X: 'NEW', r: 'NONE', i: 990001, l: '0.00000000', z: '0.00000000', L: '0.00000000', n: '0', N: null,
    T: Date.now(), t: -1, v: 1, I: 1, w: true, m: false, M: false, O: Date.now(), Z: '0.00000000', Y: '0.00000000', Q: '0.00000000', W: Date.now(), V: 'NONE',
  },
});

interface JunkFrame {
  readonly data: string | Buffer;
  readonly binary: boolean;
}

/** `frames` mutated user-data frames; those that stay a valid termination or shutdown notice are left out (they end the stream on purpose). */
function junk(frames: number, seed: number): JunkFrame[] {
  const mutator = new FrameMutator(seed, userPayloads('BTCUSDT'));
  const toUnified = (s: string): string => (s.toUpperCase() === 'BTCUSDT' ? 'BTC/USDT' : s.toUpperCase() === 'ETHUSDT' ? 'ETH/USDT' : s.toUpperCase() === 'ETHBTC' ? 'ETH/BTC' : assertNever(s));
  const out: JunkFrame[] = [];
  while (out.length < frames) {
    const frame = mutator.next();
    if (frame.invalidUtf8) {
      out.push({ data: frame.bytes, binary: true });
      continue;
    }
    const kind = binanceSpotTrading.parseUserFrame(frame.text, toUnified).kind;
    if (kind === 'terminated' || kind === 'serverShutdown') continue;
    out.push({ data: frame.bytes.toString('utf8'), binary: false });
  }
  return out;
}

/** What the stream must count: malformed frames (binary ones too: the venue speaks text) and unknown ones, parsed as the trading system does. */
function expectedCounts(frames: readonly JunkFrame[], symbols: SymbolMap): { malformed: number; unknown: number } {
  let malformed = 0;
  let unknown = 0;
  for (const frame of frames) {
    const kind = frame.binary ? 'malformed' : binanceSpotTrading.parseUserFrame(String(frame.data), (s) => symbols.toUnified(s)).kind;
    if (kind === 'malformed') malformed += 1;
    if (kind === 'unknown') unknown += 1;
  }
  return { malformed, unknown };
}

function assertNever(symbol: string): never {
  throw new Error(`unlisted ${symbol}`);
}

describe('user-data stream: hostile WebSocket API peer (seeded fuzz)', function () {
  this.timeout(60_000);
  let sim: RunningSimulator | undefined;
  let server: HostileServer | undefined;
  let system: ActorSystem | undefined;
  let pubsub: PubSub | undefined;

  afterEach(async () => {
    await system?.stop();
    await pubsub?.stop();
    await server?.close();
    await sim?.stop();
    system = pubsub = server = sim = undefined;
  });

  async function start(script: (connection: HostileConnection) => Promise<void>): Promise<{ trading: Trading; user: UserHandle; orders: OrderEvent[]; balances: BalancesEvent[]; crashes: string[] }> {
    sim = await startSimulator({ port: 0, seed: 13, bots: false });
    server = await startHostileServer({ answer, ready: (requests) => requests.some(isSubscribe), script });
    system = await startActorSystem({ name: 'user-stream-fuzz' });
    // Why actors crashed, as the runtime reports it.
    const crashes: string[] = [];
    system.onEvent((event) => {
      if (event.type === 'childCrashed') crashes.push(event.error instanceof Error ? event.error.message : String(event.error));
    });
    pubsub = new PubSub({ nodeName: 'test' });
    // REST (the session, the reconciliation) from the simulator; the user-data connection is the hostile peer.
    const trading = await startTrading(system.root, pubsub, { codec: binanceSpotTrading, restUrl: sim.rest, wsApiUrl: server.url, backoff: { minMs: 50, maxMs: 300 } });
    const orders: OrderEvent[] = [];
    const balances: BalancesEvent[] = [];
    pubsub.listen<OrderEvent>('orders:alice', (e) => void orders.push(e), { delivery: { kind: 'all', capacity: 1_000_000 } });
    pubsub.listen<BalancesEvent>('balances:alice', (e) => void balances.push(e), { delivery: { kind: 'all', capacity: 1_000_000 } });
    const account = sim.accounts[0]!;
    const user = await trading.startUser({ id: 'alice', credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret } });
    return { trading, user, orders, balances, crashes };
  }

  const fuzzBalance = (balances: BalancesEvent[]): string[] =>
    balances.flatMap((e) => e.balances.filter((b) => b.asset === 'FUZZ').map((b) => `${b.free.toString()}/${b.locked.toString()}`));

  it('takes 100,000 mutated frames without a crash or a reconnect, counts each malformed and unknown one; the valid events after them arrive exact', async () => {
    const crashes = captureCrashes();
    try {
      const frames = junk(100_000, 0x5eed4);
      const startedAt = Date.now();
      const { trading, user, orders, balances } = await start(async (connection) => {
        for (const frame of frames) if (!(await connection.send(frame.data, frame.binary))) return;
        await connection.send(validOrder);
        await connection.send(validBalance('12.5'));
      });
      await eventually(() => fuzzBalance(balances).includes('12.5/0.5'), 'the valid balance after the junk', 45_000);
      await eventually(() => orders.some((e) => e.order.clientOrderId === 'fuzz-after'), 'the valid order after the junk', 5000);
      const after = orders.filter((e) => e.order.clientOrderId === 'fuzz-after');
      expect(after).to.have.length(1);
      expect(after[0]!.order).to.deep.include({ symbol: 'BTC/USDT', orderId: '990001', side: 'buy', type: 'limit', status: 'NEW' });
      expect(after[0]!.order.price.toString()).to.equal('30000');
      expect(after[0]!.order.quantity.toString()).to.equal('0.01');
      expect(server!.connections()).to.equal(1);
      expect(server!.requests[0]!.filter(isSubscribe)).to.have.length(1);
      expect(crashes.count(), 'actor crashes').to.equal(0);
      const expected = expectedCounts(frames, trading.symbols);
      expect(expected.malformed).to.be.greaterThan(50_000);
      expect(expected.unknown).to.be.greaterThan(1000);
      const metrics = user.metrics();
      expect(metrics).to.deep.include({ user: 'alice', userStream: true, subscribed: true, reconnects: 0, malformedFrames: expected.malformed, unknownFrames: expected.unknown });
      expect(trading.metrics().users).to.deep.equal([metrics]);
      expect(metrics.lastMessageAt).to.be.within(startedAt, Date.now());
    } finally {
      crashes.stop();
    }
  });

  it('a text frame with invalid UTF-8 closes the connection (1007): the stream reconnects, subscribes again, and events flow', async () => {
    const { user, balances, crashes } = await start(async (connection) => {
      if (connection.index === 0) {
        await connection.send(validBalance('1'));
        await connection.send(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), false);
        return;
      }
      await connection.send(validBalance('2'));
    });
    await eventually(() => fuzzBalance(balances).includes('2/0.5'), 'the balance sent after the reconnect', 10_000);
    expect(fuzzBalance(balances)).to.deep.equal(['1/0.5', '2/0.5']);
    expect(server!.connections()).to.equal(2);
    expect(server!.closeCodes()[0]).to.equal(1007);
    expect(server!.requests.map((requests) => requests.filter(isSubscribe).length)).to.deep.equal([1, 1]);
    expect(user.metrics()).to.deep.include({ subscribed: true, reconnects: 1, malformedFrames: 0, unknownFrames: 0 });
    // The crash says what happened: the client refused the frame (not "socket closed (1006)").
    expect(crashes).to.deep.equal(['user stream lost: socket closed by the client: the server sent invalid UTF-8 (1007)']);
  });
});
