// The USD-M market-stream dialect on the shared stream machinery (sim/binance/streams): the new URL split under
// the futures base (`/fstream` on the simulator's port): `/public` carries depth and book ticker, `/market` the
// rest, each as raw `/ws[/<stream>...]` or combined `/stream?streams=`. The retired `/ws` and `/stream` right
// under the base are not served (404). A stream subscribed on the other endpoint is accepted and never delivers.
import { binanceStreamRoute, type StreamDialect } from '../binance/streams/index.js';
import { parseUsdmStreamName, type StreamSpec } from '../binance/streams/stream-names.js';
import type { FundingModel } from './funding.js';
import { usdmPayloads } from './payloads.js';

/** The path under which the simulator serves USD-M streams (the part a client appends /public or /market to). */
export const FUTURES_WS_PREFIX = '/fstream';

const PUBLIC_KINDS = new Set<StreamSpec['kind']>(['diffDepth', 'partialDepth', 'bookTicker']);

export function usdmStreamDialect(funding: FundingModel, prefix = FUTURES_WS_PREFIX): StreamDialect {
  return {
    route: (path, query) => binanceStreamRoute(path, query, `${prefix}/public`, 'public') ?? binanceStreamRoute(path, query, `${prefix}/market`, 'market'),
    parse: parseUsdmStreamName,
    serves: (endpoint, spec) => (PUBLIC_KINDS.has(spec.kind) ? endpoint === 'public' : endpoint === 'market'),
    payloads: usdmPayloads(funding),
  };
}
