// The open kline (candlestick) of one symbol and interval, folded from public trades. Binance pushes
// the open kline every 1-2 s and a last update with `x: true` once the interval has ended.
import { Decimal } from '../../../lib/core/decimal.js';
import { addTrade, emptyKline, klineBounds, type Kline, type KlineInterval } from '../../engine/klines.js';
import type { PublicTrade } from '../../engine/types.js';

export { klineBounds, type Kline } from '../../engine/klines.js';

export class KlineBuilder {
  private current: Kline;
  private readonly closedQueue: Kline[] = [];

  /** `history`: recent trades oldest first, used to fill the interval already under way. */
  constructor(
    readonly interval: KlineInterval,
    now: number,
    lastPrice: Decimal | undefined,
    history: readonly PublicTrade[] = [],
  ) {
    const [openTime] = klineBounds(interval, now);
    const before = history.filter((t) => t.time < openTime);
    const seedClose = before.length > 0 ? before[before.length - 1]!.price : (lastPrice ?? new Decimal(0));
    this.current = emptyKline(interval, now, seedClose);
    for (const trade of history) if (trade.time >= openTime) this.onTrade(trade);
  }

  onTrade(trade: PublicTrade): void {
    this.rollTo(trade.time);
    addTrade(this.current, trade);
  }

  /** Klines to push at `now`: any that closed since the last call (x: true), then the open one. */
  take(now: number): Kline[] {
    this.rollTo(now);
    const out = this.closedQueue.splice(0, this.closedQueue.length);
    out.push({ ...this.current });
    return out;
  }

  private rollTo(time: number): void {
    while (time > this.current.closeTime) {
      this.closedQueue.push({ ...this.current, closed: true });
      this.current = emptyKline(this.interval, this.current.closeTime + 1, this.current.close);
      // Skip empty intervals in one step when a long time passed.
      if (time > this.current.closeTime) this.current = emptyKline(this.interval, time, this.current.close);
    }
  }
}
