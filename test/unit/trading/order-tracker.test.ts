import { expect } from 'chai';
import { Decimal } from '../../../lib/core/decimal.js';
import type { Fill, Order, OrderStatus } from '../../../lib/models/trading.js';
import { OrderTracker, type TrackerOutput } from '../../../lib/trading/order-tracker.js';

function order(status: OrderStatus, filled = '0', extra: Partial<Order> = {}): Order {
  return {
    exchange: 'binance',
    symbol: 'BTC/USDT',
    orderId: '9007199254740993',
    clientOrderId: 'c1',
    side: 'buy',
    type: 'limit',
    timeInForce: 'GTC',
    status,
    price: new Decimal('30000'),
    quantity: new Decimal('0.3'),
    filledQuantity: new Decimal(filled),
    filledQuoteQuantity: new Decimal(filled).times(30000),
    updatedAt: 1,
    ...extra,
  };
}

function fill(tradeId: string, quantity = '0.1', extra: Partial<Fill> = {}): Fill {
  return {
    exchange: 'binance',
    symbol: 'BTC/USDT',
    orderId: '9007199254740993',
    clientOrderId: 'c1',
    tradeId,
    side: 'buy',
    price: new Decimal('30000'),
    quantity: new Decimal(quantity),
    quoteQuantity: new Decimal(quantity).times(30000),
    commission: new Decimal('0'),
    commissionAsset: 'BNB',
    maker: true,
    time: 1,
    ...extra,
  };
}

const kinds = (out: TrackerOutput[]): string[] => out.map((o) => (o.kind === 'order' ? `order:${o.order.status}:${o.order.filledQuantity.toString()}` : o.kind === 'fill' ? `fill:${o.fill.tradeId}` : 'balances'));

