// Liquidity bots that make the simulator a live market: a market maker quoting a ladder of levels around
// a drifting mid on every maker tick, and a taker that now and then crosses with MARKET or IOC orders.
// Seeded, so a run is reproducible. Timers live here (the engine stays pure); ticks can also be driven by hand.
import { Decimal } from '../../lib/core/decimal.js';
import { roundDownToStep } from '../../lib/exchanges/binance/filters.js';
import { childLogger } from '../../lib/log.js';
import { EngineRejection, type MatchingEngineApi, type Side, type SymbolSpec } from '../engine/types.js';
import { DEFAULT_START_MIDS } from '../symbols.js';
import { MidPrice } from './mid-price.js';
import { SeededRandom } from './random.js';

const log = childLogger('sim-bots');

export interface MarketBotsOptions {
  /** Symbols to trade (exchange form, present in the engine); default: every engine symbol with a start mid. */
  symbols?: string[];
  seed: number;
  makerIntervalMs: number;
  takerIntervalMs: number;
  /** Price levels quoted on each side. */
  levels: number;
  /** Start mid per symbol (decimal strings); default DEFAULT_START_MIDS. */
  startMids?: Record<string, string>;
  /** Standard deviation of one mid step, in basis points (default 2). */
  volatilityBps?: number;
  /** Distance from mid to the first level, and between levels, in basis points (default 1 each). */
  halfSpreadBps?: number;
  levelGapBps?: number;
  /** Typical level size as a multiple of the symbol's minNotional (default 100). */
  levelNotionalMultiple?: number;
  /** Chance per taker tick per symbol that the taker trades (default 0.6). */
  takerProbability?: number;
  makerAccount?: string;
  takerAccount?: string;
}

export const DEFAULT_BOT_OPTIONS = {
  seed: 42,
  makerIntervalMs: 500,
  takerIntervalMs: 300,
  levels: 10,
} as const;

interface BotMarket {
  spec: SymbolSpec;
  mid: MidPrice;
  tick: Decimal;
  step: Decimal;
  levelQty: Decimal;
}

export interface BotStats {
  makerRefreshes: number;
  takerOrders: number;
  rejected: number;
}

export class MarketBots {
  private readonly rng: SeededRandom;
  private readonly markets: BotMarket[] = [];
  private readonly maker: string;
  private readonly taker: string;
  private makerTimer: ReturnType<typeof setInterval> | undefined;
  private takerTimer: ReturnType<typeof setInterval> | undefined;
  private readonly counters: BotStats = { makerRefreshes: 0, takerOrders: 0, rejected: 0 };

  constructor(
    private readonly engine: MatchingEngineApi,
    private readonly options: MarketBotsOptions,
  ) {
    this.rng = new SeededRandom(options.seed);
    this.maker = options.makerAccount ?? 'bot-maker';
    this.taker = options.takerAccount ?? 'bot-taker';
    const mids = options.startMids ?? DEFAULT_START_MIDS;
    const names = options.symbols ?? [...engine.symbols.keys()].filter((s) => mids[s] !== undefined);
    for (const name of names) {
      const spec = engine.symbols.get(name);
      if (!spec) throw new RangeError(`bots: symbol ${name} is not in the engine`);
      const start = mids[name] ?? engine.lastPrice(name)?.toString();
      if (start === undefined) throw new RangeError(`bots: no start mid for ${name} (set startMids.${name})`);
      this.markets.push(this.botMarket(spec, new Decimal(start)));
    }
    this.fundAccounts();
  }

  start(): void {
    if (this.makerTimer) return;
    this.makerTick(); // quotes up at once, so the book is never empty after start()
    this.makerTimer = setInterval(() => this.makerTick(), this.options.makerIntervalMs);
    this.takerTimer = setInterval(() => this.takerTick(), this.options.takerIntervalMs);
  }

  stop(): void {
    if (this.makerTimer) clearInterval(this.makerTimer);
    if (this.takerTimer) clearInterval(this.takerTimer);
    this.makerTimer = undefined;
    this.takerTimer = undefined;
  }

  get running(): boolean {
    return this.makerTimer !== undefined;
  }

  stats(): BotStats {
    return { ...this.counters };
  }

  /** Current mid of a bot symbol. */
  mid(symbol: string): Decimal | undefined {
    return this.markets.find((m) => m.spec.symbol === symbol)?.mid.value;
  }

