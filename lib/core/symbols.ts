// Unified symbols ('BTC/USDT') <-> a venue's own ids ('BTCUSDT'), built from the venue's listing only.
// Splitting 'BTCUSDT' by text is ambiguous (is it BTC/USDT or BTCU/SDT?), so nothing here parses a name:
// a symbol the listing lacks is an UnknownSymbolError, never a guess.
import type { SymbolInfo } from '../exchanges/types.js';
import { ExchangeFormatError, UnknownSymbolError } from './errors.js';

export class SymbolMap {
  private readonly byUnified = new Map<string, SymbolInfo>();
  /** Keyed by the venue id upper-cased: stream names carry it lower-case ('btcusdt@trade'). */
  private readonly byVenue = new Map<string, SymbolInfo>();

  /** Throws ExchangeFormatError when two listings claim the same unified or venue symbol. */
  constructor(
    readonly exchange: string,
    infos: readonly SymbolInfo[],
  ) {
    for (const info of infos) {
      const venueKey = info.venueSymbol.toUpperCase();
      if (this.byUnified.has(info.symbol)) {
        throw new ExchangeFormatError(exchange, 'symbols', `two listings map to ${info.symbol}`);
      }
      if (this.byVenue.has(venueKey)) {
        throw new ExchangeFormatError(exchange, 'symbols', `venue symbol ${info.venueSymbol} is listed twice`);
      }
      this.byUnified.set(info.symbol, info);
      this.byVenue.set(venueKey, info);
    }
  }

  get size(): number {
    return this.byUnified.size;
  }

  /** Every listing, in the order given. */
  all(): SymbolInfo[] {
    return [...this.byUnified.values()];
  }

  /** The listing for a unified symbol ('BTC/USDT', any case), or undefined (also for a caller's non-string). */
  findUnified(symbol: string): SymbolInfo | undefined {
    if (typeof symbol !== 'string') return undefined;
    return this.byUnified.get(symbol) ?? this.byUnified.get(symbol.toUpperCase());
  }

  /** The listing for a venue symbol in any case ('BTCUSDT', 'btcusdt'), or undefined: the hot path's lookup. */
  findVenue(venueSymbol: string): SymbolInfo | undefined {
    if (typeof venueSymbol !== 'string') return undefined;
    return this.byVenue.get(venueSymbol) ?? this.byVenue.get(venueSymbol.toUpperCase());
  }

  /** 'BTC/USDT' -> 'BTCUSDT'; throws UnknownSymbolError. */
  toVenue(symbol: string): string {
    return this.info(symbol).venueSymbol;
  }

  /** 'BTCUSDT' or 'btcusdt' -> 'BTC/USDT'; throws UnknownSymbolError. */
  toUnified(venueSymbol: string): string {
    const info = this.findVenue(venueSymbol);
    if (info === undefined) throw new UnknownSymbolError(this.exchange, venueSymbol);
    return info.symbol;
  }

  /** The listing of a unified symbol; throws UnknownSymbolError. */
  info(symbol: string): SymbolInfo {
    const info = this.findUnified(symbol);
    if (info === undefined) throw new UnknownSymbolError(this.exchange, symbol);
    return info;
  }
}
