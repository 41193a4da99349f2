// A FIFO queue on a growable ring buffer: O(1) push/shift without Array#shift's copying. Actor mailboxes
// and pub/sub outboxes queue through it on every message; the simulator's histories and rolling windows
// read it by position (at/first/last/slice) and its monotonic deques pop from the back.

/** Read-only access by position, oldest first. */
export interface FifoView<T> {
  readonly length: number;
  /** Item at position `i` from the front (0 = oldest). */
  at(i: number): T | undefined;
  first(): T | undefined;
  last(): T | undefined;
  /** Items from position `from` (inclusive) to `to` (exclusive), oldest first. */
  slice(from: number, to?: number): T[];
}

export class Fifo<T> implements FifoView<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(16);
  private head = 0;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return item;
  }

  /** Removes and returns the newest item. */
  pop(): T | undefined {
    if (this.count === 0) return undefined;
    const index = (this.head + this.count - 1) & (this.items.length - 1);
    const item = this.items[index];
    this.items[index] = undefined;
    this.count--;
    return item;
  }

  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.items[(this.head + i) & (this.items.length - 1)];
  }

  first(): T | undefined {
    return this.at(0);
  }

  last(): T | undefined {
    return this.at(this.count - 1);
  }

  slice(from: number, to: number = this.count): T[] {
    const start = Math.max(0, from);
    const end = Math.min(this.count, to);
    const out: T[] = [];
    for (let i = start; i < end; i++) out.push(this.items[(this.head + i) & (this.items.length - 1)] as T);
    return out;
  }

  clear(): void {
    this.items = new Array<T | undefined>(16);
    this.head = 0;
    this.count = 0;
  }

  /** Remove and return everything, oldest first. */
  drain(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }

  private grow(): void {
    const bigger = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = bigger;
    this.head = 0;
  }
}
