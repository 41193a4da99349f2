// Binance USD-M order vocabulary <-> the models: order types (a conditional order is a limit or market order
// with a trigger; post-only is LIMIT + GTX), position sides and margin types. Shared by the REST parsers and
// the user-stream parser.
import type { MarginType, OrderStatus, OrderType, PositionSide, TimeInForce, TriggerKind, TriggerPriceType } from '../../models/trading.js';

export const USDM_ORDER_STATUSES: ReadonlySet<string> = new Set<OrderStatus>(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED', 'EXPIRED_IN_MATCH']);

const TYPES: Readonly<Record<string, { type: OrderType; trigger: TriggerKind | undefined }>> = {
  LIMIT: { type: 'limit', trigger: undefined },
  MARKET: { type: 'market', trigger: undefined },
  STOP: { type: 'limit', trigger: 'stop' },
  STOP_MARKET: { type: 'market', trigger: 'stop' },
  TAKE_PROFIT: { type: 'limit', trigger: 'take_profit' },
  TAKE_PROFIT_MARKET: { type: 'market', trigger: 'take_profit' },
};

/**
 * The model type and trigger of a venue order type and time in force; undefined for the types the models do
 * not know (TRAILING_STOP_MARKET, LIQUIDATION, ...).
 */
export function usdmOrderType(venueType: unknown, timeInForce: unknown): { type: OrderType; trigger: TriggerKind | undefined } | undefined {
  if (typeof venueType !== 'string' || !Object.hasOwn(TYPES, venueType)) return undefined;
  const known = TYPES[venueType]!;
  return venueType === 'LIMIT' && timeInForce === 'GTX' ? { type: 'limit_maker', trigger: undefined } : known;
}

/** Only limit orders keep a time in force (GTC, IOC, FOK; GTX is the limit_maker type). GTD is not modelled. */
export function usdmTimeInForce(type: OrderType, value: unknown): TimeInForce | undefined {
  return type === 'limit' && (value === 'GTC' || value === 'IOC' || value === 'FOK') ? value : undefined;
}

export function positionSideOf(value: unknown): PositionSide | undefined {
  return value === 'BOTH' ? 'both' : value === 'LONG' ? 'long' : value === 'SHORT' ? 'short' : undefined;
}

/** 'isolated' / 'cross' as REST and the stream print them ('crossed' tolerated: the request's own spelling). */
export function marginTypeOf(value: unknown): MarginType | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower === 'isolated' ? 'isolated' : lower === 'cross' || lower === 'crossed' ? 'cross' : undefined;
}

export function workingTypeOf(value: unknown): TriggerPriceType | undefined {
  return value === 'MARK_PRICE' ? 'mark' : value === 'CONTRACT_PRICE' ? 'contract' : undefined;
}
