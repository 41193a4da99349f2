// A triangular-arbitrage signal actor, runnable: npx tsx examples/triangular-signal.ts (SIGNALS=N, default 5).
// The actor subscribes (tied to its incarnation) to the `book` topics of BTC/USDT, ETH/USDT and ETH/BTC, keeps
// each best bid/ask, and on every change publishes a `signal` on its own topic `signal:triangular`:
//   - mispricingBps: (implied ETH/BTC / ETH/BTC mid - 1) * 10000, implied = ETH/USDT mid / BTC/USDT mid;
//   - the two executable cycles from USDT at the touch (fees left out), each as an edge in bps:
//     viaBtc  USDT -buy BTC at ask-> BTC -buy ETH at ETH/BTC ask-> ETH -sell at ETH/USDT bid-> USDT
//     viaEth  USDT -buy ETH at ask-> ETH -sell for BTC at ETH/BTC bid-> BTC -sell at BTC/USDT bid-> USDT
// Exact Decimal arithmetic throughout (quotients to 40 significant digits); the main prints N signals as JSON
// lines, Decimals as strings, then stops the system.
import { Decimal, startExchangeSystem, type ActorDef, type BookView, type ExchangeSystem } from '../index.js';

const LEGS = ['BTC/USDT', 'ETH/USDT', 'ETH/BTC'] as const;
type Leg = (typeof LEGS)[number];
const SIGNAL_TOPIC = 'signal:triangular';

interface Touch {
  readonly bid: Decimal;
  readonly ask: Decimal;
}

interface TriangularSignal {
  readonly type: 'signal';
  readonly time: number;
  readonly impliedEthBtc: Decimal;
  readonly ethBtcMid: Decimal;
  readonly mispricingBps: Decimal;
  readonly viaBtcBps: Decimal;
  readonly viaEthBps: Decimal;
}

type SignalMsg = { readonly type: 'book'; readonly book: BookView };
type Touches = ReadonlyMap<Leg, Touch>;

const BPS = new Decimal(10_000);
const mid = (t: Touch): Decimal => t.bid.plus(t.ask).div(2);
const bps = (ratio: Decimal): Decimal => ratio.minus(1).mul(BPS);

/** The signal for three touches; pure, so the arithmetic is the whole story. */
function triangularSignal(touches: Touches, time: number): TriangularSignal | undefined {
  const btcUsdt = touches.get('BTC/USDT');
  const ethUsdt = touches.get('ETH/USDT');
  const ethBtc = touches.get('ETH/BTC');
  if (!btcUsdt || !ethUsdt || !ethBtc) return undefined;
  const impliedEthBtc = mid(ethUsdt).div(mid(btcUsdt));
  const ethBtcMid = mid(ethBtc);
  return {
    type: 'signal',
    time,
    impliedEthBtc,
    ethBtcMid,
    mispricingBps: bps(impliedEthBtc.div(ethBtcMid)),
    viaBtcBps: bps(ethUsdt.bid.div(btcUsdt.ask).div(ethBtc.ask)),
    viaEthBps: bps(ethBtc.bid.mul(btcUsdt.bid).div(ethUsdt.ask)),
  };
}

/** The actor: a switch over its one message, the arithmetic in triangularSignal. */
function triangularActor(system: ExchangeSystem): ActorDef<Touches, SignalMsg> {
  return {
    init(ctx) {
      for (const symbol of LEGS) {
        // Subscribing the incarnation (ctx) ends the subscription with it; a restart subscribes afresh.
        system.subscribe<BookView, SignalMsg>({ symbol, channel: 'book' }, ctx, { delivery: 'latest', toMessage: (book) => ({ type: 'book', book }) });
      }
      return new Map<Leg, Touch>();
    },
    receive(touches, msg) {
      switch (msg.type) {
        case 'book': {
          const { book } = msg;
          const bid = book.bids[0];
          const ask = book.asks[0];
          const leg = LEGS.find((s) => s === book.symbol);
          if (!leg || !bid || !ask) return touches;
          const before = touches.get(leg);
          if (before && before.bid.eq(bid.price) && before.ask.eq(ask.price)) return touches; // the touch did not move
          const next = new Map(touches).set(leg, { bid: bid.price, ask: ask.price });
          const signal = triangularSignal(next, book.receivedAt);
          if (signal) system.pubsub.broadcast(SIGNAL_TOPIC, signal);
          return next;
        }
        default: {
          const unexpected: never = msg.type;
          throw new Error(`unexpected message ${String(unexpected)}`);
        }
      }
    },
  };
}

const count = Number(process.env.SIGNALS ?? '5');
const system = await startExchangeSystem({ simulator: true });
let printed = 0;
const done = new Promise<void>((resolve) => {
  system.listen<TriangularSignal>(SIGNAL_TOPIC, (s) => {
    if (printed >= count) return;
    const line = {
      type: s.type,
      time: s.time,
      impliedEthBtc: s.impliedEthBtc.toDecimalPlaces(10).toFixed(),
      ethBtcMid: s.ethBtcMid.toFixed(),
      bps: s.mispricingBps.toDecimalPlaces(4).toFixed(),
      viaBtcBps: s.viaBtcBps.toDecimalPlaces(4).toFixed(),
      viaEthBps: s.viaEthBps.toDecimalPlaces(4).toFixed(),
    };
    console.log(JSON.stringify(line));
    if (++printed === count) resolve();
  });
});
await system.actorSystem.spawn(triangularActor(system), { id: 'triangular-signal' });
await done;
await system.stop();
