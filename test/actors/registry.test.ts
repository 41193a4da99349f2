import { expect } from 'chai';
import { ValidationError } from '../../lib/core/errors.js';
import {
  HolderDownError,
  KeyTakenError,
  Registry,
  registryChildSpec,
  RegistryStoppedError,
  type RegisterReply,
  type RegistryEntry,
  type RegistryMsg,
} from '../../actors/registry.js';
import { ask, dispatch, startActorSystem, terminateChild, type ActorDef, type ActorRef, type ActorSystem, type AnyRef } from '../../actors/runtime/index.js';
import { eventually } from '../wait.js';

type HolderMsg = { type: 'register'; key: string } | { type: 'crash' } | { type: 'stop' } | { type: 'ping'; replyTo: ActorRef<number> };

/** An actor that registers `initKeys` in its init (bound to the incarnation) and counts its inits. */
function holder(registry: Registry<string>, initKeys: string[], inits: { count: number }): ActorDef<null, HolderMsg> {
  return {
    init: (ctx) => {
      inits.count += 1;
      for (const key of initKeys) registry.register(ctx, key, `v${inits.count}`);
      return null;
    },
    receive: (state, message, ctx) => {
      switch (message.type) {
        case 'register':
          registry.register(ctx, message.key, 'late');
          return state;
        case 'crash':
          throw new Error('crash on purpose');
        case 'stop':
          ctx.stop();
          return state;
        case 'ping':
          dispatch(message.replyTo, inits.count);
          return state;
        default:
          return message satisfies never;
      }
    },
  };
}

const idle: ActorDef<null, never> = { init: () => null, receive: (state) => state };


