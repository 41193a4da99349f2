// Key -> actor registry with Elixir Registry semantics: `unique` (a key names at most one live actor) or
// `duplicate` (a key lists many: the basis of pub/sub). An actor may hold many keys, each with a value.
// Entries vanish when their holder stops (death-watch through the runtime's monitor); entries made with
// an actor context also vanish when that incarnation ends, so a restarted holder re-registers in init.
// The table is synchronous: lookups are a Map read in the caller; the registry actor owns its lifecycle.
import { CexError, ValidationError } from '../lib/core/errors.js';
import { childLogger } from '../lib/log.js';
import { dispatch, isAlive, monitor, type ActorDef, type ActorRef, type AnyRef, type WorkerChildSpec } from './runtime/index.js';

const log = childLogger('registry');

export type RegistryKeys = 'unique' | 'duplicate';

export interface RegistryEntry<V> {
  readonly ref: AnyRef;
  readonly value: V;
}

/** One incarnation of an actor (an `ActorContext` fits): its entries end when it stops or restarts. */
export interface Holder {
  readonly self: ActorRef<never>;
  readonly signal: AbortSignal;
}

export type HolderInput = AnyRef | Holder;

/** A unique key is held by a live actor. */
export class KeyTakenError extends CexError {
  readonly code = 'REGISTRY_KEY_TAKEN';
  constructor(
    readonly registry: string,
    readonly key: string,
    readonly holderPath: string,
  ) {
    super(`registry ${registry}: key '${key}' is already registered by ${holderPath}`);
  }
}

/** Registering on behalf of an actor that is not alive would leak an entry nobody removes. */
export class HolderDownError extends CexError {
  readonly code = 'REGISTRY_HOLDER_DOWN';
  constructor(
    readonly registry: string,
    readonly holderPath: string,
  ) {
    super(`registry ${registry}: holder ${holderPath} is not alive`);
  }
}

export class RegistryStoppedError extends CexError {
  readonly code = 'REGISTRY_STOPPED';
  constructor(readonly registry: string) {
    super(`registry ${registry} is stopped`);
  }
}

interface Entry<V> {
  readonly id: number;
  readonly key: string;
  readonly ref: AnyRef;
  value: V;
  /** Detaches the incarnation listener, for entries bound to an incarnation. */
  detach: (() => void) | undefined;
}

function isHolder(input: HolderInput): input is Holder {
  return typeof input === 'object' && input !== null && 'self' in input && 'signal' in input;
}

export interface RegistryOptions {
  readonly name: string;
  readonly keys: RegistryKeys;
}

export class Registry<V = unknown> {
  readonly name: string;
  readonly keys: RegistryKeys;
  // key -> entries in registration order (a unique key has at most one).
  private readonly byKey = new Map<string, Map<number, Entry<V>>>();
  private readonly byHolder = new Map<AnyRef, Map<number, Entry<V>>>();
  private readonly monitors = new Map<AnyRef, () => void>();
  private nextId = 1;
  private stopped = false;

  constructor(options: RegistryOptions) {
    if (options.keys !== 'unique' && options.keys !== 'duplicate') {
      throw new ValidationError('keys', 'unique|duplicate', `keys must be 'unique' or 'duplicate', got ${JSON.stringify(options.keys)}`);
    }
    this.name = options.name;
    this.keys = options.keys;
  }

  /**
   * Registers `key` for the holder with `value`. A unique key held by a live actor (this one included)
   * throws KeyTakenError. A duplicate key may be registered many times, even by the same actor.
   */
  register(holder: HolderInput, key: string, value: V): void {
    if (this.stopped) throw new RegistryStoppedError(this.name);
    checkKey(key);
    const ref = isHolder(holder) ? holder.self : holder;
    if (!isAlive(ref) || (isHolder(holder) && holder.signal.aborted)) throw new HolderDownError(this.name, ref.path);
    const entries = this.byKey.get(key);
    if (this.keys === 'unique' && entries !== undefined) {
      const current = firstOf(entries);
      if (current !== undefined && isAlive(current.ref)) throw new KeyTakenError(this.name, key, current.ref.path);
      // A holder we have not been told is dead yet: its entries go now.
      if (current !== undefined) this.holderDown(current.ref);
    }
    const entry: Entry<V> = { id: this.nextId++, key, ref, value, detach: undefined };
    this.index(this.byKey, key, entry);
    this.index(this.byHolder, ref, entry);
    this.watch(ref);
    if (isHolder(holder)) {
      const onAbort = (): void => {
        this.remove(entry);
      };
      holder.signal.addEventListener('abort', onAbort, { once: true });
      entry.detach = () => holder.signal.removeEventListener('abort', onAbort);
    }
  }

