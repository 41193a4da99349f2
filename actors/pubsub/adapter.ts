// The seam to other nodes (Phoenix.PubSub style). `broadcast` hands a message to the adapter; the adapter
// hands back everything it receives, our own echoes included: the pub/sub drops those by `nodeName`.
// `local` is the single-process adapter; the NATS and Redis adapters (nats-adapter.ts, redis-adapter.ts)
// implement the same interface, with an actor that owns their connection (remote-adapter.ts).
import type { WorkerChildSpec } from '../runtime/index.js';

/** What crosses the adapter. The payload must be something the adapter's codec can carry. */
export interface AdapterMessage {
  /** Node that published; used to drop our own echoes. */
  readonly nodeName: string;
  readonly topic: string;
  readonly payload: unknown;
}

export type AdapterState = 'connected' | 'disconnected';

/** What the pub/sub gives an adapter when it starts it. */
export interface AdapterHost {
  readonly nodeName: string;
  /** Topics that have local subscribers now (an adapter subscribes to these on every (re)connect). */
  topics(): readonly string[];
  /** The adapter's connection came up or went down: reported as an `adapterStatus` event and on `status:pubsub`. */
  status(state: AdapterState, detail?: string): void;
}

/** Counters of a remote adapter, in PubSubStats.remote. */
export interface AdapterStats {
  readonly connected: boolean;
  readonly connects: number;
  readonly published: number;
  readonly received: number;
  /** Messages on our subjects that were not ours or not well-formed: dropped, never delivered. */
  readonly malformed: number;
  /** Published while the connection was down (at-most-once topics): not sent. */
  readonly droppedWhileDown: number;
  /** Durable (private-topic) messages published but not yet acknowledged by the server. */
  readonly pendingDurable: number;
}

export interface PubSubAdapter {
  /** Short name for logs and stats (`local`, `nats`, `redis`). */
  readonly name: string;
  /** Starts handing received messages to `receive` (including echoes of our own). */
  start(receive: (message: AdapterMessage) => void, host?: AdapterHost): void | Promise<void>;
  /** Publishes to the other nodes. A rejection is logged and counted by the pub/sub; local delivery has already happened. */
  broadcast(message: AdapterMessage): void | Promise<void>;
  /** Stops receiving and releases connections. */
  stop(): void | Promise<void>;
  /** A topic got its first local subscriber: receive it from the other nodes. */
  topicActive?(topic: string): void;
  /** A topic lost its last local subscriber. */
  topicIdle?(topic: string): void;
  /** The actor that owns the adapter's connection; the pub/sub's supervisor restarts it with backoff when it is lost. */
  childSpec?(): WorkerChildSpec<never>;
  stats?(): AdapterStats;
}

/** One process, no peers: broadcasting reaches nobody else, nothing ever arrives. */
export class LocalAdapter implements PubSubAdapter {
  readonly name = 'local';
  start(_receive: (message: AdapterMessage) => void): void {}
  broadcast(_message: AdapterMessage): void {}
  stop(): void {}
}
