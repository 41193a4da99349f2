// One WebSocket API connection: request/response framing, rateLimits, and the user data
// subscriptions it holds (one per account, up to 1,000 active, 65,535 over its lifetime).
import type { WebSocket } from 'ws';
import type { Logger } from '../../../lib/log.js';
import type { SimAccount, SimContext } from '../context.js';
import type { Payload } from '../streams/payloads.js';
import { SocketKeeper } from '../streams/socket-keeper.js';
import { verifySignedParams } from './auth.js';
import { WsApiError, wsApiErrors } from './errors.js';
import type { RequestWeight } from './request-weight.js';
import { integerParam, METHOD_WEIGHT, parseRequest, returnRateLimitsParam, type RequestId, type WsApiRequest } from './requests.js';
import { eventStreamTerminatedPayload } from './user-events.js';

export const MAX_ACTIVE_SUBSCRIPTIONS = 1000;
export const MAX_SUBSCRIPTION_IDS = 65_535;

/** What a session needs from its server. */
export interface SessionHost {
  readonly ctx: SimContext;
  readonly weight: RequestWeight;
  readonly log: Logger;
  subscribed(session: WsApiSession, account: SimAccount): void;
  unsubscribed(session: WsApiSession, account: SimAccount): void;
  closed(session: WsApiSession): void;
}

export class WsApiSession {
  readonly keeper: SocketKeeper;
  /** subscriptionId -> account. */
  private readonly subscriptions = new Map<number, SimAccount>();
  private nextSubscriptionId = 0;

  constructor(
    ws: WebSocket,
    private readonly ip: string,
    private readonly returnRateLimits: boolean,
    private readonly host: SessionHost,
  ) {
    this.keeper = new SocketKeeper(ws, {
      timings: host.ctx.timings,
      limitIncoming: false,
      log: host.log,
      onText: (text) => this.onText(text),
      onClosed: () => this.release(),
    });
  }

  /** True when one of its subscriptions speaks for `apiKey`. */
  holdsApiKey(apiKey: string): boolean {
    return [...this.subscriptions.values()].some((account) => account.apiKey === apiKey);
  }

  /** Pushes one user event (JSON text) to every subscription of `account`. */
  pushUserEvent(account: string, rawEvent: string): void {
    for (const [subscriptionId, holder] of this.subscriptions) {
      if (holder.name === account) this.keeper.send(`{"subscriptionId":${subscriptionId},"event":${rawEvent}}`);
    }
  }

  sendServerShutdown(eventTime: number): void {
    this.keeper.send(JSON.stringify({ event: { e: 'serverShutdown', E: eventTime } }));
  }

  /** Ends subscriptions (those of `apiKey`, or all) with `eventStreamTerminated`; returns how many. */
  terminateSubscriptions(apiKey?: string): number {
    const ended = [...this.subscriptions].filter(([, account]) => apiKey === undefined || account.apiKey === apiKey);
    for (const [subscriptionId] of ended) this.endSubscription(subscriptionId);
    return ended.length;
  }

  private endSubscription(subscriptionId: number): void {
    const account = this.subscriptions.get(subscriptionId);
    if (!account) return;
    this.subscriptions.delete(subscriptionId);
    this.host.unsubscribed(this, account);
    this.keeper.send(JSON.stringify({ subscriptionId, event: eventStreamTerminatedPayload(this.host.ctx.clock.now()) }));
  }

  private onText(text: string): void {
    const parsed = parseRequest(text);
    if (!parsed.ok) {
      this.respond(parsed.id, parsed.error, undefined);
      return;
    }
    const { request } = parsed;
    let showLimits = this.returnRateLimits;
    try {
      showLimits = returnRateLimitsParam(request.params) ?? this.returnRateLimits;
      const refusal = this.host.weight.charge(this.ip, METHOD_WEIGHT[request.method], this.host.ctx.clock.now());
      const limits = showLimits ? this.host.weight.status(this.host.weight.used(this.ip)) : undefined;
      if (refusal) {
        this.respond(request.id, refusal, limits);
        return;
      }
      this.respond(request.id, this.execute(request), limits);
    } catch (error) {
      if (!(error instanceof WsApiError)) {
        this.host.log.error('WS API request failed', { method: request.method, error });
        this.respond(request.id, new WsApiError(500, -1000, 'An unknown error occurred while processing the request.'), undefined);
        return;
      }
      this.respond(request.id, error, showLimits ? this.host.weight.status(this.host.weight.used(this.ip)) : undefined);
    }
  }

  private respond(id: RequestId, outcome: Payload | unknown[] | WsApiError, rateLimits: unknown[] | undefined): void {
    const head = outcome instanceof WsApiError ? { id, status: outcome.status, error: outcome.body } : { id, status: 200, result: outcome };
    this.keeper.send(JSON.stringify(rateLimits ? { ...head, rateLimits } : head));
  }

  private execute(request: WsApiRequest): Payload | unknown[] {
    switch (request.method) {
      case 'ping':
        return {};
      case 'time':
        return { serverTime: this.host.ctx.clock.now() };
      case 'userDataStream.subscribe.signature':
        return this.subscribe(request);
      case 'userDataStream.unsubscribe':
        return this.unsubscribe(request);
      case 'session.subscriptions':
        return [...this.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId }));
      default: {
        const unreachable: never = request.method;
        return unreachable;
      }
    }
  }

  private subscribe(request: WsApiRequest): Payload {
    const account = verifySignedParams(request.params, this.host.ctx.accounts, this.host.ctx.clock.now());
    if (this.holdsApiKey(account.apiKey)) throw wsApiErrors.subscriptionActive();
    if (this.subscriptions.size >= MAX_ACTIVE_SUBSCRIPTIONS || this.nextSubscriptionId >= MAX_SUBSCRIPTION_IDS) throw wsApiErrors.maximumSubscriptions();
    const subscriptionId = this.nextSubscriptionId;
    this.nextSubscriptionId += 1;
    this.subscriptions.set(subscriptionId, account);
    this.host.subscribed(this, account);
    return { subscriptionId };
  }

  private unsubscribe(request: WsApiRequest): Payload {
    const subscriptionId = integerParam(request.params, 'subscriptionId');
    if (subscriptionId === undefined) {
      // Without an id every subscription of the session ends; the response goes out before the events.
      const all = [...this.subscriptions.keys()];
      queueMicrotask(() => all.forEach((id) => this.endSubscription(id)));
      return {};
    }
    if (!this.subscriptions.has(subscriptionId)) throw wsApiErrors.subscriptionInactive();
    queueMicrotask(() => this.endSubscription(subscriptionId));
    return {};
  }

  private release(): void {
    for (const account of this.subscriptions.values()) this.host.unsubscribed(this, account);
    this.subscriptions.clear();
    this.host.closed(this);
  }
}
