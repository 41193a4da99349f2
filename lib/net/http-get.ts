// One HTTP request with a timeout, over Node's fetch (keep-alive by default). Never throws for an
// HTTP status: the caller maps statuses (429/418/5xx) itself; only transport failures reject. Bodies are
// parsed losslessly: venues send 64-bit ids as JSON numbers, and beyond 2^53 they arrive as their exact digits.
import { parseJsonLossless } from '../core/lossless-json.js';

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON (integers beyond 2^53 as digit strings), or the text when the body is not JSON. */
  readonly body: unknown;
}

export async function httpRequest(
  method: string,
  url: string,
  options: { readonly timeoutMs: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string; readonly signal?: AbortSignal },
): Promise<HttpResponse> {
  // An explicit controller and timer, not AbortSignal.timeout() combined with AbortSignal.any(): Node holds the
  // sources of an `any` signal weakly, so a collected timeout signal never fires and a hung request hangs forever
  // (seen under the full test suite's GC pressure).
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${options.timeoutMs} ms`, 'TimeoutError')), options.timeoutMs);
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const payload = options.body === undefined || options.body === '' ? undefined : options.body;
    const response = await fetch(url, { method, headers: options.headers, body: payload, signal: controller.signal });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = parseJsonLossless(text);
    } catch {
      // Not JSON (an HTML error page from a proxy): keep the text.
    }
    return { status: response.status, headers: response.headers, body };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Retry-After (seconds, or an HTTP date) in ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * GET one public REST resource (a venue's listing) and return its parsed body; a transport failure or a status
 * other than 200 becomes an Error naming the venue and the URL.
 */
export async function getPublic(exchange: string, restUrl: string, request: { readonly method: string; readonly path: string }, timeoutMs: number): Promise<unknown> {
  const url = restUrl.replace(/\/+$/, '') + request.path;
  const response = await httpRequest(request.method, url, { timeoutMs }).catch((error: unknown) => {
    throw new Error(`${exchange}: cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (response.status !== 200) throw new Error(`${exchange}: ${request.path} answered HTTP ${response.status}`);
  return response.body;
}
