// The simulator's Binance WebSocket API endpoint (`/ws-api/v3`): ping, time, user data stream
// subscriptions by signature, and the user events of the engine's accounts; plus the faults the
// control API injects (drop, stall, serverShutdown, expired user data streams).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { childLogger } from '../../../lib/log.js';
import type { EngineEvent } from '../../engine/types.js';
import type { SimAccount, SimContext } from '../context.js';
import { RequestWeight } from './request-weight.js';
import { WsApiSession, type SessionHost } from './session.js';
import { balanceUpdatePayload, executionReportPayload, outboundAccountPositionPayload } from './user-events.js';

export const WS_API_PATH = '/ws-api/v3';
/** Opening a WebSocket API connection costs 2 REQUEST_WEIGHT. */
const CONNECT_WEIGHT = 2;

export type WsApiConnectionFilter = { apiKey?: string };

const log = childLogger('sim.wsapi');

export class WsApiServer {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly sessions = new Set<WsApiSession>();
  /** account name -> sessions with a subscription for it: user events of other accounts cost nothing. */
  private readonly subscribers = new Map<string, Set<WsApiSession>>();
  private readonly weight = new RequestWeight();
  private readonly stopListening: () => void;
  private readonly shutdownTimers = new Set<NodeJS.Timeout>();
  private readonly host: SessionHost;
  private executionId = 0;

  constructor(private readonly ctx: SimContext) {
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
    const url = new URL(req.url ?? '/', 'http://sim.local');
    if (url.pathname.replace(/\/+$/, '') !== WS_API_PATH) return false;
    const returnRateLimits = url.searchParams.get('returnRateLimits') !== 'false';
    const ip = req.socket.remoteAddress ?? 'unknown';
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.weight.add(ip, CONNECT_WEIGHT, this.ctx.clock.now());
      this.sessions.add(new WsApiSession(ws, ip, returnRateLimits, this.host));
    });
    return true;
  }

  connectionCount(): number {
    return this.sessions.size;
  }

  /** Fault: abrupt disconnect (client sees 1006) of every connection, or those subscribed with `apiKey`. */
  dropConnections(filter?: WsApiConnectionFilter): number {
    const chosen = this.select(filter);
    for (const session of chosen) session.keeper.terminate();
    return chosen.length;
  }

  /** Fault: sockets stay open but nothing is sent (no responses, events or pings) until resumed. */
  stallConnections(filter?: WsApiConnectionFilter): number {
    const chosen = this.select(filter).filter((s) => !s.keeper.stalled);
    for (const session of chosen) session.keeper.stall();
    return chosen.length;
  }

  /** Ends every stall; events published meanwhile are lost (the client must reconcile through REST). */
  resumeConnections(): void {
    for (const session of this.sessions) session.keeper.resume();
  }

  /** Fault: `{"event":{"e":"serverShutdown",...}}` to every connection; with `closeAfterMs` they close after it. */
  sendServerShutdown(closeAfterMs?: number): void {
    const now = this.ctx.clock.now();
    const targets = [...this.sessions];
    for (const session of targets) session.sendServerShutdown(now);
    if (closeAfterMs === undefined) return;
    const timer = setTimeout(() => {
      this.shutdownTimers.delete(timer);
      for (const session of targets) session.keeper.close(1001, 'server shutdown');
    }, closeAfterMs);
    this.shutdownTimers.add(timer);
  }

  /** Fault: ends user data subscriptions (of `apiKey`, or all) with `eventStreamTerminated`; returns how many. */
  expireUserDataStreams(apiKey?: string): number {
    let ended = 0;
    for (const session of [...this.sessions]) ended += session.terminateSubscriptions(apiKey);
    return ended;
  }

  async close(): Promise<void> {
    for (const timer of this.shutdownTimers) clearTimeout(timer);
    this.shutdownTimers.clear();
    this.stopListening();
    for (const session of [...this.sessions]) session.keeper.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private select(filter?: WsApiConnectionFilter): WsApiSession[] {
    const all = [...this.sessions];
    const apiKey = filter?.apiKey;
    return apiKey === undefined ? all : all.filter((session) => session.holdsApiKey(apiKey));
  }

  private subscribed(session: WsApiSession, account: SimAccount): void {
    let set = this.subscribers.get(account.name);
    if (!set) {
      set = new Set();
      this.subscribers.set(account.name, set);
    }
    set.add(session);
  }

  private unsubscribed(session: WsApiSession, account: SimAccount): void {
    const set = this.subscribers.get(account.name);
    if (!set?.delete(session)) return;
    if (set.size === 0) this.subscribers.delete(account.name);
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
    const raw = JSON.stringify(payload);
    for (const session of sessions) session.pushUserEvent(account, raw);
  }
}
