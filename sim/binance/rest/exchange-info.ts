// GET /api/v3/exchangeInfo body: rate limits and symbols with their filters printed the way Binance
// prints them (exchangeInfo_wsapi_excerpt.json, filters.json). Only what the engine supports is listed.
import { Decimal } from '../../../lib/core/decimal.js';
import type { SymbolSpec } from '../../engine/types.js';
import { dec } from './format.js';
import type { RateLimitSettings } from './rate-limits.js';

const ORDER_TYPES = ['LIMIT', 'LIMIT_MAKER', 'MARKET'];

export function rateLimitsJson(limits: RateLimitSettings): Array<Record<string, unknown>> {
  return [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: limits.requestWeightPerMinute },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: limits.ordersPer10s },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: limits.ordersPerDay },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300_000 },
  ];
}

const d8 = (text: string): string => dec(new Decimal(text));

export function symbolJson(spec: SymbolSpec): Record<string, unknown> {
  return {
    symbol: spec.symbol,
    status: 'TRADING',
    baseAsset: spec.baseAsset,
    baseAssetPrecision: spec.baseAssetPrecision,
    quoteAsset: spec.quoteAsset,
    quotePrecision: spec.quoteAssetPrecision,
    quoteAssetPrecision: spec.quoteAssetPrecision,
    baseCommissionPrecision: spec.baseAssetPrecision,
    quoteCommissionPrecision: spec.quoteAssetPrecision,
    orderTypes: ORDER_TYPES,
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    opoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: false,
    cancelReplaceAllowed: false,
    amendAllowed: false,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: d8(spec.priceFilter.minPrice), maxPrice: d8(spec.priceFilter.maxPrice), tickSize: d8(spec.priceFilter.tickSize) },
      { filterType: 'LOT_SIZE', minQty: d8(spec.lotSize.minQty), maxQty: d8(spec.lotSize.maxQty), stepSize: d8(spec.lotSize.stepSize) },
      {
        filterType: 'MARKET_LOT_SIZE',
        minQty: d8(spec.marketLotSize.minQty),
        maxQty: d8(spec.marketLotSize.maxQty),
        stepSize: d8(spec.marketLotSize.stepSize),
      },
      {
        filterType: 'NOTIONAL',
        minNotional: d8(spec.notional.minNotional),
        applyMinToMarket: spec.notional.applyMinToMarket,
        maxNotional: d8(spec.notional.maxNotional),
        applyMaxToMarket: spec.notional.applyMaxToMarket,
        avgPriceMins: spec.notional.avgPriceMins,
      },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: ['NONE'],
  };
}

export function exchangeInfoJson(serverTime: number, limits: RateLimitSettings, symbols: SymbolSpec[]): Record<string, unknown> {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: rateLimitsJson(limits),
    exchangeFilters: [],
    symbols: symbols.map(symbolJson),
    sors: [],
  };
}
