// What the NATS and Redis adapters share: the encoded wire (lib/wire), the topics this node listens to, counters,
// status, and the actor that owns the connection. The adapter object outlives connections; each incarnation of its
// actor opens one `Link`, attaches it, and crashes when it is lost, so the pub/sub's supervisor restarts it with
// backoff (DESIGN.md sections 3 and 4). Local delivery never waits for any of this.
import { decodeMessage, encodeMessage } from '../../lib/wire/codec.js';
import { topicToSubject } from '../../lib/wire/subjects.js';
import { childLogger } from '../../lib/log.js';
import { dispatch, type ActorDef, type WorkerChildSpec } from '../runtime/index.js';
import type { AdapterHost, AdapterMessage, AdapterStats, PubSubAdapter } from './adapter.js';

const log = childLogger('pubsub-adapter');

/** One connection's worth of a transport, opened by an adapter actor's incarnation and closed when it ends. */
export interface Link {
  /** Fire and forget (at-most-once). */
  publish(subject: string, data: string): void;
  /** Starts receiving `topic` (on `subject`); what arrives goes to the adapter's `deliver`. */
  watch(topic: string, subject: string): void | Promise<void>;
  unwatch(topic: string, subject: string): void | Promise<void>;
  close(): Promise<void>;
}

export interface RemoteAdapterOptions {
  /** Server URL (`nats://127.0.0.1:4222`, `redis://127.0.0.1:6379`). */
  readonly url: string;
  /** First token(s) of every subject or channel; default `cex`. Nodes that talk share it. */
  readonly subjectPrefix?: string;
  /** Restart backoff of the adapter actor after a lost connection. Default 250 ms .. 10 s. */
  readonly backoff?: { readonly minMs: number; readonly maxMs: number };
  /** Connect timeout, ms. Default 2000. */
  readonly connectTimeoutMs?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export abstract class RemoteAdapter implements PubSubAdapter {
  abstract readonly name: string;
  readonly prefix: string;
  protected host: AdapterHost | undefined;
  protected receive: ((message: AdapterMessage) => void) | undefined;
  protected link: Link | undefined;
  protected stopped = false;
  protected readonly counters: Mutable<AdapterStats> = { connected: false, connects: 0, published: 0, received: 0, malformed: 0, droppedWhileDown: 0, pendingDurable: 0 };
  private reportedDown = false;

  constructor(readonly options: RemoteAdapterOptions) {
    this.prefix = options.subjectPrefix ?? 'cex';
  }

  /** Opens a connection; `lost` is called once if it dies afterwards. */
  abstract open(lost: (error: Error) => void): Promise<Link>;

  start(receive: (message: AdapterMessage) => void, host?: AdapterHost): void {
    this.receive = receive;
    this.host = host;
  }

  broadcast(message: AdapterMessage): void | Promise<void> {
    const subject = topicToSubject(this.prefix, message.topic);
    const data = encodeMessage(message);
    return this.send(message.topic, subject, data);
  }

  /** Sends one encoded message; at-most-once unless a subclass does better (NATS private topics). */
  protected send(_topic: string, subject: string, data: string): void | Promise<void> {
    if (this.link === undefined) {
      this.counters.droppedWhileDown += 1;
      return;
    }
    this.link.publish(subject, data);
    this.counters.published += 1;
  }

  topicActive(topic: string): void {
    this.watch(topic);
  }

  topicIdle(topic: string): void {
    const link = this.link;
    if (link === undefined) return;
    Promise.resolve(link.unwatch(topic, topicToSubject(this.prefix, topic))).catch((error: unknown) => log.warn('unsubscribe failed', { adapter: this.name, topic, error }));
  }

  protected watch(topic: string): void {
    const link = this.link;
    if (link === undefined) return;
    Promise.resolve(link.watch(topic, topicToSubject(this.prefix, topic))).catch((error: unknown) => log.warn('subscribe failed', { adapter: this.name, topic, error }));
  }

  /**
   * What a link received on `topic`'s subject: decoded and handed to the pub/sub, or counted as malformed (not
   * our wire format, an unknown version, or a message naming another topic than its subject's). Returns whether
   * it was delivered.
   */
  deliver(topic: string, data: string | Uint8Array): boolean {
    let message: AdapterMessage;
    try {
      message = decodeMessage(data);
      if (message.topic !== topic) throw new Error(`message names topic ${JSON.stringify(message.topic)} but came on the subject of ${JSON.stringify(topic)}`);
    } catch (error) {
      this.counters.malformed += 1;
      if (this.counters.malformed === 1 || this.counters.malformed % 1000 === 0) {
        log.warn('dropped a malformed or foreign message', { adapter: this.name, topic, malformed: this.counters.malformed, error: (error as Error).message });
      }
      return false;
    }
    this.counters.received += 1;
    this.receive?.(message);
    return true;
  }

  /** A new incarnation's link is up: listen to every topic with local subscribers. */
  attach(link: Link): void {
    this.link = link;
    this.counters.connected = true;
    this.counters.connects += 1;
    this.reportedDown = false;
    for (const topic of this.host?.topics() ?? []) this.watch(topic);
    this.host?.status('connected');
  }

  /** The incarnation ended (lost connection, restart or stop; a stop is not reported as a disconnection). */
  detach(link: Link | undefined, reason: string, stopping = false): void {
    if (link !== undefined && this.link !== link) return;
    const wasUp = this.link !== undefined;
    this.link = undefined;
    this.counters.connected = false;
    if (!this.stopped && !stopping && (wasUp || !this.reportedDown)) {
      this.reportedDown = true;
      this.host?.status('disconnected', reason);
    }
  }

  stats(): AdapterStats {
    return { ...this.counters };
  }

  childSpec(): WorkerChildSpec<never> {
    return { id: 'adapter', start: remoteAdapterActor(this) as ActorDef<unknown, never>, restart: 'permanent', shutdown: 5000 };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const link = this.link;
    this.link = undefined;
    this.counters.connected = false;
    await link?.close();
  }
}

type AdapterActorMsg =
  | { readonly type: 'connect' }
  | { readonly type: 'opened'; readonly link: Link; readonly owner: AdapterActorState }
  | { readonly type: 'failed'; readonly error: Error; readonly owner: AdapterActorState };

interface AdapterActorState {
  link: Link | undefined;
}

/**
 * Owns one connection per incarnation. It connects in the background (a stop never waits behind a connect);
 * a failed connect or a lost connection is a crash, and its supervisor restarts it with backoff.
 */
export function remoteAdapterActor(adapter: RemoteAdapter): ActorDef<AdapterActorState, AdapterActorMsg> {
  const end = async (state: AdapterActorState, reason: string, stopping: boolean): Promise<void> => {
    const link = state.link;
    state.link = undefined;
    adapter.detach(link, reason, stopping);
    await link?.close().catch(() => undefined);
  };
  return {
    init(ctx) {
      ctx.sendAfter(0, { type: 'connect' });
      return { link: undefined };
    },
    receive(state, message, ctx) {
      switch (message.type) {
        case 'connect': {
          const fail = (error: unknown): void => dispatch(ctx.self, { type: 'failed', error: error instanceof Error ? error : new Error(String(error)), owner: state });
          adapter.open(fail).then(
            (link) => dispatch(ctx.self, { type: 'opened', link, owner: state }),
            (error: unknown) => fail(error),
          );
          return state;
        }
        case 'opened':
          if (message.owner !== state || ctx.signal.aborted) {
            void message.link.close().catch(() => undefined); // opened for an incarnation that is gone
            return state;
          }
          state.link = message.link;
          adapter.attach(message.link);
          return state;
        case 'failed':
          if (message.owner !== state) return state;
          throw message.error;
        default: {
          const never: never = message;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
    },
    onRestart: (state, error) => end(state, error instanceof Error ? error.message : String(error), false),
    onStop: (state) => end(state, 'stopped', true),
  };
}
