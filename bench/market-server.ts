// The market benchmark's feed, run as a child process so it has its own CPU: a Binance-shaped server
// with exchangeInfo and depth snapshots over HTTP and a combined-stream WebSocket that answers
// SUBSCRIBE and then blasts pre-generated diff-depth events (contiguous U/u per symbol), either as
// fast as the client takes them or at a fixed rate. `E` carries the send time in microseconds so the
// client can measure latency below a millisecond. Driven by bench/market.ts over IPC.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const symbols = Number(process.argv[2] ?? '10');
/** 'futures': Binance USD-M's shapes (/fapi/v1, perpetual listings, depth events chained by pu with jumping ids). */
const futures = process.argv[3] === 'futures';
const names = Array.from({ length: symbols }, (_, i) => `B${String(i + 1).padStart(3, '0')}USDT`);
const sequence = new Map(names.map((name) => [name, 1000]));
const nowMicros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

function levels(side: 'b' | 'a', around: number, n: number, seed: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const price = side === 'b' ? around - 1 - ((seed + i * 7) % 200) * 0.01 : around + 1 + ((seed + i * 7) % 200) * 0.01;
    out.push([price.toFixed(2), ((seed * 13 + i) % 50 === 0 ? 0 : ((seed + i) % 97) / 10 + 0.1).toFixed(4)]);
  }
  return out;
}

/** A frame for `symbol`: the next U..u of that symbol, 5 bids and 5 asks. */
function frame(symbol: string, seed: number): string {
  const previous = sequence.get(symbol) ?? 0;
  // Futures ids jump between events (pu chains them); spot's are contiguous.
  const first = previous + (futures ? 5 : 1);
  const last = first + 2;
  sequence.set(symbol, last);
  const E = nowMicros();
  const b = levels('b', 1000, 5, seed);
  const a = levels('a', 1000, 5, seed + 3);
  const data = futures ? { e: 'depthUpdate', E, T: E, s: symbol, U: first, u: last, pu: previous, b, a } : { e: 'depthUpdate', E, s: symbol, U: first, u: last, b, a };
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@depth@100ms`, data });
}

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  res.setHeader('content-type', 'application/json');
  if (url.pathname === '/api/v3/exchangeInfo' || url.pathname === '/fapi/v1/exchangeInfo') {
    res.end(
      JSON.stringify({
        symbols: names.map((name) => ({
          symbol: name,
          status: 'TRADING',
          contractType: 'PERPETUAL',
          marginAsset: 'USDT',
          baseAsset: name.slice(0, 4),
          quoteAsset: 'USDT',
          filters: [
            { filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000000', tickSize: '0.01' },
            { filterType: 'LOT_SIZE', minQty: '0.0001', maxQty: '9000', stepSize: '0.0001' },
          ],
        })),
      }),
    );
    return;
  }
  if (url.pathname === '/api/v3/depth' || url.pathname === '/fapi/v1/depth') {
    const symbol = url.searchParams.get('symbol') ?? '';
    res.end(JSON.stringify({ lastUpdateId: sequence.get(symbol) ?? 0, bids: levels('b', 1000, 100, 1), asks: levels('a', 1000, 100, 2) }));
    return;
  }
  res.statusCode = 404;
  res.end('{"code":-1,"msg":"not found"}');
});

const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
let client: WebSocket | undefined;
let subscribed = new Set<string>();
wss.on('connection', (socket) => {
  client = socket;
  socket.on('message', (data) => {
    const request = JSON.parse(String(data)) as { method: string; params?: string[]; id: number };
    if (request.method === 'SUBSCRIBE') for (const stream of request.params ?? []) subscribed.add(stream.split('@')[0]!.toUpperCase());
    socket.send(JSON.stringify({ result: request.method === 'LIST_SUBSCRIPTIONS' ? [] : null, id: request.id }));
  });
  socket.on('close', () => {
    if (client === socket) client = undefined;
    subscribed = new Set();
  });
});

/** As fast as the client takes them, for `ms`: the socket's buffer is kept full, never unbounded. */
async function blast(ms: number): Promise<number> {
  const end = Date.now() + ms;
  let sent = 0;
  let seed = 0;
  while (Date.now() < end && client) {
    const socket = client;
    for (let i = 0; i < 200; i++) {
      const symbol = names[seed++ % names.length]!;
      socket.send(frame(symbol, seed));
      sent++;
    }
    if (socket.bufferedAmount > 4 * 1024 * 1024) {
      await new Promise<void>((resolve) => {
        const check = (): void => (socket.bufferedAmount < 1024 * 1024 || !client ? resolve() : void setTimeout(check, 1));
        check();
      });
    } else await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return sent;
}

/** `rate` events per second for `ms`, sent in 1 ms slices. */
async function steady(rate: number, ms: number): Promise<number> {
  const start = Date.now();
  let sent = 0;
  let seed = 0;
  while (Date.now() - start < ms && client) {
    const due = Math.floor(((Date.now() - start) / 1000) * rate);
    while (sent < due && client) {
      client.send(frame(names[seed++ % names.length]!, seed));
      sent++;
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
  return sent;
}

http.listen(0, '127.0.0.1', () => {
  const port = (http.address() as { port: number }).port;
  process.send?.({ type: 'ready', port });
});

process.on('message', (msg: { type: string; ms: number; rate?: number }) => {
  void (async () => {
    const waitFor = Date.now() + 10_000;
    while ((!client || subscribed.size < symbols) && Date.now() < waitFor) await new Promise((r) => setTimeout(r, 10));
    const sent = msg.type === 'blast' ? await blast(msg.ms) : await steady(msg.rate ?? 5000, msg.ms);
    process.send?.({ type: 'done', sent });
  })();
});
