// fast-check arbitraries for the simulator fuzz test: malformed REST requests (through fetch and raw
// bytes), WebSocket upgrade requests with odd paths and headers, market-stream control frames and WS-API
// frames. Biased toward the shapes the simulator parses, so the junk gets past the first check.
import fc from 'fast-check';

/** The REST endpoints as [method, path]: most fuzzed requests aim at one, so the junk reaches its handler. */
const ROUTES: Array<[string, string]> = [
  ...['ping', 'time', 'exchangeInfo', 'depth', 'trades', 'historicalTrades', 'aggTrades', 'klines', 'uiKlines', 'avgPrice'].map(
    (name): [string, string] => ['GET', `/api/v3/${name}`],
  ),
  ...['ticker/24hr', 'ticker/price', 'ticker/bookTicker', 'order', 'openOrders', 'allOrders', 'account', 'myTrades'].map((name): [string, string] => ['GET', `/api/v3/${name}`]),
  ['POST', '/api/v3/order'],
  ['POST', '/api/v3/order/test'],
  ['DELETE', '/api/v3/order'],
  ['DELETE', '/api/v3/openOrders'],
];

export const REST_PATHS = [...new Set(ROUTES.map(([, path]) => path))];

const route: fc.Arbitrary<[string, string]> = fc.constantFrom(...ROUTES);

const PARAM_NAMES = [
  'symbol',
  'symbols',
  'limit',
  'side',
  'type',
  'timeInForce',
  'quantity',
  'quoteOrderQty',
  'price',
  'newClientOrderId',
  'origClientOrderId',
  'orderId',
  'fromId',
  'startTime',
  'endTime',
  'interval',
  'recvWindow',
  'newOrderRespType',
  'omitZeroBalances',
  'computeCommissionRates',
  'returnRateLimits',
  'subscriptionId',
];

const TRICKY_VALUES = [
  'BTCUSDT',
  'btcusdt',
  'ETHBTC',
  '["BTCUSDT"]',
  '["BTCUSDT","BTCUSDT"]',
  '[]',
  '[1]',
  '{}',
  '-1',
  '0',
  '1',
  '0.00000001',
  '1e308',
  '99999999999999999999999',
  'NaN',
  'true',
  'LIMIT',
  'MARKET',
  'LIMIT_MAKER',
  'BUY',
  'SELL',
  'GTC',
  'FOK',
  'FULL',
  '1m',
  '1M',
  '',
  '%',
  '\u0000',
  '\u{1F600}',
];

/** A parameter value: tricky constants, numbers of every size, any text. */
export const paramValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TRICKY_VALUES) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);

const paramName: fc.Arbitrary<string> = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...PARAM_NAMES) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) });

