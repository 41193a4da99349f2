// The README's supervised-tree example, runnable: npx tsx examples/supervised-tree.ts
import { ask, dispatch, startActorSystem, lookupChild, type ActorDef, type ActorRef } from '../actors/runtime/index.js';

type CounterMsg = { type: 'inc' } | { type: 'get'; replyTo: ActorRef<number> };
const counter: ActorDef<number, CounterMsg> = {
  init: () => 0,
  receive: (n, msg) => (msg.type === 'inc' ? n + 1 : (dispatch(msg.replyTo, n), n)),
  onStop: (n, reason) => console.log(`stopped at ${n}: ${String(reason)}`),
};

const system = await startActorSystem({ name: 'app' });
const markets = await system.startChild({
  id: 'markets',
  start: { strategy: 'restForOne', intensity: 3, periodMs: 5000, children: [{ id: 'counter', start: counter }] },
});
const ref = lookupChild<CounterMsg>(markets, 'counter')!;
dispatch(ref, { type: 'inc' });
console.log(await ask<CounterMsg, number>(ref, (replyTo) => ({ type: 'get', replyTo }), 1000)); // 1
await system.stop(); // onStop runs, leaves first
