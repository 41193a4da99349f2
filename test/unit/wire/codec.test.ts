// The wire codec (lib/wire/codec.ts): every event type of lib/models crosses exact (property-based, seeded),
// an unknown version is refused with its typed error, malformed messages are refused naming the field.
import { expect } from 'chai';
import fc from 'fast-check';
import { Decimal } from '../../../lib/core/decimal.js';
import { decodeMessage, encodeMessage, WIRE_VERSION, type WireMessage } from '../../../lib/wire/codec.js';
import { WireFormatError, WireVersionError } from '../../../lib/wire/errors.js';

// Exact decimals of any size: up to 40 integer and 30 fractional digits, signs, exponents, '-0'.
const decimal = fc
  .tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,39})$/), fc.stringMatching(/^[0-9]{0,30}$/), fc.integer({ min: -30, max: 30 }), fc.boolean())
  .map(([negative, whole, fraction, exponent, useExponent]) => new Decimal(`${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}${useExponent ? `e${exponent}` : ''}`));
const id64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });
const text = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });
const base = { exchange: fc.constantFrom('binance', 'okx'), symbol: fc.constantFrom('BTC/USDT', 'ETH/BTC', 'BTC/USDT:USDT'), exchangeTime: time, receivedAt: time };
const side = fc.constantFrom('buy' as const, 'sell' as const);
const level = fc.tuple(decimal.map((d) => d.abs().toFixed()), decimal.map((d) => d.abs().toFixed()));
const bookLevel = fc.record({ price: decimal, quantity: decimal });
const sequence = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

const EVENTS = {
  trade: fc.record({ type: fc.constant('trade' as const), ...base, id: id64, price: decimal, quantity: decimal, side, tradeTime: time }),
  ticker: fc.record({
    type: fc.constant('ticker' as const),
    ...base,
    last: decimal,
    open: decimal,
    high: decimal,
    low: decimal,
    change: decimal,
    changePercent: decimal,
    volume: decimal,
    quoteVolume: decimal,
    bid: fc.option(decimal, { nil: undefined }),
    ask: fc.option(decimal, { nil: undefined }),
  }),
  bookTicker: fc.record({ type: fc.constant('bookTicker' as const), ...base, bid: decimal, bidSize: decimal, ask: decimal, askSize: decimal, sequence: fc.option(sequence, { nil: undefined }) }),
  depth: fc.record({ type: fc.constant('depth' as const), ...base, kind: fc.constantFrom('delta' as const, 'snapshot' as const), bids: fc.array(level, { maxLength: 10 }), asks: fc.array(level, { maxLength: 10 }), sequence }),
  book: fc.record({ type: fc.constant('book' as const), ...base, bids: fc.array(bookLevel, { maxLength: 10 }), asks: fc.array(bookLevel, { maxLength: 10 }), sequence }),
  kline: fc.record({
    type: fc.constant('kline' as const),
    ...base,
    interval: fc.constantFrom('1m', '1h'),
    openTime: time,
    closeTime: time,
    open: decimal,
    high: decimal,
    low: decimal,
    close: decimal,
    volume: decimal,
    quoteVolume: decimal,
    trades: fc.nat(),
    closed: fc.boolean(),
  }),
  markPrice: fc.record({
    type: fc.constant('markPrice' as const),
    ...base,
    markPrice: decimal,
    indexPrice: decimal,
    estimatedSettlePrice: fc.option(decimal, { nil: undefined }),
    fundingRate: decimal,
    nextFundingTime: time,
  }),
  liquidation: fc.record({
    type: fc.constant('liquidation' as const),
    ...base,
    side,
    price: decimal,
    averagePrice: decimal,
    quantity: decimal,
    filledQuantity: decimal,
    status: fc.constantFrom('FILLED', 'PARTIALLY_FILLED'),
    tradeTime: time,
  }),
  status: fc.record(
    {
      type: fc.constant('status' as const),
      exchange: fc.constant('binance'),
      state: fc.constantFrom('connected' as const, 'gap' as const, 'rate-limited' as const),
      symbol: fc.constant('BTC/USDT'),
      connection: text,
      detail: text,
      at: time,
    },
    { requiredKeys: ['type', 'exchange', 'state', 'at'] },
  ),
  order: fc.record({
    type: fc.constant('order' as const),
    userId: fc.constantFrom('alice', 'bob@desk.1'),
    order: fc.record({
      exchange: fc.constant('binance'),
      symbol: fc.constant('BTC/USDT'),
      orderId: id64,
      clientOrderId: text,
      side,
      type: fc.constantFrom('limit' as const, 'market' as const, 'limit_maker' as const),
      timeInForce: fc.option(fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const), { nil: undefined }),
      status: fc.constantFrom('NEW' as const, 'PARTIALLY_FILLED' as const, 'FILLED' as const, 'CANCELED' as const),
      price: decimal,
      quantity: decimal,
      filledQuantity: decimal,
      filledQuoteQuantity: decimal,
      updatedAt: time,
    }),
  }),
  fill: fc.record({
    type: fc.constant('fill' as const),
    userId: fc.constant('alice'),
    fill: fc.record({
      exchange: fc.constant('binance'),
      symbol: fc.constant('BTC/USDT'),
      orderId: id64,
      clientOrderId: text,
      tradeId: id64,
      side,
      price: decimal,
      quantity: decimal,
      quoteQuantity: decimal,
      commission: decimal,
      commissionAsset: fc.option(fc.constantFrom('BNB', 'USDT'), { nil: undefined }),
      maker: fc.boolean(),
      time,
    }),
  }),
  balances: fc.record({
    type: fc.constant('balances' as const),
    userId: fc.constant('alice'),
    balances: fc.array(fc.record({ asset: fc.constantFrom('BTC', 'USDT'), free: decimal, locked: decimal }), { maxLength: 5 }),
    time,
  }),
};

