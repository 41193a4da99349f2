// Signed REST for one user: waits for the request-weight and order-count budgets rather than break
// them, fails fast with RateLimitedError while a 429/418 ban lasts, measures the server clock and
// retries once on -1021, and maps every refusal to the codec's typed error. An answer that never came
// (timeout, reset, 5xx) is OutcomeUnknownError: the caller must query, never assume.
import { ExchangeError, RateLimitedError } from '../../lib/core/errors.js';
import type { SignedRestRequest } from '../../lib/exchanges/trading-types.js';
import { abortableSleep } from '../../lib/net/abortable.js';
import { httpRequest, retryAfterMs } from '../../lib/net/http-get.js';
import type { UserContext } from './user-context.js';

/** Sends `request` for `user`; resolves with the parsed body of a 2xx answer, rejects with a typed error. */
export async function sendSigned(user: UserContext, request: SignedRestRequest, signal?: AbortSignal): Promise<unknown> {
  try {
    return await attempt(user, request, signal);
  } catch (error) {
    if (!(error instanceof ExchangeError) || error.kind !== 'timestamp') throw error;
    // Our clock is off: measure the server's again and retry once.
    await syncClock(user, signal);
    return attempt(user, request, signal);
  }
}

/** Measures the server-time offset (half the round trip counted). */
export async function syncClock(user: UserContext, signal?: AbortSignal): Promise<void> {
  const { codec, options } = user.venue;
  const request = codec.serverTime();
  const sentAt = Date.now();
  const response = await httpRequest(request.method, url(user, request.path), { timeoutMs: options.requestTimeoutMs, signal }).catch((error: unknown) => {
    throw codec.mapTransportError(error);
  });
  if (response.status !== 200) throw codec.mapError(response.status, response.body, response.headers);
  const receivedAt = Date.now();
  user.clockOffsetMs = codec.parseServerTime(response.body) - Math.round((sentAt + receivedAt) / 2);
}

async function attempt(user: UserContext, request: SignedRestRequest, signal?: AbortSignal): Promise<unknown> {
  const { codec, options } = user.venue;
  await takeBudget(user, request, signal);
  const parts = codec.signRequest(request, user.credentials, user.serverNow(), options.recvWindowMs);
  let response;
  try {
    response = await httpRequest(parts.method, url(user, parts.path), { timeoutMs: options.requestTimeoutMs, headers: parts.headers, body: parts.body, signal });
  } catch (error) {
    throw codec.mapTransportError(error);
  }
  const now = Date.now();
  const info = codec.rateLimitInfo(response.headers);
  if (info.usedWeight1m !== undefined) user.weight.floor(now, info.usedWeight1m);
  // The account's unfilled-order count (other clients of the account count too).
  if (info.orderCount10s !== undefined) user.orders.floor(now, info.orderCount10s);
  if (response.status === 429 || response.status === 418) {
    const until = now + (retryAfterMs(response.headers, now) ?? info.retryAfterMs ?? 60_000);
    if (until >= user.bannedUntil) user.bannedBy418 = response.status === 418;
    user.bannedUntil = Math.max(user.bannedUntil, until);
  }
  if (response.status >= 200 && response.status < 300) return response.body;
  throw codec.mapError(response.status, response.body, response.headers);
}

async function takeBudget(user: UserContext, request: SignedRestRequest, signal?: AbortSignal): Promise<void> {
  const isOrder = request.method === 'POST' && /order/i.test(request.path);
  for (;;) {
    const now = Date.now();
    if (now < user.bannedUntil) {
      const details = { exchange: user.exchange, exchangeCode: undefined, exchangeMessage: `no request until the venue's Retry-After has passed`, httpStatus: undefined };
      throw new RateLimitedError(details, user.bannedUntil - now, user.bannedUntil, user.bannedBy418);
    }
    const weightWait = user.weight.tryTake(now, request.weight);
    if (weightWait > 0) {
      await abortableSleep(weightWait, signal);
      continue;
    }
    if (isOrder) {
      const orderWait = user.orders.tryTake(now, 1);
      if (orderWait > 0) {
        await abortableSleep(orderWait, signal);
        continue;
      }
    }
    return;
  }
}

function url(user: UserContext, path: string): string {
  return user.venue.options.restUrl.replace(/\/+$/, '') + path;
}
