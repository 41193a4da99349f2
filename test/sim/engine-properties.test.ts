import { expect } from 'chai';
import fc from 'fast-check';
import { Decimal } from '../../lib/core/decimal.js';
import { EngineRejection, type NewOrderRequest } from '../../sim/engine/types.js';
import { checkInvariants, expectSameTotals, harness, totals, type Harness } from './engine-test-kit.js';

const ACCOUNTS = ['a', 'b', 'c'] as const;

type Command =
  | { kind: 'limit'; account: string; side: 'BUY' | 'SELL'; tif: 'GTC' | 'IOC' | 'FOK'; ticks: number; steps: number }
  | { kind: 'maker'; account: string; side: 'BUY' | 'SELL'; ticks: number; steps: number }
  | { kind: 'market'; account: string; side: 'BUY' | 'SELL'; steps: number }
  | { kind: 'marketQuote'; account: string; side: 'BUY' | 'SELL'; quote: number }
  | { kind: 'cancel'; account: string; pick: number }
  | { kind: 'cancelAll'; account: string };

const account = fc.constantFrom(...ACCOUNTS);
const side = fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL');
const ticks = fc.integer({ min: 9_980, max: 10_020 }); // prices 99.80 .. 100.20
const steps = fc.integer({ min: 50, max: 3_000 }); // quantities 0.050 .. 3.000

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('limit' as const), account, side, tif: fc.constantFrom<'GTC' | 'IOC' | 'FOK'>('GTC', 'GTC', 'IOC', 'FOK'), ticks, steps }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('maker' as const), account, side, ticks, steps }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('market' as const), account, side, steps }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('marketQuote' as const), account, side, quote: fc.integer({ min: 5, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), account, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancelAll' as const), account }) },
);

const price = (t: number): string => new Decimal(t).div(100).toFixed(2);
const qty = (s: number): string => new Decimal(s).div(1000).toFixed(3);

function run(h: Harness, c: Command): void {
  const base = { account: c.account, symbol: 'BTCUSDT' };
  let req: NewOrderRequest | undefined;
  switch (c.kind) {
    case 'limit':
      req = { ...base, side: c.side, type: 'LIMIT', timeInForce: c.tif, price: price(c.ticks), quantity: qty(c.steps) };
      break;
    case 'maker':
      req = { ...base, side: c.side, type: 'LIMIT_MAKER', price: price(c.ticks), quantity: qty(c.steps) };
      break;
    case 'market':
      req = { ...base, side: c.side, type: 'MARKET', quantity: qty(c.steps) };
      break;
    case 'marketQuote':
      req = { ...base, side: c.side, type: 'MARKET', quoteOrderQty: String(c.quote) };
      break;
    case 'cancel': {
      const open = h.engine.openOrders(c.account, 'BTCUSDT');
      const target = open[c.pick % Math.max(1, open.length)];
      if (target) h.engine.cancelOrder({ ...base, orderId: target.orderId });
      return;
    }
    case 'cancelAll':
      h.engine.cancelAll(c.account, 'BTCUSDT');
      return;
    default: {
      const never: never = c;
      throw new Error(`unknown command ${JSON.stringify(never)}`);
    }
  }
  try {
    h.engine.placeOrder(req);
  } catch (err) {
    if (!(err instanceof EngineRejection)) throw err;
  }
}

/** Every account's locked balance is exactly what its open orders still hold. */
function checkLocks(h: Harness): void {
  for (const name of ACCOUNTS) {
    let usdt = new Decimal(0);
    let btc = new Decimal(0);
    for (const o of h.engine.openOrders(name)) {
      const left = o.origQty.sub(o.executedQty);
      if (o.side === 'BUY') usdt = usdt.add(o.price.mul(left));
      else btc = btc.add(left);
    }
    const balances = new Map(h.engine.balances(name).map((b) => [b.asset, b.locked.toString()]));
    expect(balances.get('USDT') ?? '0', `${name} USDT locked`).to.equal(usdt.toString());
    expect(balances.get('BTC') ?? '0', `${name} BTC locked`).to.equal(btc.toString());
  }
}

function fresh(fees?: { maker: string; taker: string }): Harness {
  const h = harness(fees ? { fees } : {});
  for (const name of ACCOUNTS) h.engine.createAccount(name, { USDT: '2000', BTC: '20' });
  return h;
}

describe('MatchingEngine properties', () => {
  it('never makes a balance negative, conserves every asset, and never rests a crossed book', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const h = fresh();
        const before = totals(h.engine);
        for (const c of commands) {
          run(h, c);
          checkInvariants(h.engine);
          checkLocks(h);
        }
        expectSameTotals(before, totals(h.engine));
      }),
      { numRuns: 150 },
    );
  });

  it('fills every order only at a price its limit accepts', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const h = fresh();
        for (const c of commands) run(h, c);
        for (const e of h.eventsOf('execution')) {
          if (e.executionType !== 'TRADE' || e.order.type === 'MARKET') continue;
          const fill = e.lastFill;
          expect(fill, 'TRADE carries its fill').to.not.equal(undefined);
          if (e.order.side === 'BUY') expect(fill!.price.lte(e.order.price), 'buy fill <= limit').to.equal(true);
          else expect(fill!.price.gte(e.order.price), 'sell fill >= limit').to.equal(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps executed quantity within the order and the status consistent with it', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const h = fresh();
        for (const c of commands) run(h, c);
        for (const e of h.eventsOf('execution')) {
          const o = e.order;
          expect(o.executedQty.lte(o.origQty)).to.equal(true);
          const filled = o.fills.reduce((sum, f) => sum.add(f.qty), new Decimal(0));
          expect(filled.toString()).to.equal(o.executedQty.toString());
          if (o.status === 'FILLED') expect(o.executedQty.toString()).to.equal(o.origQty.toString());
          if (o.type === 'MARKET' && o.origQuoteOrderQty.gt(0) && o.side === 'BUY') expect(o.cummulativeQuoteQty.lte(o.origQuoteOrderQty)).to.equal(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('with fees, conserves every asset once the commissions charged are added back', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (commands) => {
        const h = fresh({ maker: '0.001', taker: '0.00075' });
        const before = totals(h.engine);
        for (const c of commands) run(h, c);
        checkInvariants(h.engine);
        const after = totals(h.engine);
        for (const e of h.eventsOf('execution')) {
          const fill = e.lastFill;
          if (fill) after.set(fill.commissionAsset, (after.get(fill.commissionAsset) ?? new Decimal(0)).add(fill.commission));
        }
        expectSameTotals(before, after);
      }),
      { numRuns: 100 },
    );
  });
});
