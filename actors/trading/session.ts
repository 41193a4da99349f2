// The session actor of one user: places, cancels and queries orders over signed REST, and owns the
// user's order tracker. Requests are validated before anything is sent (InvalidOrderError); a
// client order id is generated when none is given, and it is the idempotency key: an order whose
// placement got no clear answer (5xx, timeout) is looked up by it until its fate is known, never sent
// twice. Everything the tracker learns (REST answers, user-stream events forwarded by the user-stream
// actor, reconciliation after a reconnect) is applied here, in this actor's mailbox order, and
// published on `orders:<userId>`, `fills:<userId>`, `balances:<userId>` exactly once.
// REST calls run in the background and report back as messages: the mailbox never waits on the network.
import { Decimal } from '../../lib/core/decimal.js';
import { abortableSleep } from '../../lib/net/abortable.js';
import { ExchangeError, OutcomeUnknownError } from '../../lib/core/errors.js';
import type { OrderRef, SignedRestRequest, UserFrame, ValidatedOrder } from '../../lib/exchanges/trading-types.js';
import type { Balance, Fill, Order, OrderRequest } from '../../lib/models/trading.js';
import type { TrackerOutput } from '../../lib/trading/order-tracker.js';
import { checkOrderRequest, checkOrderSelector } from '../../lib/trading/request-shape.js';
import { ask, dispatch, lookupChild, type ActorContext, type ActorDef, type ActorRef } from '../runtime/index.js';
import { sendSigned, syncClock } from './rest-client.js';
import type { UserContext } from './user-context.js';
import type { UserStreamMsg, WsAnswer } from './user-stream.js';

/** The answer to a session request: the value, or the typed error. */
export type SessionReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error };

/** Which order: by the exchange's id or by our client order id. */
export type OrderSelector = { readonly symbol: string } & ({ readonly orderId: string } | { readonly clientOrderId: string });

export type SessionRequest =
  | { readonly type: 'placeOrder'; readonly request: OrderRequest; readonly replyTo: ActorRef<SessionReply<Order>> }
  | { readonly type: 'cancelOrder'; readonly order: OrderSelector; readonly replyTo: ActorRef<SessionReply<Order>> }
  | { readonly type: 'cancelAll'; readonly symbol: string; readonly replyTo: ActorRef<SessionReply<Order[]>> }
  | { readonly type: 'getOrder'; readonly order: OrderSelector; readonly replyTo: ActorRef<SessionReply<Order>> }
  | { readonly type: 'openOrders'; readonly symbol?: string; readonly replyTo: ActorRef<SessionReply<Order[]>> }
  | { readonly type: 'balances'; readonly replyTo: ActorRef<SessionReply<Balance[]>> }
  | { readonly type: 'myTrades'; readonly symbol: string; readonly fromId?: string; readonly limit?: number; readonly replyTo: ActorRef<SessionReply<Fill[]>> };

/** What the user-stream actor tells its session. */
export type SessionStreamMsg =
  | { readonly type: 'streamEvent'; readonly frame: Extract<UserFrame, { kind: 'orderUpdate' | 'balances' | 'balanceDelta' }> }
  /** The user stream is (re)subscribed: learn what happened while it was down. */
  | { readonly type: 'reconcile'; readonly reason: string };

/** What a background REST call learned, applied in the mailbox; then `reply` answers the caller. */
interface Observed {
  readonly orders?: readonly Order[];
  readonly fills?: readonly Fill[];
  readonly balances?: readonly Balance[];
  /** A reconciliation: open orders, fills since the last seen id, balances. */
  readonly reconcile?: boolean;
}

type Internal =
  | { readonly type: 'done'; readonly observed: Observed | undefined; readonly reply: () => void }
  | { readonly type: 'syncClock' }
  /** Look up the orders whose outcome is still unknown (every few seconds while there are any). */
  | { readonly type: 'checkUnknown' }
  | { readonly type: 'unknownChecked'; readonly observed: Observed | undefined };

