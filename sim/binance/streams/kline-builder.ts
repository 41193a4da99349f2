// The open kline (candlestick) of one symbol and interval, folded from public trades. Binance pushes
// the open kline every 1-2 s and a last update with `x: true` once the interval has ended.
import { Decimal } from '../../../lib/core/decimal.js';
import type { PublicTrade } from '../../engine/types.js';
import type { KlineInterval } from './stream-names.js';

export interface Kline {
  interval: KlineInterval;
  openTime: number;
  closeTime: number;
  firstTradeId: number; // -1 while the kline has no trade
  lastTradeId: number;
  open: Decimal;
  high: Decimal;
  low: Decimal;
  close: Decimal;
  volume: Decimal;
  quoteVolume: Decimal;
  takerBuyVolume: Decimal;
  takerBuyQuoteVolume: Decimal;
  trades: number;
  closed: boolean;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// 1970-01-01 was a Thursday; Binance weeks open on Monday 00:00 UTC.
const FIRST_MONDAY = 4 * DAY;

const FIXED_MS: Record<Exclude<KlineInterval, '1w' | '1M'>, number> = {
  '1s': SECOND,
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '8h': 8 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '3d': 3 * DAY,
};

/** [openTime, closeTime] of the interval containing `time` (closeTime = next open - 1, as Binance). */
export function klineBounds(interval: KlineInterval, time: number): [number, number] {
  if (interval === '1M') {
    const d = new Date(time);
    const open = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return [open, next - 1];
  }
  if (interval === '1w') {
    const week = 7 * DAY;
    const open = Math.floor((time - FIRST_MONDAY) / week) * week + FIRST_MONDAY;
    return [open, open + week - 1];
  }
  const ms = FIXED_MS[interval];
  const open = Math.floor(time / ms) * ms;
  return [open, open + ms - 1];
}

function emptyKline(interval: KlineInterval, time: number, lastClose: Decimal): Kline {
  const [openTime, closeTime] = klineBounds(interval, time);
  const zero = new Decimal(0);
  return {
    interval,
    openTime,
    closeTime,
    firstTradeId: -1,
    lastTradeId: -1,
    open: lastClose,
    high: lastClose,
    low: lastClose,
    close: lastClose,
    volume: zero,
    quoteVolume: zero,
    takerBuyVolume: zero,
    takerBuyQuoteVolume: zero,
    trades: 0,
    closed: false,
  };
}

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
    const k = this.current;
    if (k.trades === 0) {
      k.firstTradeId = trade.id;
      k.open = trade.price;
      k.high = trade.price;
      k.low = trade.price;
    }
    k.lastTradeId = trade.id;
    k.close = trade.price;
    if (trade.price.gt(k.high)) k.high = trade.price;
    if (trade.price.lt(k.low)) k.low = trade.price;
    k.volume = k.volume.plus(trade.qty);
    k.quoteVolume = k.quoteVolume.plus(trade.quoteQty);
    if (!trade.isBuyerMaker) {
      // The buyer was the taker: "taker buy" volume.
      k.takerBuyVolume = k.takerBuyVolume.plus(trade.qty);
      k.takerBuyQuoteVolume = k.takerBuyQuoteVolume.plus(trade.quoteQty);
    }
    k.trades += 1;
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
