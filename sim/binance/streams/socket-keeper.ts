// The rules every simulated Binance WebSocket obeys, market streams and WebSocket API alike: server
// pings with a pong deadline, the incoming-frame budget, the connection lifetime, and the
// stall/resume fault (socket open, nothing sent, not even pings; or, with keepPings, pings still flowing
// and answered while no data or reply is sent: the silent stall a ping/pong check alone cannot see).
import type { WebSocket } from 'ws';
import type { Logger } from '../../../lib/log.js';
import type { StreamTimings } from '../context.js';

export interface SocketKeeperOptions {
  timings: StreamTimings;
  /** Market streams count every incoming frame against timings.maxIncomingPerSecond; the WS API does not. */
  limitIncoming: boolean;
  /** Text frames that passed the budget. */
  onText: (text: string) => void;
  onClosed: () => void;
  log: Logger;
  /** Machine time for the per-second budget (tests may pass a fake). */
  now?: () => number;
}

/** Close codes the simulator uses; a dropped or timed-out socket has none (1006 at the client). */
export const CLOSE_TOO_MANY_MESSAGES = 1008;
export const CLOSE_LIFETIME = 1000;
/** A handler bug: the connection ends with "internal error", the process goes on. */
export const CLOSE_INTERNAL_ERROR = 1011;

/**
 * When this process's event loop last ran a turn (a 50 ms ticker, started by the first socket that counts its
 * incoming frames). Frames read after the loop was blocked (a long GC in a big simulator) arrived at times the
 * simulator cannot know: they all look like one burst, which the venue, counting at arrival, would not have seen.
 */
const loop = { lastTick: 0, resumedAt: Number.NEGATIVE_INFINITY, timer: undefined as NodeJS.Timeout | undefined };
const LOOP_TICK_MS = 50;
const LOOP_BLOCKED_MS = 300;
/** After a block, the backlog of frames is read within this long (timers run before I/O in a turn). */
const BACKLOG_MS = 250;
function watchLoop(): void {
  if (loop.timer) return;
  loop.lastTick = Date.now();
  loop.timer = setInterval(() => {
    const now = Date.now();
    if (now - loop.lastTick > LOOP_BLOCKED_MS) loop.resumedAt = now;
    loop.lastTick = now;
  }, LOOP_TICK_MS);
  loop.timer.unref();
}

/** The frame being read now may have waited behind a blocked loop. */
function afterBlockedLoop(): boolean {
  const now = Date.now();
  return now - loop.lastTick > LOOP_BLOCKED_MS || now - loop.resumedAt < BACKLOG_MS;
}

export interface StallOptions {
  /** Keep sending pings and answering the client's pings while nothing else is sent. */
  keepPings?: boolean;
}

export class SocketKeeper {
  private stalledFlag = false;
  /** During a stall: keep pinging and answering pings (a stall only a data watchdog can see). */
  private keepPingsFlag = false;
  private closedFlag = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private readonly lifetimeTimer: NodeJS.Timeout;
  private readonly pendingPongs: Array<{ payload: string; timer: NodeJS.Timeout }> = [];
  private readonly incoming: number[] = [];
  private pingCounter = 0;
  private readonly now: () => number;

  constructor(
    readonly ws: WebSocket,
    private readonly options: SocketKeeperOptions,
  ) {
    this.now = options.now ?? Date.now;
    if (options.limitIncoming && options.now === undefined) watchLoop();
    ws.on('message', (data, isBinary) => {
      if (!this.admit()) return;
      if (isBinary) return; // Binance reads JSON text frames only.
      try {
        options.onText(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
      } catch (error) {
        options.log.error('closing connection: a frame handler threw', { error });
        this.close(CLOSE_INTERNAL_ERROR, 'Internal error');
      }
    });
    ws.on('ping', (payload) => {
      if (!this.admit()) return;
      // autoPong is off on our servers so a stalled socket stays silent.
      if (!this.stalledFlag || this.keepPingsFlag) ws.pong(payload);
    });
    ws.on('pong', (payload) => {
      if (!this.admit()) return;
      this.acceptPong(payload.toString('utf8'));
    });
    ws.on('close', () => this.cleanup());
    ws.on('error', (error) => options.log.debug('socket error', { error: error.message }));
    this.lifetimeTimer = setTimeout(() => this.close(CLOSE_LIFETIME, 'connection lifetime reached'), options.timings.connectionLifetimeMs);
    this.startPings();
  }

  get stalled(): boolean {
    return this.stalledFlag;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Sends one text frame unless stalled or closed; true when it went out. */
  send(text: string): boolean {
    if (this.stalledFlag || this.closedFlag || this.ws.readyState !== this.ws.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  /** Nothing is sent until `resume`; with `keepPings` the pings (both ways) still flow. */
  stall(options: StallOptions = {}): void {
    if (this.stalledFlag || this.closedFlag) return;
    this.stalledFlag = true;
    this.keepPingsFlag = options.keepPings === true;
    if (!this.keepPingsFlag) this.stopPings();
  }

  resume(): void {
    if (!this.stalledFlag || this.closedFlag) return;
    this.stalledFlag = false;
    const pingsRan = this.keepPingsFlag;
    this.keepPingsFlag = false;
    if (!pingsRan) this.startPings();
  }

  /** Abrupt drop: no close frame, the client sees 1006. */
  terminate(): void {
    this.cleanup();
    this.ws.terminate();
  }

  close(code: number, reason: string): void {
    if (this.closedFlag) return;
    this.cleanup();
    this.ws.close(code, reason);
  }

  private admit(): boolean {
    if (this.closedFlag) return false;
    if (!this.options.limitIncoming) return true;
    // Read after our own loop was blocked: when it arrived is unknown, so it is not counted (see `loop`).
    if (this.options.now === undefined && afterBlockedLoop()) return true;
    const now = this.now();
    while (this.incoming.length > 0 && now - this.incoming[0]! >= 1000) this.incoming.shift();
    this.incoming.push(now);
    if (this.incoming.length > this.options.timings.maxIncomingPerSecond) {
      this.options.log.info('closing connection: too many incoming messages', { limit: this.options.timings.maxIncomingPerSecond });
      this.close(CLOSE_TOO_MANY_MESSAGES, 'Too many messages');
      return false;
    }
    return true;
  }

  private startPings(): void {
    this.pingTimer = setInterval(() => this.sendPing(), this.options.timings.pingIntervalMs);
  }

  private stopPings(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    for (const pending of this.pendingPongs.splice(0)) clearTimeout(pending.timer);
  }

  private sendPing(): void {
    if ((this.stalledFlag && !this.keepPingsFlag) || this.closedFlag || this.ws.readyState !== this.ws.OPEN) return;
    this.pingCounter += 1;
    const payload = String(this.pingCounter);
    const timer = setTimeout(() => {
      this.options.log.info('closing connection: no pong within the deadline', { pongTimeoutMs: this.options.timings.pongTimeoutMs });
      this.terminate();
    }, this.options.timings.pongTimeoutMs);
    this.pendingPongs.push({ payload, timer });
    this.ws.ping(payload);
  }

  /** A pong only counts when it echoes an outstanding ping; unsolicited pongs do not keep a socket alive. */
  private acceptPong(payload: string): void {
    const index = this.pendingPongs.findIndex((p) => p.payload === payload);
    if (index < 0) return;
    for (const answered of this.pendingPongs.splice(0, index + 1)) clearTimeout(answered.timer);
  }

  private cleanup(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.stopPings();
    clearTimeout(this.lifetimeTimer);
    this.options.onClosed();
  }
}
