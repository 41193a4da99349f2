// An HTTP service embedding the system (node:http, no framework), runnable: npx tsx examples/http-service.ts
// (PORT=8080 to choose the port; default 0, a free one). It runs against the embedded simulator with its first demo
// account and prints one line, `listening on http://127.0.0.1:PORT`; SIGINT/SIGTERM stop it in order.
//
//   POST   /orders                                 {symbol, side, type, price?, quantity?, quoteQuantity?, timeInForce?, clientOrderId?} -> 201 the order
//   DELETE /orders/:orderId?symbol=BTC/USDT        cancel by the exchange's order id -> 200 the order (CANCELED)
//   DELETE /orders?symbol=BTC/USDT&clientOrderId=X cancel by our client order id
//   GET    /orders[?symbol=BTC/USDT]               open orders
//   GET    /book/:symbol[?depth=10]                BTC%2FUSDT or BTC-USDT; the first request subscribes to the book topic
//   GET    /balances
//
// Orders go to the user's session actor as messages (`ask` with a SessionRequest), not through the handle's
// promise methods. Amounts are decimal strings both ways: a JSON number is a float and is refused. Errors are
// `{error, code, ...}`: 400 for a bad request (ValidationError, InvalidOrderError naming the filter,
// UnknownSymbolError), 404 unknown order, 409 other exchange refusals, 429 rate limited, 502 the exchange or our key
// failed, 503 book still syncing, 504 outcome unknown.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  AskTimeoutError,
  ExchangeError,
  InvalidOrderError,
  OutcomeUnknownError,
  RateLimitedError,
  UnknownSymbolError,
  ValidationError,
  ask,
  startExchangeSystem,
  type ActorRef,
  type Balance,
  type BookView,
  type ExchangeErrorKind,
  type Order,
  type OrderRequest,
  type SessionReply,
  type SessionRequest,
} from '../index.js';

/** Longer than the session's own bound on a placement whose outcome it is still looking up (10 s + retries). */
const SESSION_TIMEOUT_MS = 45_000;
const BOOK_WAIT_MS = 3_000;
const MAX_BODY_BYTES = 64 * 1024;

/** A refusal of ours (route, method, body size, a book still syncing), with the HTTP status it gets. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const decimalText = z.string({ error: 'must be a decimal string (a JSON number is a float)' });
const orderBody = z.strictObject({
  symbol: z.string({ error: 'must be a string such as "BTC/USDT"' }),
  side: z.enum(['buy', 'sell']),
  type: z.enum(['limit', 'market', 'limit_maker']),
  price: decimalText.optional(),
  quantity: decimalText.optional(),
  quoteQuantity: decimalText.optional(),
  timeInForce: z.enum(['GTC', 'IOC', 'FOK']).optional(),
  clientOrderId: z.string().optional(),
});

const system = await startExchangeSystem({ simulator: true });
const user = await system.users.start({ id: 'http' });

/** One request to the session actor: the message carries a one-shot reply ref; the reply is the value or the typed error. */
async function session<T>(make: (replyTo: ActorRef<SessionReply<T>>) => SessionRequest): Promise<T> {
  const reply = await ask<SessionRequest, SessionReply<T>>(user.ref, make, SESSION_TIMEOUT_MS);
  if (reply.ok) return reply.value;
  throw reply.error;
}

/** 'BTC/USDT' as given, or 'BTC-USDT' (no venue's asset names contain a dash). */
const unifiedSymbol = (text: string): string => (text.includes('/') ? text : text.replace('-', '/'));

function requiredSymbol(params: URLSearchParams): string {
  const symbol = params.get('symbol');
  if (!symbol) throw new ValidationError('symbol', 'required', 'symbol: the query parameter is required (?symbol=BTC/USDT)');
  return unifiedSymbol(symbol);
}

