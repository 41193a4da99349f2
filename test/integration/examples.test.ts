// The README's examples run as written.
import { expect } from 'chai';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { childEnv } from '../child-env.js';
import { eventually, sleep } from '../wait.js';
import { deleteStream, NATS_URL, runPrefix } from '../pubsub/remote-node.js';

const run = promisify(execFile);

describe('README examples', () => {
  it('the supervised-tree example prints the counter and stops cleanly', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/supervised-tree.ts'], { timeout: 20000, env: childEnv() });
    expect(stdout.trim().split('\n')).to.deep.equal(['1', 'stopped at 1: shutdown']);
  });

  it('the pub/sub example prints the broadcast trade', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/pubsub-observe.ts'], { timeout: 20000, env: childEnv() });
    expect(stdout.trim()).to.equal('trades:binance:BTC/USDT 60000.01 0.001');
  });

  it('the market-data example prints a book and three trades from the simulator, then stops', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/market-feed.ts'], { timeout: 30000, env: childEnv() });
    const lines = stdout.trim().split('\n');
    expect(lines.filter((l) => /^trade BTC\/USDT #\d+: (buy|sell) [\d.]+ @ [\d.]+$/.test(l))).to.have.length(3);
    expect(lines.some((l) => /^book BTC\/USDT: bid [\d.]+ ask [\d.]+$/.test(l))).to.equal(true);
    expect(JSON.parse(lines[lines.length - 1]!)).to.deep.equal([{ connection: 'conn-1', state: 'connected', streams: 2 }]);
  });

  it('the CLI prints its usage', async () => {
    const { stdout } = await run(process.execPath, ['bin/cex-actors.js', '--help'], { timeout: 20000, env: childEnv() });
    expect(stdout).to.contain('Usage: cex-actors').and.contain('sim [--port N]');
  });

  it('the triangular-signal example prints signals with a numeric bps field, then stops', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/triangular-signal.ts'], { timeout: 30000, env: { ...childEnv(), SIGNALS: '3' } });
    const signals = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(signals).to.have.length(3);
    for (const s of signals) {
      expect(s.type).to.equal('signal');
      for (const field of ['bps', 'viaBtcBps', 'viaEthBps']) expect(s[field]).to.be.a('string').and.match(/^-?\d+(\.\d+)?$/);
      // The implied cross is ETH/USDT mid over BTC/USDT mid: near the simulator's ETH/BTC (0.04923 at the start).
      expect(Number(s.impliedEthBtc)).to.be.within(0.03, 0.07);
      expect(Math.abs(Number(s.bps))).to.be.below(1000);
    }
  });

  it('the rxjs-vwap example prints one VWAP line per second, then stops', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/rxjs-vwap.ts'], { timeout: 30000, env: { ...childEnv(), SECONDS: '3' } });
    const lines = stdout.trim().split('\n');
    expect(lines).to.have.length(3);
    const pattern = /^vwap BTC\/USDT (\S+) (-|\d+\.?\d*) trades=(\d+) volume=([\d.]+)$/;
    for (const line of lines) expect(line).to.match(pattern);
    const first = pattern.exec(lines[0]!)!;
    expect(Number(first[3])).to.be.above(0); // the windows start with a second that has trades
    expect(Number(first[2])).to.be.within(10_000, 1_000_000);
    const times = lines.map((line) => Date.parse(pattern.exec(line)![1]!));
    expect(times[2]! - times[0]!).to.be.within(1500, 3500); // a line a second (2000 ms apart), with room for a loaded machine
  });

  describe('the two-node example (a market node and a trading node over NATS)', function () {
    this.timeout(40000);
    const prefix = runPrefix();
    after(() => deleteStream(prefix));

    it('the trading node trades on books from the market node, another process, through its own user', async () => {
      const env = { ...childEnv(), PUBSUB: NATS_URL, CEX_PUBSUB_SUBJECT_PREFIX: prefix, ORDERS: '2' };
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/two-node/main.ts'], { timeout: 35000, env });
      const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, string | number>);
      expect(lines[0]).to.include({ type: 'market-node', node: 'two-node-market' });
      const books = lines.filter((l) => l.type === 'book');
      const orders = lines.filter((l) => l.type === 'order');
      expect(books.length, 'books acted on').to.equal(2);
      expect(orders.length, 'orders placed').to.equal(2);
      orders.forEach((order, i) => {
        // Placed 1 % under the best bid of the book the market node published just before.
        expect(order).to.include({ side: 'buy', status: 'NEW', quantity: '0.001', bestBid: books[i]!.bid });
        expect(String(order.orderId)).to.match(/^\d+$/);
        const ratio = Number(order.price) / Number(order.bestBid);
        expect(ratio).to.be.within(0.989, 0.9901);
      });
      const done = lines[lines.length - 1]!;
      expect(done).to.include({ type: 'done', node: 'two-node-trading', booksActedOn: 2, orders: 2, canceled: 2 });
      // Every book came over NATS: the trading node has no market feed of its own.
      expect(done.remoteReceived).to.be.at.least(2);
      // The exchange's user stream told the trading node of its orders (placed, then canceled).
      expect(done.orderEvents).to.be.at.least(2);
    });
  });

  describe('the HTTP service example', () => {
    let child: ChildProcess | undefined;
    let base = '';
    let stderr = '';

    before(async function () {
      this.timeout(30000);
      child = spawn(process.execPath, ['--import', 'tsx', 'examples/http-service.ts'], { env: { ...childEnv(), PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
      await eventually(() => /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.test(stdout), `the listening line (stderr: ${stderr})`, 25000);
      base = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout)![1]!;
    });

    after(async () => {
      if (child && child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10000)]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    });

    const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
      const response = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      return { status: response.status, json: (await response.json()) as unknown };
    };
    type OrderJson = { orderId: string; status: string; price: string; quantity: string; symbol: string };

    it('places a resting limit order, lists it, cancels it by order id', async () => {
      const placed = await call('POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000.10', quantity: '0.001' });
      expect(placed.status).to.equal(201);
      const order = placed.json as OrderJson;
      expect(order).to.include({ symbol: 'BTC/USDT', status: 'NEW', price: '30000.1', quantity: '0.001' });
      const open = await call('GET', '/orders?symbol=BTC%2FUSDT');
      expect(open.status).to.equal(200);
      expect((open.json as OrderJson[]).map((o) => o.orderId)).to.include(order.orderId);
      const canceled = await call('DELETE', `/orders/${order.orderId}?symbol=BTC/USDT`);
      expect(canceled.status).to.equal(200);
      expect(canceled.json).to.include({ orderId: order.orderId, status: 'CANCELED' });
      const remaining = await call('GET', '/orders?symbol=BTC-USDT');
      expect((remaining.json as OrderJson[]).map((o) => o.orderId)).not.to.include(order.orderId);
    });

    it('cancels by client order id; an unknown order is 404 with the exchange code', async () => {
      const placed = await call('POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.001', clientOrderId: 'smoke-1' });
      expect(placed.status).to.equal(201);
      const canceled = await call('DELETE', '/orders?symbol=BTC/USDT&clientOrderId=smoke-1');
      expect(canceled.json).to.include({ status: 'CANCELED' });
      const again = await call('DELETE', '/orders?symbol=BTC/USDT&clientOrderId=smoke-1');
      expect(again.status).to.equal(404);
      expect(again.json).to.include({ code: 'EXCHANGE_ERROR', kind: 'unknown-order' });
      expect((again.json as { exchangeCode: unknown }).exchangeCode).to.be.a('number');
    });

    it('serves the synced book, the symbol URL-encoded', async () => {
      let book: { status: number; json: unknown } = { status: 0, json: undefined };
      const deadline = Date.now() + 15000;
      while (Date.now() < deadline) {
        book = await call('GET', '/book/BTC%2FUSDT?depth=5');
        if (book.status === 200) break;
        expect(book.status).to.equal(503); // syncing, never anything else
        await sleep(200);
      }
      expect(book.status).to.equal(200);
      const view = book.json as { symbol: string; bids: [string, string][]; asks: [string, string][] };
      expect(view.symbol).to.equal('BTC/USDT');
      expect(view.bids).to.have.length(5);
      expect(view.asks).to.have.length(5);
      for (const [price, quantity] of [...view.bids, ...view.asks]) {
        expect(price).to.match(/^\d+(\.\d+)?$/);
        expect(quantity).to.match(/^\d+(\.\d+)?$/);
      }
      expect(Number(view.bids[0]![0])).to.be.below(Number(view.asks[0]![0]));
    });

    it('serves the balances with Decimals as strings', async () => {
      const balances = await call('GET', '/balances');
      expect(balances.status).to.equal(200);
      const usdt = (balances.json as { asset: string; free: string; locked: string }[]).find((b) => b.asset === 'USDT');
      expect(usdt?.free).to.match(/^\d+(\.\d+)?$/);
      expect(usdt?.locked).to.match(/^\d+(\.\d+)?$/);
    });

    it('refuses bad requests with 400 naming the rule, and exchange refusals with 409', async () => {
      const step = await call('POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.000015' });
      expect(step.status).to.equal(400);
      expect(step.json).to.include({ code: 'INVALID_ORDER', field: 'quantity', filter: 'LOT_SIZE', rule: 'stepSize' });
      expect((step.json as { error: string }).error).to.contain('LOT_SIZE');
      const unknown = await call('POST', '/orders', { symbol: 'NOPE/USDT', side: 'buy', type: 'limit', price: '1', quantity: '1' });
      expect(unknown.status).to.equal(400);
      expect(unknown.json).to.include({ code: 'UNKNOWN_SYMBOL' });
      expect((unknown.json as { error: string }).error).to.contain('NOPE/USDT');
      const float = await call('POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: 30000, quantity: '0.001' });
      expect(float.status).to.equal(400);
      expect(float.json).to.include({ code: 'VALIDATION_FAILED' });
      expect((float.json as { error: string }).error).to.match(/^price: /);
      expect((await call('GET', '/book/NOPE-USDT')).status).to.equal(400);
      const broke = await call('POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '50000', quantity: '100' });
      expect(broke.status).to.equal(409);
      expect(broke.json).to.include({ code: 'EXCHANGE_ERROR', kind: 'insufficient-balance' });
      expect((await call('GET', '/nowhere')).status).to.equal(404);
    });

    it('stops on SIGTERM', async () => {
      const exited = once(child!, 'exit');
      child!.kill('SIGTERM');
      const [code] = (await Promise.race([exited, sleep(10000).then(() => [undefined])])) as [number | null | undefined];
      expect(code, `stderr: ${stderr}`).to.equal(0);
    });
  });
});
