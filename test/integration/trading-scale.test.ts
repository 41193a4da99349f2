// 200 users trading at once while one user's user-data stream is killed again and again: every user's
// orders complete, the victim still gets each fill exactly once, and no other user notices.
import { expect } from 'chai';
import { PubSub } from '../../actors/pubsub.js';
import { startActorSystem, type RuntimeEvent } from '../../actors/runtime/index.js';
import { startTrading } from '../../actors/trading/trading.js';
import { binanceSpotTrading } from '../../lib/exchanges/binance/trading-codec.js';
import type { FillEvent, OrderEvent } from '../../lib/models/trading.js';
import { startSimulator } from '../../sim/index.js';
import { eventually, sleep } from '../wait.js';

describe('trading at scale', function () {
  this.timeout(90_000);

  it("200 users trade concurrently while one user's stream is killed repeatedly", async () => {
    const accounts = Array.from({ length: 200 }, (_, i) => ({ name: `u${i}`, balances: { USDT: '100000', BTC: '10', ETH: '100' } }));
    const sim = await startSimulator({ port: 0, seed: 21, bots: false, accounts, rateLimits: { requestWeightPerMinute: 1_000_000, ordersPer10s: 1000 } });
    const system = await startActorSystem({ name: 'scale' });
    const pubsub = new PubSub();
    const events: RuntimeEvent[] = [];
    system.onEvent((e) => events.push(e));
    try {
      const trading = await startTrading(system.root, pubsub, {
        codec: binanceSpotTrading,
        restUrl: sim.rest,
        wsApiUrl: sim.wsApi,
        backoff: { minMs: 20, maxMs: 200 },
        pingIntervalMs: 2000,
        weightPerMinute: 1_000_000, // the simulator's per-IP limit in this test
      });
      const fills = new Map<string, FillEvent[]>();
      const filledOrders = new Map<string, Set<string>>();
      const users = await Promise.all(
        sim.accounts.map(async (account) => {
          fills.set(account.name, []);
          filledOrders.set(account.name, new Set());
          pubsub.listen<FillEvent>(`fills:${account.name}`, (e) => void fills.get(account.name)!.push(e));
          pubsub.listen<OrderEvent>(`orders:${account.name}`, (e) => {
            if (e.order.status === 'FILLED') filledOrders.get(account.name)!.add(e.order.clientOrderId);
          });
          return trading.startUser({ id: account.name, credentials: { apiKey: account.apiKey, apiSecret: account.apiSecret } });
        }),
      );
      await sleep(1000); // subscribed and reconciled
      const victim = sim.accounts[0]!;
      let kills = 0;
      const killer = setInterval(() => {
        kills += 1;
        if (kills % 2 === 0) sim.faults.expireUserDataStreams(victim.apiKey);
        else sim.faults.dropConnections({ target: 'wsApi', apiKey: victim.apiKey });
      }, 30);
      // Each user rests a sell, then each buys the best one with a market order (the first buys its own: a self-trade).
      const sells = await Promise.all(users.map((u, i) => u.placeOrder({ symbol: 'BTC/USDT', side: 'sell', type: 'limit', price: String(60000 + i), quantity: '0.01' })));
      expect(sells.every((o) => o.status === 'NEW')).to.equal(true);
      for (const u of users) {
        await u.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', quantity: '0.01' });
      }
      clearInterval(killer);
      await eventually(() => [...filledOrders.values()].every((s) => s.size >= 1), 'every sell filled and reported', 30_000);
      await sleep(1500); // any duplicate would have arrived by now
      for (const [name, list] of fills) {
        const ids = list.map((f) => `${f.fill.tradeId}/${f.fill.orderId}`); // a self-trade is one trade id, two fills
        expect(new Set(ids).size, `${name}: duplicate fill`).to.equal(ids.length);
        expect(list.length, `${name}: fills`).to.equal(sim.engine.myTrades(name, 'BTCUSDT', {}).length); // every fill the simulator made
      }
      expect(kills).to.be.greaterThan(5);
      // The kills restarted only the victim's user stream.
      const restarted = new Set(events.filter((e) => e.type === 'childRestarted').map((e) => e.path.split('/').slice(-2, -1)[0]));
      expect([...restarted]).to.deep.equal([victim.name]);
    } finally {
      await system.stop();
      await pubsub.stop();
      await sim.stop();
    }
  });
});
