// What `npm start` shows: a state fed by the system's topics, rendered either as a terminal screen
// redrawn in place, or as JSON lines (one event per line, market events naming their unified symbol,
// the demo user's fills as `{"type":"fill",...}`).
import { Decimal } from '../lib/core/decimal.js';
import type { BookView, StatusEvent, Ticker, Trade } from '../lib/models/market.js';
import type { BalancesEvent, FillEvent, Order, OrderEvent } from '../lib/models/trading.js';
import type { FeedMetricsSnapshot } from '../actors/market/metrics.js';

interface SymbolView {
  ticker?: Ticker;
  book?: BookView;
  /** Trade times of the last 10 s, for the rate. */
  trades: number[];
  lastTrade?: Trade;
}

export class Dashboard {
  private readonly symbols = new Map<string, SymbolView>();
  private readonly open = new Map<string, Order>();
  private readonly fills: FillEvent['fill'][] = [];
  private balances = new Map<string, { free: Decimal; locked: Decimal }>();
  private readonly events: string[] = [];
  private metrics: FeedMetricsSnapshot | undefined;

  constructor(
    private readonly symbolOrder: readonly string[],
    private readonly ladderSymbol: string,
    private readonly out: (line: string) => void,
    private readonly json: boolean,
    private readonly source: string,
  ) {
    for (const symbol of symbolOrder) this.symbols.set(symbol, { trades: [] });
  }

  ticker(event: Ticker): void {
    this.view(event.symbol).ticker = event;
    this.emit(event);
  }

  book(event: BookView): void {
    this.view(event.symbol).book = event;
    // Conflated already; one line per book change would still be a flood in JSON: the top only.
    if (this.json) {
      const bid = event.bids[0];
      const ask = event.asks[0];
      this.line({ type: 'book', exchange: event.exchange, symbol: event.symbol, sequence: event.sequence, bid: bid?.price, bidSize: bid?.quantity, ask: ask?.price, askSize: ask?.quantity, spread: bid && ask ? ask.price.minus(bid.price) : undefined });
    }
  }

  trade(event: Trade): void {
    const view = this.view(event.symbol);
    view.trades.push(event.receivedAt);
    view.lastTrade = event;
    this.emit(event);
  }

  status(event: StatusEvent): void {
    this.note(`${event.state}${event.symbol ? ` ${event.symbol}` : ''}${event.connection ? ` ${event.connection}` : ''}${event.detail ? `: ${event.detail}` : ''}`);
    this.emit(event);
  }

  order(event: OrderEvent): void {
    const { order } = event;
    if (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED') this.open.set(order.clientOrderId, order);
    else this.open.delete(order.clientOrderId);
    this.emit({ ...event, symbol: order.symbol });
  }

  fill(event: FillEvent): void {
    this.fills.push(event.fill);
    if (this.fills.length > 5) this.fills.shift();
    this.note(`demo fill: ${event.fill.side} ${event.fill.quantity.toString()} ${event.fill.symbol} @ ${event.fill.price.toString()}`);
    this.emit({ ...event, symbol: event.fill.symbol });
  }

  balancesChanged(event: BalancesEvent): void {
    for (const b of event.balances) this.balances.set(b.asset, { free: b.free, locked: b.locked });
    this.emit(event);
  }

  note(text: string): void {
    this.events.push(`${new Date().toISOString().slice(11, 19)} ${text}`);
    if (this.events.length > 6) this.events.shift();
  }

  feedMetrics(metrics: FeedMetricsSnapshot): void {
    this.metrics = metrics;
  }

  /** The whole screen, for a terminal. */
  render(): string {
    const now = Date.now();
    const lines: string[] = [];
    lines.push(`cex-actors: Binance spot through the actor tree (${this.source}). Ctrl-C stops.`);
    lines.push('');
    lines.push(`${'symbol'.padEnd(10)}${'last'.padStart(14)}${'24h'.padStart(9)}${'bid'.padStart(14)}${'ask'.padStart(14)}${'spread'.padStart(11)}${'trades/s'.padStart(10)}`);
    for (const symbol of this.symbolOrder) {
      const v = this.view(symbol);
      v.trades = v.trades.filter((t) => now - t < 10_000);
      const bid = v.book?.bids[0]?.price;
      const ask = v.book?.asks[0]?.price;
      lines.push(
        `${symbol.padEnd(10)}${str(v.ticker?.last ?? v.lastTrade?.price).padStart(14)}${(v.ticker ? `${v.ticker.changePercent.toFixed(2)}%` : '-').padStart(9)}${str(bid).padStart(14)}${str(ask).padStart(14)}${(bid && ask ? ask.minus(bid).toString() : '-').padStart(11)}${(v.trades.length / 10).toFixed(1).padStart(10)}`,
      );
    }
    lines.push('');
    const ladder = this.view(this.ladderSymbol).book;
    lines.push(`${this.ladderSymbol} depth (top 5)            ${ladder ? `#${ladder.sequence}` : 'syncing...'}`);
    for (const level of [...(ladder?.asks.slice(0, 5) ?? [])].reverse()) lines.push(`   ask ${level.price.toString().padStart(12)}  ${level.quantity.toString()}`);
    for (const level of ladder?.bids.slice(0, 5) ?? []) lines.push(`   bid ${level.price.toString().padStart(12)}  ${level.quantity.toString()}`);
    lines.push('');
    lines.push('connections');
    for (const c of this.metrics?.connections ?? []) lines.push(`   ${c.connection.padEnd(8)} ${c.state.padEnd(11)} streams ${c.streams}  reconnects ${c.reconnects}  renewals ${c.renewals}`);
    const resyncs = (this.metrics?.streams ?? []).filter((s) => s.resyncs > 0 || s.gaps > 0).map((s) => `${s.stream} gaps ${s.gaps} resyncs ${s.resyncs}`);
    if (resyncs.length > 0) lines.push(`   ${resyncs.join(' | ')}`);
    lines.push('');
    lines.push(`demo user: ${this.open.size} open order(s)`);
    for (const o of [...this.open.values()].slice(-4)) lines.push(`   ${o.side} ${o.quantity.toString()} ${o.symbol} @ ${o.price.toString()} ${o.status}`);
    lines.push(`   balances: ${[...this.balances.entries()].filter(([a]) => ['BTC', 'ETH', 'USDT'].includes(a)).map(([a, b]) => `${a} ${b.free.toString()} (+${b.locked.toString()} locked)`).join('  ')}`);
    lines.push('');
    lines.push('events');
    for (const e of this.events) lines.push(`   ${e}`);
    return lines.join('\n');
  }

  private emit(event: object): void {
    if (this.json) this.line(event);
  }

  private line(event: object): void {
    this.out(JSON.stringify(event, (_k, v: unknown) => (v instanceof Decimal ? v.toString() : v)));
  }

  private view(symbol: string): SymbolView {
    let view = this.symbols.get(symbol);
    if (!view) this.symbols.set(symbol, (view = { trades: [] }));
    return view;
  }
}

function str(value: Decimal | undefined): string {
  return value === undefined ? '-' : value.toString();
}