/** Parameters, a name sent twice now and then (-1101). */
export const paramPairs: fc.Arbitrary<Array<[string, string]>> = fc.oneof(
  { weight: 4, arbitrary: fc.uniqueArray(fc.tuple(paramName, paramValue), { selector: ([name]) => name, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.array(fc.tuple(paramName, paramValue), { maxLength: 8 }) },
);

export const formEncode = (pairs: Array<[string, string]>): string => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

/** A path a URL library accepts: a known endpoint, a mangled one, or encoded junk segments. */
export const fetchPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...REST_PATHS),
  fc.constantFrom('/', '//[', '//api/v3/ping', '/api', '/api/v3', '/api/v3/', '/API/V3/PING', '/api/v3/ping/', '/api/v3/%70ing', '/api/v1/ping', '/sapi/v1/x', '/ws', '/ws-api/v3'),
  fc.array(fc.string({ unit: 'grapheme', maxLength: 10 }), { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.map(encodeURIComponent).join('/')}`),
);

export interface FetchRequest {
  method: string;
  path: string;
  query: Array<[string, string]>;
  body: string | Uint8Array | undefined;
  /** Sign query + body with a real key so the junk reaches the SIGNED handlers. */
  signed: boolean;
  apiKey: string | undefined;
}

const anyMethod = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');

export const fetchRequest: fc.Arbitrary<FetchRequest> = fc
  .record({
    endpoint: fc.oneof({ weight: 4, arbitrary: route }, { weight: 1, arbitrary: fc.tuple(anyMethod, fetchPath) }),
    query: paramPairs,
    body: fc.option(
      fc.oneof(
        { weight: 10, arbitrary: fc.oneof(paramPairs.map(formEncode), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 200 })) },
        // Over the 1 MiB body limit.
        { weight: 1, arbitrary: fc.integer({ min: (1 << 20) + 1, max: 3 << 20 }).map((size) => 'x'.repeat(size)) },
      ),
      { nil: undefined },
    ),
    signed: fc.boolean(),
    apiKey: fc.option(fc.string({ maxLength: 70 }), { nil: undefined }),
  })
  .map(({ endpoint: [method, path], ...rest }) => ({ ...rest, method, path, body: method === 'GET' || method === 'HEAD' ? undefined : rest.body }));

/** A request target as raw bytes would carry it: anything a client might put between method and version. */
export const rawTarget: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('//[', '//api/v3/ping', '/api/v3/ping', '*', 'http://x/api/v3/ping', 'http://[/', 'https://', '/%', '/%zz', '/api/v3/../v3/ping', '/./api/v3/time', '///', '/__sim'),
  },
  { weight: 3, arbitrary: fc.tuple(fetchPath, paramPairs).map(([path, pairs]) => (pairs.length > 0 ? `${path}?${formEncode(pairs)}` : path)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }).map((s) => `/${s.replace(/ /g, '')}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

const rawHeader: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 14,
    arbitrary: fc.oneof(
      fc.constantFrom('Content-Type: application/x-www-form-urlencoded', 'Content-Type: application/json', 'Accept: */*', 'User-Agent: fuzz', 'X-MBX-APIKEY: '),
      fc.string({ maxLength: 70 }).map((key) => `X-MBX-APIKEY: ${key}`),
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'Transfer-Encoding: chunked',
      'Transfer-Encoding: gzip',
      'Content-Length: -1',
      'Content-Length: abc',
      'Content-Length: 99999999999999999999',
      'Expect: 100-continue',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Host:',
      ': no-name',
      'No-Colon',
      ' Folded: header',
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 })).map(([name, value]) => `${name}: ${value}`) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: 8 << 10, max: 40 << 10 }).map((size) => `X-Big: ${'a'.repeat(size)}`) },
);

/** Bytes of one HTTP request, from a plausible one with odd parts to plain junk (never only blank lines: no request, no answer). */
export const rawRequest: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        // Mostly an endpoint with junk parameters; else an odd method, target or both.
        line: fc.oneof(
          { weight: 3, arbitrary: fc.tuple(route, paramPairs).map(([[method, path], pairs]) => `${method} ${path}${pairs.length > 0 ? `?${formEncode(pairs)}` : ''}`) },
          {
            weight: 2,
            arbitrary: fc
              .tuple(
                fc.oneof(
                  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
                  { weight: 1, arbitrary: fc.constantFrom('TRACE', 'CONNECT', 'get', 'G ET', 'BREW', '') },
                  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
                ),
                rawTarget,
              )
              .map(([method, target]) => `${method} ${target}`),
          },
        ),
        version: fc.oneof({ weight: 16, arbitrary: fc.constant('HTTP/1.1') }, { weight: 2, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1x', 'http/1.1', '') }),
        headers: fc.array(rawHeader, { maxLength: 3 }),
        body: fc.oneof(fc.constant(''), paramPairs.map(formEncode), fc.string({ unit: 'binary', maxLength: 100 })),
        declareLength: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      })
      .map(({ line, version, headers, body, declareLength }) => {
        const length = declareLength ? [`Content-Length: ${Buffer.byteLength(body, 'latin1')}`] : [];
        return [`${line} ${version}`, 'Host: 127.0.0.1', 'Connection: close', ...length, ...headers, '', body].join('\r\n');
      }),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).filter((junk) => /[^\r\n]/.test(junk)) },
);

