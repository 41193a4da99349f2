// The simulator's fault controls in one handle: REST switches (429/418, latency, order answered with a
// 5xx / never / cut off while still executed), server clock skew, and the connection faults of the
// market-stream and WS-API servers (drop, stall, skip depth updates, a crossed depth update, serverShutdown,
// expire user data).
import type { SimClock } from './binance/context.js';
import { checkFaultMs } from './binance/faults/fault-durations.js';
import type { LatencyFault, OrderFailureFault, RateLimitFault, RestFaults, RestFaultState } from './binance/faults/rest-faults.js';

/** Which WebSocket servers a connection fault targets: spot market streams, USD-M market streams, the WS API, or all. */
export type ConnectionTarget = 'streams' | 'futuresStreams' | 'wsApi' | 'all';

/** Which dialect's diff-depth streams a depth fault (skip, cross) hits. */
export type FaultMarket = 'spot' | 'futures';

export interface ConnectionFaultOptions {
  target?: ConnectionTarget;
  /** Market streams only: connections carrying one of these stream names. */
  streams?: string[];
  /** WS API only: connections authenticated with this API key. */
  apiKey?: string;
  /** stallConnections only: pings keep flowing (and are answered) while nothing else is sent. */
  keepPings?: boolean;
}

/** What SimFaults needs from the market-stream server (MarketStreamServer provides it). */
export interface MarketStreamFaultTarget {
  dropConnections(filter?: { streams?: string[] }): number;
  stallConnections(filter?: { streams?: string[] }, options?: { keepPings?: boolean }): number;
  resumeConnections(): void;
  sendServerShutdown(closeAfterMs?: number): void;
  skipDepthUpdates(symbol: string, count: number): void;
  crossBook(symbol: string): void;
}

/** What SimFaults needs from the WS-API server (WsApiServer provides it). */
export interface WsApiFaultTarget {
  dropConnections(filter?: { apiKey?: string }): number | void;
  stallConnections(filter?: { apiKey?: string }, options?: { keepPings?: boolean }): number | void;
  resumeConnections(): void;
  sendServerShutdown(closeAfterMs?: number): void;
  expireUserDataStreams(apiKey?: string): number | void;
}

export interface SimFaultsDeps {
  rest: RestFaults;
  clock: SimClock;
  streams: MarketStreamFaultTarget;
  /** The USD-M dialect's market streams, when served. */
  futuresStreams?: MarketStreamFaultTarget;
  wsApi: WsApiFaultTarget | undefined;
}

export interface FaultSnapshot {
  rest: RestFaultState;
  clockOffsetMs: number;
}

export class SimFaults {
  constructor(private readonly deps: SimFaultsDeps) {}

  /** Every REST request is answered 429 (-1003) or 418 (IP banned) with Retry-After for `durationMs`. */
  rateLimit(fault: RateLimitFault): void {
    this.deps.rest.rateLimit(fault);
  }

  /** Every REST request waits `ms` before it is handled. */
  latency(fault: LatencyFault): void {
    this.deps.rest.latency(fault);
  }

  /** The next order request(s) execute but are answered 5xx, never answered, or cut off. */
  orderFailure(fault: OrderFailureFault): void {
    this.deps.rest.orderFailure(fault);
  }

  /** Moves the server clock by `ms` (positive = server ahead of clients): provokes -1021. */
  shiftClock(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('shiftClock ms must be a finite number');
    this.deps.clock.shift(ms);
  }

  dropConnections(options: ConnectionFaultOptions = {}): number {
    let n = 0;
    if (this.hits(options, 'streams')) n += this.deps.streams.dropConnections(streamFilter(options));
    if (this.hits(options, 'futuresStreams') && this.deps.futuresStreams) n += this.deps.futuresStreams.dropConnections(streamFilter(options));
    if (this.hits(options, 'wsApi') && this.deps.wsApi) n += this.deps.wsApi.dropConnections(wsApiFilter(options)) ?? 0;
    return n;
  }

