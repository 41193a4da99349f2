// A hostile WebSocket peer for the client fuzz: it answers every request a client sends (through `answer`),
// and once a connection asked for what `ready` wants, runs `script` on it (junk, then valid frames). Frames go
// out in batches that wait for the socket to drain, so 100,000 of them do not pile up in memory.
import { WebSocketServer, type WebSocket } from 'ws';

export interface HostileConnection {
  /** 0 for the first connection the server accepted, 1 for the next, ... */
  readonly index: number;
  readonly socket: WebSocket;
  /** Sends `data` as a text frame, or a binary one; false once the socket is closed. */
  send(data: string | Buffer, binary?: boolean): Promise<boolean>;
}

export interface HostileServerOptions {
  /** The answer to a client's request (undefined: none). */
  answer(request: unknown, connection: HostileConnection): string | undefined;
  /** Whether the connection, given the requests so far, is ready for the script. */
  ready(requests: readonly unknown[], connection: HostileConnection): boolean;
  script(connection: HostileConnection): Promise<void>;
}

export interface HostileServer {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Requests received on each connection, in order. */
  readonly requests: unknown[][];
  /** The close code each connection ended with, by connection index (the client's close frame, or 1006). */
  closeCodes(): number[];
  close(): Promise<void>;
}

/** Waits for the socket's send buffer to drain below `highWater` bytes. */
async function drained(socket: WebSocket, highWater = 4 * 1024 * 1024): Promise<void> {
  while (socket.readyState === socket.OPEN && socket.bufferedAmount > highWater) await new Promise((resolve) => setTimeout(resolve, 1));
}

export async function startHostileServer(options: HostileServerOptions): Promise<HostileServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as { port: number }).port;
  const requests: unknown[][] = [];
  const closeCodes: number[] = [];
  let accepted = 0;
  server.on('connection', (socket: WebSocket) => {
    socket.on('error', () => undefined);
    const index = accepted++;
    const received: unknown[] = [];
    requests[index] = received;
    socket.on('close', (code) => void (closeCodes[index] = code));
    let sent = 0;
    const connection: HostileConnection = {
      index,
      socket,
      async send(data, binary = false) {
        if (socket.readyState !== socket.OPEN) return false;
        socket.send(data, { binary });
        if (++sent % 256 === 0) await drained(socket);
        return socket.readyState === socket.OPEN;
      },
    };
    let started = false;
    socket.on('message', (data) => {
      let request: unknown;
      try {
        request = JSON.parse(String(data));
      } catch {
        return;
      }
      received.push(request);
      const answer = options.answer(request, connection);
      if (answer !== undefined && socket.readyState === socket.OPEN) socket.send(answer);
      if (!started && options.ready(received, connection)) {
        started = true;
        void options.script(connection).catch(() => undefined);
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    connections: () => accepted,
    requests,
    closeCodes: () => [...closeCodes],
    async close() {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
