// Per-stream and per-connection figures of one market feed: message rates, latency percentiles
// (exchange event time -> delivery, local receive -> delivery), reconnects, gaps, crossed books, resyncs. Memory is
// fixed: each latency series keeps its last SAMPLES values in a ring.
const SAMPLES = 1024;

class LatencyRing {
  private readonly values = new Float64Array(SAMPLES);
  private count = 0;

  add(ms: number): void {
    this.values[this.count % SAMPLES] = ms;
    this.count += 1;
  }

  percentiles(): { p50: number; p95: number; p99: number } | undefined {
    const n = Math.min(this.count, SAMPLES);
    if (n === 0) return undefined;
    const sorted = Array.from(this.values.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(n - 1, Math.floor(q * n))] ?? 0;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}

interface StreamCounters {
  messages: number;
  /** For the rate: messages and time at the previous read. */
  lastReadMessages: number;
  lastReadAt: number;
  gaps: number;
  crossed: number;
  resyncs: number;
  backfilled: number;
  readonly exchangeLatency: LatencyRing;
  readonly localLatency: LatencyRing;
}

export interface StreamMetricsSnapshot {
  /** `<channel>:<symbol>`, e.g. `depth:BTC/USDT`. */
  readonly stream: string;
  readonly messages: number;
  /** Messages per second since the previous read (since the start on the first). */
  readonly messagesPerSecond: number;
  readonly gaps: number;
  /** Books the venue's events left crossed (best bid >= best ask), each discarded and resynced. */
  readonly crossed: number;
  readonly resyncs: number;
  /** Trades recovered from REST after a gap. */
  readonly backfilled: number;
  /** Exchange event time -> delivery to subscribers (ms). Includes clock skew between us and the exchange. */
  readonly exchangeLatencyMs: { p50: number; p95: number; p99: number } | undefined;
  /** Local receive -> delivery to subscribers (ms): our own overhead. */
  readonly localLatencyMs: { p50: number; p95: number; p99: number } | undefined;
}

export interface ConnectionMetricsSnapshot {
  readonly connection: string;
  readonly state: 'connecting' | 'connected' | 'renewing' | 'down';
  readonly streams: number;
  readonly reconnects: number;
  readonly renewals: number;
  readonly malformedFrames: number;
  readonly unknownFrames: number;
}

export interface FeedMetricsSnapshot {
  readonly exchange: string;
  readonly streams: readonly StreamMetricsSnapshot[];
  readonly connections: readonly ConnectionMetricsSnapshot[];
  /** REST requests refused with 429/418 so far, and the ban end if one is running (ms epoch). */
  readonly rateLimited: number;
  readonly bannedUntil: number | undefined;
}

interface ConnectionCounters {
  state: ConnectionMetricsSnapshot['state'];
  streams: number;
  reconnects: number;
  renewals: number;
  malformedFrames: number;
  unknownFrames: number;
}

export class FeedMetrics {
  private readonly streams = new Map<string, StreamCounters>();
  private readonly connections = new Map<string, ConnectionCounters>();
  private readonly startedAt = Date.now();
  rateLimited = 0;
  bannedUntil: number | undefined;

  constructor(readonly exchange: string) {}

  /** One event delivered on `stream`: counts it and records both latencies. */
  delivered(stream: string, exchangeTime: number, receivedAt: number, now: number): void {
    const counters = this.stream(stream);
    counters.messages += 1;
    if (exchangeTime > 0) counters.exchangeLatency.add(now - exchangeTime);
    counters.localLatency.add(now - receivedAt);
  }

  gap(stream: string): void {
    this.stream(stream).gaps += 1;
  }

  crossed(stream: string): void {
    this.stream(stream).crossed += 1;
  }

  resync(stream: string): void {
    this.stream(stream).resyncs += 1;
  }

  backfilled(stream: string, count: number): void {
    this.stream(stream).backfilled += count;
  }

  connection(id: string): ConnectionCounters {
    let counters = this.connections.get(id);
    if (!counters) {
      counters = { state: 'connecting', streams: 0, reconnects: 0, renewals: 0, malformedFrames: 0, unknownFrames: 0 };
      this.connections.set(id, counters);
    }
    return counters;
  }

  forgetConnection(id: string): void {
    this.connections.delete(id);
  }

  forgetStream(stream: string): void {
    this.streams.delete(stream);
  }

  snapshot(now = Date.now()): FeedMetricsSnapshot {
    const streams = [...this.streams.entries()].map(([stream, c]): StreamMetricsSnapshot => {
      const since = c.lastReadAt || this.startedAt;
      const seconds = Math.max(0.001, (now - since) / 1000);
      const rate = (c.messages - c.lastReadMessages) / seconds;
      c.lastReadMessages = c.messages;
      c.lastReadAt = now;
      return {
        stream,
        messages: c.messages,
        messagesPerSecond: Math.round(rate * 10) / 10,
        gaps: c.gaps,
        crossed: c.crossed,
        resyncs: c.resyncs,
        backfilled: c.backfilled,
        exchangeLatencyMs: c.exchangeLatency.percentiles(),
        localLatencyMs: c.localLatency.percentiles(),
      };
    });
    const connections = [...this.connections.entries()].map(([connection, c]) => ({ connection, ...c }));
    return { exchange: this.exchange, streams, connections, rateLimited: this.rateLimited, bannedUntil: this.bannedUntil };
  }

  private stream(stream: string): StreamCounters {
    let counters = this.streams.get(stream);
    if (!counters) {
      counters = {
        messages: 0,
        lastReadMessages: 0,
        lastReadAt: 0,
        gaps: 0,
        crossed: 0,
        resyncs: 0,
        backfilled: 0,
        exchangeLatency: new LatencyRing(),
        localLatency: new LatencyRing(),
      };
      this.streams.set(stream, counters);
    }
    return counters;
  }
}
