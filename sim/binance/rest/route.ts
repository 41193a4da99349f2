// What one REST endpoint declares: method, path, security type, request weight, and its handler.
import type { SimAccount, SimContext } from '../context.js';
import type { RequestParams } from './params.js';
import type { RateLimitSettings } from './rate-limits.js';

export type Security = 'NONE' | 'SIGNED';

/** Order endpoints whose successful calls cost 0 weight (Binance since 2026-04-02) and that order faults target. */
export type OrderAction = 'newOrder' | 'cancelOrder';

export interface RouteContext {
  readonly sim: SimContext;
  readonly limits: RateLimitSettings;
  readonly params: RequestParams;
  /** Present on SIGNED routes. */
  readonly account: SimAccount | undefined;
  readonly serverTime: number;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  security: Security;
  /** Weight from the parameters; must not throw (bad parameters are rejected by the handler). */
  weight(params: RequestParams): number;
  orderAction?: OrderAction;
  /** Counts toward the ORDERS limits (POST /api/v3/order). */
  countsAsNewOrder?: boolean;
  handle(rc: RouteContext): unknown;
}

/** The account a SIGNED route runs for; the router guarantees it. */
export function signedAccount(rc: RouteContext): SimAccount {
  if (!rc.account) throw new Error(`route needs an authenticated account`);
  return rc.account;
}

/** Reads a parameter for weight purposes without throwing. */
export function safeWeightInput<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
