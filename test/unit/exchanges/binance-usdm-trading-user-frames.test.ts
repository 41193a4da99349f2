// USD-M listen-key user-stream frames -> UserFrame, on payloads written from the USD-M user-data-streams docs
// (Event: Order Update, Event: Balance and Position Update, Event: User Data Stream Expired, Event: Margin Call);
// and a seeded fuzz: parseUserFrame never throws.
import { expect } from 'chai';
import fc from 'fast-check';
import { SymbolMap } from '../../../lib/core/symbols.js';
import { binanceUsdmTrading as codec } from '../../../lib/exchanges/binance-usdm/trading-codec.js';
import type { UserFrame } from '../../../lib/exchanges/trading-types.js';
import { FrameMutator, type Payload } from '../../fuzz/frame-mutator.js';
import { insaneField } from '../../fuzz/sane-result.js';

const symbols = new SymbolMap('binanceusdm', [{ symbol: 'BTC/USDT:USDT', venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.10', stepSize: '0.001', trading: true }]);
const toUnified = (venueSymbol: string): string => symbols.toUnified(venueSymbol);
const parse = (value: unknown): UserFrame => codec.parseUserFrame(typeof value === 'string' ? value : JSON.stringify(value), toUnified);

const order = {
  s: 'BTCUSDT', c: 'cx-7', S: 'BUY', o: 'LIMIT', f: 'GTC', q: '0.010', p: '30000.10', ap: '30000.00000', sp: '0', x: 'TRADE', X: 'PARTIALLY_FILLED',
  i: 8886774, l: '0.004', z: '0.004', L: '30000.00', N: 'USDT', n: '0.04800000', T: 1700000000099, t: 5501, b: '0', a: '0', m: false, R: false,
  wt: 'CONTRACT_PRICE', ot: 'LIMIT', ps: 'BOTH', cp: false, rp: '1.25000000', pP: false, si: 0, ss: 0, V: 'NONE', pm: 'NONE', gtd: 0,
};
const orderUpdate = { e: 'ORDER_TRADE_UPDATE', E: 1700000000100, T: 1700000000099, o: order };
const accountUpdate = {
  e: 'ACCOUNT_UPDATE', E: 1700000000200, T: 1700000000199,
  a: {
    m: 'ORDER',
    B: [{ a: 'USDT', wb: '1000.50000000', cw: '900.25000000', bc: '0' }],
    P: [
      { s: 'BTCUSDT', pa: '-0.004', ep: '30000.00000', bep: '30012.0', cr: '-5.00000000', up: '-0.40000000', mt: 'cross', iw: '0.00000000', ps: 'BOTH' },
      { s: 'BTCUSDT', pa: '0.002', ep: '29000.0', bep: '29010.0', cr: '0', up: '2.0', mt: 'isolated', iw: '58.1', ps: 'LONG' },
    ],
  },
};
const expired = { e: 'listenKeyExpired', E: '1700000000300', listenKey: 'K1b2C3d4' };
const marginCall = { e: 'MARGIN_CALL', E: 1700000000400, cw: '3.16812045', p: [{ s: 'BTCUSDT', ps: 'LONG', pa: '1.327', mt: 'CROSSED', iw: '0', mp: '187.17127', up: '-1.166074', mm: '1.614445' }] };

describe('Binance USD-M user frames (parseUserFrame)', () => {
  it('a TRADE ORDER_TRADE_UPDATE -> the order\'s state and its fill, with realized PnL', () => {
    const frame = parse(orderUpdate);
    if (frame.kind !== 'orderUpdate') throw new Error(frame.kind);
    expect(frame).to.include({ executionType: 'TRADE', requestClientOrderId: 'cx-7', rejectReason: undefined, eventTime: 1700000000100, subscriptionId: undefined });
    expect(frame.order).to.deep.include({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', orderId: '8886774', clientOrderId: 'cx-7', side: 'buy', type: 'limit', timeInForce: 'GTC', status: 'PARTIALLY_FILLED', updatedAt: 1700000000099, reduceOnly: false, positionSide: 'both' });
    expect(frame.order.filledQuantity.toFixed()).to.equal('0.004');
    expect(frame.order.filledQuoteQuantity.toFixed()).to.equal('120');
    expect(frame.fill).to.deep.include({ tradeId: '5501', maker: false, commissionAsset: 'USDT', time: 1700000000099, positionSide: 'both' });
    expect([frame.fill!.price, frame.fill!.quantity, frame.fill!.quoteQuantity, frame.fill!.commission, frame.fill!.realizedPnl].map((d) => d?.toFixed())).to.deep.equal(['30000', '0.004', '120', '0.048', '1.25']);
  });

  it('NEW and CANCELED carry no fill; a STOP_MARKET is market + stop trigger; LIMIT GTX is limit_maker', () => {
    const created = parse({ ...orderUpdate, o: { ...order, x: 'NEW', X: 'NEW', t: 0, l: '0', z: '0', L: '0' } });
    expect(created).to.include({ kind: 'orderUpdate', fill: undefined });
    const stop = parse({ ...orderUpdate, o: { ...order, o: 'STOP_MARKET', sp: '29000', wt: 'MARK_PRICE', x: 'CANCELED', X: 'CANCELED', R: true } });
    if (stop.kind !== 'orderUpdate') throw new Error(stop.kind);
    expect(stop.order).to.deep.include({ type: 'market', status: 'CANCELED', reduceOnly: true });
    expect(stop.order.trigger).to.deep.include({ kind: 'stop', priceType: 'mark' });
    expect(stop.fill).to.equal(undefined);
    const maker = parse({ ...orderUpdate, o: { ...order, f: 'GTX' } });
    expect(maker).to.have.nested.property('order.type', 'limit_maker');
  });

  it('an update about an unlisted symbol or an unmodelled type is unknown, not lost silently', () => {
    expect(parse({ ...orderUpdate, o: { ...order, s: 'DOGEUSDT' } })).to.deep.equal({ kind: 'unknown', event: 'ORDER_TRADE_UPDATE', venueSymbol: 'DOGEUSDT' });
    expect(parse({ ...orderUpdate, o: { ...order, o: 'TRAILING_STOP_MARKET' } })).to.deep.equal({ kind: 'unknown', event: 'ORDER_TRADE_UPDATE', venueSymbol: 'BTCUSDT' });
    // A liquidation (type LIQUIDATION, execution CALCULATED, states NEW_INSURANCE / NEW_ADL): reconciled from userTrades and ACCOUNT_UPDATE.
    expect(parse({ ...orderUpdate, o: { ...order, o: 'LIQUIDATION', x: 'CALCULATED', X: 'FILLED' } })).to.include({ kind: 'unknown', venueSymbol: 'BTCUSDT' });
    expect(parse({ ...orderUpdate, o: { ...order, x: 'CALCULATED', X: 'NEW_INSURANCE' } })).to.include({ kind: 'unknown', venueSymbol: 'BTCUSDT' });
    expect(parse({ ...orderUpdate, o: { ...order, X: 'NEW_ADL' } })).to.include({ kind: 'unknown' });
  });

  it('a TRADE without a trade id, or with a float amount, is malformed', () => {
    expect(parse({ ...orderUpdate, o: { ...order, t: 0 } })).to.include({ kind: 'malformed' });
    expect(parse({ ...orderUpdate, o: { ...order, l: 0.004 } })).to.deep.equal({ kind: 'malformed', reason: 'ORDER_TRADE_UPDATE: o.l is not a decimal string' });
  });

  it('ACCOUNT_UPDATE -> balances (free = wallet balance) with the positions that changed, the reason, E and T', () => {
    const frame = parse(accountUpdate);
    if (frame.kind !== 'balances') throw new Error(frame.kind);
    expect(frame).to.include({ eventTime: 1700000000200, updateTime: 1700000000199, reason: 'ORDER' });
    expect(frame.balances.map((b) => [b.asset, b.free.toFixed(), b.locked.toFixed(), b.crossWallet?.toFixed()])).to.deep.equal([['USDT', '1000.5', '0', '900.25']]);
    expect(frame.positions).to.have.length(2);
    const [short, long] = frame.positions!;
    expect(short).to.deep.include({ symbol: 'BTC/USDT:USDT', positionSide: 'both', marginType: 'cross', markPrice: undefined, leverage: undefined, liquidationPrice: undefined, updatedAt: 1700000000199 });
    expect([short!.quantity, short!.entryPrice, short!.breakEvenPrice, short!.unrealizedPnl].map((d) => d?.toFixed())).to.deep.equal(['-0.004', '30000', '30012', '-0.4']);
    expect(long).to.deep.include({ positionSide: 'long', marginType: 'isolated' });
    expect(long!.isolatedWallet?.toFixed()).to.equal('58.1');
  });

  it('ACCOUNT_UPDATE with a position on an unlisted symbol is unknown (refresh and reconcile)', () => {
    const other = { ...accountUpdate, a: { ...accountUpdate.a, P: [{ ...accountUpdate.a.P[0], s: 'DOGEUSDT' }] } };
    expect(parse(other)).to.deep.equal({ kind: 'unknown', event: 'ACCOUNT_UPDATE', venueSymbol: 'DOGEUSDT' });
    expect(parse({ ...accountUpdate, a: { ...accountUpdate.a, B: [{ a: 'USDT', wb: 1 }] } })).to.include({ kind: 'malformed' });
  });

  it('listenKeyExpired (E as a string) -> terminated; MARGIN_CALL and config updates are unknown', () => {
    expect(parse(expired)).to.deep.equal({ kind: 'terminated', subscriptionId: undefined, eventTime: 1700000000300 });
    expect(parse(marginCall)).to.deep.equal({ kind: 'unknown', event: 'MARGIN_CALL', venueSymbol: undefined });
    expect(parse({ e: 'ACCOUNT_CONFIG_UPDATE', E: 1, T: 1, ac: { s: 'BTCUSDT', l: 25 } })).to.deep.equal({ kind: 'unknown', event: 'ACCOUNT_CONFIG_UPDATE', venueSymbol: 'BTCUSDT' });
    expect(parse({ e: 'listenKeyExpired', E: 'soon' })).to.include({ kind: 'malformed' });
  });

  it('combined frames ({stream, data}) are unwrapped; non-JSON and non-events are malformed', () => {
    expect(parse({ stream: 'K1b2C3d4', data: expired })).to.include({ kind: 'terminated' });
    expect(parse('{')).to.deep.equal({ kind: 'malformed', reason: 'frame is not JSON' });
    expect(parse([])).to.include({ kind: 'malformed' });
    expect(parse({ result: null, id: 1 })).to.include({ kind: 'malformed' });
  });

  describe('fuzz (seeded)', () => {
    const params = { seed: 20261129, numRuns: 2000 };
    const KINDS: readonly UserFrame['kind'][] = ['orderUpdate', 'balances', 'terminated', 'serverShutdown', 'unknown', 'malformed'];
    const throwing = (venueSymbol: string): string => {
      throw new Error(`no ${venueSymbol}`);
    };
    it('never throws on arbitrary text or JSON, whatever the resolver does', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => KINDS.includes(codec.parseUserFrame(text, toUnified).kind)), params);
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 5 }), fc.boolean(), (value, throws) => KINDS.includes(codec.parseUserFrame(JSON.stringify(value), throws ? throwing : toUnified).kind)),
        params,
      );
    });
    it('never throws on ORDER_TRADE_UPDATE and ACCOUNT_UPDATE with one field replaced', () => {
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(order)), fc.jsonValue({ maxDepth: 2 }), (key, value) => KINDS.includes(parse({ ...orderUpdate, o: { ...order, [key]: value } }).kind)),
        params,
      );
      const position = accountUpdate.a.P[0]!;
      fc.assert(
        fc.property(fc.constantFrom(...Object.keys(position)), fc.jsonValue({ maxDepth: 2 }), (key, value) =>
          KINDS.includes(parse({ ...accountUpdate, a: { ...accountUpdate.a, P: [{ ...position, [key]: value }] } }).kind),
        ),
        params,
      );
    });
    it('20,000 mutated frames: never throws, and no NaN, Infinity or rounded id in what it returns', function () {
      this.timeout(30_000);
      const payloads: Payload[] = [
        { name: 'ORDER_TRADE_UPDATE', value: orderUpdate },
        { name: 'ACCOUNT_UPDATE', value: accountUpdate },
        { name: 'listenKeyExpired', value: expired },
        { name: 'MARGIN_CALL', value: marginCall },
      ];
      const mutator = new FrameMutator(0x05d3, payloads);
      const kinds = new Set<string>();
      for (let i = 0; i < 20_000; i++) {
        const frame = mutator.next();
        let parsed: UserFrame;
        try {
          parsed = codec.parseUserFrame(frame.text, toUnified);
        } catch (error) {
          throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) threw ${String(error)}: ${frame.text.slice(0, 200)}`);
        }
        if (frame.mustBeMalformed && parsed.kind !== 'malformed') throw new Error(`frame ${i} (${frame.mutation}) parsed as ${parsed.kind}`);
        const why = insaneField(parsed);
        if (why) throw new Error(`frame ${i} (${frame.mutation} of ${frame.base}) parsed as ${parsed.kind} with ${why}: ${frame.text.slice(0, 200)}`);
        kinds.add(parsed.kind);
      }
      expect([...kinds].sort()).to.deep.equal(['balances', 'malformed', 'orderUpdate', 'terminated', 'unknown']);
    });
  });
});
