// Type-checked (not run) inside the consumer project of test/integration/packed-package.test.ts, against the
// installed package's declarations: every `exports` entry resolves to types, strict, without skipLibCheck.
// Excluded from the repository's own typecheck (here 'cex-actors' would resolve to this checkout's dist/).
import { Decimal, startExchangeSystem, type BookView, type ExchangeSystem, type Order } from 'cex-actors';
import { startActorSystem, type ActorDef, type ActorRef } from 'cex-actors/runtime';
import { startSimulator, type RunningSimulator } from 'cex-actors/sim';

type CounterMsg = { type: 'inc' } | { type: 'get'; replyTo: ActorRef<number> };
export const counter: ActorDef<number, CounterMsg> = { init: () => 0, receive: (n, msg) => (msg.type === 'inc' ? n + 1 : n) };

export async function demo(): Promise<{ book: BookView; order: Order; half: Decimal }> {
  const sim: RunningSimulator = await startSimulator({ port: 0, seed: 1 });
  await sim.stop();
  const actors = await startActorSystem({ name: 'types' });
  await actors.stop();
  const system: ExchangeSystem = await startExchangeSystem({ simulator: { port: 0, seed: 1 } });
  const book = await new Promise<BookView>((resolve) => system.listen<BookView>({ symbol: 'BTC/USDT', channel: 'book' }, resolve));
  const user = await system.users.start({ id: 'demo' });
  const half = new Decimal(book.bids[0]?.price ?? 0).div(2);
  const order = await user.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: half.toFixed(2), quantity: '0.001' });
  await system.stop();
  return { book, order, half };
}
