// A plain fetch-based Binance REST client for the simulator tests: signs with the documented HMAC rule
// itself (never the project's client), and returns status, headers and parsed JSON.
import { createHmac } from 'node:crypto';
import type { SimAccount } from '../../sim/binance/context.js';

export interface RestAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export type Params = Record<string, string | number | boolean>;

export const qs = (params: Params): string =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

export const sign = (secret: string, payload: string): string => createHmac('sha256', secret).update(payload).digest('hex');

export class TestRestClient {
  constructor(
    readonly base: string,
    readonly account?: SimAccount,
  ) {}

  async raw<T = unknown>(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {}): Promise<RestAnswer<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(`${this.base}${pathAndQuery}`, { method, headers, body: init.body, signal: init.signal });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  get<T = unknown>(path: string, params: Params = {}): Promise<RestAnswer<T>> {
    const query = qs(params);
    return this.raw<T>('GET', query ? `${path}?${query}` : path);
  }

  /** Signed request: params + timestamp in the query string (or the body with `inBody`). */
  signed<T = unknown>(
    method: string,
    path: string,
    params: Params = {},
    options: { inBody?: boolean; timestamp?: number; signal?: AbortSignal; tamper?: boolean } = {},
  ): Promise<RestAnswer<T>> {
    const account = this.account;
    if (!account) throw new Error('signed() needs an account');
    const payload = qs({ ...params, timestamp: options.timestamp ?? Date.now() });
    const signature = sign(account.apiSecret, payload);
    const sent = options.tamper ? payload.replace(/quantity=[^&]*/, 'quantity=999') : payload;
    const full = `${sent}&signature=${signature}`;
    const headers = { 'X-MBX-APIKEY': account.apiKey };
    return options.inBody
      ? this.raw<T>(method, path, { headers, body: full, signal: options.signal })
      : this.raw<T>(method, `${path}?${full}`, { headers, signal: options.signal });
  }
}
