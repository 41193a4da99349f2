// The Binance dialect of the engine's rejections: each venue-neutral reason as the code and message
// Binance answers with (errors.md; fixtures rest/errors.json), `%s` filled in.
import { filterFailureMessage } from '../../lib/exchanges/binance/filters.js';
import type { ParameterFormat, Rejection } from '../engine/rejections.js';

export interface BinanceErrorBody {
  code: number;
  msg: string;
}

/** Binance's legal range text for each parameter format (what -1100 quotes). */
const LEGAL_RANGE: Readonly<Record<ParameterFormat, string>> = {
  decimal: '^([0-9]{1,20})(\\.[0-9]{1,20})?$',
  'client-order-id': '^[a-zA-Z0-9-_.]{1,36}$',
};

/** Engine field names that Binance's messages spell differently. */
const PARAM_NAME: Readonly<Record<string, string>> = { clientOrderId: 'newClientOrderId' };
const param = (name: string): string => PARAM_NAME[name] ?? name;

export function binanceRejection(r: Rejection): BinanceErrorBody {
  switch (r.reason) {
    case 'unknown-symbol':
      return { code: -1121, msg: 'Invalid symbol.' };
    case 'unknown-account':
      return { code: -2015, msg: 'Invalid API-key, IP, or permissions for action.' };
    case 'insufficient-balance':
      return { code: -2010, msg: 'Account has insufficient balance for requested action.' };
    case 'duplicate-client-order-id':
      return { code: -2010, msg: 'Duplicate order sent.' };
    case 'would-take':
      return { code: -2010, msg: 'Order would immediately match and take.' };
    case 'no-liquidity':
      return { code: -2010, msg: 'Order book liquidity is less than symbol minimum quantity.' };
    case 'liquidity-below-min-qty':
      return { code: -2010, msg: 'Order book liquidity is less than `LOT_SIZE` filter minimum quantity.' };
    case 'filter-failure':
      return { code: -1013, msg: filterFailureMessage(r.filter) };
    case 'unknown-order':
      return { code: -2011, msg: 'Unknown order sent.' };
    case 'order-not-found':
      return { code: -2013, msg: 'Order does not exist.' };
    case 'missing-parameter':
      return { code: -1102, msg: `Mandatory parameter '${param(r.param)}' was not sent, was empty/null, or malformed.` };
    case 'missing-one-of':
      return { code: -1102, msg: `Param '${param(r.params[0])}' or '${param(r.params[1])}' must be sent, but both were empty/null!` };
    case 'unexpected-parameter':
      return { code: -1106, msg: `Parameter '${param(r.param)}' sent when not required.` };
    case 'malformed-parameter':
      return { code: -1100, msg: `Illegal characters found in parameter '${param(r.param)}'; legal range is '${LEGAL_RANGE[r.format]}'.` };
    case 'invalid-side':
      return { code: -1117, msg: 'Invalid side.' };
    case 'invalid-order-type':
      return { code: -1116, msg: 'Invalid orderType.' };
    case 'invalid-time-in-force':
      return { code: -1115, msg: 'Invalid timeInForce.' };
    default: {
      const unreachable: never = r;
      throw new Error(`unmapped engine rejection ${JSON.stringify(unreachable)}`);
    }
  }
}