  /** Removes the holder's entries for `key`; returns how many. */
  unregister(holder: HolderInput, key: string): number {
    const ref = isHolder(holder) ? holder.self : holder;
    const owned = this.byHolder.get(ref);
    if (owned === undefined) return 0;
    let removed = 0;
    for (const entry of [...owned.values()]) {
      if (entry.key !== key) continue;
      this.remove(entry);
      removed += 1;
    }
    return removed;
  }

  /** Entries of `key` in registration order (a fresh array). Dead holders not yet reaped are skipped. */
  lookup(key: string): RegistryEntry<V>[] {
    const entries = this.byKey.get(key);
    if (entries === undefined) return [];
    const out: RegistryEntry<V>[] = [];
    for (const entry of entries.values()) if (isAlive(entry.ref)) out.push({ ref: entry.ref, value: entry.value });
    return out;
  }

  /** The live actor holding a unique key (the first one for a duplicate key). O(1) for unique keys. */
  whereis(key: string): AnyRef | undefined {
    const entries = this.byKey.get(key);
    if (entries === undefined) return undefined;
    for (const entry of entries.values()) if (isAlive(entry.ref)) return entry.ref;
    return undefined;
  }

  /** Calls `fn` for each live entry of `key`, in the caller, without copying (Registry.dispatch). */
  dispatch(key: string, fn: (ref: AnyRef, value: V) => void): number {
    const entries = this.byKey.get(key);
    if (entries === undefined) return 0;
    let count = 0;
    for (const entry of [...entries.values()]) {
      if (!isAlive(entry.ref)) continue;
      fn(entry.ref, entry.value);
      count += 1;
    }
    return count;
  }

  /** Keys the actor holds, in registration order (repeats for duplicate registrations). */
  keysOf(holder: AnyRef): string[] {
    return [...(this.byHolder.get(holder)?.values() ?? [])].map((entry) => entry.key);
  }

  /** Replaces the value of a key the holder holds (unique registries); returns false if it holds none. */
  updateValue(holder: AnyRef, key: string, update: (value: V) => V): boolean {
    if (this.keys !== 'unique') throw new ValidationError('keys', 'unique', `updateValue needs a unique registry; ${this.name} is duplicate`);
    const entries = this.byKey.get(key);
    const entry = entries === undefined ? undefined : firstOf(entries);
    if (entry === undefined || entry.ref !== holder) return false;
    entry.value = update(entry.value);
    return true;
  }

  /** Number of entries (all keys). */
  get size(): number {
    let total = 0;
    for (const entries of this.byKey.values()) total += entries.size;
    return total;
  }

