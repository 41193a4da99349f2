// The trading node of the two-node example (examples/two-node/main.ts starts it; README "Two nodes"). It runs no
// market feed: its books come over NATS (or Redis) from the market node, another process. A strategy actor
// subscribes to them and, on a book, places a resting limit buy 1 % under the best bid through its own user's
// session actor, at most one order a second, ORDERS times (default 3); then it cancels them and stops.
// Settings from the environment, through the one configuration (loadConfig): CEX_PUBSUB_ADAPTER, CEX_PUBSUB_URL,
// CEX_PUBSUB_SUBJECT_PREFIX, CEX_BINANCE_REST_URL, CEX_BINANCE_WS_API_URL, CEX_BINANCE_API_KEY, CEX_BINANCE_API_SECRET.
// Prints one JSON line per book it acts on, per order, and a summary.
import {
  binanceSpotTrading,
  configureLogger,
  createPubSubAdapter,
  Decimal,
  dispatch,
  loadConfig,
  marketTopic,
  PubSub,
  pubSubTreeSpec,
  startActorSystem,
  startTrading,
  type ActorDef,
  type BookView,
  type Order,
  type OrderEvent,
  type UserHandle,
} from '../../index.js';

const SYMBOL = 'BTC/USDT';
const QUANTITY = '0.001';
const MIN_GAP_MS = 1000;

type StrategyMsg =
  | { readonly type: 'book'; readonly book: BookView }
  | { readonly type: 'placed'; readonly order: Order; readonly bestBid: Decimal }
  | { readonly type: 'refused'; readonly error: Error };

interface StrategyState {
  readonly books: number;
  readonly placed: number;
  readonly inFlight: boolean;
  readonly lastAt: number;
}

interface StrategyReport {
  book(book: BookView): void;
  placed(order: Order, bestBid: Decimal): void;
  refused(error: Error): void;
}

/** A limit buy 1 % under the best bid, on the price tick (2 decimals on BTC/USDT). Pure. */
function bidUnder(book: BookView): { readonly price: string; readonly bestBid: Decimal } | undefined {
  const bid = book.bids[0]?.price;
  if (!bid || !book.asks[0]) return undefined;
  return { price: bid.times('0.99').toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2), bestBid: bid };
}

/** The strategy: books in, orders out through the user's session actor; the decision is in `bidUnder`. */
function strategyActor(pubsub: PubSub, user: UserHandle, maxOrders: number, report: StrategyReport): ActorDef<StrategyState, StrategyMsg> {
  return {
    init(ctx) {
      // Published by the market node, another process: this node has no market feed.
      pubsub.subscribe<BookView, StrategyMsg>(marketTopic({ channel: 'book', exchange: 'binance', symbol: SYMBOL }), ctx, {
        delivery: 'latest',
        toMessage: (book) => ({ type: 'book', book }),
      });
      return { books: 0, placed: 0, inFlight: false, lastAt: 0 };
    },
    receive(state, msg, ctx) {
      switch (msg.type) {
        case 'book': {
          const next = { ...state, books: state.books + 1 };
          const order = bidUnder(msg.book);
          if (!order || state.inFlight || state.placed >= maxOrders || Date.now() - state.lastAt < MIN_GAP_MS) return next;
          report.book(msg.book);
          // The handle's placeOrder is an ask to the user's session actor (validated against the symbol's filters first).
          user.placeOrder({ symbol: SYMBOL, side: 'buy', type: 'limit', price: order.price, quantity: QUANTITY }).then(
            (placed) => dispatch(ctx.self, { type: 'placed', order: placed, bestBid: order.bestBid }),
            (error: unknown) => dispatch(ctx.self, { type: 'refused', error: error instanceof Error ? error : new Error(String(error)) }),
          );
          return { ...next, inFlight: true, lastAt: Date.now() };
        }
        case 'placed':
          report.placed(msg.order, msg.bestBid);
          return { ...state, placed: state.placed + 1, inFlight: false };
        case 'refused':
          report.refused(msg.error);
          return { ...state, inFlight: false };
        default: {
          const unexpected: never = msg;
          throw new Error(`unexpected message ${JSON.stringify(unexpected)}`);
        }
      }
    },
  };
}

const maxOrders = Number(process.env.ORDERS ?? '3');
const config = loadConfig(); // defaults < $CEX_CONFIG < CEX_* environment
configureLogger(config.log);
const credentials = config.exchanges.binance.credentials;
if (!credentials) throw new Error('set CEX_BINANCE_API_KEY and CEX_BINANCE_API_SECRET (the market node prints its simulator demo accounts)');
const pubsub = new PubSub({ nodeName: config.pubsub.nodeName ?? 'two-node-trading', adapter: createPubSubAdapter(config.pubsub) });
const system = await startActorSystem({ name: 'trading-node', root: { children: [pubSubTreeSpec(pubsub)] } });
const { restUrl, wsApiUrl } = config.exchanges.binance;
const trading = await startTrading(system.root, pubsub, { codec: binanceSpotTrading, restUrl, wsApiUrl });
const alice = await trading.startUser({ id: 'alice', credentials });

let orderEvents = 0; // what the exchange's user stream said about our orders
pubsub.listen<OrderEvent>(alice.topics.orders, () => void orderEvents++);
const print = (line: Record<string, unknown>): void => console.log(JSON.stringify(line));
let placed = 0;
let books = 0;
const done = new Promise<void>((resolve) => {
  const report: StrategyReport = {
    book(book) {
      books += 1;
      print({ type: 'book', symbol: book.symbol, bid: book.bids[0]?.price.toFixed(), ask: book.asks[0]?.price.toFixed(), sequence: book.sequence });
    },
    placed(order, bestBid) {
      print({ type: 'order', orderId: order.orderId, side: order.side, price: order.price?.toFixed(), quantity: order.quantity.toFixed(), status: order.status, bestBid: bestBid.toFixed() });
      if (++placed >= maxOrders) resolve();
    },
    refused(error) {
      print({ type: 'refused', error: error.message });
    },
  };
  void system.spawn(strategyActor(pubsub, alice, maxOrders, report), { id: 'strategy' });
});
await done;
const canceled = await alice.cancelAll(SYMBOL);
await new Promise((resolve) => setTimeout(resolve, 300)); // the user stream's last order events
print({ type: 'done', node: pubsub.nodeName, booksActedOn: books, remoteReceived: pubsub.stats().remote?.received ?? 0, orders: placed, canceled: canceled.length, orderEvents });
await system.stop();
await pubsub.stop();
