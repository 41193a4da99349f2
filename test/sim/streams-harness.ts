// Test harness for the market stream and WebSocket API servers: a real engine, a tiny http server on
// 127.0.0.1:0 routing upgrades, and a plain `ws` client that records what it receives.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, type ClientOptions } from 'ws';
import { hmacSha256Hex, wsApiSignaturePayload } from '../../lib/exchanges/binance/signing.js';
import { MatchingEngine } from '../../sim/engine/engine.js';
import { DEFAULT_SYMBOLS } from '../../sim/symbols.js';
import type { SymbolSpec } from '../../sim/engine/types.js';
import { SimClock, type SimAccount, type SimContext, type StreamTimings } from '../../sim/binance/context.js';

export const FAST_TIMINGS: StreamTimings = {
  pingIntervalMs: 60_000,
  pongTimeoutMs: 60_000,
  connectionLifetimeMs: 60_000,
  maxIncomingPerSecond: 50,
  maxStreamsPerConnection: 1024,
};

export const TEST_SYMBOLS: SymbolSpec[] = DEFAULT_SYMBOLS;

export const ALICE: SimAccount = { name: 'alice', apiKey: 'aliceKey0123456789', apiSecret: 'aliceSecret0123456789' };
export const BOB: SimAccount = { name: 'bob', apiKey: 'bobKey0123456789', apiSecret: 'bobSecret0123456789' };

export interface UpgradeTarget {
  handleUpgrade(req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export interface Harness {
  engine: MatchingEngine;
  ctx: SimContext;
  url: string;
  close(): Promise<void>;
}

export function makeContext(timings: Partial<StreamTimings> = {}): SimContext {
  const clock = new SimClock();
  const engine = new MatchingEngine({ symbols: TEST_SYMBOLS, clock: clock.now });
  for (const account of [ALICE, BOB]) engine.createAccount(account.name, { USDT: '1000000', BTC: '100', ETH: '1000' });
  return {
    engine,
    clock,
    accounts: new Map([ALICE, BOB].map((a) => [a.apiKey, a])),
    timings: { ...FAST_TIMINGS, ...timings },
  };
}

export async function startHarness(ctx: SimContext, targets: UpgradeTarget[]): Promise<Harness> {
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    for (const target of targets) if (target.handleUpgrade(req, socket, head)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    engine: ctx.engine as MatchingEngine,
    ctx,
    url: `ws://127.0.0.1:${port}`,
    async close() {
      for (const target of targets) await target.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Json = Record<string, unknown> & { [key: string]: unknown };

/** A plain ws client that keeps every JSON message it receives. */
export class TestClient {
  readonly messages: Json[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  pings = 0;
  private waiters: Array<() => void> = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Json);
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.on('ping', () => {
      this.pings += 1;
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('error', () => undefined);
  }

  static async open(url: string, options?: ClientOptions): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first message (received so far or later) matching `match`, counting from `from`. */
  async next(match: (m: Json) => boolean, timeoutMs = 3000, from = 0): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once `condition` holds, re-checked on every received message or ping. */
  async until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a request and waits for the reply carrying the same id. */
  async request(message: Json & { id: unknown }, timeoutMs = 3000): Promise<Json> {
    const from = this.messages.length;
    this.send(message);
    return this.next((m) => 'id' in m && m.id === message.id, timeoutMs, from);
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

export { sleep } from '../wait.js';

/** Puts a resting bid and ask on `symbol`, then a crossing order that trades with the ask. */
export function makeMarket(engine: MatchingEngine, symbol = 'BTCUSDT'): void {
  engine.placeOrder({ account: 'bob', symbol, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '100.00', quantity: '1' });
  engine.placeOrder({ account: 'bob', symbol, side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '101.00', quantity: '2' });
}

/** WS-API params signed by `account` (HMAC over the sorted params, not percent-encoded). */
export function signedParams(account: SimAccount, timestamp: number, extra: Record<string, string | number | boolean> = {}): Json {
  const params = { apiKey: account.apiKey, timestamp, ...extra };
  return { ...params, signature: hmacSha256Hex(account.apiSecret, wsApiSignaturePayload(params)) };
}
