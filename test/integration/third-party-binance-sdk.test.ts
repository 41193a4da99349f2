// The `binance` npm SDK (tiagosiebler), unchanged, against the simulator: MainClient over REST with `baseUrl`,
// WebsocketClient on a market stream and WebsocketAPIClient's user data stream with `wsUrl`.
import { expect } from 'chai';
import sinon from 'sinon';
import { MainClient, WebsocketAPIClient, WebsocketClient, type DefaultLogger } from 'binance';
import { Decimal } from '../../lib/core/decimal.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';

const WAIT_MS = 8000;

/** The SDK logs to the console by default; tests keep its errors only, as failures to look at. */
const errors: unknown[][] = [];
const quietLogger: DefaultLogger = {
  trace: () => undefined,
  info: () => undefined,
  error: (...params: unknown[]) => {
    errors.push(params);
  },
};

/** Resolves with the first `event` emission that `accept` takes, or rejects after WAIT_MS. */
function nextEvent<T>(emitter: { on(event: string, fn: (data: T) => void): unknown; off(event: string, fn: (data: T) => void): unknown }, event: string, accept: (data: T) => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`no matching '${event}' within ${WAIT_MS} ms`));
    }, WAIT_MS);
    function onEvent(data: T): void {
      if (!accept(data)) return;
      clearTimeout(timer);
      emitter.off(event, onEvent);
      resolve(data);
    }
    emitter.on(event, onEvent);
  });
}

type Message = Record<string, unknown>;

describe('binance SDK against the simulator', function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let rest: MainClient;

  before(async () => {
    sim = await startSimulator({ seed: 13 });
    const alice = sim.accounts[0]!;
    // Time sync stays off (the SDK's default): its getServerTime() ignores baseUrl and would call Binance.
    rest = new MainClient({ api_key: alice.apiKey, api_secret: alice.apiSecret, baseUrl: sim.rest, disableTimeSync: true });
  });

  after(async () => {
    await sim.stop();
  });

  afterEach(() => {
    expect(errors.splice(0), 'SDK errors').to.deep.equal([]);
  });

  describe('MainClient (REST, baseUrl)', () => {
    it('reads exchangeInfo with the simulator symbols and filters', async () => {
      const info = await rest.getExchangeInfo();
      expect(info.symbols.map((s) => s.symbol)).to.deep.equal(['BTCUSDT', 'ETHUSDT', 'ETHBTC']);
      const btc = info.symbols[0]!;
      expect(btc.filters.map((f) => f.filterType)).to.include.members(['PRICE_FILTER', 'LOT_SIZE', 'NOTIONAL']);
    });

    it('places, queries and cancels a limit order, and the account shows the lock', async () => {
      const before = await rest.getAccountInformation();
      const usdtBefore = before.balances.find((b) => b.asset === 'USDT')!;
      const placed = await rest.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: 1000, newOrderRespType: 'FULL' });
      expect(placed).to.include({ symbol: 'BTCUSDT', status: 'NEW', side: 'BUY', type: 'LIMIT' });

      const during = await rest.getAccountInformation();
      const usdt = during.balances.find((b) => b.asset === 'USDT')!;
      expect(new Decimal(String(usdt.locked)).minus(String(usdtBefore.locked)).toString()).to.equal('10');

      const queried = await rest.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
      expect(queried).to.include({ orderId: placed.orderId, status: 'NEW' });
      const canceled = await rest.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
      expect(canceled).to.include({ orderId: placed.orderId, status: 'CANCELED' });
      expect(await rest.getOpenOrders({ symbol: 'BTCUSDT' })).to.deep.equal([]);
    });

    it('fills a market order and lists its trades', async () => {
      const filled = await rest.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.002, newOrderRespType: 'FULL' });
      expect(filled).to.include({ status: 'FILLED', executedQty: '0.00200000' });
      const trades = await rest.getAccountTradeList({ symbol: 'BTCUSDT', orderId: filled.orderId });
      const qty = trades.reduce((sum, t) => sum.plus(String(t.qty)), new Decimal(0));
      expect(qty.toString()).to.equal('0.002');
    });

    it('gets a Binance error body for a rejected order', async () => {
      let caught: unknown;
      try {
        await rest.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 50, price: 60000 });
      } catch (err) {
        caught = err;
      }
      expect(caught).to.deep.include({ code: -2010, message: 'Account has insufficient balance for requested action.' });
    });
  });

  describe('WebsocketClient (market streams, wsUrl)', () => {
    it('delivers trades of a subscribed stream', async () => {
      const ws = new WebsocketClient({ wsUrl: sim.ws }, quietLogger);
      try {
        const trade = nextEvent<Message>(ws, 'message', (m) => m['e'] === 'trade');
        await ws.subscribe(['btcusdt@trade'], 'main');
        expect(await trade).to.include({ e: 'trade', s: 'BTCUSDT' });
      } finally {
        ws.closeAll(true);
      }
    });

    it('delivers beautified diff-depth updates with its spot helper', async () => {
      const ws = new WebsocketClient({ wsUrl: sim.ws, beautify: true }, quietLogger);
      try {
        const update = nextEvent<Message>(ws, 'formattedMessage', (m) => m['eventType'] === 'depthUpdate');
        await ws.subscribeSpotDiffBookDepth('ETHUSDT', 100);
        const depth = await update;
        expect(depth).to.include({ symbol: 'ETHUSDT' });
        expect(depth['lastUpdateId']).to.be.a('number');
      } finally {
        ws.closeAll(true);
      }
    });
  });

  describe('WebsocketAPIClient (user data stream, wsUrl)', () => {
    it('subscribes with userDataStream.subscribe.signature, receives its own executionReport, and unsubscribes', async () => {
      const alice = sim.accounts[0]!;
      const api = new WebsocketAPIClient({ api_key: alice.apiKey, api_secret: alice.apiSecret, wsUrl: sim.ws, attachEventListeners: false }, quietLogger);
      const ws = api.getWSClient();
      try {
        const subscribed = await api.subscribeUserDataStream('mainWSAPI');
        expect(subscribed).to.deep.include({ status: 200, result: { subscriptionId: 0 } });
        const report = nextEvent<Message>(ws, 'message', (m) => m['e'] === 'executionReport' && m['x'] === 'NEW');
        const placed = await rest.submitNewOrder({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.001, price: 500000 });
        expect(await report).to.include({ s: 'BTCUSDT', i: placed.orderId, X: 'NEW', S: 'SELL' });
        await rest.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
        // Unsubscribing first tells the SDK the close is wanted (else it logs and plans a resubscribe). Binance
        // then sends eventStreamTerminated, which this SDK version reports with a bare console.warn: muted here.
        const warn = sinon.stub(console, 'warn');
        try {
          const terminated = nextEvent<Message>(ws, 'message', (m) => m['e'] === 'eventStreamTerminated');
          expect(await api.unsubscribeUserDataStream('mainWSAPI')).to.deep.include({ status: 200 });
          await terminated;
        } finally {
          warn.restore();
        }
      } finally {
        ws.closeAll(true);
      }
    });
  });
});
