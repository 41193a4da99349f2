// Runs async operations one at a time, in order: a supervisor's decisions never interleave. Once
// closed (a stop was queued), new operations are refused at once rather than queued behind the
// stop, so a child's onStop that calls its supervisor cannot deadlock the shutdown.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closedWith: (() => unknown) | undefined;

  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closedWith) return Promise.reject(this.closedWith());
    const result = this.tail.then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Refuse every later `run` with the error `refusal()` makes. Operations already queued still run. */
  close(refusal: () => unknown): void {
    this.closedWith ??= refusal;
  }
}
