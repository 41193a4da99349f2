// Identity helper so an actor definition's state and protocol types are written once.
import type { ActorDef } from './types.js';

/** `defineActor<State, Msg>({ init, receive, onStop })`: checks the definition, returns it unchanged. */
export function defineActor<S, M>(def: ActorDef<S, M>): ActorDef<S, M> {
  return def;
}
