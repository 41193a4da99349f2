// The USD-M dialect's default perpetuals: Binance's futures filters for these contracts (tick 0.10 / step 0.001
// and notional 100 on BTCUSDT, tick 0.01 / step 0.001 and notional 20 on ETHUSDT) on the engine's SymbolSpec, and
// the bots' start mids (on the tick).
import type { SymbolSpec } from '../engine/types.js';

function perpetual(symbol: string, base: string, tickSize: string, maxQty: string, marketMaxQty: string, minNotional: string): SymbolSpec {
  return {
    symbol,
    baseAsset: base,
    quoteAsset: 'USDT',
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    priceFilter: { minPrice: tickSize, maxPrice: '4529764', tickSize },
    lotSize: { minQty: '0.001', maxQty, stepSize: '0.001' },
    marketLotSize: { minQty: '0.001', maxQty: marketMaxQty, stepSize: '0.001' },
    notional: { minNotional, applyMinToMarket: true, maxNotional: '90000000', applyMaxToMarket: false, avgPriceMins: 5 },
  };
}

export const DEFAULT_FUTURES_SYMBOLS: SymbolSpec[] = [
  perpetual('BTCUSDT', 'BTC', '0.10', '1000', '120', '100'),
  perpetual('ETHUSDT', 'ETH', '0.01', '10000', '2000', '20'),
];

export const DEFAULT_FUTURES_START_MIDS: Readonly<Record<string, string>> = {
  BTCUSDT: '65010.0',
  ETHUSDT: '3201.00',
};

/** Decimal places of a tick or step ('0.10' -> 2, '1' -> 0): how USD-M prints that symbol's prices and quantities. */
export function placesOf(increment: string): number {
  const dot = increment.indexOf('.');
  return dot < 0 ? 0 : increment.length - dot - 1;
}
