// Answers written straight to a socket, where node:http gives the simulator no ServerResponse: requests
// its parser rejects (clientError), CONNECT, and upgrades no endpoint takes. Each carries a Binance
// `{code,msg}` body, so a client sees the venue's error shape even for a request it broke at the HTTP level.
import type { Duplex } from 'node:stream';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  431: 'Request Header Fields Too Large',
};

/**
 * How long a refused connection is kept open after the answer. Closing at once while the client is
 * still sending resets the connection, and the reset can destroy the answer before the client reads it.
 */
const LINGER_MS = 1000;

/** A complete HTTP/1.1 answer with a `{code,msg}` body that closes the connection. */
export function refusal(status: number, code: number, msg: string): string {
  const body = JSON.stringify({ code, msg });
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nContent-Type: application/json;charset=UTF-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** The answer to a request node's parser rejected, by its error code (the statuses node itself would send). */
function clientErrorAnswer(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return refusal(431, -1000, 'Request header fields too large; the limit is 16 KiB.');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return refusal(413, -1000, 'Chunk extensions too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return refusal(408, -1000, 'Request timeout.');
    default:
      return refusal(400, -1000, 'Malformed HTTP request.');
  }
}

/** Writes `answer`, then closes the socket once the client stopped sending or LINGER_MS passed. */
export function answerAndClose(socket: Duplex, answer: string): void {
  socket.end(answer);
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The server's `clientError` handler: answers like node's default does, but in Binance's shape. */
export function answerClientError(err: Error & { code?: string }, socket: Duplex & { bytesWritten?: number }): void {
  if (socket.writableEnded || socket.destroyed) return; // answered already (the parser reports every later chunk too)
  // Node answers only when nothing was written yet: a half-sent response cannot be followed by another.
  if (err.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
    socket.destroy();
    return;
  }
  answerAndClose(socket, clientErrorAnswer(err.code));
}
