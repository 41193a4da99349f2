import { MainClient, WebsocketClient, WebsocketAPIClient } from 'binance';
import { startSimulator } from '../sim/index.js';

const sim = await startSimulator({ seed: 7 });
const alice = sim.accounts[0]!;
async function step(name: string, fn: () => Promise<unknown>) {
  const t = Date.now();
  try { const r = await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 8000))]); console.log('OK', name, Date.now()-t, JSON.stringify(r).slice(0, 400)); }
  catch (e) { console.log('FAIL', name, e instanceof Error ? e.message : JSON.stringify(e).slice(0, 600)); }
}
const quiet = { trace: () => {}, info: () => {}, error: (...a: unknown[]) => console.log('SDKERR', ...a) };
const client = new MainClient({ api_key: alice.apiKey, api_secret: alice.apiSecret, baseUrl: sim.rest });
await step('getExchangeInfo', async () => (await client.getExchangeInfo()).symbols.map((s) => s.symbol));
await step('getOrderBook', () => client.getOrderBook({ symbol: 'BTCUSDT', limit: 5 }));
await step('getAccountInformation', async () => (await client.getAccountInformation()).balances);
await step('submitNewOrder', () => client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 0.01, price: 1000 }));
await step('submitNewOrder mkt', () => client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 }));
await step('getOpenOrders', () => client.getOpenOrders({ symbol: 'BTCUSDT' }));
await step('cancelAllSymbolOrders', () => client.cancelAllSymbolOrders({ symbol: 'BTCUSDT' }));

const ws = new WebsocketClient({ wsUrl: sim.ws, beautify: true }, quiet);
await step('ws trade', () => new Promise((resolve) => { ws.on('message', (m) => resolve(m)); void ws.subscribe(['btcusdt@trade'], 'main'); }));
ws.closeAll(true);
const ws2 = new WebsocketClient({ wsUrl: sim.ws, beautify: true }, quiet);
await step('ws spot trades helper', () => new Promise((resolve) => { ws2.on('formattedMessage', (m) => resolve(m)); void ws2.subscribeSpotTrades('ETHUSDT'); }));
ws2.closeAll(true);
const wsapi = new WebsocketAPIClient({ api_key: alice.apiKey, api_secret: alice.apiSecret, wsUrl: sim.ws }, quiet);
const wsu = wsapi.getWSClient();
await step('wsapi user data', async () => { const r = await wsapi.subscribeUserDataStream('mainWSAPI' as never); return r; });
await step('wsapi event', () => new Promise((resolve) => { wsu.on('formattedUserDataMessage', (m) => resolve(m)); wsu.on('message', (m) => console.log('msg', JSON.stringify(m).slice(0,200))); void client.submitNewOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.01 }); }));
wsapi.getWSClient().closeAll(true);
await sim.stop();
setTimeout(() => process.exit(0), 500);
