// One market stream client: its subscriptions, the `combined` property, and its control messages.
import type { WebSocket } from 'ws';
import type { Logger } from '../../../lib/log.js';
import type { StreamTimings } from '../context.js';
import { parseControlMessage, tooManyStreamsRejection, unknownStreamRejection, type ControlRequest } from './control.js';
import { serverShutdownPayload, type Payload } from './payloads.js';
import { SocketKeeper } from './socket-keeper.js';
import type { StreamSpec } from './stream-names.js';

/** What a connection needs from its server. */
export interface StreamHub {
  parse(name: string): StreamSpec | undefined;
  attach(connection: MarketConnection, spec: StreamSpec): void;
  detach(connection: MarketConnection, spec: StreamSpec): void;
  closed(connection: MarketConnection): void;
}

export class MarketConnection {
  readonly keeper: SocketKeeper;
  // Insertion order is the order LIST_SUBSCRIPTIONS reports.
  private readonly subscribed = new Map<string, StreamSpec>();

  constructor(
    ws: WebSocket,
    initial: StreamSpec[],
    private combined: boolean,
    private readonly hub: StreamHub,
    private readonly timings: StreamTimings,
    log: Logger,
  ) {
    this.keeper = new SocketKeeper(ws, {
      timings,
      limitIncoming: true,
      log,
      onText: (text) => this.onControl(text),
      onClosed: () => this.release(),
    });
    for (const spec of initial) this.add(spec);
  }

  /** The streams named in the upgrade path (added once the server knows the connection). */
  addInitial(specs: readonly StreamSpec[]): void {
    for (const spec of specs) this.add(spec);
  }

  get streams(): string[] {
    return [...this.subscribed.keys()];
  }

  has(stream: string): boolean {
    return this.subscribed.has(stream);
  }

  /** `raw` is the payload's JSON text, serialised once for every subscriber. */
  deliver(stream: string, raw: string): void {
    this.keeper.send(this.combined ? `{"stream":${JSON.stringify(stream)},"data":${raw}}` : raw);
  }

  sendServerShutdown(eventTime: number): void {
    this.deliver('!serverShutdown', JSON.stringify(serverShutdownPayload(eventTime)));
  }

  private reply(payload: Payload): void {
    this.keeper.send(JSON.stringify(payload));
  }

  private onControl(text: string): void {
    const request = parseControlMessage(text);
    if (request.type === 'rejected') {
      this.reply(request.reply);
      return;
    }
    this.handle(request);
  }

  private handle(request: ControlRequest): void {
    switch (request.type) {
      case 'subscribe': {
        const specs: StreamSpec[] = [];
        for (const name of request.streams) {
          const spec = this.hub.parse(name);
          if (!spec) return this.reply(unknownStreamRejection(name).reply);
          specs.push(spec);
        }
        const fresh = new Set(specs.filter((s) => !this.subscribed.has(s.name)).map((s) => s.name));
        if (this.subscribed.size + fresh.size > this.timings.maxStreamsPerConnection) {
          return this.reply(tooManyStreamsRejection(this.timings.maxStreamsPerConnection).reply);
        }
        for (const spec of specs) this.add(spec);
        return this.reply({ result: null, id: request.id });
      }
      case 'unsubscribe':
        for (const name of request.streams) this.removeByName(name);
        return this.reply({ result: null, id: request.id });
      case 'listSubscriptions':
        return this.reply({ result: this.streams, id: request.id });
      case 'setProperty':
        this.combined = request.value;
        return this.reply({ result: null, id: request.id });
      case 'getProperty':
        return this.reply({ result: this.combined, id: request.id });
      default: {
        const unreachable: never = request;
        return unreachable;
      }
    }
  }

  private add(spec: StreamSpec): void {
    if (this.subscribed.has(spec.name)) return;
    this.subscribed.set(spec.name, spec);
    this.hub.attach(this, spec);
  }

  private removeByName(name: string): void {
    const spec = this.subscribed.get(name);
    if (!spec) return;
    this.subscribed.delete(name);
    this.hub.detach(this, spec);
  }

  private release(): void {
    for (const spec of this.subscribed.values()) this.hub.detach(this, spec);
    this.subscribed.clear();
    this.hub.closed(this);
  }
}