describe('OrderTracker', () => {
  it('publishes each order state once and never goes back', () => {
    const t = new OrderTracker();
    expect(kinds(t.order(order('NEW')))).to.deep.equal(['order:NEW:0']);
    expect(kinds(t.order(order('NEW')))).to.deep.equal([]); // the REST answer after the stream's event
    expect(kinds(t.order(order('PARTIALLY_FILLED', '0.1')))).to.deep.equal(['order:PARTIALLY_FILLED:0.1']);
    expect(kinds(t.order(order('NEW')))).to.deep.equal([]); // late and stale
    expect(kinds(t.order(order('PARTIALLY_FILLED', '0.2')))).to.deep.equal(['order:PARTIALLY_FILLED:0.2']);
    expect(kinds(t.order(order('FILLED', '0.3')))).to.deep.equal(['order:FILLED:0.3']);
    expect(kinds(t.order(order('CANCELED', '0.3')))).to.deep.equal([]); // final stays final
    expect(t.open()).to.deep.equal([]);
  });

  it('reports each fill exactly once, whatever the source and order', () => {
    const t = new OrderTracker();
    expect(kinds(t.update(order('PARTIALLY_FILLED', '0.1'), fill('7')))).to.deep.equal(['fill:7', 'order:PARTIALLY_FILLED:0.1']);
    expect(kinds(t.fill(fill('7')))).to.deep.equal([]);
    expect(kinds(t.fill(fill('9')))).to.deep.equal(['fill:9']);
    expect(kinds(t.fill(fill('8')))).to.deep.equal(['fill:8']); // a missed one, recovered out of order
    expect(t.lastTradeId('BTC/USDT')).to.equal('9');
  });

  it("keeps both fills of a self-trade (one trade id, the buyer's and the seller's order)", () => {
    const t = new OrderTracker();
    expect(kinds(t.fill(fill('40', '0.1', { orderId: 'buy-1', side: 'buy' })))).to.deep.equal(['fill:40']);
    expect(kinds(t.fill(fill('40', '0.1', { orderId: 'sell-1', side: 'sell' })))).to.deep.equal(['fill:40']);
    expect(kinds(t.fill(fill('40', '0.1', { orderId: 'sell-1', side: 'sell' })))).to.deep.equal([]);
  });

  it('reconciles after an outage: only what was missed comes out, fills in id order', () => {
    const t = new OrderTracker();
    t.update(order('PARTIALLY_FILLED', '0.1'), fill('10'));
    const out = t.reconcile(
      [order('PARTIALLY_FILLED', '0.2')],
      [fill('12'), fill('10'), fill('11')],
      [{ asset: 'USDT', free: new Decimal('1'), locked: new Decimal('2') }],
      5,
    );
    expect(kinds(out)).to.deep.equal(['fill:11', 'fill:12', 'order:PARTIALLY_FILLED:0.2', 'balances']);
    expect(kinds(t.reconcile([order('PARTIALLY_FILLED', '0.2')], [fill('12')], [{ asset: 'USDT', free: new Decimal('1.0'), locked: new Decimal('2') }], 6))).to.deep.equal([]);
  });

  it('names orders that vanished from the open list, to be queried', () => {
    const t = new OrderTracker();
    t.order(order('NEW'));
    t.order(order('NEW', '0', { clientOrderId: 'c2', orderId: '2' }));
    expect(t.missingFrom([order('NEW')]).map((o) => o.clientOrderId)).to.deep.equal(['c2']);
  });

  it("keeps the order's own clientOrderId when a cancel reports the cancel request's id", () => {
    const t = new OrderTracker();
    t.order(order('NEW'));
    const out = t.order(order('CANCELED', '0', { clientOrderId: 'cancel-req-1' }));
    expect(out[0]?.kind === 'order' && out[0].order.clientOrderId).to.equal('c1');
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'c1' })?.status).to.equal('CANCELED');
  });

  it('knows orders per symbol: the same venue order id on two symbols is two orders (Binance numbers them per symbol)', () => {
    const t = new OrderTracker();
    expect(kinds(t.order(order('FILLED', '0.3', { symbol: 'BTC/USDT', orderId: '7', clientOrderId: 'a' })))).to.deep.equal(['order:FILLED:0.3']);
    // Another symbol's order 7, placed later: new, not a stale repeat of BTC/USDT's.
    expect(kinds(t.order(order('FILLED', '0.3', { symbol: 'ETH/USDT', orderId: '7', clientOrderId: 'b' })))).to.deep.equal(['order:FILLED:0.3']);
    expect(t.get({ symbol: 'ETH/USDT', orderId: '7' })?.clientOrderId).to.equal('b');
    expect(t.get({ symbol: 'BTC/USDT', orderId: '7' })?.clientOrderId).to.equal('a');
    // A fill of ETH/USDT's order 7 takes its own client order id.
    const out = t.fill(fill('1', '0.1', { symbol: 'ETH/USDT', orderId: '7', clientOrderId: '' }));
    expect(out[0]?.kind === 'fill' && out[0].fill.clientOrderId).to.equal('b');
    // An open order is not "still listed" because another symbol lists its id.
    t.order(order('NEW', '0', { symbol: 'BTC/USDT', orderId: '8', clientOrderId: 'c' }));
    const listed = [order('NEW', '0', { symbol: 'ETH/USDT', orderId: '8', clientOrderId: 'd' })];
    expect(t.missingFrom(listed).map((o) => o.clientOrderId)).to.deep.equal(['c']);
  });

  it('publishes only balances that changed (exactly)', () => {
    const t = new OrderTracker();
    const b = (free: string) => [{ asset: 'BTC', free: new Decimal(free), locked: new Decimal('0') }];
    expect(kinds(t.balances(b('1'), 1))).to.deep.equal(['balances']);
    expect(kinds(t.balances(b('1.000'), 2))).to.deep.equal([]);
    expect(kinds(t.balances(b('1.00000001'), 3))).to.deep.equal(['balances']);
  });

  it('stays bounded: old trade ids count as seen, old final orders are forgotten', () => {
    const t = new OrderTracker({ maxTradeIds: 10, maxFinalOrders: 2 });
    for (let i = 1; i <= 30; i++) t.fill(fill(String(i)));
    expect(kinds(t.fill(fill('3')))).to.deep.equal([]); // below the window: seen
    expect(kinds(t.fill(fill('31')))).to.deep.equal(['fill:31']);
    for (let i = 1; i <= 3; i++) t.order(order('FILLED', '0.3', { clientOrderId: `f${i}`, orderId: `${i}` }));
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'f1' })).to.equal(undefined);
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'f3' })?.status).to.equal('FILLED');
  });

  it('forgets final orders after the retention time, so memory follows the order rate, not the run length', () => {
    let now = 0;
    const t = new OrderTracker({ finalOrderRetentionMs: 60_000, now: () => now });
    t.order(order('FILLED', '0.3', { clientOrderId: 'old', orderId: '1' }));
    now = 30_000;
    t.order(order('NEW', '0', { clientOrderId: 'open', orderId: '2' }));
    t.order(order('CANCELED', '0', { clientOrderId: 'mid', orderId: '3' }));
    // Within the retention: a repeated end is recognised and not published again.
    expect(kinds(t.order(order('FILLED', '0.3', { clientOrderId: 'old', orderId: '1' })))).to.deep.equal([]);
    now = 60_001;
    t.order(order('NEW', '0', { clientOrderId: 'x', orderId: '4' }));
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'old' })).to.equal(undefined);
    expect(t.get({ symbol: 'BTC/USDT', orderId: '1' })).to.equal(undefined);
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'mid' })?.status).to.equal('CANCELED');
    now = 10 * 60_000;
    t.order(order('NEW', '0', { clientOrderId: 'y', orderId: '5' }));
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'mid' })).to.equal(undefined);
    // Open orders are never forgotten, however old.
    expect(t.get({ symbol: 'BTC/USDT', clientOrderId: 'open' })?.status).to.equal('NEW');
    expect(t.open().map((o) => o.clientOrderId)).to.have.members(['open', 'x', 'y']);
  });
});
