// A consumer of the packed package (test/integration/packed-package.test.ts copies this file into an empty
// project that installed the tarball, and runs it with plain `node`: no TypeScript runner, only dist/).
// It uses each entry of the `exports` map, starts the whole system on the embedded simulator, waits for a
// BTC/USDT book, places and cancels a small limit order as the demo user, and prints one JSON summary line.
import { Decimal, ask, dispatch, loadConfig, startActorSystem, startExchangeSystem } from 'cex-actors';
import { startActorSystem as runtimeStartActorSystem } from 'cex-actors/runtime';
import { startSimulator } from 'cex-actors/sim';

const summary = {};

// The runtime alone: one counter actor, asked for its count.
const actors = await startActorSystem({ name: 'consumer' });
const counter = await actors.startChild({
  id: 'counter',
  start: { init: () => 0, receive: (n, msg) => (msg.type === 'inc' ? n + 1 : (dispatch(msg.replyTo, n), n)) },
});
dispatch(counter, { type: 'inc' });
dispatch(counter, { type: 'inc' });
summary.counter = await ask(counter, (replyTo) => ({ type: 'get', replyTo }), 2000);
await actors.stop();
summary.sameRuntime = runtimeStartActorSystem === startActorSystem;

// The simulator alone, from cex-actors/sim.
const sim = await startSimulator({ port: 0, seed: 1, bots: false });
summary.simulatorAccounts = sim.accounts.length;
await sim.stop();

// Configuration defaults come from dist/config/defaults.json.
const defaults = loadConfig({ env: {} });
summary.defaults = { restUrl: defaults.exchanges.binance.restUrl, seed: defaults.simulator.seed };

// The whole system on the embedded simulator.
const system = await startExchangeSystem({ simulator: { port: 0, seed: 1 } });
try {
  const book = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no BTC/USDT book within 20 s')), 20_000);
    const subscription = system.listen({ symbol: 'BTC/USDT', channel: 'book' }, (event) => {
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve(event);
    });
  });
  const bestBid = book.bids[0].price;
  summary.book = { type: book.type, symbol: book.symbol, bidIsDecimal: bestBid instanceof Decimal, bids: book.bids.length, asks: book.asks.length };

  const demo = await system.users.start({ id: 'demo' });
  // Far below the market so it rests: half the best bid, at the symbol's tick.
  const price = bestBid.div(2).toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed();
  const placed = await demo.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price, quantity: '0.001', clientOrderId: 'consumer-1' });
  const canceled = await demo.cancelOrder({ symbol: 'BTC/USDT', clientOrderId: placed.clientOrderId });
  summary.order = { placed: placed.status, canceled: canceled.status, price: placed.price.toFixed(), quantity: placed.quantity.toFixed(), sameId: placed.orderId === canceled.orderId };
  summary.users = system.status().users;
} finally {
  await system.stop();
}
summary.stopped = true;
console.log(JSON.stringify(summary));
