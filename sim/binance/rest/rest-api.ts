// The REST dialect: routes a request to its endpoint, applies rate limits, security and REST faults,
// and writes Binance's answer (JSON body, X-MBX-* headers, {code,msg} errors with Binance's statuses).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { childLogger } from '../../../lib/log.js';
import { stringifyJson } from '../../../lib/core/lossless-json.js';
import { EngineRejection } from '../../engine/types.js';
import type { SimContext } from '../context.js';
import { binanceRejection } from '../rejection-errors.js';
import type { RestFaults } from '../faults/rest-faults.js';
import { parseRequestTarget } from '../request-target.js';
import { authenticateApiKey, verifySignedRequest } from './auth.js';
import { BinanceRestError, restErrors } from './errors.js';
import { futuresMarketRoutes } from '../../binance-usdm/rest-routes.js';
import { marketRoutes } from './market-routes.js';
import { RequestParams } from './params.js';
import { RateLimiter, type RateLimitSettings } from './rate-limits.js';
import { readBody } from './request-body.js';
import type { Route, RouteContext } from './route.js';
import { tradingRoutes } from './trading-routes.js';

const log = childLogger('sim.rest');

export interface RestApiOptions {
  limits: RateLimitSettings;
  faults: RestFaults;
  /** Machine time for rate-limit windows and fault durations (not the shiftable server clock). */
  now?: () => number;
}

interface Outcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function errorOutcome(err: unknown): Outcome {
  if (err instanceof BinanceRestError) return { status: err.httpStatus, body: err.body, headers: { ...err.headers } };
  if (err instanceof EngineRejection) return { status: 400, body: binanceRejection(err.rejection), headers: {} };
  log.error('unexpected error in REST handler', { err });
  const unknown = restErrors.unknown();
  return { status: unknown.httpStatus, body: unknown.body, headers: {} };
}

export class RestApi {
  readonly limiter: RateLimiter;
  private readonly routes = new Map<string, Route>();
  private readonly paths = new Set<string>();
  private readonly now: () => number;
  private readonly held = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly ctx: SimContext,
    private readonly options: RestApiOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.limiter = new RateLimiter(options.limits, this.now);
    for (const route of [...marketRoutes, ...tradingRoutes, ...(ctx.futures ? futuresMarketRoutes : [])]) {
      this.routes.set(`${route.method} ${route.path}`, route);
      this.paths.add(route.path);
    }
  }

  /** True when `path` is one of the REST endpoints (any method). */
  handles(path: string): boolean {
    return this.paths.has(path);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { path, query: rawQuery } = parseRequestTarget(req.url);
    const ip = req.socket.remoteAddress ?? 'unknown';
    const received = await readBody(req);
    if (!received.ok) {
      if (received.error) this.write(res, errorOutcome(received.error), ip);
      return;
    }
    const rawBody = received.text;

    const latency = this.options.faults.activeLatencyMs();
    if (latency > 0) await this.delay(latency);
    if (this.closed) return;

    const forced = this.options.faults.activeRateLimit();
    if (forced) {
      const err =
        forced.status === 418
          ? restErrors.banned(forced.untilMs, forced.retryAfterSec)
          : restErrors.tooMuchWeight(this.options.limits.requestWeightPerMinute, forced.retryAfterSec);
      this.write(res, errorOutcome(err), ip);
      return;
    }

    const route = this.routes.get(`${req.method ?? 'GET'} ${path}`);
    if (!route) {
      this.write(res, errorOutcome(restErrors.unsupported()), ip);
      return;
    }

    let outcome: Outcome;
    let succeeded = false;
    let accountName: string | undefined;
    try {
      const params = new RequestParams(rawQuery, rawBody);
      const weight = route.weight(params);
      this.limiter.admit(ip, weight);
      // From here on the request is charged, except successful order placement/cancel (0 weight).
      try {
        const holder = route.security === 'SIGNED' ? authenticateApiKey(req.headers['x-mbx-apikey'], this.ctx.accounts) : undefined;
        const account = holder?.account;
        accountName = account?.name;
        if (holder) verifySignedRequest(holder, params, this.ctx.clock.now());
        if (route.countsAsNewOrder && account) this.limiter.admitOrder(account.name);
        const rc: RouteContext = { sim: this.ctx, limits: this.options.limits, params, account, serverTime: this.ctx.clock.now() };
        const body = route.handle(rc);
        succeeded = true;
        if (route.countsAsNewOrder && account) this.limiter.countOrder(account.name);
        outcome = { status: 200, body, headers: {} };
      } finally {
        if (!(succeeded && route.orderAction)) this.limiter.charge(ip, weight);
      }
    } catch (err) {
      outcome = errorOutcome(err);
    }

    if (route.countsAsNewOrder && accountName !== undefined) {
      const counts = this.limiter.orderCounts(accountName);
      outcome.headers['X-MBX-ORDER-COUNT-10S'] = String(counts.per10s);
      outcome.headers['X-MBX-ORDER-COUNT-1D'] = String(counts.perDay);
    }

    if (succeeded && route.orderAction) {
      const failure = this.options.faults.takeOrderFailure(route.orderAction);
      if (failure) {
        log.info('order fault applied', { mode: failure.mode, path });
        switch (failure.mode) {
          case 'status':
            outcome = errorOutcome(restErrors.backendTimeout(failure.status));
            break;
          case 'hang':
            this.held.add(res);
            res.on('close', () => this.held.delete(res));
            return;
          case 'destroy':
            res.socket?.destroy();
            return;
          default: {
            const unreachable: never = failure.mode;
            throw new Error(`unknown order failure mode ${String(unreachable)}`);
          }
        }
      }
    }
    this.write(res, outcome, ip);
  }

  /** Drops held responses and pending latency timers (the server is going away). */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private write(res: ServerResponse, outcome: Outcome, ip: string): void {
    if (res.writableEnded || res.destroyed) return;
    const used = String(this.limiter.usedWeight(ip));
    const body = stringifyJson(outcome.body); // ids are bigints: exact JSON numbers
    res.writeHead(outcome.status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
      'X-MBX-USED-WEIGHT': used,
      'X-MBX-USED-WEIGHT-1M': used,
      ...outcome.headers,
    });
    res.end(body);
  }
}
