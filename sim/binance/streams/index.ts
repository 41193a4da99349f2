// The simulator's Binance market stream endpoint: raw `/ws/<stream>[/<stream>...]`, live `/ws`, and
// combined `/stream?streams=a/b`, plus the faults the control API injects (drop, stall, skip depth
// sequence numbers, serverShutdown).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { stringifyJson } from '../../../lib/core/lossless-json.js';
import { childLogger } from '../../../lib/log.js';
import { refuseTooManyAttempts, type ConnectionAttempts } from '../connection-attempts.js';
import { ConnectionSet, Subscribers } from '../connection-set.js';
import { answerAndClose, refusal } from '../http-refusals.js';
import { parseRequestTarget } from '../request-target.js';
import { createWsServer } from '../ws-server.js';
import type { SimContext } from '../context.js';
import { MarketConnection, type StreamHub } from './market-connection.js';
import { BINANCE_CADENCE, MarketFeed, type MarketCadence } from './market-feed.js';
import { SPOT_PAYLOADS, type Payload, type StreamPayloads } from './payloads.js';
import type { StallOptions } from './socket-keeper.js';
import { parseStreamName, type StreamSpec } from './stream-names.js';

export { BINANCE_CADENCE, type MarketCadence } from './market-feed.js';

export interface MarketStreamOptions {
  /** Push cadence of windowed streams; tests shorten it. Default: Binance's. */
  cadence?: Partial<MarketCadence>;
  /** Connection-attempt limit per IP; none = unlimited. */
  connectionAttempts?: ConnectionAttempts;
  /** Paths, stream names and payloads of the venue's dialect. Default: Binance spot's. */
  dialect?: StreamDialect;
}

/** What the upgrade path asks for: the dialect's endpoint, the streams named in it, combined or raw. */
export interface StreamRoute {
  endpoint: string;
  combined: boolean;
  names: string[];
}

/**
 * What differs between the market-stream dialects served on the one engine-driven machinery (spot; USD-M
 * futures in sim/binance-usdm/streams.ts): upgrade paths, stream names, which endpoint carries which stream,
 * and the payloads.
 */
export interface StreamDialect {
  /** The route of an upgrade (undefined: not this server's path). `path` has no trailing slash. */
  route(path: string, query: URLSearchParams): StreamRoute | undefined;
  parse(name: string, hasSymbol: (symbol: string) => boolean): StreamSpec | undefined;
  /**
   * Whether a connection on `endpoint` gets the data of `spec`. A stream subscribed on the wrong endpoint is
   * accepted and listed but never delivers, as Binance's notice says of unmigrated USD-M connections.
   */
  serves(endpoint: string, spec: StreamSpec): boolean;
  payloads: StreamPayloads;
}

export type MarketConnectionFilter = { streams?: string[] };

const log = childLogger('sim.streams');

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // left as sent; it will not parse as a stream name
  }
}

/**
 * Binance's market-stream paths under `prefix`: raw `/ws`, `/ws/<stream>[/<stream>...]` and combined
 * `/stream?streams=a/b` (spot with prefix '', USD-M with '/fstream/public' and '/fstream/market').
 */
export function binanceStreamRoute(path: string, query: URLSearchParams, prefix: string, endpoint: string): StreamRoute | undefined {
  if (prefix !== '' && !path.startsWith(`${prefix}/`)) return undefined;
  const rest = path.slice(prefix.length);
  if (rest === '/ws') return { endpoint, combined: false, names: [] };
  // Some clients percent-encode the '@' of stream names in the path.
  if (rest.startsWith('/ws/')) return { endpoint, combined: false, names: rest.slice('/ws/'.length).split('/').filter(Boolean).map(decodeSegment) };
  if (rest === '/stream') return { endpoint, combined: true, names: (query.get('streams') ?? '').split('/').filter(Boolean) };
  return undefined;
}

export const SPOT_STREAM_DIALECT: StreamDialect = {
  route: (path, query) => binanceStreamRoute(path, query, '', 'stream'),
  parse: parseStreamName,
  serves: () => true,
  payloads: SPOT_PAYLOADS,
};

function refuseUpgrade(socket: Duplex, msg: string): void {
  answerAndClose(socket, refusal(400, -1, msg));
}

export class MarketStreamServer {
  private readonly wss = createWsServer();
  private readonly connections = new ConnectionSet<MarketConnection>();
  /** stream name -> the connections carrying it. */
  private readonly subscribers = new Subscribers<MarketConnection>();
  private readonly feed: MarketFeed;
  private readonly hub: StreamHub;
  private readonly attempts: ConnectionAttempts | undefined;
  private readonly dialect: StreamDialect;
  private readonly endpoints = new WeakMap<MarketConnection, string>();

