// Binance exchangeInfo -> SymbolInfo, and the SymbolMap built from it (no symbol is ever split by text).
import { expect } from 'chai';
import { ExchangeFormatError, UnknownSymbolError } from '../../../lib/core/errors.js';
import { SymbolMap } from '../../../lib/core/symbols.js';
import { parseSymbols } from '../../../lib/exchanges/binance/symbols.js';

const listing = (symbol: string, base: string, quote: string, status = 'TRADING', filters: unknown[] = []): Record<string, unknown> => ({
  symbol,
  status,
  baseAsset: base,
  quoteAsset: quote,
  filters,
});

const btc = listing('BTCUSDT', 'BTC', 'USDT', 'TRADING', [
  { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
  { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
]);
// The reason splitting by text fails: BTCU/SDT or BTC/USDT?
const odd = listing('BTCUSDC', 'BTC', 'USDC', 'BREAK');

describe('Binance parseSymbols', () => {
  it('builds the unified symbol from baseAsset/quoteAsset and keeps tick and step as printed', () => {
    expect(parseSymbols({ symbols: [btc] })).to.deep.equal([
      { symbol: 'BTC/USDT', venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01000000', stepSize: '0.00001000', trading: true },
    ]);
  });
  it('lists halted symbols as not trading, and symbols without filters without tick or step', () => {
    const [info] = parseSymbols({ symbols: [odd] });
    expect(info).to.include({ symbol: 'BTC/USDC', trading: false, tickSize: undefined, stepSize: undefined });
  });
  it('throws ExchangeFormatError naming the field of a malformed body', () => {
    const cases: Array<[unknown, string]> = [
      [null, 'exchangeInfo'],
      [{}, 'exchangeInfo.symbols'],
      [{ symbols: [5] }, 'exchangeInfo.symbols[0]'],
      [{ symbols: [btc, { ...btc, baseAsset: 1 }] }, 'exchangeInfo.symbols[1].baseAsset'],
      [{ symbols: [{ ...btc, quoteAsset: '' }] }, 'exchangeInfo.symbols[0].quoteAsset'],
      [{ symbols: [{ ...btc, status: undefined }] }, 'exchangeInfo.symbols[0].status'],
      [{ symbols: [{ ...btc, filters: {} }] }, 'exchangeInfo.symbols[0].filters'],
      [{ symbols: [{ ...btc, filters: [{ filterType: 'PRICE_FILTER', tickSize: 0.01 }] }] }, 'exchangeInfo.symbols[0].filters[0].tickSize'],
    ];
    for (const [body, field] of cases) {
      try {
        parseSymbols(body);
        expect.fail(`no error for ${JSON.stringify(body)}`);
      } catch (error) {
        expect(error).to.be.instanceOf(ExchangeFormatError);
        expect((error as ExchangeFormatError).code).to.equal('EXCHANGE_FORMAT');
        expect((error as ExchangeFormatError).field).to.equal(field);
      }
    }
  });
});

describe('SymbolMap', () => {
  const map = new SymbolMap('binance', parseSymbols({ symbols: [btc, odd] }));

  it('maps unified to venue and back', () => {
    expect(map.toVenue('BTC/USDT')).to.equal('BTCUSDT');
    expect(map.toUnified('BTCUSDT')).to.equal('BTC/USDT');
    expect(map.toUnified('BTCUSDC')).to.equal('BTC/USDC');
    expect(map.info('BTC/USDT').tickSize).to.equal('0.01000000');
    expect(map.size).to.equal(2);
    expect(map.all().map((s) => s.symbol)).to.deep.equal(['BTC/USDT', 'BTC/USDC']);
  });
  it('accepts a venue symbol in any case, as stream names carry it', () => {
    expect(map.toUnified('btcusdt')).to.equal('BTC/USDT');
    expect(map.findVenue('BtcUsdc')?.symbol).to.equal('BTC/USDC');
  });
  it('throws UnknownSymbolError naming the symbol and the exchange, never guessing', () => {
    for (const call of [() => map.toVenue('ETH/USDT'), () => map.toUnified('ETHUSDT'), () => map.info('BTCUSDT')]) {
      try {
        call();
        expect.fail('no error');
      } catch (error) {
        expect(error).to.be.instanceOf(UnknownSymbolError);
        expect(error).to.include({ code: 'UNKNOWN_SYMBOL', exchange: 'binance' });
        expect((error as Error).message).to.match(/binance/).and.match(/ETH\/USDT|ETHUSDT|BTCUSDT/);
      }
    }
  });
  it('returns undefined from the find lookups for unknown symbols (the hot path does not throw)', () => {
    expect(map.findVenue('ethusdt')).to.equal(undefined);
    expect(map.findUnified('ETH/USDT')).to.equal(undefined);
  });
  it('refuses a listing that maps two venue symbols to one unified symbol', () => {
    const infos = parseSymbols({ symbols: [btc, { ...btc, symbol: 'BTCUSDT2' }] });
    expect(() => new SymbolMap('binance', infos)).to.throw(ExchangeFormatError);
  });
});