describe('Registry', () => {
  let system: ActorSystem;

  beforeEach(async () => {
    system = await startActorSystem({ name: 'registry-test' });
  });

  afterEach(async () => {
    await system.stop();
  });

  describe('unique keys', () => {
    it('finds the holder of a key and its value', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const a = await system.spawn(idle, { id: 'a' });
      registry.register(a, 'market:binance', 'v');
      expect(registry.whereis('market:binance')).to.equal(a);
      expect(registry.lookup('market:binance')).to.deep.equal([{ ref: a, value: 'v' }]);
      expect(registry.whereis('nobody')).to.equal(undefined);
    });

    it('rejects a second registration of a live key with KeyTakenError', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const a = await system.spawn(idle, { id: 'a' });
      const b = await system.spawn(idle, { id: 'b' });
      registry.register(a, 'k', 'first');
      expect(() => registry.register(b, 'k', 'second')).to.throw(KeyTakenError).with.property('code', 'REGISTRY_KEY_TAKEN');
      expect(() => registry.register(a, 'k', 'again')).to.throw(KeyTakenError);
      expect(registry.lookup('k')).to.deep.equal([{ ref: a, value: 'first' }]);
    });

    it('lets one actor hold many keys, each with its own value', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const a = await system.spawn(idle, { id: 'a' });
      registry.register(a, 'k1', 'one');
      registry.register(a, 'k2', 'two');
      expect(registry.keysOf(a)).to.deep.equal(['k1', 'k2']);
      expect(registry.lookup('k2')[0]?.value).to.equal('two');
      expect(registry.updateValue(a, 'k1', (v) => `${v}!`)).to.equal(true);
      expect(registry.lookup('k1')[0]?.value).to.equal('one!');
    });

    it('frees the key once the holder stops, so another actor can take it', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const a = await system.spawn(idle, { id: 'a' });
      const b = await system.spawn(idle, { id: 'b' });
      registry.register(a, 'k1', 'v');
      registry.register(a, 'k2', 'v');
      await terminateChild(system.root, 'a');
      expect(registry.whereis('k1')).to.equal(undefined);
      expect(registry.keysOf(a)).to.deep.equal([]);
      expect(registry.size).to.equal(0);
      registry.register(b, 'k1', 'b');
      expect(registry.whereis('k1')).to.equal(b);
    });

    it('frees the key when the holder restarts, and the restarted holder re-registers it in init', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const inits = { count: 0 };
      const ref = await system.spawn(holder(registry, ['session:alice'], inits), { id: 'h' });
      dispatch(ref, { type: 'register', key: 'only-first-incarnation' });
      await eventually(() => registry.whereis('only-first-incarnation') !== undefined, 'late registration');

      dispatch(ref, { type: 'crash' });
      await eventually(() => inits.count === 2, 'restart');
      expect(await ask<HolderMsg, number>(ref, (replyTo) => ({ type: 'ping', replyTo }), 1000)).to.equal(2);
      // The same ref holds the key again, registered by the new incarnation (value from init 2) ...
      expect(registry.lookup('session:alice')).to.deep.equal([{ ref, value: 'v2' }]);
      // ... and what only the old incarnation registered is gone.
      expect(registry.whereis('only-first-incarnation')).to.equal(undefined);
    });

    it('refuses to register an actor that is not alive', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const a = await system.spawn(idle, { id: 'a' });
      await terminateChild(system.root, 'a');
      expect(() => registry.register(a, 'k', 'v')).to.throw(HolderDownError).with.property('code', 'REGISTRY_HOLDER_DOWN');
    });
  });

  describe('duplicate keys', () => {
    it('lists every registration in order, the same actor more than once if it registered twice', async () => {
      const registry = new Registry<number>({ name: 'd', keys: 'duplicate' });
      const a = await system.spawn(idle, { id: 'a' });
      const b = await system.spawn(idle, { id: 'b' });
      registry.register(a, 'topic', 1);
      registry.register(b, 'topic', 2);
      registry.register(a, 'topic', 3);
      expect(registry.lookup('topic').map((e) => e.value)).to.deep.equal([1, 2, 3]);
      const seen: number[] = [];
      expect(registry.dispatch('topic', (_ref, value) => seen.push(value))).to.equal(3);
      expect(seen).to.deep.equal([1, 2, 3]);
      expect(registry.unregister(a, 'topic')).to.equal(2);
      expect(registry.lookup('topic')).to.deep.equal([{ ref: b, value: 2 }]);
    });

    it('drops only the stopped holder’s entries', async () => {
      const registry = new Registry<number>({ name: 'd', keys: 'duplicate' });
      const a = await system.spawn(idle, { id: 'a' });
      const b = await system.spawn(idle, { id: 'b' });
      registry.register(a, 'topic', 1);
      registry.register(b, 'topic', 2);
      await terminateChild(system.root, 'b');
      expect(registry.lookup('topic')).to.deep.equal([{ ref: a, value: 1 }]);
      expect(registry.count('topic')).to.equal(1);
    });
  });

  it('rejects an empty key naming the field', async () => {
    const registry = new Registry<string>({ name: 'r', keys: 'unique' });
    const a = await system.spawn(idle, { id: 'a' });
    expect(() => registry.register(a, '', 'v')).to.throw(ValidationError).with.property('field', 'key');
  });

  describe('registry actor', () => {
    it('answers register and lookup messages and stops the table when it stops for good', async () => {
      const registry = new Registry<string>({ name: 'r', keys: 'unique' });
      const ref = await system.startChild(registryChildSpec(registry));
      const a = await system.spawn(idle, { id: 'a' });
      const b = await system.spawn(idle, { id: 'b' });
      const ok = await ask<RegistryMsg<string>, RegisterReply>(ref, (replyTo) => ({ type: 'register', holder: a, key: 'k', value: 'va', replyTo }), 1000);
      expect(ok).to.deep.equal({ ok: true });
      const taken = await ask<RegistryMsg<string>, RegisterReply>(ref, (replyTo) => ({ type: 'register', holder: b, key: 'k', value: 'vb', replyTo }), 1000);
      expect(taken.ok).to.equal(false);
      expect(taken.ok ? undefined : taken.error.code).to.equal('REGISTRY_KEY_TAKEN');
      const found = await ask<RegistryMsg<string>, RegistryEntry<string>[]>(ref, (replyTo) => ({ type: 'lookup', key: 'k', replyTo }), 1000);
      expect(found.map((e) => e.ref as AnyRef)).to.deep.equal([a]);

      await terminateChild(system.root, 'registry');
      expect(registry.isStopped).to.equal(true);
      expect(() => registry.register(b, 'k2', 'v')).to.throw(RegistryStoppedError);
    });
  });
});
