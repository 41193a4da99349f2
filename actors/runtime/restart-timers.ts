// The pending restarts of one supervisor, one per group of children restarted together. A restart
// runs on a timer (its backoff delay) or on setImmediate, never in a microtask loop, so a restart
// storm cannot starve the event loop. A newer decision about a child replaces the pending one, a
// child stopped for good leaves its group, and a supervisor that stops cancels all of them.
interface Pending {
  readonly ids: Set<string>;
  cancel(): void;
}

export class RestartTimers {
  private readonly pending = new Set<Pending>();

  /** Call `fire(ids)` after `delayMs` (next event-loop turn when 0), unless cancelled first. */
  schedule(ids: readonly string[], delayMs: number, fire: (ids: readonly string[]) => void): void {
    for (const id of ids) this.cancelFor(id);
    const entry: Pending = { ids: new Set(ids), cancel: () => undefined };
    const run = (): void => {
      this.pending.delete(entry);
      fire([...entry.ids]);
    };
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      entry.cancel = () => clearTimeout(timer);
    } else {
      // setImmediate, not a microtask: between two restarts the event loop gets a full turn.
      const immediate = setImmediate(run);
      entry.cancel = () => clearImmediate(immediate);
    }
    this.pending.add(entry);
  }

  /** Child `id` no longer waits for a restart; a group left empty is cancelled. */
  cancelFor(id: string): void {
    for (const entry of this.pending) {
      if (!entry.ids.delete(id) || entry.ids.size > 0) continue;
      entry.cancel();
      this.pending.delete(entry);
    }
  }

  cancelAll(): void {
    for (const entry of this.pending) entry.cancel();
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }
}