/** A WebSocket upgrade request with an odd path and, sometimes, broken handshake headers. */
export const upgradeRequest: fc.Arbitrary<string> = fc
  .record({
    method: fc.constantFrom('GET', 'GET', 'GET', 'POST'),
    prefix: fc.constantFrom('/ws', '/ws/', '/stream?streams=', '/ws-api/v3', '/ws-api/v3?returnRateLimits=', '//', '/', '//ws/', '/stream/', ''),
    rest: fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('[', '%', '%zz', 'btcusdt@trade', 'btcusdt%40trade/ethbtc@depth', '0', '..', '?x=%')),
    key: fc.constantFrom('dGhlIHNhbXBsZSBub25jZQ==', 'dGhlIHNhbXBsZSBub25jZQ==', 'short', ''),
    version: fc.constantFrom('13', '13', '8', '12', 'x'),
  })
  .map(({ method, prefix, rest, key, version }) =>
    [
      `${method} ${prefix}${rest} HTTP/1.1`,
      'Host: 127.0.0.1',
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      `Sec-WebSocket-Version: ${version}`,
      '',
      '',
    ].join('\r\n'),
  );

/** One WebSocket frame: text (JSON or not, possibly invalid UTF-8) or binary. */
export interface Frame {
  data: Buffer;
  binary: boolean;
}

const STREAM_NAMES = ['btcusdt@trade', 'btcusdt@depth', 'ethbtc@bookTicker', 'btcusdt@kline_1m', 'BTCUSDT@trade', 'btcusdt@depth7', 'nope@trade', '!serverShutdown', ''];

const controlFrameObject = fc.record(
  {
    method: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY') },
      { weight: 1, arbitrary: fc.constantFrom<unknown>('subscribe', '', 'SUBSCRIBE ', 'toString', '__proto__', { toString: 1 }, { valueOf: null }, [{ toString: [] }]) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    ),
    params: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom(...STREAM_NAMES, 'combined'), fc.string({ maxLength: 20 }), fc.boolean(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    id: fc.oneof(fc.integer(), fc.constantFrom(null, 0, -1, 2 ** 63, 1.5, 'abc', 'a'.repeat(37), 'with space'), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] },
);

const wsApiFrameObject = fc.record(
  {
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 40 }), fc.constantFrom(null, 1.5, 2 ** 63), fc.jsonValue({ maxDepth: 2 })),
    method: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom('ping', 'time', 'v3/ping', 'userDataStream.subscribe.signature', 'userDataStream.unsubscribe', 'session.subscriptions', 'order.place', 'session.logon'),
      },
      { weight: 1, arbitrary: fc.constantFrom('', 'v3/', 'PING', 'toString', '__proto__', 'constructor') },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    ),
    params: fc.oneof(
      fc.dictionary(fc.constantFrom('apiKey', 'timestamp', 'signature', 'recvWindow', ...PARAM_NAMES), fc.oneof(paramValue, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 }),
      fc.jsonValue({ maxDepth: 2 }),
    ),
  },
  { requiredKeys: [] },
);

const text = (s: string): Frame => ({ data: Buffer.from(s, 'utf8'), binary: false });

/** Frames for an endpoint whose requests look like `object`. */
function framesLike(object: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Frame> {
  return fc.oneof(
    { weight: 6, arbitrary: object.map((o) => text(JSON.stringify(o))) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => text(JSON.stringify(v))) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }).map(text) },
    // Nested deep enough to overflow a recursive JSON.stringify, and still under the 64 KiB frame limit.
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 30_000 }).map((depth) => text(`{"method":${'['.repeat(depth)}${']'.repeat(depth)},"id":1}`)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((bytes) => ({ data: Buffer.from(bytes), binary: false })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 80 }).map((bytes) => ({ data: Buffer.from(bytes), binary: true })) },
  );
}

export const controlFrame: fc.Arbitrary<Frame> = framesLike(controlFrameObject);
export const wsApiFrame: fc.Arbitrary<Frame> = framesLike(wsApiFrameObject);