  constructor(
    private readonly ctx: SimContext,
    options: MarketStreamOptions = {},
  ) {
    this.attempts = options.connectionAttempts;
    this.dialect = options.dialect ?? SPOT_STREAM_DIALECT;
    this.feed = new MarketFeed(ctx.engine, ctx.clock, { ...BINANCE_CADENCE, ...options.cadence }, (stream, payload) => this.publish(stream, payload), this.dialect.payloads);
    this.hub = {
      parse: (name) => this.dialect.parse(name, (symbol) => ctx.engine.symbols.has(symbol)),
      attach: (connection, spec) => this.attach(connection, spec),
      detach: (connection, spec) => this.detach(connection, spec),
      closed: (connection) => this.connections.delete(connection),
    };
  }

  /** Takes `/ws...` and `/stream...` upgrades (true), leaves any other path to the caller (false). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const requested = parseRequestTarget(req.url);
    const target = this.dialect.route(requested.path.replace(/\/+$/, ''), requested.searchParams);
    if (!target) return false;
    const verdict = this.attempts?.attempt(req.socket.remoteAddress ?? 'unknown');
    if (verdict && !verdict.allowed) {
      log.info('connection attempt over the limit refused', { retryAfterSec: verdict.retryAfterSec });
      refuseTooManyAttempts(socket, this.attempts?.limit ?? 0, verdict.retryAfterSec);
      return true;
    }
    // Binance opens the connection whatever the path names and simply sends nothing for a name it does
    // not know; ccxt relies on that (it connects to `/ws/0`, `/ws/1`, ... and SUBSCRIBEs afterwards).
    const specs: StreamSpec[] = [];
    for (const name of new Set(target.names)) {
      const spec = this.hub.parse(name);
      if (spec) specs.push(spec);
    }
    if (specs.length > this.ctx.timings.maxStreamsPerConnection) {
      refuseUpgrade(socket, `Too many streams; the limit is ${this.ctx.timings.maxStreamsPerConnection} per connection.`);
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new MarketConnection(ws, [], target.combined, this.hub, this.ctx.timings, log);
      // The endpoint first: the streams in the path attach by it.
      this.endpoints.set(connection, target.endpoint);
      connection.addInitial(specs);
      this.connections.add(connection);
    });
    return true;
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Fault: abrupt disconnect (no close frame) of every connection, or those carrying one of `streams`. */
  dropConnections(filter?: MarketConnectionFilter): number {
    return this.connections.drop(this.select(filter));
  }

  /** Fault: the sockets stay open but nothing is sent on them, not even pings (unless `keepPings`), until resumed. */
  stallConnections(filter?: MarketConnectionFilter, options?: StallOptions): number {
    return this.connections.stall(this.select(filter), options);
  }

  /** Ends every stall; what was published meanwhile is lost, as on a link that dropped it. */
  resumeConnections(): void {
    this.connections.resume();
  }

  /** Fault: the `serverShutdown` event; with `closeAfterMs` the connections are closed after it. */
  sendServerShutdown(closeAfterMs?: number): void {
    this.connections.sendServerShutdown(this.ctx.clock.now(), closeAfterMs);
  }

  /** Fault: the next `count` book changes of `symbol` are left out of its diff-depth streams (U jumps). */
  skipDepthUpdates(symbol: string, count: number): void {
    this.feed.skipDepthUpdates(symbol.toUpperCase(), count);
  }

  /** Fault: the next book change of `symbol` on diff-depth streams also bids above the best ask (a crossed book). */
  crossBook(symbol: string): void {
    this.feed.crossBook(symbol.toUpperCase());
  }

  async close(): Promise<void> {
    this.connections.closeAll();
    this.feed.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private select(filter?: MarketConnectionFilter): MarketConnection[] {
    const all = this.connections.all();
    const streams = filter?.streams;
    if (!streams) return all;
    return all.filter((connection) => streams.some((stream) => connection.has(stream)));
  }

  private attach(connection: MarketConnection, spec: StreamSpec): void {
    if (!this.dialect.serves(this.endpoints.get(connection) ?? '', spec)) return;
    this.subscribers.add(spec.name, connection);
    this.feed.add(spec);
  }

  private detach(connection: MarketConnection, spec: StreamSpec): void {
    if (this.subscribers.delete(spec.name, connection)) this.feed.remove(spec);
  }

  private publish(stream: string, payload: Payload): void {
    const set = this.subscribers.get(stream);
    if (!set) return;
    const raw = stringifyJson(payload); // ids are bigints: exact JSON numbers
    for (const connection of set) connection.deliver(stream, raw);
  }
}
