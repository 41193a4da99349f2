// The simulator's Binance WebSocket API endpoint (`/ws-api/v3`): ping, time, session logon (Ed25519),
// orders (place, status, cancel, open orders), user data stream subscriptions, and the user events of the
// engine's accounts; plus the faults the control API injects (drop, stall, serverShutdown, expired user
// data streams).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { stringifyJson } from '../../../lib/core/lossless-json.js';
import { childLogger } from '../../../lib/log.js';
import { refuseTooManyAttempts, type ConnectionAttempts } from '../connection-attempts.js';
import { ConnectionSet, Subscribers } from '../connection-set.js';
import type { StallOptions } from '../streams/socket-keeper.js';
import { parseRequestTarget } from '../request-target.js';
import { createWsServer } from '../ws-server.js';
import type { EngineEvent } from '../../engine/types.js';
import type { SimAccount, SimContext } from '../context.js';
import type { RateLimiter } from '../rest/rate-limits.js';
import { RequestWeight } from './request-weight.js';
import { WsApiSession, type SessionHost } from './session.js';
import { balanceUpdatePayload, executionReportPayload, outboundAccountPositionPayload } from './user-events.js';

export const WS_API_PATH = '/ws-api/v3';
/** Opening a WebSocket API connection costs 2 REQUEST_WEIGHT. */
const CONNECT_WEIGHT = 2;

export interface WsApiOptions {
  /** The REST router's limiter: one REQUEST_WEIGHT budget per IP for both (default: a private one). */
  limiter?: RateLimiter;
  /** Connection-attempt limit per IP; none = unlimited. */
  connectionAttempts?: ConnectionAttempts;
}

export type WsApiConnectionFilter = { apiKey?: string };

const log = childLogger('sim.wsapi');

export class WsApiServer {
  private readonly wss = createWsServer();
  private readonly sessions = new ConnectionSet<WsApiSession>();
  /** account name -> sessions with a subscription for it: user events of other accounts cost nothing. */
  private readonly subscribers = new Subscribers<WsApiSession>();
  private readonly weight: RequestWeight;
  private readonly attempts: ConnectionAttempts | undefined;
  private readonly stopListening: () => void;
  private readonly host: SessionHost;
  private executionId = 0;

  constructor(
    private readonly ctx: SimContext,
    options: WsApiOptions = {},
  ) {
    this.weight = new RequestWeight(options.limiter);
    this.attempts = options.connectionAttempts;
    this.host = {
      ctx,
      weight: this.weight,
      log,
      subscribed: (session, account) => this.subscribed(session, account),
      unsubscribed: (session, account) => this.unsubscribed(session, account),
      closed: (session) => this.sessions.delete(session),
    };
    this.stopListening = ctx.engine.onEvent((event) => this.onEngineEvent(event));
  }

  /** Takes `/ws-api/v3` upgrades (true); any other path is left to the caller (false). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const target = parseRequestTarget(req.url);
    if (target.path.replace(/\/+$/, '') !== WS_API_PATH) return false;
    const returnRateLimits = target.searchParams.get('returnRateLimits') !== 'false';
    const ip = req.socket.remoteAddress ?? 'unknown';
    const verdict = this.attempts?.attempt(ip);
    if (verdict && !verdict.allowed) {
      log.info('connection attempt over the limit refused', { retryAfterSec: verdict.retryAfterSec });
      refuseTooManyAttempts(socket, this.attempts?.limit ?? 0, verdict.retryAfterSec);
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // Connecting is charged like a request; refusing the connection itself is not what Binance documents.
      this.weight.charge(ip, CONNECT_WEIGHT, this.ctx.clock.now());
      this.sessions.add(new WsApiSession(ws, ip, returnRateLimits, this.host));
    });
    return true;
  }

  connectionCount(): number {
    return this.sessions.size;
  }

  /** Fault: abrupt disconnect (client sees 1006) of every connection, or those subscribed with `apiKey`. */
  dropConnections(filter?: WsApiConnectionFilter): number {
    return this.sessions.drop(this.select(filter));
  }

  /** Fault: sockets stay open but nothing is sent (no responses, events or pings unless `keepPings`) until resumed. */
  stallConnections(filter?: WsApiConnectionFilter, options?: StallOptions): number {
    return this.sessions.stall(this.select(filter), options);
  }

  /** Ends every stall; events published meanwhile are lost (the client must reconcile through REST). */
  resumeConnections(): void {
    this.sessions.resume();
  }

  /** Fault: `{"event":{"e":"serverShutdown",...}}` to every connection; with `closeAfterMs` they close after it. */
  sendServerShutdown(closeAfterMs?: number): void {
    this.sessions.sendServerShutdown(this.ctx.clock.now(), closeAfterMs);
  }

  /** Fault: ends user data subscriptions (of `apiKey`, or all) with `eventStreamTerminated`; returns how many. */
  expireUserDataStreams(apiKey?: string): number {
    let ended = 0;
    for (const session of this.sessions.all()) ended += session.terminateSubscriptions(apiKey);
    return ended;
  }

  async close(): Promise<void> {
    this.stopListening();
    this.sessions.closeAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private select(filter?: WsApiConnectionFilter): WsApiSession[] {
    const all = this.sessions.all();
    const apiKey = filter?.apiKey;
    return apiKey === undefined ? all : all.filter((session) => session.holdsApiKey(apiKey));
  }

  private subscribed(session: WsApiSession, account: SimAccount): void {
    this.subscribers.add(account.name, session);
  }

  private unsubscribed(session: WsApiSession, account: SimAccount): void {
    this.subscribers.delete(account.name, session);
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'trade':
      case 'depth':
        return; // public data belongs to the market streams
      case 'execution': {
        const sessions = this.subscribers.get(event.account);
        if (!sessions) return;
        this.executionId += 1;
        const spec = this.ctx.engine.symbols.get(event.order.symbol);
        return this.push(sessions, event.account, executionReportPayload(spec, event, this.ctx.clock.now(), this.executionId));
      }
      case 'accountPosition': {
        const sessions = this.subscribers.get(event.account);
        if (!sessions) return;
        return this.push(sessions, event.account, outboundAccountPositionPayload(event, this.ctx.clock.now()));
      }
      case 'balanceDelta': {
        const sessions = this.subscribers.get(event.account);
        if (!sessions) return;
        return this.push(sessions, event.account, balanceUpdatePayload(event, this.ctx.clock.now()));
      }
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  }

  private push(sessions: ReadonlySet<WsApiSession>, account: string, payload: object): void {
    const raw = stringifyJson(payload); // ids are bigints: exact JSON numbers
    for (const session of sessions) session.pushUserEvent(account, raw);
  }
}
