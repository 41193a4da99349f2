// The Binance error codes and messages the engine rejects with (errors.md; fixtures rest/errors.json).
import { filterFailureMessage, type FilterFailure } from '../../lib/exchanges/binance/filters.js';
import { EngineRejection } from './types.js';

export const MSG = {
  invalidSymbol: 'Invalid symbol.',
  insufficientBalance: 'Account has insufficient balance for requested action.',
  duplicateOrder: 'Duplicate order sent.',
  wouldTake: 'Order would immediately match and take.',
  unknownOrder: 'Unknown order sent.',
  orderDoesNotExist: 'Order does not exist.',
  cancelInvalid: 'Cancel order is invalid. Check origClOrdId and orderId.',
  invalidApiKey: 'Invalid API-key, IP, or permissions for action.',
  noLiquidityForQuoteQty: 'Order book liquidity is less than symbol minimum quantity.',
  lotSizeLiquidity: 'Order book liquidity is less than `LOT_SIZE` filter minimum quantity.',
} as const;

export const reject = {
  invalidSymbol: (): EngineRejection => new EngineRejection(-1121, MSG.invalidSymbol),
  filter: (failure: FilterFailure): EngineRejection => new EngineRejection(-1013, filterFailureMessage(failure)),
  insufficientBalance: (): EngineRejection => new EngineRejection(-2010, MSG.insufficientBalance),
  duplicateOrder: (): EngineRejection => new EngineRejection(-2010, MSG.duplicateOrder),
  wouldTake: (): EngineRejection => new EngineRejection(-2010, MSG.wouldTake),
  noLiquidityForQuoteQty: (): EngineRejection => new EngineRejection(-2010, MSG.noLiquidityForQuoteQty),
  lotSizeLiquidity: (): EngineRejection => new EngineRejection(-2010, MSG.lotSizeLiquidity),
  unknownOrder: (): EngineRejection => new EngineRejection(-2011, MSG.unknownOrder),
  cancelInvalid: (): EngineRejection => new EngineRejection(-2011, MSG.cancelInvalid),
  orderDoesNotExist: (): EngineRejection => new EngineRejection(-2013, MSG.orderDoesNotExist),
  unknownAccount: (): EngineRejection => new EngineRejection(-2015, MSG.invalidApiKey),
  mandatory: (param: string): EngineRejection =>
    new EngineRejection(-1102, `Mandatory parameter '${param}' was not sent, was empty/null, or malformed.`),
  eitherParam: (a: string, b: string): EngineRejection =>
    new EngineRejection(-1102, `Param '${a}' or '${b}' must be sent, but both were empty/null!`),
  notRequired: (param: string): EngineRejection => new EngineRejection(-1106, `Parameter '${param}' sent when not required.`),
  illegalChars: (param: string, legal: string): EngineRejection =>
    new EngineRejection(-1100, `Illegal characters found in parameter '${param}'; legal range is '${legal}'.`),
  invalidSide: (): EngineRejection => new EngineRejection(-1117, 'Invalid side.'),
  invalidOrderType: (): EngineRejection => new EngineRejection(-1116, 'Invalid orderType.'),
  invalidTimeInForce: (): EngineRejection => new EngineRejection(-1115, 'Invalid timeInForce.'),
} as const;
