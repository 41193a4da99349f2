// `firstId`: order and trade ids start where the configuration says (near 2^53 in the 64-bit id tests).
import { expect } from 'chai';
import { ConfigError } from '../../lib/core/errors.js';
import { parseSimConfig } from '../../sim/config.js';
import { startSimulator } from '../../sim/index.js';

describe('simulator firstId', () => {
  it('starts order ids, trade ids and aggregate ids at firstId, and answers them as exact JSON numbers', async () => {
    const firstId = 2 ** 53 - 2 ** 30;
    const sim = await startSimulator({ port: 0, bots: false, firstId });
    try {
      const sell = sim.engine.placeOrder({ account: 'alice', symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '100.00', quantity: '1' });
      const buy = sim.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' });
      expect([sell.orderId, buy.orderId]).to.deep.equal([firstId, firstId + 1]);
      const text = await (await fetch(`${sim.rest}/api/v3/trades?symbol=BTCUSDT`)).text();
      expect(text).to.contain(`"id":${firstId}`);
      const agg = await (await fetch(`${sim.rest}/api/v3/aggTrades?symbol=BTCUSDT`)).text();
      expect(agg).to.contain(`"a":${firstId}`);
    } finally {
      await sim.stop();
    }
  });

  it('refuses a firstId that leaves no room below 2^53', () => {
    expect(() => parseSimConfig({ firstId: 2 ** 53 })).to.throw(ConfigError, /firstId/);
    expect(parseSimConfig({}).firstId).to.equal(1);
  });
});
