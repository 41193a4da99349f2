// Waiting that an owner can call off: a timer and a WebSocket handshake, each ended by an AbortSignal
// (an actor's incarnation signal), so nothing outlives the actor that started it.
import WebSocket from 'ws';

/** Resolves after `ms`; rejects at once when `signal` aborts. The abort listener never outlives the wait. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Opens a WebSocket (no compression); rejects on a failed handshake or a timeout; an abort terminates it. */
export function openWebSocket(url: string, timeoutMs: number, signal: AbortSignal, what = url): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('connect aborted'));
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs, perMessageDeflate: false });
    const onAbort = (): void => ws.terminate();
    signal.addEventListener('abort', onAbort, { once: true });
    ws.once('open', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(ws);
    });
    ws.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(new Error(`cannot connect to ${what}: ${error.message}`));
    });
    ws.once('close', (code) => reject(new Error(`connection to ${what} closed during the handshake (${code})`)));
  });
}
