// One node:http server on 127.0.0.1 for the whole Binance dialect: REST requests, WebSocket upgrades
// handed to the market-stream and WS-API servers, and the simulator's control API under /__sim/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { childLogger } from '../../lib/log.js';
import { answerAndClose, answerClientError, refusal } from './http-refusals.js';
import { parseRequestTarget } from './request-target.js';
import type { RestApi } from './rest/rest-api.js';

const log = childLogger('sim.server');

/** What the market-stream and WS-API servers offer the HTTP server. */
export interface UpgradeHandler {
  /** True when the handler took the socket (its path), false to let the next one try. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface SimServerOptions {
  host: string;
  /** 0 = a free port. */
  port: number;
  rest: RestApi;
  upgrades: UpgradeHandler[];
  /** Handles `/__sim/...` (fault controls). */
  control: RequestHandler;
}

export const CONTROL_PREFIX = '/__sim/';

/** REST's answer to an unknown path or method, also given to upgrades and CONNECTs nobody takes. */
const UNSUPPORTED = refusal(404, -1020, 'This operation is not supported.');

/** Sockets node hands over raw (upgrade, CONNECT) have no error listener: a client reset would crash the process. */
function guard(socket: Duplex): void {
  socket.on('error', (err) => log.debug('raw socket error', { error: err.message }));
}

export class SimHttpServer {
  private constructor(
    private readonly server: Server,
    private readonly options: SimServerOptions,
    readonly host: string,
    readonly port: number,
  ) {}

  static async listen(options: SimServerOptions): Promise<SimHttpServer> {
    const server = createServer((req, res) => {
      const { path } = parseRequestTarget(req.url);
      const handler = path.startsWith(CONTROL_PREFIX) ? options.control : options.rest.handle.bind(options.rest);
      handler(req, res).catch((err: unknown) => {
        log.error('request failed', { err, path });
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: -1000, msg: 'An unknown error occurred while processing the request.' }));
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      guard(socket);
      try {
        for (const handler of options.upgrades) {
          if (handler.handleUpgrade(req, socket, head)) return;
        }
        answerAndClose(socket, UNSUPPORTED);
      } catch (err) {
        // A bug in an upgrade handler costs that one connection, never the process.
        log.error('upgrade failed', { err, url: req.url });
        socket.destroy();
      }
    });
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
      guard(socket);
      answerAndClose(socket, UNSUPPORTED);
    });
    // Malformed requests, oversized headers, timeouts: answered as node would, in Binance's shape.
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    log.debug('simulator listening', { host: options.host, port: address.port });
    return new SimHttpServer(server, options, options.host, address.port);
  }

  get restUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://${this.host}:${this.port}`;
  }

  /** Stops accepting, closes WebSocket servers, drops kept-alive and held HTTP connections. */
  async close(): Promise<void> {
    this.options.rest.close();
    await Promise.allSettled(this.options.upgrades.map((h) => h.close()));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
