// What the Binance dialect's parts (REST, market streams, WebSocket API) share: the engine, the
// shiftable server clock, the API-key store, and the timing settings. One per running simulator.
import type { FuturesRestContext } from '../binance-usdm/rest-routes.js';
import type { MatchingEngineApi } from '../engine/types.js';

/** An account's Ed25519 API key: Binance issues a key per registered public key, next to the HMAC one. */
export interface SimEd25519Key {
  apiKey: string;
  /** SPKI PEM. */
  publicKey: string;
  /** PKCS#8 PEM of the seeded demo key pair; absent when the public key came from the config. */
  privateKey?: string;
}

export interface SimAccount {
  name: string;
  /** The HMAC-SHA256 key and its secret. */
  apiKey: string;
  apiSecret: string;
  ed25519?: SimEd25519Key;
}

/** Server clock; `shift(ms)` moves it relative to the machine clock (fault: clock skew). */
export class SimClock {
  private offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now = (): number => this.base() + this.offsetMs;
  shift(ms: number): void {
    this.offsetMs += ms;
  }
  get offset(): number {
    return this.offsetMs;
  }
}

export interface StreamTimings {
  /** Server ping interval on market streams and WS API (Binance: 20 s). */
  pingIntervalMs: number;
  /** Close when no pong arrives within this (Binance: 60 s). */
  pongTimeoutMs: number;
  /** Connection lifetime (Binance: 24 h). */
  connectionLifetimeMs: number;
  /** Incoming messages per second per connection (Binance: 5). */
  maxIncomingPerSecond: number;
  /** Streams per connection (Binance: 1024). */
  maxStreamsPerConnection: number;
}

export const BINANCE_TIMINGS: StreamTimings = {
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  connectionLifetimeMs: 24 * 60 * 60 * 1000,
  maxIncomingPerSecond: 5,
  maxStreamsPerConnection: 1024,
};

export interface SimContext {
  readonly engine: MatchingEngineApi;
  readonly clock: SimClock;
  /** apiKey (HMAC or Ed25519) -> account. */
  readonly accounts: ReadonlyMap<string, SimAccount>;
  readonly timings: StreamTimings;
  /** Commission rates the engine charges (decimal strings), for GET /api/v3/account; default '0'. */
  readonly fees?: { readonly maker: string; readonly taker: string };
  /** The USD-M dialect's engine and funding model, when the simulator serves futures (/fapi). */
  readonly futures?: FuturesRestContext;
}

/** USD-M futures streams (NOTES.md section 4): ping every 3 minutes, pong within 10, 10 incoming messages/s. */
export const BINANCE_FUTURES_TIMINGS: StreamTimings = {
  pingIntervalMs: 3 * 60_000,
  pongTimeoutMs: 10 * 60_000,
  connectionLifetimeMs: 24 * 60 * 60 * 1000,
  maxIncomingPerSecond: 10,
  maxStreamsPerConnection: 1024,
};
