// Binance's history-query rules over a plain array whose ids and times increase: `fromId` -> ascending
// from that id; startTime/endTime -> ascending within the range; neither -> the most recent `limit`.
import { clampLimit } from './trade-tape.js';
import type { Id, TradeQuery } from './types.js';

export function selectFiltered<T>(items: readonly T[], idOf: (t: T) => Id, timeOf: (t: T) => number, q: TradeQuery): T[] {
  const limit = clampLimit(q.limit);
  if (q.fromId === undefined && q.startTime === undefined && q.endTime === undefined) return items.slice(Math.max(0, items.length - limit));
  const out: T[] = [];
  for (const item of items) {
    if (out.length >= limit) break;
    if (q.fromId !== undefined && idOf(item) < q.fromId) continue;
    if (q.startTime !== undefined && timeOf(item) < q.startTime) continue;
    if (q.endTime !== undefined && timeOf(item) > q.endTime) break;
    out.push(item);
  }
  return out;
}
