// The simulator's default symbols: Binance spot filters as exchangeInfo reports them for these pairs
// (tick/step/notional), and start prices for the bots' mid-price walk. ETHBTC's mid is ETHUSDT/BTCUSDT.
import type { SymbolSpec } from './engine/types.js';

interface SpecInput {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: string;
  maxPrice: string;
  stepSize: string;
  maxQty: string;
  marketMaxQty: string;
  minNotional: string;
}

function spotSymbol(input: SpecInput): SymbolSpec {
  return {
    symbol: input.symbol,
    baseAsset: input.baseAsset,
    quoteAsset: input.quoteAsset,
    baseAssetPrecision: 8,
    quoteAssetPrecision: 8,
    priceFilter: { minPrice: input.tickSize, maxPrice: input.maxPrice, tickSize: input.tickSize },
    lotSize: { minQty: input.stepSize, maxQty: input.maxQty, stepSize: input.stepSize },
    // Binance reports MARKET_LOT_SIZE with minQty/stepSize 0 (rules off) and a lower maxQty.
    marketLotSize: { minQty: '0', maxQty: input.marketMaxQty, stepSize: '0' },
    notional: { minNotional: input.minNotional, applyMinToMarket: true, maxNotional: '9000000', applyMaxToMarket: false, avgPriceMins: 5 },
  };
}

export const DEFAULT_SYMBOLS: SymbolSpec[] = [
  spotSymbol({
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    quoteAsset: 'USDT',
    tickSize: '0.01',
    maxPrice: '1000000',
    stepSize: '0.00001',
    maxQty: '9000',
    marketMaxQty: '100',
    minNotional: '5',
  }),
  spotSymbol({
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    quoteAsset: 'USDT',
    tickSize: '0.01',
    maxPrice: '1000000',
    stepSize: '0.0001',
    maxQty: '9000',
    marketMaxQty: '1000',
    minNotional: '5',
  }),
  spotSymbol({
    symbol: 'ETHBTC',
    baseAsset: 'ETH',
    quoteAsset: 'BTC',
    tickSize: '0.00001',
    maxPrice: '922327',
    stepSize: '0.0001',
    maxQty: '100000',
    marketMaxQty: '1000',
    minNotional: '0.0001',
  }),
];

/** Start mid prices (decimal strings on each symbol's tick) for the bots. */
export const DEFAULT_START_MIDS: Readonly<Record<string, string>> = {
  BTCUSDT: '65000.00',
  ETHUSDT: '3200.00',
  ETHBTC: '0.04923',
};

/**
 * `count` generated USDT symbols (`<prefix>001USDT`, ...) with plain filters (tick 0.01, step 0.001, notional 5) and
 * their bots' start mids (100.00, 101.00, ...): for soaks, benchmarks and scale tests that need many symbols.
 */
export function generatedSymbols(count: number, prefix = 'S'): { specs: SymbolSpec[]; startMids: Record<string, string> } {
  const specs: SymbolSpec[] = [];
  const startMids: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    const base = `${prefix}${String(i).padStart(3, '0')}`;
    specs.push({
      symbol: `${base}USDT`,
      baseAsset: base,
      quoteAsset: 'USDT',
      baseAssetPrecision: 8,
      quoteAssetPrecision: 8,
      priceFilter: { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
      lotSize: { minQty: '0.001', maxQty: '9000', stepSize: '0.001' },
      marketLotSize: { minQty: '0', maxQty: '1000', stepSize: '0' },
      notional: { minNotional: '5', applyMinToMarket: true, maxNotional: '9000000', applyMaxToMarket: false, avgPriceMins: 5 },
    });
    startMids[`${base}USDT`] = `${100 + i - 1}.00`;
  }
  return { specs, startMids };
}