  /** Number of live entries of one key. */
  count(key: string): number {
    return this.lookup(key).length;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Drops every entry and cancels every monitor. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const owned of this.byHolder.values()) for (const entry of owned.values()) entry.detach?.();
    for (const cancel of this.monitors.values()) cancel();
    this.monitors.clear();
    this.byKey.clear();
    this.byHolder.clear();
  }

  private index<K>(map: Map<K, Map<number, Entry<V>>>, key: K, entry: Entry<V>): void {
    let entries = map.get(key);
    if (entries === undefined) {
      entries = new Map();
      map.set(key, entries);
    }
    entries.set(entry.id, entry);
  }

  private unindex<K>(map: Map<K, Map<number, Entry<V>>>, key: K, entry: Entry<V>): void {
    const entries = map.get(key);
    if (entries === undefined) return;
    entries.delete(entry.id);
    if (entries.size === 0) map.delete(key);
  }

  private remove(entry: Entry<V>): void {
    this.unindex(this.byKey, entry.key, entry);
    this.unindex(this.byHolder, entry.ref, entry);
    entry.detach?.();
    entry.detach = undefined;
    if (!this.byHolder.has(entry.ref)) {
      this.monitors.get(entry.ref)?.();
      this.monitors.delete(entry.ref);
    }
  }

  private watch(ref: AnyRef): void {
    if (this.monitors.has(ref)) return;
    this.monitors.set(
      ref,
      monitor(ref, () => this.holderDown(ref)),
    );
  }

  private holderDown(ref: AnyRef): void {
    this.monitors.delete(ref);
    const owned = this.byHolder.get(ref);
    if (owned === undefined) return;
    log.debug('holder stopped: unregistering its keys', { registry: this.name, holder: ref.path, keys: owned.size });
    for (const entry of [...owned.values()]) this.remove(entry);
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new ValidationError('key', 'non-empty string', `registry key must be a non-empty string, got ${JSON.stringify(key)}`);
  }
}

function firstOf<V>(entries: Map<number, Entry<V>>): Entry<V> | undefined {
  for (const entry of entries.values()) return entry;
  return undefined;
}

/** Reply to a `register` message: the errors travel as values so the asker can branch on `code`. */
export type RegisterReply = { readonly ok: true } | { readonly ok: false; readonly error: KeyTakenError | HolderDownError | RegistryStoppedError | ValidationError };

/** The registry actor's protocol, for actors that prefer messages to the synchronous handle. */
export type RegistryMsg<V> =
  | { readonly type: 'register'; readonly holder: AnyRef; readonly key: string; readonly value: V; readonly replyTo: ActorRef<RegisterReply> }
  | { readonly type: 'unregister'; readonly holder: AnyRef; readonly key: string; readonly replyTo?: ActorRef<number> }
  | { readonly type: 'lookup'; readonly key: string; readonly replyTo: ActorRef<RegistryEntry<V>[]> }
  | { readonly type: 'keysOf'; readonly holder: AnyRef; readonly replyTo: ActorRef<string[]> };

function isRegistryError(error: unknown): error is KeyTakenError | HolderDownError | RegistryStoppedError | ValidationError {
  return error instanceof KeyTakenError || error instanceof HolderDownError || error instanceof RegistryStoppedError || error instanceof ValidationError;
}

/**
 * The actor that owns `registry` in the supervision tree: its state is the table (kept across its own
 * restarts, so registrations survive them), and stopping it for good stops the table.
 */
export function registryActor<V>(registry: Registry<V>): ActorDef<Registry<V>, RegistryMsg<V>> {
  return {
    init: () => registry,
    receive: (table, message) => {
      switch (message.type) {
        case 'register': {
          let reply: RegisterReply;
          try {
            table.register(message.holder, message.key, message.value);
            reply = { ok: true };
          } catch (error) {
            if (!isRegistryError(error)) throw error;
            reply = { ok: false, error };
          }
          dispatch(message.replyTo, reply);
          return table;
        }
        case 'unregister': {
          const removed = table.unregister(message.holder, message.key);
          if (message.replyTo !== undefined) dispatch(message.replyTo, removed);
          return table;
        }
        case 'lookup':
          dispatch(message.replyTo, table.lookup(message.key));
          return table;
        case 'keysOf':
          dispatch(message.replyTo, table.keysOf(message.holder));
          return table;
        default:
          return assertNever(message);
      }
    },
    onStop: (table) => {
      table.stop();
    },
  };
}

/** A child spec for the root supervisor: `{ id, start: registryActor(registry) }`. */
export function registryChildSpec<V>(registry: Registry<V>, id = 'registry'): WorkerChildSpec<RegistryMsg<V>> {
  return { id, start: registryActor(registry), restart: 'permanent' };
}

function assertNever(value: never): never {
  throw new Error(`unhandled registry message ${JSON.stringify(value)}`);
}