function parseOrderRequest(json: unknown): OrderRequest {
  const parsed = orderBody.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new ValidationError(field, issue?.code ?? 'invalid', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  return { ...parsed.data, symbol: unifiedSymbol(parsed.data.symbol) };
}

/** Book topics this service subscribed to, each with the promise of its first view (the book synced). */
const books = new Map<string, Promise<void>>();
function watchBook(symbol: string): Promise<void> {
  const topic = system.topic({ symbol, channel: 'book' }); // throws UnknownSymbolError before anything starts
  let synced = books.get(topic);
  if (!synced) {
    synced = new Promise<void>((resolve) => void system.listen<BookView>(topic, () => resolve(), { delivery: 'latest' }));
    books.set(topic, synced);
  }
  return synced;
}

async function readBook(symbol: string, depth: number): Promise<BookView> {
  await Promise.race([watchBook(symbol), new Promise((resolve) => setTimeout(resolve, BOOK_WAIT_MS))]);
  const book = await system.readBook(symbol, depth);
  if (!book) throw new HttpError(503, 'BOOK_SYNCING', `the ${symbol} book is syncing; retry shortly`, { 'retry-after': '1' });
  return book;
}

const orderJson = (o: Order) => ({
  exchange: o.exchange,
  symbol: o.symbol,
  orderId: o.orderId,
  clientOrderId: o.clientOrderId,
  side: o.side,
  type: o.type,
  timeInForce: o.timeInForce,
  status: o.status,
  price: o.price.toFixed(),
  quantity: o.quantity.toFixed(),
  filledQuantity: o.filledQuantity.toFixed(),
  filledQuoteQuantity: o.filledQuoteQuantity.toFixed(),
  updatedAt: o.updatedAt,
});
const balanceJson = (b: Balance) => ({ asset: b.asset, free: b.free.toFixed(), locked: b.locked.toFixed() });
const bookJson = (b: BookView) => ({
  symbol: b.symbol,
  sequence: b.sequence,
  exchangeTime: b.exchangeTime,
  bids: b.bids.map((l) => [l.price.toFixed(), l.quantity.toFixed()]),
  asks: b.asks.map((l) => [l.price.toFixed(), l.quantity.toFixed()]),
});

const EXCHANGE_STATUS: Record<ExchangeErrorKind, number> = {
  'unknown-order': 404,
  'insufficient-balance': 409,
  'duplicate-order': 409,
  filter: 409,
  rejected: 409,
  'invalid-symbol': 400,
  parameter: 400,
  auth: 502,
  timestamp: 502,
  server: 502,
  subscription: 502,
  other: 502,
};

function errorResponse(error: unknown): { status: number; body: Record<string, unknown>; headers?: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, body: { error: error.message, code: error.code }, headers: error.headers };
  if (error instanceof InvalidOrderError) {
    const { message, code, field, value, filter, rule, limit } = error;
    return { status: 400, body: { error: message, code, field, value, filter, rule, limit } };
  }
  if (error instanceof UnknownSymbolError || error instanceof ValidationError) return { status: 400, body: { error: error.message, code: error.code } };
  if (error instanceof RateLimitedError) {
    const retry = error.retryAfterMs === undefined ? undefined : { 'retry-after': String(Math.ceil(error.retryAfterMs / 1000)) };
    return { status: 429, body: { error: error.message, code: error.code, exchangeCode: error.exchangeCode }, headers: retry };
  }
  if (error instanceof OutcomeUnknownError) return { status: 504, body: { error: error.message, code: error.code, exchangeCode: error.exchangeCode } };
  if (error instanceof AskTimeoutError) return { status: 504, body: { error: error.message, code: error.code } };
  if (error instanceof ExchangeError) return { status: EXCHANGE_STATUS[error.kind], body: { error: error.message, code: error.code, kind: error.kind, exchangeCode: error.exchangeCode } };
  return { status: 500, body: { error: error instanceof Error ? error.message : String(error), code: 'INTERNAL' } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'BODY_TOO_LARGE', `the body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError('body', 'json', 'body: not valid JSON');
  }
}

/** The routes: the answer's status and JSON body, or a throw that errorResponse maps. */
async function route(req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> {
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const [resource, id, extra] = segments;
  const method = req.method ?? 'GET';
  const allow = (...methods: string[]): void => {
    if (!methods.includes(method)) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} ${url.pathname}: allowed ${methods.join(', ')}`, { allow: methods.join(', ') });
  };
  if (resource === 'orders' && extra === undefined) {
    if (id === undefined) allow('GET', 'POST', 'DELETE');
    else allow('DELETE');
    if (method === 'POST') {
      const request = parseOrderRequest(await readJson(req));
      return { status: 201, body: orderJson(await session<Order>((replyTo) => ({ type: 'placeOrder', request, replyTo }))) };
    }
    if (method === 'GET') {
      const symbol = url.searchParams.get('symbol');
      const orders = await session<Order[]>((replyTo) => ({ type: 'openOrders', symbol: symbol ? unifiedSymbol(symbol) : undefined, replyTo }));
      return { status: 200, body: orders.map(orderJson) };
    }
    const symbol = requiredSymbol(url.searchParams);
    const clientOrderId = url.searchParams.get('clientOrderId');
    if (id === undefined && !clientOrderId) throw new ValidationError('clientOrderId', 'required', 'DELETE /orders needs an order id in the path or ?clientOrderId=');
    const order = id !== undefined ? { symbol, orderId: id } : { symbol, clientOrderId: clientOrderId ?? '' };
    return { status: 200, body: orderJson(await session<Order>((replyTo) => ({ type: 'cancelOrder', order, replyTo }))) };
  }
  if (resource === 'book' && id !== undefined && extra === undefined) {
    allow('GET');
    const depth = Number(url.searchParams.get('depth') ?? '10');
    if (!Number.isInteger(depth) || depth < 1 || depth > 1000) throw new ValidationError('depth', 'range', 'depth: an integer from 1 to 1000');
    return { status: 200, body: bookJson(await readBook(unifiedSymbol(id), depth)) };
  }
  if (resource === 'balances' && id === undefined) {
    allow('GET');
    return { status: 200, body: (await session<Balance[]>((replyTo) => ({ type: 'balances', replyTo }))).map(balanceJson) };
  }
  throw new HttpError(404, 'NOT_FOUND', `no route ${method} ${url.pathname}`);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  route(req, url).then(
    ({ status, body }) => send(res, status, body),
    (error: unknown) => {
      const { status, body, headers } = errorResponse(error);
      send(res, status, body, headers);
    },
  );
});

const port = Number(process.env.PORT ?? '0');
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const address = server.address();
console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  await system.stop(); // users, feed and pub/sub leaves first, then the simulator
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
