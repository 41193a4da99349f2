// The seam to other nodes (Phoenix.PubSub style). `broadcast` hands a message to the adapter; the adapter
// hands back everything it receives, our own echoes included: the pub/sub drops those by `nodeName`.
// `local` is the single-process adapter; NATS/Redis adapters implement the same interface later.

/** What crosses the adapter. The payload must be something the adapter's codec can carry. */
export interface AdapterMessage {
  /** Node that published; used to drop our own echoes. */
  readonly nodeName: string;
  readonly topic: string;
  readonly payload: unknown;
}

export interface PubSubAdapter {
  /** Short name for logs and stats (`local`, `nats`, `redis`). */
  readonly name: string;
  /** Connects and starts handing received messages to `receive` (including echoes of our own). */
  start(receive: (message: AdapterMessage) => void): void | Promise<void>;
  /** Publishes to the other nodes. A rejection is logged and counted by the pub/sub; local delivery has already happened. */
  broadcast(message: AdapterMessage): void | Promise<void>;
  /** Stops receiving and releases connections. */
  stop(): void | Promise<void>;
}

/** One process, no peers: broadcasting reaches nobody else, nothing ever arrives. */
export class LocalAdapter implements PubSubAdapter {
  readonly name = 'local';
  start(_receive: (message: AdapterMessage) => void): void {}
  broadcast(_message: AdapterMessage): void {}
  stop(): void {}
}
