// Klines (candlesticks) folded from public trades: interval bounds as Binance cuts them, and the pure
// per-trade aggregation shared by the kline streams (open kline, pushed live) and GET /api/v3/klines.
import { Decimal } from '../../lib/core/decimal.js';
import type { Id, PublicTrade } from './types.js';

export const KLINE_INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

export function isKlineInterval(value: string): value is KlineInterval {
  return (KLINE_INTERVALS as readonly string[]).includes(value);
}

export interface Kline {
  interval: KlineInterval;
  openTime: number;
  closeTime: number;
  firstTradeId: Id; // -1 while the kline has no trade
  lastTradeId: Id;
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

/** The kline of the interval containing `time` before any trade: every price is the previous close. */
export function emptyKline(interval: KlineInterval, time: number, lastClose: Decimal): Kline {
  const [openTime, closeTime] = klineBounds(interval, time);
  const zero = new Decimal(0);
  return {
    interval,
    openTime,
    closeTime,
    firstTradeId: -1n,
    lastTradeId: -1n,
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

/** Folds one trade (inside the kline's interval) into `k`, in place. */
export function addTrade(k: Kline, trade: PublicTrade): void {
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

/**
 * Klines of `trades` (oldest first), one per interval that holds a trade, oldest first. A kline is
 * `closed` when `now` is past its close time.
 */
export function klinesFromTrades(interval: KlineInterval, trades: Iterable<PublicTrade>, now: number): Kline[] {
  const out: Kline[] = [];
  let current: Kline | undefined;
  for (const trade of trades) {
    if (!current || trade.time > current.closeTime) {
      current = emptyKline(interval, trade.time, trade.price);
      out.push(current);
    }
    addTrade(current, trade);
  }
  for (const k of out) k.closed = now > k.closeTime;
  return out;
}