/** Deep equality where Decimals must be equal in value and in their exact text (so '-0' and every digit survive). */
function exactlyEqual(a: unknown, b: unknown, path = 'event'): void {
  if (a instanceof Decimal) {
    expect(b, path).to.be.instanceOf(Decimal);
    expect((b as Decimal).valueOf(), path).to.equal(a.valueOf());
    expect((b as Decimal).equals(a), path).to.equal(true);
    return;
  }
  if (Array.isArray(a)) {
    expect(b, path).to.be.an('array').with.lengthOf(a.length);
    a.forEach((item, i) => exactlyEqual(item, (b as unknown[])[i], `${path}[${i}]`));
    return;
  }
  if (a !== null && typeof a === 'object') {
    expect(b, path).to.be.an('object');
    expect(Object.keys(b as object).sort(), path).to.deep.equal(Object.keys(a).sort());
    for (const [key, value] of Object.entries(a)) exactlyEqual(value, (b as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  expect(b, path).to.equal(a);
}

describe('wire codec', () => {
  for (const [type, arbitrary] of Object.entries(EVENTS)) {
    it(`round-trips every ${type} event exactly (Decimals by value and text, ids as strings, times as numbers)`, () => {
      fc.assert(
        fc.property(arbitrary, (event) => {
          const message: WireMessage = { nodeName: 'node-a', topic: `x:${type}`, payload: event };
          const wire = encodeMessage(message);
          const decoded = decodeMessage(Buffer.from(wire, 'utf8'));
          expect(decoded.nodeName).to.equal('node-a');
          expect(decoded.topic).to.equal(`x:${type}`);
          exactlyEqual(event, decoded.payload);
        }),
        { seed: 13_2026, numRuns: 150 },
      );
    });
  }

  it('writes Decimals as exact strings and 64-bit ids as strings, never as floats', () => {
    const wire = encodeMessage({
      nodeName: 'n',
      topic: 'trades:binance:BTC/USDT',
      payload: { type: 'trade', exchange: 'binance', symbol: 'BTC/USDT', exchangeTime: 1, receivedAt: 2, id: '18446744073709551615', price: new Decimal('0.1000000000000000000000000000001'), quantity: new Decimal('-0'), side: 'buy', tradeTime: 3 },
    });
    const parsed = JSON.parse(wire) as { v: number; p: Record<string, unknown> };
    expect(parsed.v).to.equal(WIRE_VERSION);
    expect(parsed.p).to.include({ id: '18446744073709551615', price: '0.1000000000000000000000000000001', quantity: '-0', exchangeTime: 1 });
  });

  it('carries a payload of no known event type as plain JSON, and refuses one that JSON would change', () => {
    const payload = { type: 'signal', strength: 0.5, tags: ['a'], nested: { ok: true, none: null } };
    expect(decodeMessage(encodeMessage({ nodeName: 'n', topic: 'signals', payload })).payload).to.deep.equal(payload);
    expect(() => encodeMessage({ nodeName: 'n', topic: 'signals', payload: { price: new Decimal(1) } })).to.throw(WireFormatError).with.property('field', 'p.price');
    expect(() => encodeMessage({ nodeName: 'n', topic: 'signals', payload: { big: 1n } })).to.throw(WireFormatError).with.property('field', 'p.big');
  });

  it('refuses to encode an event that does not fit its schema, naming the field (a float where a Decimal belongs)', () => {
    const bad = { type: 'fill', userId: 'alice', fill: { exchange: 'binance', symbol: 'BTC/USDT', orderId: '1', clientOrderId: 'c', tradeId: '2', side: 'buy', price: 0.1 } };
    expect(() => encodeMessage({ nodeName: 'n', topic: 'fills:alice', payload: bad })).to.throw(WireFormatError).with.property('field', 'p.fill.price');
  });

  it('rejects an unknown version with WireVersionError naming it', () => {
    const wire = encodeMessage({ nodeName: 'n', topic: 't', payload: 1 }).replace(`"v":${WIRE_VERSION}`, '"v":2');
    const error = (() => {
      try {
        decodeMessage(wire);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).to.be.instanceOf(WireVersionError);
    expect(error).to.include({ code: 'WIRE_UNKNOWN_VERSION', version: 2 });
    expect((error as Error).message).to.match(/unknown version 2/);
  });

  it('rejects foreign and malformed messages with WireFormatError naming the field', () => {
    const cases: [string | Uint8Array, string][] = [
      ['hello', '(message)'],
      [Uint8Array.from([0xff, 0xfe]), '(message)'],
      ['[1,2]', '(message)'],
      ['{"price":"1"}', 'v'],
      ['{"v":1,"t":"x","k":"json","p":1}', 'n'],
      ['{"v":1,"n":"a","t":"","k":"json","p":1}', 't'],
      ['{"v":1,"n":"a","t":"x","k":"nope","p":1}', 'k'],
      ['{"v":1,"n":"a","t":"x","k":"json"}', 'p'],
      ['{"v":1,"n":"a","t":"x","k":"trade","p":{"type":"trade"}}', 'p.exchange'],
      ['{"v":1,"n":"a","t":"x","k":"balances","p":{"type":"balances","userId":"u","balances":[{"asset":"BTC","free":"1e","locked":"0"}],"time":1}}', 'p.balances[0].free'],
      ['{"v":1,"n":"a","t":"x","k":"depth","p":{"type":"depth","exchange":"b","symbol":"s","exchangeTime":1,"receivedAt":1,"kind":"delta","bids":[["1"]],"asks":[],"sequence":1}}', 'p.bids[0]'],
    ];
    for (const [input, field] of cases) {
      expect(() => decodeMessage(input), String(input)).to.throw(WireFormatError).with.property('field', field);
    }
  });
});
