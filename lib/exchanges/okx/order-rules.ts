// OKX trading rules from the instruments listing (GET /api/v5/public/instruments, the same bodies symbols.ts
// reads) -> TradingRules. Price: tickSz. Quantity: lotSz step, minSz minimum, maxLmtSz maximum; a swap's are in
// contracts and are given here in base units (times ctVal), like every swap quantity we report. A swap's market
// orders also obey maxMktSz (contracts); a spot one's maxMktSz is in USDT, which a base-quantity rule cannot say
// (left out). OKX lists no notional or percent-price rule: its price limit (51006) moves with the market.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError } from '../../core/errors.js';
import type { QuantityRule, SymbolRules, TradingRules } from '../trading-types.js';
import { decimalText, isObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';
import { parseInstruments } from './symbols.js';

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** The listing's items by instId, to read the size fields parseInstruments does not keep. */
function rawItems(body: unknown): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const one of Array.isArray(body) ? (body as unknown[]) : [body]) {
    if (!isObject(one) || !Array.isArray(one.data)) continue;
    for (const item of one.data as unknown[]) if (isObject(item) && typeof item.instId === 'string') out.set(item.instId, item as Record<string, unknown>);
  }
  return out;
}

export function parseSymbolRules(body: unknown): TradingRules {
  const instruments = parseInstruments(body, undefined); // validates the bodies; throws naming the field
  const items = rawItems(body);
  const rules = new Map<string, SymbolRules>();
  for (const info of instruments) {
    const item = items.get(info.venueSymbol)!;
    const size = (field: string): string => {
      const value = decimalText(item[field]);
      if (value === undefined) throw formatError(`instruments.${info.venueSymbol}.${field}`, 'is not a decimal string');
      return info.contractSize === undefined ? value : new Decimal(value).mul(info.contractSize).toFixed();
    };
    const step = size('lotSz');
    const min = size('minSz');
    const quantity: QuantityRule = { filter: 'lotSz', min, max: size('maxLmtSz'), step };
    const marketQuantity: QuantityRule | undefined = info.instType === 'SWAP' ? { filter: 'maxMktSz', min, max: size('maxMktSz'), step } : undefined;
    rules.set(info.venueSymbol, {
      venueSymbol: info.venueSymbol,
      base: info.base,
      quote: info.quote,
      trading: info.trading,
      orderTypes: ['limit', 'market', 'limit_maker'],
      quoteQuantityMarket: false,
      price: info.tickSize === undefined ? undefined : { filter: 'tickSz', min: '0', max: '0', tick: info.tickSize },
      quantity,
      marketQuantity,
      notional: [],
      percentPrice: undefined,
      venueOrderTypes: ['limit', 'market', 'post_only', 'fok', 'ioc'],
    });
  }
  return rules;
}