  /**
   * One maker round: walk each mid, replace the ladder around it. Make before break, so no side of the book
   * is ever empty in between (a cancel-all first made every bookTicker show a zero price twice a second):
   * the side the mid moved toward is quoted first (it cannot meet the old quotes of the other side), old
   * quotes the other new side would trade against are cancelled, the other side is quoted, then the rest of
   * the old quotes go. The maker never trades with itself.
   */
  makerTick(): void {
    for (const market of this.markets) {
      const previous = market.mid.value;
      const mid = market.mid.step(this.rng);
      const symbol = market.spec.symbol;
      const half = this.bpsInTicks(mid, market.tick, this.options.halfSpreadBps ?? 1);
      const gap = this.bpsInTicks(mid, market.tick, this.options.levelGapBps ?? 1);
      const ladder = (side: Side): Decimal[] =>
        Array.from({ length: this.options.levels }, (_, i) => {
          const offset = market.tick.mul(half + i * gap);
          return side === 'BUY' ? mid.sub(offset) : mid.add(offset);
        });
      const lead: Side = mid.gte(previous) ? 'SELL' : 'BUY';
      const follow: Side = lead === 'SELL' ? 'BUY' : 'SELL';
      const old = this.engine.openOrders(this.maker, symbol);
      const cancel = (orderId: bigint): void => this.guard(() => this.engine.cancelOrder({ account: this.maker, symbol, orderId }));

      for (const price of ladder(lead)) this.quote(market, lead, price);
      const followPrices = ladder(follow);
      const followBest = followPrices[0];
      const crossing = new Set(
        old.filter((o) => o.side === lead && followBest !== undefined && (lead === 'SELL' ? o.price.lte(followBest) : o.price.gte(followBest))).map((o) => o.orderId),
      );
      for (const orderId of crossing) cancel(orderId);
      for (const price of followPrices) this.quote(market, follow, price);
      for (const order of old) if (!crossing.has(order.orderId)) cancel(order.orderId);
      this.counters.makerRefreshes++;
    }
  }

  /** One taker round: for each symbol, maybe cross the spread with a MARKET or a LIMIT IOC order. */
  takerTick(): void {
    for (const market of this.markets) {
      if (!this.rng.chance(this.options.takerProbability ?? 0.6)) continue;
      const side: Side = this.rng.chance(0.5) ? 'BUY' : 'SELL';
      const qty = this.size(market, 0.2, 1.5);
      const symbol = market.spec.symbol;
      if (this.rng.chance(0.6)) {
        this.guard(() => this.engine.placeOrder({ account: this.taker, symbol, side, type: 'MARKET', quantity: qty.toFixed() }));
      } else {
        const top = this.engine.bookTicker(symbol);
        const best = side === 'BUY' ? top.askPrice : top.bidPrice;
        if (best.isZero()) continue;
        const through = market.tick.mul(this.rng.int(0, 3) * this.bpsInTicks(best, market.tick, 1));
        const price = side === 'BUY' ? best.add(through) : best.sub(through);
        if (price.lte(0)) continue;
        this.guard(() =>
          this.engine.placeOrder({ account: this.taker, symbol, side, type: 'LIMIT', timeInForce: 'IOC', price: price.toFixed(), quantity: qty.toFixed() }),
        );
      }
      this.counters.takerOrders++;
    }
  }

  private quote(market: BotMarket, side: Side, price: Decimal): void {
    if (price.lte(0)) return;
    const quantity = this.size(market, 0.5, 2).toFixed();
    this.guard(() =>
      this.engine.placeOrder({ account: this.maker, symbol: market.spec.symbol, side, type: 'LIMIT', timeInForce: 'GTC', price: price.toFixed(), quantity }),
    );
  }

  /** A random size between lo and hi times the symbol's level size, on the step. */
  private size(market: BotMarket, lo: number, hi: number): Decimal {
    // Pick a whole number of hundredths of the level size: the factor stays exact.
    const hundredths = this.rng.int(Math.round(lo * 100), Math.round(hi * 100));
    const qty = roundDownToStep(market.levelQty.mul(hundredths).div(100), market.step);
    return Decimal.max(qty, market.step);
  }

  private bpsInTicks(price: Decimal, tick: Decimal, bps: number): number {
    return Math.max(1, price.mul(bps).div(10_000).div(tick).floor().toNumber());
  }

  private botMarket(spec: SymbolSpec, start: Decimal): BotMarket {
    const tick = new Decimal(spec.priceFilter.tickSize);
    const step = new Decimal(spec.lotSize.stepSize);
    const notional = new Decimal(spec.notional.minNotional).mul(this.options.levelNotionalMultiple ?? 100);
    const levelQty = Decimal.max(new Decimal(spec.lotSize.minQty), roundDownToStep(notional.div(start), step));
    return { spec, mid: new MidPrice(start, tick, this.options.volatilityBps ?? 2), tick, step, levelQty };
  }

  /** Funds both bot accounts with enough of every asset for ~1000 full ladders per symbol. */
  private fundAccounts(): void {
    const needs = new Map<string, Decimal>();
    const add = (asset: string, amount: Decimal): void => {
      needs.set(asset, (needs.get(asset) ?? new Decimal(0)).add(amount));
    };
    for (const m of this.markets) {
      const ladderBase = m.levelQty.mul(2 * Math.max(1, this.options.levels));
      add(m.spec.baseAsset, ladderBase.mul(1000));
      add(m.spec.quoteAsset, ladderBase.mul(1000).mul(m.mid.value).mul(4));
    }
    const balances = Object.fromEntries([...needs].map(([asset, amount]) => [asset, amount.toFixed()]));
    for (const account of [this.maker, this.taker]) {
      if (!this.engine.hasAccount(account)) this.engine.createAccount(account, balances);
    }
  }

  /** Runs one engine call; a rejection (no liquidity, balance, filter) is a normal market outcome. */
  private guard(call: () => unknown): void {
    try {
      call();
    } catch (err) {
      if (err instanceof EngineRejection) {
        this.counters.rejected++;
        log.debug('bot order rejected', { reason: err.rejection.reason, detail: err.message });
        return;
      }
      // A timer callback must never throw: that would take the whole simulator down.
      log.error('bot engine call failed', { error: err });
    }
  }
}
