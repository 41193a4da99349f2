import ccxt from 'ccxt';
import { startSimulator } from '../sim/index.js';

const sim = await startSimulator({ seed: 7 });
const alice = sim.accounts[0]!;
const ex = new ccxt.pro.binance({
  apiKey: alice.apiKey, secret: alice.apiSecret,
  options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
});
const api = (ex.urls as any).api;
for (const k of Object.keys(api)) if (typeof api[k] === 'string') api[k] = api[k].replace(/^https:\/\/[^/]+/, sim.rest);
api.ws = { spot: `${sim.ws}/ws`, margin: `${sim.ws}/ws`, 'ws-api': { spot: sim.wsApi } };
await ex.loadHttpProxyAgent();
async function step(name: string, fn: () => Promise<unknown>) {
  const t = Date.now();
  try { const r = await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 8000))]); console.log('OK', name, Date.now()-t, JSON.stringify(r).slice(0, 400)); }
  catch (e) { console.log('FAIL', name, (e as Error).constructor.name, (e as Error).message.slice(0, 600)); }
}
await step('loadMarkets', async () => Object.keys(await ex.loadMarkets()));
await step('watchTrades', () => ex.watchTrades('BTC/USDT'));
await step('watchOrderBook', async () => { const ob = await ex.watchOrderBook('BTC/USDT'); await ex.watchOrderBook('BTC/USDT'); return { nonce: ob.nonce, bid: ob.bids[0], ask: ob.asks[0], n: ob.bids.length }; });
await step('watchTicker', () => ex.watchTicker('ETH/USDT'));
await step('watchBalance', async () => { const p = ex.watchBalance(); setTimeout(() => void ex.createOrder('BTC/USDT', 'market', 'buy', 0.01), 500); const b = await p; return { USDT: b['USDT'], BTC: b['BTC'] }; });
await step('watchOrders', async () => { const p = ex.watchOrders('BTC/USDT'); setTimeout(() => void ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 1000), 500); return p; });
await ex.close();
await sim.stop();
