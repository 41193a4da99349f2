// Type-level specification: `npx tsc` fails if any @ts-expect-error below stops being an error.
import { expect } from 'chai';
import {
  ask,
  dispatch,
  InvalidRefError,
  startChild,
  type ActorDef,
  type ActorRef,
  type AnyRef,
  type SupervisorRef,
} from '../../../actors/runtime/index.js';

type CounterMsg = { type: 'inc'; by: number } | { type: 'get'; replyTo: ActorRef<number> };
type PriceMsg = { type: 'price'; value: string };

const counter: ActorDef<number, CounterMsg> = {
  init: () => 0,
  receive: (n, msg) => (msg.type === 'inc' ? n + msg.by : (dispatch(msg.replyTo, n), n)),
};

// Never called: it only has to type-check (and fail to where marked).
export async function typeChecks(counterRef: ActorRef<CounterMsg>, priceRef: ActorRef<PriceMsg>, sup: SupervisorRef): Promise<void> {
  dispatch(counterRef, { type: 'inc', by: 1 });
  // @ts-expect-error a message outside the protocol
  dispatch(counterRef, { type: 'price', value: '1' });
  // @ts-expect-error a field of the wrong type
  dispatch(counterRef, { type: 'inc', by: '1' });
  // @ts-expect-error a ref of another protocol is not a counter ref
  const wrong: ActorRef<CounterMsg> = priceRef;
  void wrong;
  // @ts-expect-error supervisors accept no messages
  dispatch(sup, { type: 'inc', by: 1 });
  // A ref that accepts more can stand in for one that accepts less (contravariance)...
  const wide = null as unknown as ActorRef<CounterMsg | PriceMsg>;
  const narrow: ActorRef<PriceMsg> = wide;
  void narrow;
  // ...and any ref is an AnyRef (for monitor/isAlive).
  const any: AnyRef = counterRef;
  void any;
  const n: number = await ask<CounterMsg, number>(counterRef, (replyTo) => ({ type: 'get', replyTo }), 100);
  void n;
  // @ts-expect-error the reply ref's type must match the message's replyTo
  await ask<CounterMsg, string>(counterRef, (replyTo) => ({ type: 'get', replyTo }), 100);
  const started: ActorRef<CounterMsg> = await startChild(sup, { id: 'c', start: counter });
  void started;
  // @ts-expect-error startChild infers the protocol from the definition
  const mistyped: ActorRef<PriceMsg> = await startChild(sup, { id: 'c', start: counter });
  void mistyped;
}

describe('runtime: typed refs', () => {
  it('rejects at run time what is not a ref made by the runtime', () => {
    const fake = { path: 'x' } as unknown as ActorRef<CounterMsg>;
    expect(() => dispatch(fake, { type: 'inc', by: 1 })).to.throw(InvalidRefError);
    expect(typeof typeChecks).to.equal('function');
  });
});
