// User-data frames of the WebSocket API -> UserFrame, on payloads written from user-data-stream.md and
// web-socket-api.md; and a seeded fuzz: parseUserFrame never throws.
import { expect } from 'chai';
import fc from 'fast-check';
import { SymbolMap } from '../../../lib/core/symbols.js';
import { binanceSpotTrading as codec } from '../../../lib/exchanges/binance/trading-codec.js';
import type { UserFrame } from '../../../lib/exchanges/trading-types.js';
import { FrameMutator, userPayloads, type MutationName } from '../../fuzz/frame-mutator.js';
import { insaneField } from '../../fuzz/sane-result.js';

const symbols = new SymbolMap('binance', [{ symbol: 'BTC/USDT', venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', trading: true }]);
const toUnified = (venueSymbol: string): string => symbols.toUnified(venueSymbol);
const parse = (value: unknown): UserFrame => codec.parseUserFrame(typeof value === 'string' ? value : JSON.stringify(value), toUnified);

const report = {
  e: 'executionReport',
  E: 1700000000100,
  s: 'BTCUSDT',
  c: 'cx-1',
  S: 'SELL',
  o: 'LIMIT',
  f: 'GTC',
  q: '1.00000000',
  p: '30000.00000000',
  P: '0.00000000',
  F: '0.00000000',
  g: -1,
  C: '',
  x: 'TRADE',
  X: 'PARTIALLY_FILLED',
  r: 'NONE',
  i: 4293153,
  l: '0.40000000',
  z: '0.40000000',
  L: '30000.00000000',
  n: '12.00000000',
  N: 'USDT',
  T: 1700000000099,
  t: 77,
  v: 3,
  I: 8641984,
  w: false,
  m: true,
  M: true,
  O: 1700000000000,
  Z: '12000.00000000',
  Y: '12000.00000000',
  Q: '0.00000000',
  W: 1700000000000,
  V: 'NONE',
};

describe('Binance user frames (parseUserFrame)', () => {
  it('a TRADE executionReport -> the order\'s new state and its fill', () => {
    const frame = parse({ subscriptionId: 3, event: report });
    if (frame.kind !== 'orderUpdate') throw new Error(frame.kind);
    expect(frame).to.include({ subscriptionId: 3, executionType: 'TRADE', requestClientOrderId: 'cx-1', rejectReason: undefined, eventTime: 1700000000100 });
    expect(frame.order).to.deep.include({ symbol: 'BTC/USDT', orderId: '4293153', clientOrderId: 'cx-1', side: 'sell', type: 'limit', status: 'PARTIALLY_FILLED', updatedAt: 1700000000099 });
    expect(frame.order.filledQuantity.toFixed()).to.equal('0.4');
    expect(frame.fill).to.deep.include({ tradeId: '77', maker: true, commissionAsset: 'USDT', time: 1700000000099, clientOrderId: 'cx-1' });
    expect(frame.fill!.quoteQuantity.toFixed()).to.equal('12000');
    expect(frame.fill!.price.toFixed()).to.equal('30000');
  });

  it('a CANCELED executionReport: C is the order\'s client id, c the cancel\'s', () => {
    const frame = parse({ subscriptionId: 0, event: { ...report, x: 'CANCELED', X: 'CANCELED', c: 'cancel-9', C: 'cx-1', t: -1 } });
    if (frame.kind !== 'orderUpdate') throw new Error(frame.kind);
    expect(frame.order.clientOrderId).to.equal('cx-1');
    expect(frame.requestClientOrderId).to.equal('cancel-9');
    expect(frame.fill).to.equal(undefined);
  });

  it('a NEW executionReport has no fill; a rejection carries its reason', () => {
    const created = parse({ subscriptionId: 0, event: { ...report, x: 'NEW', X: 'NEW', t: -1 } });
    expect(created).to.include({ kind: 'orderUpdate', fill: undefined });
    const rejected = parse({ subscriptionId: 0, event: { ...report, x: 'REJECTED', X: 'REJECTED', r: 'INSUFFICIENT_BALANCES', t: -1 } });
    expect(rejected).to.include({ rejectReason: 'INSUFFICIENT_BALANCES' });
  });

  it('an executionReport about an unlisted symbol or an unmodelled type is unknown, not lost silently', () => {
    expect(parse({ subscriptionId: 0, event: { ...report, s: 'DOGEUSDT' } })).to.deep.equal({ kind: 'unknown', event: 'executionReport', venueSymbol: 'DOGEUSDT' });
    expect(parse({ subscriptionId: 0, event: { ...report, o: 'STOP_LOSS_LIMIT' } })).to.include({ kind: 'unknown', venueSymbol: 'BTCUSDT' });
  });

  it('a TRADE without a trade id or with a float amount is malformed', () => {
    expect(parse({ subscriptionId: 0, event: { ...report, t: -1 } })).to.include({ kind: 'malformed' });
    expect(parse({ subscriptionId: 0, event: { ...report, l: 0.4 } })).to.deep.equal({ kind: 'malformed', reason: 'executionReport: l is not a decimal string' });
  });

  it('balances, balance deltas, termination and server shutdown', () => {
    const balances = parse({ subscriptionId: 1, event: { e: 'outboundAccountPosition', E: 5, u: 4, B: [{ a: 'BTC', f: '1.5', l: '0.5' }] } });
    if (balances.kind !== 'balances') throw new Error(balances.kind);
    expect(balances).to.include({ subscriptionId: 1, eventTime: 5, updateTime: 4 });
    expect(balances.balances.map((b) => [b.asset, b.free.toFixed(), b.locked.toFixed()])).to.deep.equal([['BTC', '1.5', '0.5']]);
    const delta = parse({ subscriptionId: 1, event: { e: 'balanceUpdate', E: 5, a: 'BTC', d: '-0.25000000', T: 4 } });
    if (delta.kind !== 'balanceDelta') throw new Error(delta.kind);
    expect(delta.delta.toFixed()).to.equal('-0.25');
    expect(parse({ subscriptionId: 1, event: { e: 'eventStreamTerminated', E: 9 } })).to.deep.equal({ kind: 'terminated', subscriptionId: 1, eventTime: 9 });
    expect(parse({ event: { e: 'serverShutdown', E: 9 } })).to.deep.equal({ kind: 'serverShutdown', eventTime: 9 });
    expect(parse({ subscriptionId: 1, event: { e: 'listStatus', E: 9, s: 'BTCUSDT' } })).to.deep.equal({ kind: 'unknown', event: 'listStatus', venueSymbol: 'BTCUSDT' });
  });

  it('answers: result, error and rateLimits', () => {
    const ok = parse({ id: 'a', status: 200, result: { subscriptionId: 0 }, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 }] });
    expect(ok).to.deep.equal({ kind: 'response', id: 'a', status: 200, result: { subscriptionId: 0 }, error: undefined, rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000, count: 2 }] });
    const failed = parse({ id: 7, status: 400, error: { code: -2010, msg: 'Account has insufficient balance for requested action.' } });
    expect(failed).to.deep.include({ kind: 'response', id: 7, status: 400, error: { code: -2010, msg: 'Account has insufficient balance for requested action.', data: undefined } });
    expect(parse({ id: 7, status: 400 })).to.include({ kind: 'malformed' });
    expect(parse({ id: {}, status: 200, result: {} })).to.include({ kind: 'malformed' });
  });

  it('non-JSON, non-objects and unknown shapes are malformed', () => {
    expect(parse('{')).to.deep.equal({ kind: 'malformed', reason: 'frame is not JSON' });
    expect(parse('[]')).to.include({ kind: 'malformed' });
    expect(parse({ hello: 1 })).to.include({ kind: 'malformed' });
    expect(parse({ subscriptionId: -1, event: report })).to.include({ kind: 'malformed' });
  });

  describe('fuzz (seeded)', () => {
    const params = { seed: 20260708, numRuns: 2000 };
    const KINDS = ['response', 'orderUpdate', 'balances', 'balanceDelta', 'terminated', 'serverShutdown', 'unknown', 'malformed'];
    const throwingResolver = (venueSymbol: string): string => {
      throw new Error(`no ${venueSymbol}`);
    };
    it('never throws on arbitrary text', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => KINDS.includes(codec.parseUserFrame(text, toUnified).kind)), params);
    });
    it('never throws on arbitrary JSON, wrapped or not, whatever the resolver does', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), fc.boolean(), (value, wrap, throwing) => {
          const text = JSON.stringify(wrap ? { subscriptionId: 0, event: value } : value);
          return KINDS.includes(codec.parseUserFrame(text, throwing ? throwingResolver : toUnified).kind);
        }),
        params,
      );
    });
    it('never throws on mutated executionReports', () => {
      const keys = Object.keys(report);
      fc.assert(
        fc.property(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }), (key, value) => {
          const frame = codec.parseUserFrame(JSON.stringify({ subscriptionId: 0, event: { ...report, [key]: value } }), toUnified);
          return KINDS.includes(frame.kind);
        }),
        params,
      );
    });
  });

  describe('over 100,000 mutated frames (seeded)', function () {
    this.timeout(30_000);
    const KINDS: readonly UserFrame['kind'][] = ['response', 'orderUpdate', 'balances', 'balanceDelta', 'terminated', 'serverShutdown', 'unknown', 'malformed'];
    it('never throws, answers a known kind, calls every non-JSON frame malformed, and accepts no NaN, Infinity or rounded id', () => {
      const mutator = new FrameMutator(0x5eed2, userPayloads());
      const kinds = new Map<UserFrame['kind'], number>();
      const mutations = new Set<MutationName>();
      for (let i = 0; i < 100_000; i++) {
        const frame = mutator.next();
        mutations.add(frame.mutation);
        for (const text of frame.invalidUtf8 ? [frame.text, frame.bytes.toString('latin1')] : [frame.text]) {
          let parsed: UserFrame;
          try {
            parsed = codec.parseUserFrame(text, toUnified);
          } catch (error) {
            throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) threw ${String(error)}: ${text.slice(0, 200)}`);
          }
          // Plain checks, not chai: 100,000 frames.
          if (!KINDS.includes(parsed.kind)) throw new Error(`frame ${i}: unknown kind ${String(parsed.kind)}`);
          if (frame.mustBeMalformed && parsed.kind !== 'malformed') throw new Error(`frame ${i} (${frame.mutation}) parsed as ${parsed.kind}: ${text.slice(0, 200)}`);
          const why = parsed.kind === 'response' ? undefined : insaneField(parsed);
          if (why) throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) parsed as ${parsed.kind} with ${why}: ${text.slice(0, 200)}`);
          if (parsed.kind === 'orderUpdate' && parsed.order.symbol !== 'BTC/USDT') throw new Error(`frame ${i}: order on ${parsed.order.symbol}`);
          kinds.set(parsed.kind, (kinds.get(parsed.kind) ?? 0) + 1);
        }
      }
      expect(mutations.size, 'every mutation was made').to.equal(14);
      expect(kinds.get('malformed')).to.be.greaterThan(40_000);
      for (const kind of KINDS) expect(kinds.get(kind) ?? 0, kind).to.be.greaterThan(0);
    });
  });
});
