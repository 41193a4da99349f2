// Behaviour 35 (research/actors.md (ii)): a market-data stream actor that throws on a dropped connection is
// restarted with backoff and re-subscribes, while per-user actors under another supervisor keep their state
// and keep processing. The real runtime against the real simulator over real sockets on 127.0.0.1.
import { expect } from 'chai';
import WebSocket from 'ws';
import {
  ask,
  dispatch,
  lookupChild,
  startActorSystem,
  type ActorDef,
  type ActorRef,
  type ActorSystem,
  type RuntimeEvent,
} from '../../actors/runtime/index.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { eventually } from '../wait.js';

type StreamMsg = { type: 'frame'; data: string } | { type: 'connectionLost'; code: number };
interface StreamState {
  socket: WebSocket;
}

/** A minimal stream actor: its init connects and subscribes; a lost connection is a crash. */
function tradeStream(url: string, stream: string, onTrade: (trade: { t: number; p: string }) => void, inits: { count: number }): ActorDef<StreamState, StreamMsg> {
  return {
    async init(ctx) {
      inits.count++;
      const socket = new WebSocket(`${url}/ws`);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      socket.on('message', (data) => dispatch(ctx.self, { type: 'frame', data: String(data) }));
      socket.on('close', (code) => dispatch(ctx.self, { type: 'connectionLost', code }));
      socket.on('error', () => undefined);
      const subscribed = new Promise<void>((resolve) => {
        const onMessage = (data: WebSocket.RawData): void => {
          const reply = JSON.parse(String(data)) as { id?: number; result?: unknown };
          if (reply.id === 1 && reply.result === null) {
            socket.off('message', onMessage);
            resolve();
          }
        };
        socket.on('message', onMessage);
      });
      socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: [stream], id: 1 }));
      await subscribed;
      return { socket };
    },
    receive(state, msg) {
      switch (msg.type) {
        case 'frame': {
          const event = JSON.parse(msg.data) as { e?: string; t: number; p: string };
          if (event.e === 'trade') onTrade(event);
          return state;
        }
        case 'connectionLost':
          throw new Error(`connection lost (${msg.code})`);
        default: {
          const never: never = msg;
          return never;
        }
      }
    },
    onStop(state) {
      state.socket.terminate();
    },
    onRestart(state) {
      state.socket.terminate();
    },
  };
}

type UserMsg = { type: 'deposit'; amount: number } | { type: 'balance'; replyTo: ActorRef<number> };
function userActor(inits: { count: number }): ActorDef<number, UserMsg> {
  return {
    init: () => {
      inits.count++;
      return 0;
    },
    receive(balance, msg) {
      if (msg.type === 'deposit') return balance + msg.amount;
      dispatch(msg.replyTo, balance);
      return balance;
    },
  };
}


describe('market stream restart (behaviour 35)', () => {
  let sim: RunningSimulator;
  let system: ActorSystem;

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, bots: false });
  });

  afterEach(async () => {
    await system?.stop();
    await sim?.stop();
  });

  it('restarts the stream actor with backoff and resubscribes; user actors keep state and keep working', async () => {
    const trades: number[] = [];
    const streamInits = { count: 0 };
    const userInits = { count: 0 };
    const events: RuntimeEvent[] = [];
    system = await startActorSystem({ name: 'b35', random: () => 0 });
    system.onEvent((event) => events.push(event));

    const markets = await system.startChild({
      id: 'markets',
      start: {
        strategy: 'oneForOne',
        intensity: 5,
        periodMs: 5000,
        backoff: { minMs: 100, maxMs: 1000, randomFactor: 0 },
        children: [{ id: 'btcusdt-trades', start: tradeStream(sim.ws, 'btcusdt@trade', (t) => trades.push(t.t), streamInits) }],
      },
    });
    const users = await system.startChild({
      id: 'users',
      start: { strategy: 'oneForOne', children: [{ id: 'alice', start: userActor(userInits) }] },
    });
    const alice = lookupChild<UserMsg>(users, 'alice')!;
    const balance = () => ask<UserMsg, number>(alice, (replyTo) => ({ type: 'balance', replyTo }), 1000);

    const [maker, taker] = sim.accounts;
    const trade = (price: string): void => {
      sim.engine.placeOrder({ account: maker!.name, symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.001' });
      sim.engine.placeOrder({ account: taker!.name, symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '0.001' });
    };

    trade('60000.00');
    await eventually(() => trades.length === 1, 'the first trade', 5000);
    dispatch(alice, { type: 'deposit', amount: 3 });

    const dropped = Date.now();
    expect(sim.faults.dropConnections()).to.be.greaterThan(0);
    // While the stream actor is down and backing off, the user actor keeps processing.
    dispatch(alice, { type: 'deposit', amount: 4 });
    expect(await balance()).to.equal(7);

    const isStreamRestart = (e: RuntimeEvent): boolean => e.type === 'childRestarted' && e.path.endsWith('btcusdt-trades');
    await eventually(() => events.some(isStreamRestart), 'the stream actor to restart', 5000);
    expect(streamInits.count).to.equal(2);
    const restarted = events.find(isStreamRestart);
    expect(restarted!.type === 'childRestarted' && restarted!.delayMs).to.equal(100);
    expect(Date.now() - dropped).to.be.at.least(90);

    // The new incarnation re-subscribed: the next trade reaches it through the same ref.
    trade('60001.00');
    await eventually(() => trades.length === 2, 'a trade after the restart', 5000);
    expect(lookupChild(markets, 'btcusdt-trades')).to.not.equal(undefined);

    // Users were never restarted and kept their state.
    expect(userInits.count).to.equal(1);
    expect(events.some((e) => e.type === 'childRestarted' && e.path.includes('alice'))).to.equal(false);
    expect(await balance()).to.equal(7);
  });
});
