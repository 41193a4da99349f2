// Binance's "300 connection attempts per 5 minutes per IP" (web-socket-streams.md, web-socket-api.md;
// fixtures/binance/NOTES.md sections 2 and 5), counted in fixed 5-minute windows like the other limits.
// Binance does not document the answer to an attempt over the limit; the simulator refuses the upgrade
// with HTTP 429, a Retry-After header and errors.md's -1034 TOO_MANY_CONNECTIONS message for it.
import type { Duplex } from 'node:stream';

export const CONNECTION_ATTEMPT_WINDOW_MS = 5 * 60_000;

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSec: number };

/** Every upgrade request counts, refused ones included: a client that storms stays refused until the window ends. */
export class ConnectionAttempts {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  attempt(ip: string): AttemptVerdict {
    const now = this.now();
    const window = Math.floor(now / CONNECTION_ATTEMPT_WINDOW_MS);
    let entry = this.windows.get(ip);
    if (!entry || entry.window !== window) {
      // Old windows of other IPs are dropped lazily so the map stays as small as the active clients.
      for (const [key, value] of this.windows) if (value.window !== window) this.windows.delete(key);
      entry = { window, count: 0 };
      this.windows.set(ip, entry);
    }
    entry.count += 1;
    if (entry.count <= this.limit) return { allowed: true };
    const retryAfterSec = Math.max(1, Math.ceil(((window + 1) * CONNECTION_ATTEMPT_WINDOW_MS - now) / 1000));
    return { allowed: false, retryAfterSec };
  }
}

/** The refusal of an upgrade over the limit: 429 with `{code:-1034,msg}` and Retry-After (our choice, see above). */
export function refuseTooManyAttempts(socket: Duplex, limit: number, retryAfterSec: number): void {
  const body = JSON.stringify({ code: -1034, msg: `Too many connection attempts from IP; current limit is ${limit} per '5 MINUTE'.` });
  socket.end(
    `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Retry-After: ${retryAfterSec}\r\nConnection: close\r\n\r\n${body}`,
  );
}
