import { expect } from 'chai';
import {
  checkLotSize,
  checkMinNotional,
  checkNotional,
  checkPriceFilter,
  filterFailureMessage,
  isMultipleOf,
  roundDownToStep,
} from '../../../lib/exchanges/binance/filters.js';

const priceFilter = { minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' };
const lotSize = { minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' };
const notional = { minNotional: '5', applyMinToMarket: true, maxNotional: '100000', applyMaxToMarket: false };

describe('Binance filters', () => {
  describe('PRICE_FILTER', () => {
    it('accepts a price on the tick inside the bounds', () => {
      expect(checkPriceFilter('65000.01', priceFilter)).to.equal(undefined);
    });
    it('rejects a price off the tick', () => {
      expect(checkPriceFilter('65000.001', priceFilter)).to.equal('PRICE_FILTER');
    });
    it('rejects prices below minPrice and above maxPrice', () => {
      expect(checkPriceFilter('0.001', { ...priceFilter, tickSize: '0.001' })).to.equal('PRICE_FILTER');
      expect(checkPriceFilter('1000000.01', priceFilter)).to.equal('PRICE_FILTER');
    });
    it('rejects zero and negative prices', () => {
      expect(checkPriceFilter('0', priceFilter)).to.equal('PRICE_FILTER');
      expect(checkPriceFilter('-1', priceFilter)).to.equal('PRICE_FILTER');
    });
    it('treats a zero bound or tick as disabled', () => {
      expect(checkPriceFilter('123.456789', { minPrice: '0', maxPrice: '0', tickSize: '0' })).to.equal(undefined);
    });
  });

  describe('LOT_SIZE and MARKET_LOT_SIZE', () => {
    it('accepts a quantity on the step inside the bounds', () => {
      expect(checkLotSize('0.12345', lotSize)).to.equal(undefined);
    });
    it('rejects off-step, too small and too large quantities with the filter name', () => {
      expect(checkLotSize('0.123456', lotSize)).to.equal('LOT_SIZE');
      expect(checkLotSize('0.000001', lotSize)).to.equal('LOT_SIZE');
      expect(checkLotSize('9000.00001', lotSize)).to.equal('LOT_SIZE');
      expect(checkLotSize('0.123456', lotSize, 'MARKET_LOT_SIZE')).to.equal('MARKET_LOT_SIZE');
    });
    it('uses quantity % stepSize, not (quantity - minQty) % stepSize', () => {
      expect(checkLotSize('0.2', { minQty: '0.15', maxQty: '10', stepSize: '0.1' })).to.equal(undefined);
      expect(checkLotSize('0.25', { minQty: '0.15', maxQty: '10', stepSize: '0.1' })).to.equal('LOT_SIZE');
    });
    it('rejects a zero quantity even when minQty is 0', () => {
      expect(checkLotSize('0', { minQty: '0', maxQty: '100', stepSize: '0' }, 'MARKET_LOT_SIZE')).to.equal('MARKET_LOT_SIZE');
    });
  });

  describe('NOTIONAL', () => {
    it('applies min and max to limit orders', () => {
      expect(checkNotional('4.99', notional, false)).to.equal('NOTIONAL');
      expect(checkNotional('5', notional, false)).to.equal(undefined);
      expect(checkNotional('100000.01', notional, false)).to.equal('NOTIONAL');
    });
    it('applies to MARKET orders only the bounds flagged for them', () => {
      expect(checkNotional('4', notional, true)).to.equal('NOTIONAL');
      expect(checkNotional('200000', notional, true)).to.equal(undefined);
      expect(checkNotional('4', { ...notional, applyMinToMarket: false }, true)).to.equal(undefined);
    });
    it('checks the legacy MIN_NOTIONAL with applyToMarket', () => {
      expect(checkMinNotional('0.5', { minNotional: '1', applyToMarket: false }, false)).to.equal('MIN_NOTIONAL');
      expect(checkMinNotional('0.5', { minNotional: '1', applyToMarket: false }, true)).to.equal(undefined);
    });
  });

  describe('step arithmetic', () => {
    it('rounds down to the step exactly', () => {
      expect(roundDownToStep('0.123456789', '0.00001').toString()).to.equal('0.12345');
      expect(roundDownToStep('7', '0').toString()).to.equal('7');
    });
    it('tests multiples without float error', () => {
      expect(isMultipleOf('0.3', '0.1')).to.equal(true);
      expect(isMultipleOf('0.30000001', '0.1')).to.equal(false);
    });
    it('formats the -1013 message', () => {
      expect(filterFailureMessage('NOTIONAL')).to.equal('Filter failure: NOTIONAL');
    });
  });
});
