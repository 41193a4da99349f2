// The README's pub/sub example, runnable: npx tsx examples/pubsub-observe.ts
import { PubSub, marketTopic } from '../actors/pubsub.js';

const pubsub = new PubSub({ nodeName: 'node-a' });
const topic = marketTopic({ channel: 'trades', exchange: 'binance', symbol: 'BTC/USDT' }); // 'trades:binance:BTC/USDT'
const sub = pubsub.observe<{ price: string; qty: string }>(topic).subscribe((trade) => console.log(topic, trade.price, trade.qty));
pubsub.broadcast(topic, { price: '60000.01', qty: '0.001' });
sub.unsubscribe();
