// A FIFO array with O(1) amortized shift: the engine's trade history and rolling windows evict from the
// front on every trade, and Array.prototype.shift would copy the whole array each time.
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** Item at position `i` from the front (0 = oldest). */
  at(i: number): T | undefined {
    return i < 0 ? undefined : this.items[this.head + i];
  }

  first(): T | undefined {
    return this.items[this.head];
  }

  last(): T | undefined {
    return this.items.length > this.head ? this.items[this.items.length - 1] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.head++;
    // Compact once the dead prefix dominates, so memory stays proportional to the live items.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  pop(): T | undefined {
    if (this.items.length <= this.head) return undefined;
    return this.items.pop();
  }

  /** Items from position `from` (inclusive) to `to` (exclusive), oldest first. */
  slice(from: number, to: number = this.length): T[] {
    return this.items.slice(this.head + Math.max(0, from), this.head + Math.max(0, to));
  }
}
