import { ask, type ActorRef } from '../../../actors/runtime/index.js';
type CounterMsg = { type: 'inc'; by: number } | { type: 'get'; replyTo: ActorRef<number> };
export async function f(r: ActorRef<CounterMsg>): Promise<void> {
  const n = await ask(r, (replyTo) => ({ type: 'get', replyTo }), 100);
  const check: string = n;
  void check;
}
