// Market stream names as Binance spells them (`btcusdt@depth5@100ms`), parsed into a typed spec.
// Only names the simulator can serve parse; anything else is reported as unknown to the caller.
import { isKlineInterval, type KlineInterval } from '../../engine/klines.js';

export { KLINE_INTERVALS, type KlineInterval } from '../../engine/klines.js';

export type DepthSpeed = 'fast' | 'slow'; // @100ms | 1000 ms
export type PartialDepthLevels = 5 | 10 | 20;

interface Named {
  /** The stream name exactly as subscribed. */
  name: string;
  /** Exchange symbol, upper case ('BTCUSDT'). */
  symbol: string;
}

export type StreamSpec =
  | (Named & { kind: 'trade' })
  | (Named & { kind: 'aggTrade' })
  | (Named & { kind: 'ticker' })
  | (Named & { kind: 'miniTicker' })
  | (Named & { kind: 'bookTicker' })
  | (Named & { kind: 'diffDepth'; speed: DepthSpeed })
  | (Named & { kind: 'partialDepth'; levels: PartialDepthLevels; speed: DepthSpeed })
  | (Named & { kind: 'kline'; interval: KlineInterval });

const SIMPLE_KINDS = { trade: 'trade', aggTrade: 'aggTrade', ticker: 'ticker', miniTicker: 'miniTicker', bookTicker: 'bookTicker' } as const;

/**
 * Parses `name`; `hasSymbol` answers for exchange symbols ('BTCUSDT'). Symbols must be lower case in
 * the name, as on Binance (an upper-case name never delivers data there, so it is refused here).
 */
export function parseStreamName(name: string, hasSymbol: (symbol: string) => boolean): StreamSpec | undefined {
  const at = name.indexOf('@');
  if (at <= 0) return undefined;
  const lowerSymbol = name.slice(0, at);
  if (lowerSymbol !== lowerSymbol.toLowerCase()) return undefined;
  const symbol = lowerSymbol.toUpperCase();
  if (!hasSymbol(symbol)) return undefined;
  const rest = name.slice(at + 1);
  const base = { name, symbol };

  if (Object.hasOwn(SIMPLE_KINDS, rest)) return { ...base, kind: SIMPLE_KINDS[rest as keyof typeof SIMPLE_KINDS] };
  if (rest === 'depth') return { ...base, kind: 'diffDepth', speed: 'slow' };
  if (rest === 'depth@100ms') return { ...base, kind: 'diffDepth', speed: 'fast' };

  const partial = /^depth(5|10|20)(@100ms)?$/.exec(rest);
  if (partial) {
    const levels = Number(partial[1]) as PartialDepthLevels;
    return { ...base, kind: 'partialDepth', levels, speed: partial[2] ? 'fast' : 'slow' };
  }
  if (rest.startsWith('kline_')) {
    const interval = rest.slice('kline_'.length);
    if (isKlineInterval(interval)) return { ...base, kind: 'kline', interval };
  }
  return undefined;
}
