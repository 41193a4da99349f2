// The pending restarts of one supervisor. A restart runs on a timer (its backoff delay) or on
// setImmediate, never in a microtask loop, so a restart storm cannot starve the event loop; a
// supervisor that stops or gives up cancels whatever is still pending.
export class RestartTimers {
  private readonly pending = new Set<() => void>();

  /** Call `fire` after `delayMs`, or on the next event-loop turn when it is 0, unless cancelled first. */
  schedule(delayMs: number, fire: () => void): void {
    let cancel: () => void;
    const run = (): void => {
      this.pending.delete(cancel);
      fire();
    };
    if (delayMs > 0) {
      const timer = setTimeout(run, delayMs);
      cancel = () => clearTimeout(timer);
    } else {
      // setImmediate, not a microtask: between two restarts the event loop gets a full turn.
      const immediate = setImmediate(run);
      cancel = () => clearImmediate(immediate);
    }
    this.pending.add(cancel);
  }

  cancelAll(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }
}
