// Prometheus text-format metrics over HTTP, through prom-client (the maintained client library, not a
// hand-written exposition): per market stream message counts and latency percentiles, gaps, resyncs and
// backfills; per connection its state, reconnects and renewals; per user its data stream's state,
// reconnects and dropped frames; REST rate limiting; runtime restarts; and the Node process defaults.
// Values are read from the feed's and the trading system's metrics at scrape time.
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { FeedMetricsSnapshot } from '../actors/market/metrics.js';
import type { ActorSystem } from '../actors/runtime/index.js';
import type { TradingMetricsSnapshot } from '../actors/trading/trading.js';

export interface MetricsServer {
  readonly url: string;
  readonly registry: Registry;
  stop(): Promise<void>;
}

export async function startMetricsServer(
  where: { readonly host: string; readonly port: number },
  read: () => FeedMetricsSnapshot,
  system: ActorSystem,
  readTrading?: () => TradingMetricsSnapshot,
): Promise<MetricsServer> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cex_' });
  const snapshot = (): FeedMetricsSnapshot => read();
  const streamGauge = (name: string, help: string, pick: (s: FeedMetricsSnapshot['streams'][number]) => number | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames: ['exchange', 'stream'],
      registers: [registry],
      collect() {
        this.reset();
        const snap = snapshot();
        for (const s of snap.streams) {
          const value = pick(s);
          if (value !== undefined) this.set({ exchange: snap.exchange, stream: s.stream }, value);
        }
      },
    });
  };
  streamGauge('cex_stream_messages', 'Events delivered on a market stream since start', (s) => s.messages);
  streamGauge('cex_stream_gaps', 'Sequence gaps seen on a market stream', (s) => s.gaps);
  streamGauge('cex_stream_crossed', 'Order books the venue left crossed (discarded and resynced)', (s) => s.crossed);
  streamGauge('cex_stream_resyncs', 'Order book resyncs of a symbol', (s) => s.resyncs);
  streamGauge('cex_stream_backfilled_trades', 'Trades recovered from REST after a gap', (s) => s.backfilled);
  streamGauge('cex_stream_local_latency_p99_ms', 'Local receive to delivery, p99 of the last 1024 events (ms)', (s) => s.localLatencyMs?.p99);
  streamGauge('cex_stream_exchange_latency_p99_ms', 'Exchange event time to delivery, p99 of the last 1024 events (ms)', (s) => s.exchangeLatencyMs?.p99);
  const connectionGauge = (name: string, help: string, pick: (c: FeedMetricsSnapshot['connections'][number]) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['exchange', 'connection'],
      registers: [registry],
      collect() {
        this.reset();
        const snap = snapshot();
        for (const c of snap.connections) this.set({ exchange: snap.exchange, connection: c.connection }, pick(c));
      },
    });
  };
  connectionGauge('cex_connection_up', '1 while the connection is connected (or renewing)', (c) => (c.state === 'connected' || c.state === 'renewing' ? 1 : 0));
  connectionGauge('cex_connection_streams', 'Streams assigned to the connection', (c) => c.streams);
  connectionGauge('cex_connection_reconnects', 'Reconnects of the connection', (c) => c.reconnects);
  connectionGauge('cex_connection_renewals', 'Make-before-break renewals of the connection', (c) => c.renewals);
  connectionGauge('cex_connection_malformed_frames', 'Malformed frames received', (c) => c.malformedFrames);
  const userGauge = (name: string, help: string, pick: (u: TradingMetricsSnapshot['users'][number]) => number | undefined): void => {
    new Gauge({
      name,
      help,
      labelNames: ['exchange', 'user'],
      registers: [registry],
      collect() {
        this.reset();
        const snap = readTrading?.();
        if (!snap) return;
        for (const u of snap.users) {
          const value = u.userStream ? pick(u) : undefined;
          if (value !== undefined) this.set({ exchange: snap.exchange, user: u.user }, value);
        }
      },
    });
  };
  userGauge('cex_user_stream_up', '1 while the user-data stream is subscribed', (u) => (u.subscribed ? 1 : 0));
  userGauge('cex_user_stream_reconnects', 'Reconnects of the user-data stream', (u) => u.reconnects);
  userGauge('cex_user_stream_malformed_frames', 'Malformed frames received on the user-data stream', (u) => u.malformedFrames);
  userGauge('cex_user_stream_unknown_frames', 'Frames of unknown events received on the user-data stream', (u) => u.unknownFrames);
  userGauge('cex_user_stream_last_message_seconds', 'When the user-data stream last received a frame (Unix time, s)', (u) => (u.lastMessageAt === undefined ? undefined : u.lastMessageAt / 1000));
  new Gauge({
    name: 'cex_rest_rate_limited',
    help: 'Public REST requests answered 429/418',
    registers: [registry],
    collect() {
      this.set(snapshot().rateLimited);
    },
  });
  const restarts = new Counter({ name: 'cex_actor_restarts_total', help: 'Actor restarts by the supervisors', registers: [registry] });
  const crashes = new Counter({ name: 'cex_actor_crashes_total', help: 'Actor crashes', registers: [registry] });
  const unsubscribe = system.onEvent((event) => {
    if (event.type === 'childRestarted') restarts.inc();
    if (event.type === 'childCrashed') crashes.inc();
  });

  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.statusCode = 404;
      res.end('not found: try /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => {
        res.setHeader('content-type', registry.contentType);
        res.end(text);
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : where.port;
  return {
    url: `http://${where.host}:${port}/metrics`,
    registry,
    stop: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
