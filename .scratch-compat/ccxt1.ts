import ccxt from 'ccxt';
import { startSimulator } from '../sim/index.js';

const sim = await startSimulator({ seed: 7 });
const alice = sim.accounts[0]!;
const ex = new ccxt.binance({
  apiKey: alice.apiKey, secret: alice.apiSecret,
  options: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
});
const api = (ex.urls as any).api;
for (const k of Object.keys(api)) if (typeof api[k] === 'string') api[k] = api[k].replace(/^https:\/\/[^/]+/, sim.rest);
console.log(api);
async function step(name: string, fn: () => Promise<unknown>) {
  try { const r = await fn(); console.log('OK', name, JSON.stringify(r).slice(0, 600)); }
  catch (e) { console.log('FAIL', name, (e as Error).constructor.name, (e as Error).message.slice(0, 600)); }
}
await step('loadMarkets', async () => Object.keys(await ex.loadMarkets()));
await step('fetchTicker', () => ex.fetchTicker('BTC/USDT'));
await step('fetchOrderBook', () => ex.fetchOrderBook('BTC/USDT', 5));
await step('fetchTrades', () => ex.fetchTrades('BTC/USDT', undefined, 3));
await step('fetchBalance', async () => { const b = await ex.fetchBalance(); return { USDT: b['USDT'], BTC: b['BTC'] }; });
await step('createOrder limit', () => ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, 1000));
await step('createOrder market', () => ex.createOrder('BTC/USDT', 'market', 'buy', 0.01));
await step('fetchOpenOrders', () => ex.fetchOpenOrders('BTC/USDT'));
await step('fetchMyTrades', () => ex.fetchMyTrades('BTC/USDT'));
await sim.stop();
