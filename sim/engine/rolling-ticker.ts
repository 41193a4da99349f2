// The 24 h rolling statistics of one symbol, kept incrementally: trades are merged into time buckets
// with running volume sums and monotonic deques for high/low, so a ticker costs O(1) amortized.
// Buckets are 1 s wide for the first minute of a symbol's trading (short runs and tests get
// second-exact windows), then window/MAX_BUCKETS wide (24 h: one per minute), so a symbol's ticker
// stays around 1 MB however long the run; 1-second buckets all day made it ~60 MB per symbol.
// A bucket leaves the window only when its last trade is older than the window, so the edge is
// approximate by up to one bucket (Binance's rolling windows are likewise up to 59,999 ms off).
import { Decimal } from '../../lib/core/decimal.js';
import { Fifo } from '../../lib/core/fifo.js';
import type { Id } from './types.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const MAX_BUCKETS = 1440;
export const FINE_BUCKET_MS = 1000;
export const FINE_PERIOD_MS = 60 * 1000;

interface Bucket {
  start: number;
  width: number;
  firstId: Id;
  lastId: Id;
  lastTime: number;
  open: Decimal;
  close: Decimal;
  high: Decimal;
  low: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  count: number;
}

export interface WindowStats {
  openPrice: Decimal;
  highPrice: Decimal;
  lowPrice: Decimal;
  lastPrice: Decimal;
  lastQty: Decimal;
  prevClosePrice: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  firstId: Id;
  lastId: Id;
  count: number;
  openTime: number;
  closeTime: number;
}

const ZERO = new Decimal(0);

export class RollingTicker {
  private readonly window = new Fifo<Bucket>();
  private readonly maxDeque = new Fifo<Bucket>(); // highs non-increasing
  private readonly minDeque = new Fifo<Bucket>(); // lows non-decreasing
  private volume = ZERO;
  private quoteVolume = ZERO;
  private count = 0;
  private prevClose = ZERO;
  private last: { price: Decimal; qty: Decimal } | undefined;
  private firstTradeTime: number | undefined;

  constructor(
    private readonly windowMs: number = DAY_MS,
    private readonly coarseMs: number = Math.max(FINE_BUCKET_MS, Math.ceil(windowMs / MAX_BUCKETS)),
  ) {}

  /** Buckets currently in the window (memory checks). */
  get bucketCount(): number {
    return this.window.length;
  }

  add(id: Id, time: number, price: Decimal, qty: Decimal, quoteQty: Decimal = price.mul(qty)): void {
    this.firstTradeTime ??= time;
    const width = time - this.firstTradeTime < FINE_PERIOD_MS ? FINE_BUCKET_MS : this.coarseMs;
    const start = Math.floor(time / width) * width;
    let bucket = this.window.last();
    if (!bucket || bucket.start !== start || bucket.width !== width) {
      bucket = { start, width, firstId: id, lastId: id, lastTime: time, open: price, close: price, high: price, low: price, volume: qty, quoteVolume: quoteQty, count: 1 };
      this.window.push(bucket);
    } else {
      bucket.lastId = id;
      bucket.lastTime = time;
      bucket.close = price;
      if (price.gt(bucket.high)) bucket.high = price;
      if (price.lt(bucket.low)) bucket.low = price;
      bucket.volume = bucket.volume.add(qty);
      bucket.quoteVolume = bucket.quoteVolume.add(quoteQty);
      bucket.count++;
    }
    this.volume = this.volume.add(qty);
    this.quoteVolume = this.quoteVolume.add(quoteQty);
    this.count++;
    this.last = { price, qty };
    // Only the newest bucket changes, and it is always at the back of a deque when it is in one.
    if (this.maxDeque.last() === bucket) this.maxDeque.pop();
    while (this.maxDeque.last()?.high.lte(bucket.high)) this.maxDeque.pop();
    this.maxDeque.push(bucket);
    if (this.minDeque.last() === bucket) this.minDeque.pop();
    while (this.minDeque.last()?.low.gte(bucket.low)) this.minDeque.pop();
    this.minDeque.push(bucket);
  }

  /** Price of the most recent trade ever, if any. */
  lastPrice(): Decimal | undefined {
    return this.last?.price;
  }

  stats(now: number): WindowStats {
    this.evict(now);
    const first = this.window.first();
    const newest = this.window.last();
    const lastPrice = this.last?.price ?? ZERO;
    return {
      openPrice: first?.open ?? lastPrice,
      highPrice: this.maxDeque.first()?.high ?? lastPrice,
      lowPrice: this.minDeque.first()?.low ?? lastPrice,
      lastPrice,
      lastQty: newest ? (this.last?.qty ?? ZERO) : ZERO,
      prevClosePrice: this.prevClose,
      volume: this.volume,
      quoteVolume: this.quoteVolume,
      firstId: first?.firstId ?? -1n,
      lastId: newest?.lastId ?? -1n,
      count: this.count,
      openTime: now - this.windowMs,
      closeTime: now,
    };
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    for (let b = this.window.first(); b && b.lastTime < cutoff; b = this.window.first()) {
      this.window.shift();
      this.volume = this.volume.sub(b.volume);
      this.quoteVolume = this.quoteVolume.sub(b.quoteVolume);
      this.count -= b.count;
      this.prevClose = b.close;
      if (this.maxDeque.first() === b) this.maxDeque.shift();
      if (this.minDeque.first() === b) this.minDeque.shift();
    }
  }
}