const unknownKey = (venueSymbol: string, ref: OrderRef): string => `${venueSymbol}|${'orderId' in ref ? `id:${ref.orderId}` : `c:${ref.clientOrderId}`}`;

/** How often orders whose outcome is still unknown are looked up again. */
const UNKNOWN_CHECK_MS = 5000;
/** How long a WebSocket API request may wait for its answer before its outcome is unknown. */
const WS_ANSWER_MS = 10_000;
const NOT_SENT: unique symbol = Symbol('not sent');

export type SessionMsg = SessionRequest | SessionStreamMsg | Internal;

interface SessionState {
  /** Aborted when this incarnation ends: background calls stop waiting for budgets. */
  readonly signal: AbortSignal;
  /** A look-up of the unknown orders is running (one at a time). */
  checkingUnknown: boolean;
}

export function sessionActor(user: UserContext): ActorDef<SessionState, SessionMsg> {
  const { codec, symbols, rules, options } = user.venue;

  /** Runs `work` in the background; its observations are applied here, then the caller is answered. */
  const run = <T>(ctx: ActorContext<SessionMsg>, replyTo: ActorRef<SessionReply<T>> | undefined, work: () => Promise<{ value: T; observed?: Observed }>): void => {
    work().then(
      ({ value, observed }) => dispatch(ctx.self, { type: 'done', observed, reply: () => replyTo && dispatch(replyTo, { ok: true, value }) }),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        dispatch(ctx.self, { type: 'done', observed: undefined, reply: () => replyTo && dispatch(replyTo, { ok: false, error: failure }) });
      },
    );
  };

  const publish = (outputs: readonly TrackerOutput[]): void => {
    for (const output of outputs) {
      if (output.kind === 'order') user.venue.pubsub.broadcast(user.topics.orders, { type: 'order', userId: user.userId, order: output.order });
      else if (output.kind === 'fill') user.venue.pubsub.broadcast(user.topics.fills, { type: 'fill', userId: user.userId, fill: output.fill });
      else user.venue.pubsub.broadcast(user.topics.balances, { type: 'balances', userId: user.userId, balances: output.balances, time: output.time });
    }
  };

  const apply = (observed: Observed): void => {
    const { tracker } = user;
    if (observed.reconcile) {
      publish(tracker.reconcile(observed.orders ?? [], observed.fills ?? [], observed.balances ?? [], Date.now()));
      return;
    }
    // Fills before the order state they lead to, as the venue reports them.
    for (const fill of observed.fills ?? []) publish(tracker.fill(fill));
    for (const order of observed.orders ?? []) publish(tracker.order(order));
    if (observed.balances) publish(tracker.balances(observed.balances, Date.now()));
  };

  const venueRef = (selector: OrderSelector): OrderRef => ('orderId' in selector ? { orderId: selector.orderId } : { clientOrderId: selector.clientOrderId });

  /**
   * An order whose placement or cancel got no clear answer: ask the venue for it until it knows it, or give up
   * (still unknown: OutcomeUnknownError, never "failed"). Given up, it stays in `user.unknown`, looked up again
   * every few seconds and at every reconciliation, so its state is published once it is known.
   */
  const resolveUnknown = async (venueSymbol: string, ref: OrderRef, cause: OutcomeUnknownError, signal: AbortSignal): Promise<{ value: Order; observed: Observed }> => {
    const key = unknownKey(venueSymbol, ref);
    user.unknown.set(key, { venueSymbol, ref });
    const deadline = Date.now() + options.unknownOutcomeMs;
    for (let wait = 200; Date.now() < deadline; wait = Math.min(wait * 2, 2000)) {
      await abortableSleep(wait, signal);
      try {
        const found = await lookUp(venueSymbol, ref, signal);
        user.unknown.delete(key);
        return found;
      } catch (error) {
        // Not there (yet), the venue still failing, a ban: none of it says what happened. Keep asking.
        if (error instanceof ExchangeError && error.kind === 'auth') break;
      }
    }
    user.unknown.set(key, { venueSymbol, ref });
    throw cause;
  };

  /**
   * The orders whose outcome is still unknown, as the venue has them now (with their fills); each one found, or
   * that the venue says never existed, leaves `user.unknown`. One that still cannot be looked up stays.
   */
  const lookUpUnknown = async (signal: AbortSignal): Promise<{ orders: Order[]; fills: Fill[] }> => {
    const orders: Order[] = [];
    const fills: Fill[] = [];
    for (const [key, { venueSymbol, ref }] of [...user.unknown]) {
      try {
        const found = await lookUp(venueSymbol, ref, signal);
        orders.push(...(found.observed.orders ?? []));
        fills.push(...(found.observed.fills ?? []));
        user.unknown.delete(key);
      } catch (error) {
        if (error instanceof ExchangeError && error.kind === 'unknown-order') user.unknown.delete(key); // never placed
      }
    }
    return { orders, fills };
  };

  /** The order as the venue has it now, with its fills. */
  const lookUp = async (venueSymbol: string, ref: OrderRef, signal: AbortSignal): Promise<{ value: Order; observed: Observed }> => {
    const found = codec.parseOrder(await sendSigned(user, codec.getOrder(venueSymbol, ref), signal), user.toUnified);
    const fills = found.filledQuantity.isZero() ? [] : codec.parseTrades(await sendSigned(user, codec.myTrades(venueSymbol, { orderId: found.orderId, limit: 1000 }), signal), user.toUnified);
    return { value: found, observed: { orders: [found], fills } };
  };

  /**
   * Sends a signed WebSocket API request through the user-stream actor (it owns the socket) and returns the
   * result, or throws the typed error: the venue's refusal, or OutcomeUnknownError when the answer was lost.
   * NOT_SENT when the connection is not up (nothing happened: the caller may use REST).
   */
  let wsIds = 0;
  const overWebSocket = async (ctx: ActorContext<SessionMsg>, frame: (id: string) => string): Promise<unknown> => {
    const stream = lookupChild<UserStreamMsg>(ctx.parent, 'user-stream');
    if (!stream) return NOT_SENT; // a user started without a user stream: REST it is
    const id = `req-${++wsIds}`;
    let answer: WsAnswer;
    try {
      answer = await ask<UserStreamMsg, WsAnswer>(stream, (replyTo) => ({ type: 'request', id, frame: frame(id), replyTo }), WS_ANSWER_MS);
    } catch (error) {
      throw codec.mapTransportError(error);
    }
    if (!answer.ok) {
      if (answer.sent) throw codec.mapTransportError(new Error(answer.reason));
      return NOT_SENT;
    }
    if (answer.frame.error !== undefined) throw codec.mapError(answer.frame.status, { code: answer.frame.error.code, msg: answer.frame.error.msg }, {});
    return answer.frame.result;
  };

  const reconcile = async (signal: AbortSignal): Promise<{ value: undefined; observed: Observed }> => {
    const { tracker } = user;
    const open = codec.parseOrders(await sendSigned(user, codec.openOrders(), signal), user.toUnified);
    // Orders whose outcome stayed unknown: the venue may know them by now.
    const unknown = await lookUpUnknown(signal);
    const orders: Order[] = [...open, ...unknown.orders];
    // Orders we thought open that no longer are: ask each how it ended.
    for (const missing of tracker.missingFrom(open)) {
      const venueSymbol = symbols.toVenue(missing.symbol);
      orders.push(codec.parseOrder(await sendSigned(user, codec.getOrder(venueSymbol, { orderId: missing.orderId }), signal), user.toUnified));
    }
    const fills: Fill[] = [...unknown.fills];
    const symbolsToCheck = new Set([...tracker.symbols(), ...orders.map((o) => o.symbol)]);
    for (const symbol of symbolsToCheck) {
      const venueSymbol = symbols.toVenue(symbol);
      const last = tracker.lastTradeId(symbol);
      if (last !== undefined) {
        // Every trade from the last one we published on (inclusive: a self-trade's other fill has the same
        // id), page by page; the tracker drops what it already has.
        for (let fromId = BigInt(last); ; ) {
          const page = codec.parseTrades(await sendSigned(user, codec.myTrades(venueSymbol, { fromId: fromId.toString(), limit: 1000 }), signal), user.toUnified);
          fills.push(...page);
          if (page.length < 1000) break;
          fromId = BigInt(page[page.length - 1]!.tradeId) + 1n;
        }
      } else {
        // No fill seen on this symbol yet: the trades of the orders that show a fill.
        for (const order of orders.filter((o) => o.symbol === symbol && !o.filledQuantity.isZero())) {
          fills.push(...codec.parseTrades(await sendSigned(user, codec.myTrades(venueSymbol, { orderId: order.orderId, limit: 1000 }), signal), user.toUnified));
        }
      }
    }
    const balances = codec.parseBalances(await sendSigned(user, codec.account(), signal));
    return { value: undefined, observed: { orders, fills, balances, reconcile: true } };
  };

  return {
    init(ctx) {
      ctx.sendAfter(0, { type: 'syncClock' });
      ctx.every(UNKNOWN_CHECK_MS, { type: 'checkUnknown' }, 'unknown');
      return { signal: ctx.signal, checkingUnknown: false };
    },
    receive(state, msg, ctx) {
      switch (msg.type) {
        case 'placeOrder': {
          let order: ValidatedOrder;
          try {
            checkOrderRequest(msg.request);
            const venueSymbol = symbols.toVenue(msg.request.symbol);
            // Only an absent id is generated: a null or other wrong value is the caller's, and is refused.
            const clientOrderId = msg.request.clientOrderId === undefined ? codec.newClientOrderId() : msg.request.clientOrderId;
            order = codec.validateOrder({ ...msg.request, clientOrderId }, rules, venueSymbol);
          } catch (error) {
            // Refused before anything was sent: nothing changes.
            dispatch(msg.replyTo, { ok: false, error: error as Error });
            return state;
          }
          run(ctx, msg.replyTo, async () => {
            try {
              // Over the WebSocket API when asked to and the connection is up; otherwise (or until it is) REST.
              const viaSocket = options.ordersOverWebSocket
                ? await overWebSocket(ctx, (id) => codec.orderPlaceFrame(order, user.credentials, user.serverNow(), id, { recvWindowMs: options.recvWindowMs }))
                : NOT_SENT;
              const body = viaSocket !== NOT_SENT ? viaSocket : await sendSigned(user, codec.placeOrder(order, { responseType: 'FULL' }), state.signal);
              const placed = codec.parseOrder(body, user.toUnified);
              return { value: placed, observed: { orders: [placed], fills: codec.parseOrderFills(body, user.toUnified) } };
            } catch (error) {
              if (error instanceof OutcomeUnknownError) return resolveUnknown(order.venueSymbol, { clientOrderId: order.clientOrderId }, error, state.signal);
              throw error;
            }
          });
          return state;
        }
        case 'cancelOrder':
        case 'getOrder': {
          const selector = msg.order;
          let venueSymbol: string;
          try {
            checkOrderSelector(selector);
            venueSymbol = symbols.toVenue(selector.symbol);
          } catch (error) {
            dispatch(msg.replyTo, { ok: false, error: error as Error });
            return state;
          }
          const ref = venueRef(selector);
          let request: SignedRestRequest;
          try {
            // A bad order id is refused here (ValidationError): the caller's mistake, not a reason to crash.
            request = msg.type === 'cancelOrder' ? codec.cancelOrder(venueSymbol, ref) : codec.getOrder(venueSymbol, ref);
          } catch (error) {
            dispatch(msg.replyTo, { ok: false, error: error as Error });
            return state;
          }
          run(ctx, msg.replyTo, async () => {
            try {
              const order = codec.parseOrder(await sendSigned(user, request, state.signal), user.toUnified);
              return { value: order, observed: { orders: [order] } };
            } catch (error) {
              // A cancel without a clear answer may have taken effect: find out, as for a placement.
              if (msg.type === 'cancelOrder' && error instanceof OutcomeUnknownError) return resolveUnknown(venueSymbol, ref, error, state.signal);
              throw error;
            }
          });
          return state;
        }
        case 'cancelAll':
        case 'openOrders': {
          let venueSymbol: string | undefined;
          try {
            venueSymbol = msg.symbol === undefined ? undefined : symbols.toVenue(msg.symbol);
          } catch (error) {
            dispatch(msg.replyTo, { ok: false, error: error as Error });
            return state;
          }
          const request = msg.type === 'cancelAll' ? codec.cancelAll(venueSymbol ?? '') : codec.openOrders(venueSymbol);
          run(ctx, msg.replyTo, async () => {
            const orders = codec.parseOrders(await sendSigned(user, request, state.signal), user.toUnified);
            return { value: orders, observed: { orders } };
          });
          return state;
        }
        case 'balances':
          run(ctx, msg.replyTo, async () => {
            const balances = codec.parseBalances(await sendSigned(user, codec.account(), state.signal));
            return { value: balances, observed: { balances } };
          });
          return state;
        case 'myTrades': {
          let venueSymbol: string;
          try {
            venueSymbol = symbols.toVenue(msg.symbol);
          } catch (error) {
            dispatch(msg.replyTo, { ok: false, error: error as Error });
            return state;
          }
          const request = codec.myTrades(venueSymbol, { fromId: msg.fromId, limit: msg.limit ?? 500 });
          run(ctx, msg.replyTo, async () => {
            const fills = codec.parseTrades(await sendSigned(user, request, state.signal), user.toUnified);
            return { value: fills, observed: { fills } };
          });
          return state;
        }
        case 'streamEvent': {
          const frame = msg.frame;
          if (frame.kind === 'orderUpdate') publish(user.tracker.update(frame.order, frame.fill));
          else if (frame.kind === 'balances') publish(user.tracker.balances(frame.balances, frame.eventTime));
          else {
            const known = user.tracker.balance(frame.asset);
            const free = (known?.free ?? new Decimal(0)).plus(frame.delta);
            publish(user.tracker.balances([{ asset: frame.asset, free, locked: known?.locked ?? new Decimal(0) }], frame.eventTime));
          }
          return state;
        }
        case 'reconcile':
          ctx.log.debug('reconciling after the user stream (re)subscribed', { user: user.userId, reason: msg.reason });
          run(ctx, undefined, () => reconcile(state.signal));
          return state;
        case 'done':
          if (msg.observed) apply(msg.observed);
          msg.reply();
          return state;
        case 'checkUnknown':
          if (state.checkingUnknown || user.unknown.size === 0) return state;
          state.checkingUnknown = true;
          lookUpUnknown(state.signal).then(
            (found) => dispatch(ctx.self, { type: 'unknownChecked', observed: found }),
            () => dispatch(ctx.self, { type: 'unknownChecked', observed: undefined }),
          );
          return state;
        case 'unknownChecked':
          state.checkingUnknown = false;
          if (msg.observed) apply(msg.observed);
          return state;
        case 'syncClock':
          syncClock(user, state.signal).catch((error: unknown) => {
            if (state.signal.aborted) return; // stopped meanwhile: nothing to say
            ctx.log.warn('could not read the server time; retrying in 5 s', { user: user.userId, error });
            ctx.sendAfter(5000, { type: 'syncClock' }, 'clock');
          });
          return state;
        default: {
          const never: never = msg;
          throw new Error(`unknown message ${JSON.stringify(never)}`);
        }
      }
    },
  };
}
