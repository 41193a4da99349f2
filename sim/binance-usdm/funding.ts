// Mark price, index price and funding for the USD-M dialect (premiumIndex and markPriceUpdate). The mark is the
// futures book's mid (its last price while a side is empty), the index the spot engine's mid for the same
// symbol where the spot dialect lists it (else the mark). The funding rate is configured, not computed from the
// premium: tests need to know it. Funding happens every `intervalMs` from the epoch (8 h on Binance); tests
// compress it so a funding time passes while they watch.
import { Decimal, toFixedString } from '../../lib/core/decimal.js';
import type { MatchingEngineApi } from '../engine/types.js';

export interface FundingSettings {
  /** Time between fundings (ms). Binance: 8 h for most perpetuals. */
  readonly intervalMs: number;
  /** The rate every funding applies (decimal string, may be negative): Binance's 0.0001 (0.01 %) default. */
  readonly rate: string;
}

export interface MarkPriceState {
  readonly markPrice: Decimal;
  readonly indexPrice: Decimal;
  readonly fundingRate: Decimal;
  readonly nextFundingTime: number;
}

export class FundingModel {
  private readonly rate: Decimal;

  constructor(
    private readonly futures: MatchingEngineApi,
    private readonly spot: MatchingEngineApi | undefined,
    readonly settings: FundingSettings,
  ) {
    this.rate = new Decimal(settings.rate);
  }

  /** The first funding time after `now`. */
  nextFundingTime(now: number): number {
    return (Math.floor(now / this.settings.intervalMs) + 1) * this.settings.intervalMs;
  }

  state(symbol: string, now: number): MarkPriceState {
    const markPrice = mid(this.futures, symbol) ?? new Decimal(0);
    const indexPrice = (this.spot?.symbols.has(symbol) ? mid(this.spot, symbol) : undefined) ?? markPrice;
    return { markPrice, indexPrice, fundingRate: this.rate, nextFundingTime: this.nextFundingTime(now) };
  }
}

/** The book's mid (8 places, truncated), its last price while a side is empty, undefined before any trade. */
function mid(engine: MatchingEngineApi, symbol: string): Decimal | undefined {
  const top = engine.bookTicker(symbol);
  if (!top.bidPrice.isZero() && !top.askPrice.isZero()) return new Decimal(toFixedString(top.bidPrice.plus(top.askPrice).div(2), 8));
  return engine.lastPrice(symbol);
}

/** Binance prints mark, index and rate with 8 places ('11794.15000000', '0.00038167'). */
export const eightPlaces = (value: Decimal): string => toFixedString(value, 8);
