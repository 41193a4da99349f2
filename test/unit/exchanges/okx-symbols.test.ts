// OKX instruments -> unified symbols and contract sizes (payloads written from the /api/v5/public/instruments
// reference: one body per instType, numbers as strings, "" for fields that do not apply).
import { expect } from 'chai';
import { ExchangeFormatError } from '../../../lib/core/errors.js';
import { ContractSizes } from '../../../lib/exchanges/okx/contract-sizes.js';
import { parseSymbolRules } from '../../../lib/exchanges/okx/order-rules.js';
import { instrumentsRequest, parseInstruments } from '../../../lib/exchanges/okx/symbols.js';
import { SymbolMap } from '../../../lib/core/symbols.js';

const spot = {
  maxLmtSz: '9999999999', maxMktSz: '1000000',
  instType: 'SPOT', instId: 'BTC-USDT', uly: '', instFamily: '', baseCcy: 'BTC', quoteCcy: 'USDT', settleCcy: '', ctVal: '', ctMult: '',
  ctValCcy: '', ctType: '', tickSz: '0.1', lotSz: '0.00000001', minSz: '0.00001', state: 'live',
};
const swap = {
  maxLmtSz: '100000000', maxMktSz: '12000',
  instType: 'SWAP', instId: 'BTC-USDT-SWAP', uly: 'BTC-USDT', instFamily: 'BTC-USDT', baseCcy: '', quoteCcy: '', settleCcy: 'USDT', ctVal: '0.01',
  ctMult: '1', ctValCcy: 'BTC', ctType: 'linear', tickSz: '0.1', lotSz: '0.01', minSz: '0.01', state: 'live',
};
const body = (...data: unknown[]): unknown => ({ code: '0', msg: '', data });

