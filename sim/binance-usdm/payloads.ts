// USD-M market stream payloads, field for field as the futures docs print them (fixtures futures/ws/*.json):
// depthUpdate with T and pu, bookTicker with e/E/T, aggTrade with nq, a 24 h ticker without best bid/ask,
// markPriceUpdate. Update ids are the engine's times FUTURES_ID_SCALE: futures ids jump between events (only
// `pu` chains them), so a client that follows spot's U == previous u + 1 rule loses sync here, as on the venue.
import type { Decimal } from '../../lib/core/decimal.js';
import { toFixedString } from '../../lib/core/decimal.js';
import type { SymbolSpec } from '../engine/types.js';
import type { StreamPayloads } from '../binance/streams/payloads.js';
import { formatPercent } from '../binance/streams/format.js';
import { eightPlaces, type FundingModel } from './funding.js';
import { placesOf } from './symbols.js';

/** Engine update id -> the id a USD-M client sees (events' U/u/pu, snapshots' lastUpdateId, bookTicker's u). */
export const FUTURES_ID_SCALE = 10;
export const futuresUpdateId = (engineUpdateId: number): number => engineUpdateId * FUTURES_ID_SCALE;

export const priceText = (value: Decimal, spec: SymbolSpec | undefined): string => toFixedString(value, spec ? placesOf(spec.priceFilter.tickSize) : 8);
export const qtyText = (value: Decimal, spec: SymbolSpec | undefined): string => toFixedString(value, spec ? placesOf(spec.lotSize.stepSize) : 8);

const levels = (list: ReadonlyArray<readonly [Decimal, Decimal]>, spec: SymbolSpec | undefined): Array<[string, string]> =>
  list.map(([price, qty]) => [priceText(price, spec), qtyText(qty, spec)]);

export function usdmPayloads(funding: FundingModel): StreamPayloads {
  return {
    // pu: the u of the event before. Engine ids are contiguous per symbol, so that event ended at U - 1; when it
    // was lost (the skip-depth fault), pu names it and the client sees the break.
    depthUpdate: (spec, symbol, diff, eventTime) => ({
      e: 'depthUpdate',
      E: eventTime,
      T: eventTime,
      s: symbol,
      U: futuresUpdateId(diff.firstUpdateId),
      u: futuresUpdateId(diff.lastUpdateId),
      pu: futuresUpdateId(diff.firstUpdateId - 1),
      b: levels(diff.bids, spec),
      a: levels(diff.asks, spec),
    }),
    // Partial depth is pushed as a depthUpdate on futures (fixture futures/ws/depth5_partial.json).
    partialDepth: (spec, symbol, book, eventTime) => ({
      e: 'depthUpdate',
      E: eventTime,
      T: eventTime,
      s: symbol,
      U: futuresUpdateId(book.lastUpdateId),
      u: futuresUpdateId(book.lastUpdateId),
      pu: futuresUpdateId(book.lastUpdateId - 1),
      b: levels(book.bids, spec),
      a: levels(book.asks, spec),
    }),
    bookTicker: (spec, symbol, updateId, best, eventTime) => ({
      e: 'bookTicker',
      u: futuresUpdateId(updateId),
      E: eventTime,
      T: eventTime,
      s: symbol,
      b: priceText(best.bidPrice, spec),
      B: qtyText(best.bidQty, spec),
      a: priceText(best.askPrice, spec),
      A: qtyText(best.askQty, spec),
    }),
    aggTrade: (spec, symbol, agg, eventTime) => ({
      e: 'aggTrade',
      E: eventTime,
      s: symbol,
      a: agg.aggId,
      p: priceText(agg.price, spec),
      q: qtyText(agg.qty, spec),
      // Quantity without RPI orders: the simulator has none.
      nq: qtyText(agg.qty, spec),
      f: agg.firstId,
      l: agg.lastId,
      T: agg.time,
      m: agg.isBuyerMaker,
    }),
    ticker: (spec, t, eventTime) => ({
      e: '24hrTicker',
      E: eventTime,
      s: t.symbol,
      p: priceText(t.priceChange, spec),
      P: formatPercent(t.priceChangePercent),
      w: priceText(t.weightedAvgPrice, spec),
      c: priceText(t.lastPrice, spec),
      Q: qtyText(t.lastQty, spec),
      o: priceText(t.openPrice, spec),
      h: priceText(t.highPrice, spec),
      l: priceText(t.lowPrice, spec),
      v: qtyText(t.volume, spec),
      q: toFixedString(t.quoteVolume, 2),
      O: t.openTime,
      C: t.closeTime,
      F: t.firstId,
      L: t.lastId,
      n: t.count,
    }),
    markPrice: (_spec, symbol, eventTime) => {
      const state = funding.state(symbol, eventTime);
      return {
        e: 'markPriceUpdate',
        E: eventTime,
        s: symbol,
        p: eightPlaces(state.markPrice),
        i: eightPlaces(state.indexPrice),
        P: eightPlaces(state.markPrice),
        r: eightPlaces(state.fundingRate),
        T: state.nextFundingTime,
      };
    },
  };
}
