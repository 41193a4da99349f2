// The open connections of one simulated WebSocket endpoint and the connection faults the control API
// applies to them (drop, stall, resume, serverShutdown): market streams and the WebSocket API share it.
import type { SocketKeeper, StallOptions } from './streams/socket-keeper.js';

/** What the faults need of a connection: its socket keeper and the endpoint's own serverShutdown event. */
export interface FaultableConnection {
  readonly keeper: SocketKeeper;
  sendServerShutdown(eventTime: number): void;
}

export class ConnectionSet<C extends FaultableConnection> {
  private readonly open = new Set<C>();
  private readonly shutdownTimers = new Set<NodeJS.Timeout>();

  add(connection: C): void {
    this.open.add(connection);
  }

  delete(connection: C): void {
    this.open.delete(connection);
  }

  get size(): number {
    return this.open.size;
  }

  /** A snapshot: faults close connections, which removes them from the set while it is walked. */
  all(): C[] {
    return [...this.open];
  }

  /** Fault: abrupt disconnect (no close frame, 1006 at the client) of `chosen`; returns how many. */
  drop(chosen: readonly C[]): number {
    for (const connection of chosen) connection.keeper.terminate();
    return chosen.length;
  }

  /** Fault: the sockets of `chosen` stay open but nothing is sent, not even pings unless `keepPings`; returns how many were not stalled yet. */
  stall(chosen: readonly C[], options: StallOptions = {}): number {
    const fresh = chosen.filter((connection) => !connection.keeper.stalled);
    for (const connection of fresh) connection.keeper.stall(options);
    return fresh.length;
  }

  /** Ends every stall; what was published meanwhile is lost, as on a link that dropped it. */
  resume(): void {
    for (const connection of this.open) connection.keeper.resume();
  }

  /** Fault: the serverShutdown event to every connection; with `closeAfterMs` those connections are closed after it. */
  sendServerShutdown(now: number, closeAfterMs?: number): void {
    const targets = this.all();
    for (const connection of targets) connection.sendServerShutdown(now);
    if (closeAfterMs === undefined) return;
    const timer = setTimeout(() => {
      this.shutdownTimers.delete(timer);
      for (const connection of targets) connection.keeper.close(1001, 'server shutdown');
    }, closeAfterMs);
    this.shutdownTimers.add(timer);
  }

  /** Cancels pending shutdown closes and terminates every connection (the endpoint is closing). */
  closeAll(): void {
    for (const timer of this.shutdownTimers) clearTimeout(timer);
    this.shutdownTimers.clear();
    for (const connection of this.all()) connection.keeper.terminate();
  }
}

/** Key -> the connections subscribed under it, so a publish reaches only those (no empty sets are kept). */
export class Subscribers<C> {
  private readonly byKey = new Map<string, Set<C>>();

  get(key: string): ReadonlySet<C> | undefined {
    return this.byKey.get(key);
  }

  add(key: string, connection: C): void {
    let set = this.byKey.get(key);
    if (!set) {
      set = new Set();
      this.byKey.set(key, set);
    }
    set.add(connection);
  }

  /** False when `connection` was not subscribed under `key`. */
  delete(key: string, connection: C): boolean {
    const set = this.byKey.get(key);
    if (!set?.delete(connection)) return false;
    if (set.size === 0) this.byKey.delete(key);
    return true;
  }
}
