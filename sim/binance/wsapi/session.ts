// One WebSocket API connection: request/response framing, rateLimits, its `session.logon` key, and the
// user data subscriptions it holds (one per account, up to 1,000 active, 65,535 over its lifetime). Order
// methods run in trading-methods.ts; this routes them, signed or through the logged-on key.
import type { WebSocket } from 'ws';
import { stringifyJson } from '../../../lib/core/lossless-json.js';
import type { Logger } from '../../../lib/log.js';
import type { SimAccount, SimContext } from '../context.js';
import type { Payload } from '../streams/payloads.js';
import { SocketKeeper } from '../streams/socket-keeper.js';
import { ownsApiKey } from '../api-keys.js';
import { verifySignedParams } from './auth.js';
import { asWsApiError, WsApiError, wsApiErrors } from './errors.js';
import type { RequestWeight } from './request-weight.js';
import { integerParam, methodWeight, ORDER_ACTIONS, parseRequest, returnRateLimitsParam, type RequestId, type WsApiRequest } from './requests.js';
import { SessionLogon } from './session-logon.js';
import { runTradingMethod, type TradingMethod } from './trading-methods.js';
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

type Result = Payload | unknown[];

/** What one request learned while it ran, for its `rateLimits`. */
interface CallNotes {
  /** The account of an `order.place`: its ORDERS counts are shown. */
  ordersOf?: string;
}

export class WsApiSession {
  readonly keeper: SocketKeeper;
  /** subscriptionId -> account. */
  private readonly subscriptions = new Map<number, SimAccount>();
  private nextSubscriptionId = 0;
  private readonly logon = new SessionLogon();
  /** The subscription `userDataStream.subscribe` made for the logged-on key (ends with `session.logout`). */
  private logonSubscription: number | undefined;
  private readonly connectedSince: number;

  constructor(
    ws: WebSocket,
    private readonly ip: string,
    private readonly returnRateLimits: boolean,
    private readonly host: SessionHost,
  ) {
    this.connectedSince = host.ctx.clock.now();
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
    return [...this.subscriptions.values()].some((account) => ownsApiKey(account, apiKey));
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
    const ended = [...this.subscriptions].filter(([, account]) => apiKey === undefined || ownsApiKey(account, apiKey));
    for (const [subscriptionId] of ended) this.endSubscription(subscriptionId);
    return ended.length;
  }

  private endSubscription(subscriptionId: number): void {
    const account = this.subscriptions.get(subscriptionId);
    if (!account) return;
    this.subscriptions.delete(subscriptionId);
    if (this.logonSubscription === subscriptionId) this.logonSubscription = undefined;
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
    const notes: CallNotes = {};
    let showLimits = this.returnRateLimits;
    let outcome: Result | WsApiError;
    try {
      showLimits = returnRateLimitsParam(request.params) ?? this.returnRateLimits;
      outcome = this.charged(request, notes);
    } catch (error) {
      const answer = asWsApiError(error, this.host.ctx.clock.now());
      if (!answer) {
        this.host.log.error('WS API request failed', { method: request.method, error });
        this.respond(request.id, new WsApiError(500, -1000, 'An unknown error occurred while processing the request.'), undefined);
        return;
      }
      outcome = answer;
    }
    this.respond(request.id, outcome, showLimits ? this.host.weight.status(this.host.weight.used(this.ip), notes.ordersOf) : undefined);
  }

  /** Charges the request's weight and runs it; order actions are charged only when they fail, as on REST. */
  private charged(request: WsApiRequest, notes: CallNotes): Result | WsApiError {
    const weight = methodWeight(request.method, request.params);
    const now = this.host.ctx.clock.now();
    const freeOnSuccess = ORDER_ACTIONS.has(request.method);
    const refusal = freeOnSuccess ? this.host.weight.refusal(this.ip, weight, now) : this.host.weight.charge(this.ip, weight, now);
    if (refusal) return refusal;
    if (!freeOnSuccess) return this.execute(request, notes);
    try {
      return this.execute(request, notes);
    } catch (error) {
      this.host.weight.add(this.ip, weight);
      throw error;
    }
  }

  private respond(id: RequestId, outcome: Result | WsApiError, rateLimits: unknown[] | undefined): void {
    const head = outcome instanceof WsApiError ? { id, status: outcome.status, error: outcome.body } : { id, status: 200, result: outcome };
    this.keeper.send(stringifyJson(rateLimits ? { ...head, rateLimits } : head)); // ids are bigints: exact JSON numbers
  }

  private execute(request: WsApiRequest, notes: CallNotes): Result {
    const { ctx } = this.host;
    switch (request.method) {
      case 'ping':
        return {};
      case 'time':
        return { serverTime: ctx.clock.now() };
      case 'session.logon':
        this.logon.logon(request.params, ctx.accounts, ctx.clock.now());
        return this.status();
      case 'session.status':
        return this.status();
      case 'session.logout':
        return this.logout();
      case 'userDataStream.subscribe':
        return this.subscribeLoggedOn();
      case 'userDataStream.subscribe.signature':
        return this.subscribe(verifySignedParams(request.params, ctx.accounts, ctx.clock.now()).account);
      case 'userDataStream.unsubscribe':
        return this.unsubscribe(request);
      case 'session.subscriptions':
        return [...this.subscriptions.keys()].map((subscriptionId) => ({ subscriptionId }));
      case 'order.place':
      case 'order.status':
      case 'order.cancel':
      case 'openOrders.status':
      case 'openOrders.cancelAll':
        return this.trade(request.method, request, notes);
      default: {
        const unreachable: never = request.method;
        return unreachable;
      }
    }
  }

  private trade(method: TradingMethod, request: WsApiRequest, notes: CallNotes): Result {
    const { ctx } = this.host;
    const account = this.logon.caller(request.params, ctx.accounts, ctx.clock.now());
    if (method === 'order.place') notes.ordersOf = account.name;
    return runTradingMethod(method, ctx, account, request.params, this.host.weight.limiter);
  }

  private status(): Payload {
    return this.logon.status({
      connectedSince: this.connectedSince,
      returnRateLimits: this.returnRateLimits,
      serverTime: this.host.ctx.clock.now(),
      userDataStream: this.logonSubscription !== undefined,
    });
  }

  /** Forgets the logged-on key; its `userDataStream.subscribe` subscription ends after the answer. */
  private logout(): Payload {
    this.logon.logout();
    const subscriptionId = this.logonSubscription;
    this.logonSubscription = undefined;
    if (subscriptionId !== undefined) queueMicrotask(() => this.endSubscription(subscriptionId));
    return this.status();
  }

  private subscribeLoggedOn(): Payload {
    const account = this.logon.account;
    if (!account) throw wsApiErrors.unauthorized();
    const result = this.subscribe(account);
    this.logonSubscription = result.subscriptionId;
    return result;
  }

  private subscribe(account: SimAccount): { subscriptionId: number } {
    if ([...this.subscriptions.values()].some((held) => held.name === account.name)) throw wsApiErrors.subscriptionActive();
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
