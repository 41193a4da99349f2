// A raw HTTP/1.1 client over a net socket for the robustness tests: sends bytes no HTTP library would
// (junk request lines, unparsable targets, oversized headers) and reads back every response it gets.
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  responses: RawResponse[];
  /** The bytes received, as latin1 text. */
  raw: string;
  /** The server closed (or reset) the connection before the deadline. */
  closed: boolean;
}

/** The final (non-1xx) responses in `raw`; a 101 ends the parse (what follows is WebSocket frames). */
export function parseResponses(raw: string): RawResponse[] {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = raw.indexOf('\r\n\r\n', at);
    if (end < 0) return responses;
    const [statusLine = '', ...lines] = raw.slice(at, end).split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match) return responses;
    const status = Number(match[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    at = end + 4;
    if (status === 101) {
      responses.push({ status, headers, body: '' });
      return responses;
    }
    if (status < 200) continue;
    responses.push({ status, headers, body: raw.slice(at, at + length) });
    at += length;
  }
}

/**
 * Writes `request`, reads until the server closes or falls quiet for `quietMs`, then half-closes (so a
 * request the parser still waits on ends as a parse error) and reads until the close or `timeoutMs`.
 */
export function rawExchange(port: number, request: string | Buffer, options: { quietMs?: number; timeoutMs?: number } = {}): Promise<RawExchange> {
  const quietMs = options.quietMs ?? 300;
  const timeoutMs = options.timeoutMs ?? 3000;
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const finish = (closed: boolean): void => {
      clearTimeout(quiet);
      clearTimeout(deadline);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString('latin1');
      resolve({ responses: parseResponses(raw), raw, closed });
    };
    const deadline = setTimeout(() => finish(false), timeoutMs);
    const armQuiet = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(() => {
        if (!socket.writableEnded) socket.end();
      }, quietMs);
    };
    socket.on('connect', () => {
      socket.write(request);
      armQuiet();
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      armQuiet();
    });
    socket.on('error', () => undefined); // a reset is reported as `closed`
    socket.on('close', () => finish(true));
  });
}

/** `{code, msg}` with a negative integer code: the shape of every Binance REST error. */
export function isBinanceError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { code, msg } = body as { code?: unknown; msg?: unknown };
  return Number.isInteger(code) && (code as number) < 0 && typeof msg === 'string' && msg.length > 0;
}

/** Parses a response body as JSON, or undefined when it is not JSON. */
export function jsonBody(response: RawResponse): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    return undefined;
  }
}
