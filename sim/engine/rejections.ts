// Why the engine refuses an operation, in venue-neutral terms: a reason and its details, never an
// exchange's code or wording. Each dialect maps reasons to its own errors (Binance: sim/binance/rejection-errors.ts),
// so another venue can sit on the same engine.
import type { FilterFailure } from '../../lib/exchanges/binance/filters.js';

/** What a malformed parameter should have looked like. */
export type ParameterFormat = 'decimal' | 'client-order-id';

export type Rejection =
  | { reason: 'unknown-symbol' }
  | { reason: 'unknown-account' }
  | { reason: 'insufficient-balance' }
  | { reason: 'duplicate-client-order-id' }
  /** A post-only (LIMIT_MAKER) order would trade at once. */
  | { reason: 'would-take' }
  /** A MARKET order sized by quote amount met an empty opposite side. */
  | { reason: 'no-liquidity' }
  /** The opposite side holds less than the symbol's minimum quantity. */
  | { reason: 'liquidity-below-min-qty' }
  | { reason: 'filter-failure'; filter: FilterFailure }
  /** Cancel: no such order of the account, or it is no longer open. */
  | { reason: 'unknown-order' }
  /** Query: no such order of the account (or it was forgotten). */
  | { reason: 'order-not-found' }
  | { reason: 'missing-parameter'; param: string }
  | { reason: 'missing-one-of'; params: readonly [string, string] }
  | { reason: 'unexpected-parameter'; param: string }
  | { reason: 'malformed-parameter'; param: string; format: ParameterFormat }
  | { reason: 'invalid-side' }
  | { reason: 'invalid-order-type' }
  | { reason: 'invalid-time-in-force' };

export type RejectionReason = Rejection['reason'];

function describe(r: Rejection): string {
  switch (r.reason) {
    case 'filter-failure':
      return `${r.reason}: ${r.filter}`;
    case 'missing-parameter':
    case 'unexpected-parameter':
      return `${r.reason}: ${r.param}`;
    case 'malformed-parameter':
      return `${r.reason}: ${r.param} must be a ${r.format}`;
    case 'missing-one-of':
      return `${r.reason}: ${r.params.join(' or ')}`;
    default:
      return r.reason;
  }
}

/** A refused operation; `rejection` says why. The engine state is unchanged. */
export class EngineRejection extends Error {
  /** Stable across all rejections; `rejection.reason` says which one. */
  readonly code = 'ENGINE_REJECTION';
  constructor(readonly rejection: Rejection) {
    super(describe(rejection));
    this.name = 'EngineRejection';
  }
}

const rejection = (r: Rejection): EngineRejection => new EngineRejection(r);

export const reject = {
  invalidSymbol: (): EngineRejection => rejection({ reason: 'unknown-symbol' }),
  filter: (filter: FilterFailure): EngineRejection => rejection({ reason: 'filter-failure', filter }),
  insufficientBalance: (): EngineRejection => rejection({ reason: 'insufficient-balance' }),
  duplicateOrder: (): EngineRejection => rejection({ reason: 'duplicate-client-order-id' }),
  wouldTake: (): EngineRejection => rejection({ reason: 'would-take' }),
  noLiquidityForQuoteQty: (): EngineRejection => rejection({ reason: 'no-liquidity' }),
  lotSizeLiquidity: (): EngineRejection => rejection({ reason: 'liquidity-below-min-qty' }),
  unknownOrder: (): EngineRejection => rejection({ reason: 'unknown-order' }),
  orderDoesNotExist: (): EngineRejection => rejection({ reason: 'order-not-found' }),
  unknownAccount: (): EngineRejection => rejection({ reason: 'unknown-account' }),
  mandatory: (param: string): EngineRejection => rejection({ reason: 'missing-parameter', param }),
  eitherParam: (a: string, b: string): EngineRejection => rejection({ reason: 'missing-one-of', params: [a, b] }),
  notRequired: (param: string): EngineRejection => rejection({ reason: 'unexpected-parameter', param }),
  malformed: (param: string, format: ParameterFormat): EngineRejection => rejection({ reason: 'malformed-parameter', param, format }),
  invalidSide: (): EngineRejection => rejection({ reason: 'invalid-side' }),
  invalidOrderType: (): EngineRejection => rejection({ reason: 'invalid-order-type' }),
  invalidTimeInForce: (): EngineRejection => rejection({ reason: 'invalid-time-in-force' }),
} as const;
