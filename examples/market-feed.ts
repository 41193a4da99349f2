// The README's market-data example, runnable: npx tsx examples/market-feed.ts
// Starts the embedded simulator, then the actor system with a Binance market feed against it, and prints
// the first book and three trades of BTC/USDT through the pub/sub.
import { PubSub, startActorSystem, startMarketFeed, type BookView, type Trade } from '../index.js';
import { startSimulator } from '../sim/index.js';

const sim = await startSimulator({ port: 0, seed: 42, bots: { takerIntervalMs: 100 } });
const system = await startActorSystem({ name: 'app' });
const pubsub = new PubSub();
const feed = await startMarketFeed(system.root, pubsub, { restUrl: sim.rest, wsUrl: sim.ws });

const done = new Promise<void>((resolve) => {
  let books = 0;
  let trades = 0;
  const check = (): void => void (books >= 1 && trades >= 3 && resolve());
  pubsub.observe<BookView>(feed.topic('book', 'BTC/USDT')).subscribe((book) => {
    if (++books === 1) console.log(`book ${book.symbol}: bid ${book.bids[0]?.price.toString()} ask ${book.asks[0]?.price.toString()}`);
    check();
  });
  pubsub.listen<Trade>(feed.topic('trades', 'BTC/USDT'), (trade) => {
    if (++trades <= 3) console.log(`trade ${trade.symbol} #${trade.id}: ${trade.side} ${trade.quantity.toString()} @ ${trade.price.toString()}`);
    check();
  });
});
await done;
console.log(JSON.stringify(feed.metrics().connections.map((c) => ({ connection: c.connection, state: c.state, streams: c.streams }))));
await system.stop(); // connections closed, books and tapes stopped, leaves first
await pubsub.stop();
await sim.stop();
