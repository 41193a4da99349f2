// Contract sizes (`ctVal`) of OKX swaps, learnt from the instrument listing. OKX prints swap sizes in contracts
// (book levels, trades, best bid/ask, volumes); the unified unit is the base asset (ccxt's `amount` for a linear
// swap is also in contracts, but our topics carry one unit across venues: Binance USD-M prints base units). So a
// swap quantity is multiplied by ctVal on the way in, exactly (Decimal, printed without exponent), and an order
// quantity is divided by it on the way out. Spot needs no size: its sizes are already base units.
import { Decimal } from '../../core/decimal.js';

/** OKX names its perpetual swaps `<BASE>-<QUOTE>-SWAP`. */
export const isSwapInstId = (instId: string): boolean => instId.endsWith('-SWAP');

export class ContractSizes {
  private readonly sizes = new Map<string, Decimal>();

  /** Records `ctVal` (a positive decimal string) for a contract instrument; replaces an older value. */
  set(instId: string, ctVal: string): void {
    const size = new Decimal(ctVal);
    if (!size.isFinite() || size.lte(0)) throw new RangeError(`contract size of ${instId} must be positive, got ${ctVal}`);
    this.sizes.set(instId, size);
  }

  /** The contract size, or undefined for spot and for a swap the listing did not give. */
  get(instId: string): Decimal | undefined {
    return this.sizes.get(instId);
  }

  /** True when the instrument's sizes are in contracts and its contract size is unknown: its sizes cannot be read. */
  missing(instId: string): boolean {
    return isSwapInstId(instId) && !this.sizes.has(instId);
  }

  /** True when the instrument's sizes must be scaled (a known contract size other than 1). */
  scales(instId: string): boolean {
    const size = this.sizes.get(instId);
    return size !== undefined && !size.eq(1);
  }

  /** A size in the venue's unit (contracts for a swap) -> the unified unit (base asset), as a plain decimal string. */
  toUnified(instId: string, quantity: string): string {
    const size = this.sizes.get(instId);
    return size === undefined ? quantity : new Decimal(quantity).mul(size).toFixed();
  }

  /** A unified quantity -> contracts (for orders): exact only when it is a whole multiple of the step the listing gives. */
  toVenue(instId: string, quantity: string): string {
    const size = this.sizes.get(instId);
    return size === undefined ? quantity : new Decimal(quantity).div(size).toFixed();
  }
}