describe('OKX instruments', () => {
  it('asks for one instType per request', () => {
    expect(instrumentsRequest('SPOT')).to.deep.equal({ method: 'GET', path: '/api/v5/public/instruments?instType=SPOT', weight: 1 });
    expect(instrumentsRequest('SWAP').path).to.equal('/api/v5/public/instruments?instType=SWAP');
  });

  it('names spot BASE/QUOTE from baseCcy and quoteCcy', () => {
    const [info] = parseInstruments(body(spot), undefined);
    expect(info).to.deep.equal({
      instType: 'SPOT', symbol: 'BTC/USDT', venueSymbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', stepSize: '0.00000001',
      venueStepSize: '0.00000001', contractSize: undefined, trading: true,
    });
  });

  it('names a linear swap BASE/QUOTE:SETTLE, records its contract size and gives its step in base units', () => {
    const sizes = new ContractSizes();
    const [info] = parseInstruments(body(swap), sizes);
    expect(info).to.include({ symbol: 'BTC/USDT:USDT', venueSymbol: 'BTC-USDT-SWAP', base: 'BTC', quote: 'USDT', contractSize: '0.01', venueStepSize: '0.01', stepSize: '0.0001' });
    expect(sizes.get('BTC-USDT-SWAP')?.toString()).to.equal('0.01');
    expect(sizes.toUnified('BTC-USDT-SWAP', '55154')).to.equal('551.54');
    expect(sizes.toVenue('BTC-USDT-SWAP', '551.54')).to.equal('55154');
  });

  it('reads the spot and swap bodies together, in the order given', () => {
    const infos = parseInstruments([body(spot), body(swap)], new ContractSizes());
    expect(infos.map((i) => i.symbol)).to.deep.equal(['BTC/USDT', 'BTC/USDT:USDT']);
    const map = new SymbolMap('okx', infos);
    expect(map.toVenue('BTC/USDT:USDT')).to.equal('BTC-USDT-SWAP');
    expect(map.toUnified('BTC-USDT')).to.equal('BTC/USDT');
  });

  it('lists live instruments only, and linear swaps only', () => {
    const infos = parseInstruments(
      body(
        { ...spot, instId: 'ETH-USDT', baseCcy: 'ETH', state: 'suspend' },
        { ...spot, instId: 'NEW-USDT', baseCcy: 'NEW', state: 'preopen' },
        { ...swap, instId: 'BTC-USD-SWAP', instFamily: 'BTC-USD', uly: 'BTC-USD', settleCcy: 'BTC', ctType: 'inverse', ctVal: '100' },
        { ...swap, instType: 'FUTURES', instId: 'BTC-USDT-250627' },
        spot,
      ),
      undefined,
    );
    expect(infos.map((i) => i.venueSymbol)).to.deep.equal(['BTC-USDT']);
  });

  it('falls back to uly when instFamily is absent', () => {
    const { instFamily: _dropped, ...older } = swap;
    expect(parseInstruments(body(older), undefined)[0]?.symbol).to.equal('BTC/USDT:USDT');
  });

  it('throws ExchangeFormatError naming the field for a refusal or a body not as documented', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'instruments'],
      [{ code: '50011', msg: 'Too Many Requests', data: [] }, 'instruments.code'],
      [{ code: '0', msg: '', data: {} }, 'instruments.data'],
      [body({ ...spot, instId: '' }), 'instruments.data[0].instId'],
      [body({ ...spot, tickSz: '1e-1' }), 'instruments.data[0].tickSz'],
      [body({ ...swap, ctVal: '' }), 'instruments.data[0].ctVal'],
      [body({ ...swap, ctVal: '0' }), 'instruments.data[0].ctVal'],
      [body({ ...swap, instFamily: 'BTCUSDT' }), 'instruments.data[0].instFamily'],
      [[body(spot), 7], 'instruments[1]'],
    ];
    for (const [bad, field] of cases) {
      expect(() => parseInstruments(bad, undefined), field).to.throw(ExchangeFormatError).with.property('field', field);
    }
  });

  describe('ContractSizes', () => {
    it('knows a swap without a size is unreadable, and spot never needs one', () => {
      const sizes = new ContractSizes();
      expect(sizes.missing('ETH-USDT-SWAP')).to.equal(true);
      expect(sizes.missing('ETH-USDT')).to.equal(false);
      sizes.set('ETH-USDT-SWAP', '0.1');
      expect(sizes.missing('ETH-USDT-SWAP')).to.equal(false);
      expect(sizes.scales('ETH-USDT-SWAP')).to.equal(true);
      expect(sizes.toUnified('ETH-USDT-SWAP', '0')).to.equal('0');
      expect(sizes.toUnified('ETH-USDT-SWAP', '0.000001')).to.equal('0.0000001');
      expect(sizes.toUnified('ETH-USDT', '1.5')).to.equal('1.5');
    });
    it('does not scale a contract size of 1, and refuses a size that is not positive', () => {
      const sizes = new ContractSizes();
      sizes.set('X-USDT-SWAP', '1');
      expect(sizes.scales('X-USDT-SWAP')).to.equal(false);
      expect(() => sizes.set('Y-USDT-SWAP', '0')).to.throw(RangeError);
    });
  });
});

describe('OKX trading rules', () => {
  it('gives spot rules from tickSz, lotSz, minSz and maxLmtSz, and no market rule (its maxMktSz is in USDT)', () => {
    const rules = parseSymbolRules(body(spot)).get('BTC-USDT')!;
    expect(rules).to.deep.include({
      venueSymbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', trading: true, quoteQuantityMarket: false, notional: [], percentPrice: undefined, marketQuantity: undefined,
      price: { filter: 'tickSz', min: '0', max: '0', tick: '0.1' },
      quantity: { filter: 'lotSz', min: '0.00001', max: '9999999999', step: '0.00000001' },
    });
    expect(rules.orderTypes).to.deep.equal(['limit', 'market', 'limit_maker']);
  });
  it('gives swap quantities in base units (contracts times ctVal), market orders bounded by maxMktSz', () => {
    const rules = parseSymbolRules([body(spot), body(swap)]).get('BTC-USDT-SWAP')!;
    expect(rules.quantity).to.deep.equal({ filter: 'lotSz', min: '0.0001', max: '1000000', step: '0.0001' });
    expect(rules.marketQuantity).to.deep.equal({ filter: 'maxMktSz', min: '0.0001', max: '120', step: '0.0001' });
  });
  it('throws ExchangeFormatError naming a size field that is not a decimal', () => {
    expect(() => parseSymbolRules(body({ ...spot, maxLmtSz: '' }))).to.throw(ExchangeFormatError).with.property('field', 'instruments.BTC-USDT.maxLmtSz');
  });
});
