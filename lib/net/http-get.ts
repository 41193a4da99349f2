// One HTTP request with a timeout, over Node's fetch (keep-alive by default). Never throws for an
// HTTP status: the caller maps statuses (429/418/5xx) itself; only transport failures reject.
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or the text when the body is not JSON. */
  readonly body: unknown;
}

export async function httpRequest(
  method: string,
  url: string,
  options: { readonly timeoutMs: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string; readonly signal?: AbortSignal },
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  const payload = options.body === undefined || options.body === '' ? undefined : options.body;
  const response = await fetch(url, { method, headers: options.headers, body: payload, signal });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy): keep the text.
  }
  return { status: response.status, headers: response.headers, body };
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
