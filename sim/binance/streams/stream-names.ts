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
  | (Named & { kind: 'kline'; interval: KlineInterval })
  /** USD-M only: mark price every second (`@markPrice@1s`) or every 3 s (`@markPrice`). */
  | (Named & { kind: 'markPrice'; everySeconds: 1 | 3 })
  /** USD-M only: liquidation orders (none until the simulator liquidates). */
  | (Named & { kind: 'forceOrder' });

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

/**
 * USD-M futures names (websocket-market-streams): no raw @trade and no @miniTicker are served here; diff depth
 * at @depth (250 ms), @depth@500ms and @depth@100ms (the simulator pushes the first two on its slow cadence);
 * partial depth `@depth<5|10|20>[@100ms|@250ms|@500ms]`; `@markPrice[@1s]`; `@forceOrder`; tickers and klines.
 */
export function parseUsdmStreamName(name: string, hasSymbol: (symbol: string) => boolean): StreamSpec | undefined {
  const at = name.indexOf('@');
  if (at <= 0) return undefined;
  const lowerSymbol = name.slice(0, at);
  if (lowerSymbol !== lowerSymbol.toLowerCase()) return undefined;
  const symbol = lowerSymbol.toUpperCase();
  if (!hasSymbol(symbol)) return undefined;
  const rest = name.slice(at + 1);
  const base = { name, symbol };
  switch (rest) {
    case 'aggTrade':
    case 'ticker':
    case 'bookTicker':
      return { ...base, kind: rest };
    case 'forceOrder':
      return { ...base, kind: 'forceOrder' };
    case 'markPrice':
      return { ...base, kind: 'markPrice', everySeconds: 3 };
    case 'markPrice@1s':
      return { ...base, kind: 'markPrice', everySeconds: 1 };
    case 'depth':
    case 'depth@250ms':
    case 'depth@500ms':
      return { ...base, kind: 'diffDepth', speed: 'slow' };
    case 'depth@100ms':
      return { ...base, kind: 'diffDepth', speed: 'fast' };
    default:
      break;
  }
  const partial = /^depth(5|10|20)(@100ms|@250ms|@500ms)?$/.exec(rest);
  if (partial) return { ...base, kind: 'partialDepth', levels: Number(partial[1]) as PartialDepthLevels, speed: partial[2] === '@100ms' ? 'fast' : 'slow' };
  if (rest.startsWith('kline_')) {
    const interval = rest.slice('kline_'.length);
    if (isKlineInterval(interval) && interval !== '1s') return { ...base, kind: 'kline', interval };
  }
  return undefined;
}
