// A tiny synchronous event source whose listeners cannot break the emitter (their throws are logged).
import type { Logger } from '../../lib/log.js';

export class EventSource<E> {
  private readonly listeners = new Set<(event: E) => void>();

  constructor(
    private readonly log: Logger,
    private readonly name: string,
  ) {}

  get size(): number {
    return this.listeners.size;
  }

  subscribe(listener: (event: E) => void): () => void {
    // Wrap so the same function subscribed twice is two subscriptions.
    const entry = (event: E): void => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(event: E): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error(`${this.name} listener threw`, { error });
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