  stallConnections(options: ConnectionFaultOptions = {}): number {
    let n = 0;
    const stall = { keepPings: options.keepPings === true };
    if (this.hits(options, 'streams')) n += this.deps.streams.stallConnections(streamFilter(options), stall);
    if (this.hits(options, 'futuresStreams') && this.deps.futuresStreams) n += this.deps.futuresStreams.stallConnections(streamFilter(options), stall);
    if (this.hits(options, 'wsApi') && this.deps.wsApi) n += this.deps.wsApi.stallConnections(wsApiFilter(options), stall) ?? 0;
    return n;
  }

  resumeConnections(options: { target?: ConnectionTarget } = {}): void {
    if (this.hits(options, 'streams')) this.deps.streams.resumeConnections();
    if (this.hits(options, 'futuresStreams')) this.deps.futuresStreams?.resumeConnections();
    if (this.hits(options, 'wsApi')) this.deps.wsApi?.resumeConnections();
  }

  /** The next `count` depth changes of `symbol` are left out of diff-depth streams (a sequence gap). */
  skipDepthUpdates(symbol: string, count = 1, market: FaultMarket = 'spot'): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('skipDepthUpdates count must be an integer >= 1');
    this.depthTarget(market).skipDepthUpdates(symbol, count);
  }

  /**
   * The next book change of `symbol` on diff-depth streams also carries a bid one tick above the best ask, the
   * ask left in place: correctly sequenced, so only a client that checks for a crossed book notices. The venue's
   * own book (REST depth) never has that bid.
   */
  crossBook(symbol: string, market: FaultMarket = 'spot'): void {
    if (typeof symbol !== 'string' || symbol === '') throw new RangeError('crossBook symbol must be a non-empty string');
    this.depthTarget(market).crossBook(symbol);
  }

  /** Sends `serverShutdown`; with `closeAfterMs` the connections are then closed. */
  serverShutdown(options: { target?: ConnectionTarget; closeAfterMs?: number } = {}): void {
    if (options.closeAfterMs !== undefined) checkFaultMs('serverShutdown.closeAfterMs', options.closeAfterMs, 0);
    if (this.hits(options, 'streams')) this.deps.streams.sendServerShutdown(options.closeAfterMs);
    if (this.hits(options, 'futuresStreams')) this.deps.futuresStreams?.sendServerShutdown(options.closeAfterMs);
    if (this.hits(options, 'wsApi')) this.deps.wsApi?.sendServerShutdown(options.closeAfterMs);
  }

  /** Ends user-data subscriptions (eventStreamTerminated), all or those of one API key. */
  expireUserDataStreams(apiKey?: string): number {
    if (!this.deps.wsApi) throw new Error('the WebSocket API server is not available in this build');
    return this.deps.wsApi.expireUserDataStreams(apiKey) ?? 0;
  }

  /** Clears REST switches, resumes stalled connections and puts the clock back. */
  clear(): void {
    this.deps.rest.clear();
    this.resumeConnections();
    this.deps.clock.shift(-this.deps.clock.offset);
  }

  snapshot(): FaultSnapshot {
    return { rest: this.deps.rest.snapshot(), clockOffsetMs: this.deps.clock.offset };
  }

  private depthTarget(market: FaultMarket): MarketStreamFaultTarget {
    if (market === 'spot') return this.deps.streams;
    if (market === 'futures' && this.deps.futuresStreams) return this.deps.futuresStreams;
    throw new RangeError(market === 'futures' ? 'the simulator serves no futures (futures.enabled is false)' : `market must be spot or futures, got ${String(market)}`);
  }

  private hits(options: { target?: ConnectionTarget }, which: Exclude<ConnectionTarget, 'all'>): boolean {
    const target = options.target ?? 'all';
    return target === 'all' || target === which;
  }
}

function streamFilter(options: ConnectionFaultOptions): { streams?: string[] } | undefined {
  return options.streams ? { streams: options.streams } : undefined;
}

function wsApiFilter(options: ConnectionFaultOptions): { apiKey?: string } | undefined {
  return options.apiKey ? { apiKey: options.apiKey } : undefined;
}
