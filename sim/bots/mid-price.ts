// A drifting mid price: a random walk in whole ticks (so the price stays exact and on the tick grid),
// kept within [start/4, start*4] so a long run cannot walk the market to zero.
import { Decimal } from '../../lib/core/decimal.js';
import type { SeededRandom } from './random.js';

export class MidPrice {
  private ticks: Decimal; // mid = ticks * tick
  private readonly sigmaTicks: number;
  private readonly minTicks: Decimal;
  private readonly maxTicks: Decimal;

  /** `volatilityBps`: standard deviation of one step, in basis points of the start price. */
  constructor(
    start: Decimal,
    private readonly tick: Decimal,
    volatilityBps: number,
  ) {
    this.ticks = start.div(tick).floor();
    // A count of ticks, not an amount of money: a float is fine here.
    this.sigmaTicks = this.ticks.mul(volatilityBps).div(10_000).toNumber();
    this.minTicks = Decimal.max(1, this.ticks.div(4).floor());
    this.maxTicks = this.ticks.mul(4);
  }

  get value(): Decimal {
    return this.ticks.mul(this.tick);
  }

  /** Moves the mid by a normally distributed whole number of ticks; returns the new mid. */
  step(rng: SeededRandom): Decimal {
    const move = Math.round(rng.gaussian() * this.sigmaTicks);
    this.ticks = Decimal.min(this.maxTicks, Decimal.max(this.minTicks, this.ticks.add(move)));
    return this.value;
  }
}
