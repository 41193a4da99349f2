// The public facade (issue 9): `startExchangeSystem` with the embedded simulator, used as the README shows.
import { expect } from 'chai';
import { firstValueFrom, take, toArray } from 'rxjs';
import { startExchangeSystem, type ExchangeSystem } from '../../facade/exchange-system.js';
import { loadConfig } from '../../config/index.js';
import { ask, dispatch, isAlive, type ActorDef, type ActorRef } from '../../actors/runtime/index.js';
import type { TopicMessage } from '../../actors/pubsub.js';
import type { SessionReply, SessionRequest } from '../../actors/trading/session.js';
import type { BookView, MarkPrice, Trade } from '../../lib/models/market.js';
import type { Order } from '../../lib/models/trading.js';
import { eventually } from '../wait.js';

describe('startExchangeSystem (the public facade)', function () {
  this.timeout(30_000);
  let system: ExchangeSystem | undefined;
  afterEach(async () => {
    await system?.stop();
    system = undefined;
  });

  const config = () => loadConfig({ env: {}, overrides: { log: { level: 'error', format: 'json' } } });

  it('subscribes an actor, a callback and an Observable by topic selector; reads the book', async () => {
    system = await startExchangeSystem({ config: config(), simulator: { port: 0, seed: 3 } });
    const s = system;
    const seen: string[] = [];
    const collector: ActorDef<null, TopicMessage<BookView> | { type: 'count'; replyTo: ActorRef<number> }> = {
      init: () => null,
      receive(state, msg) {
        if (msg.type === 'topicEvent') seen.push(msg.event.symbol);
        else dispatch(msg.replyTo, seen.length);
        return state;
      },
    };
    const ref = await s.actorSystem.spawn(collector, { id: 'collector' });
    s.subscribe<BookView>({ exchange: 'binance', symbol: 'BTC/USDT', channel: 'book' }, ref, { delivery: 'latest' });
    const trades: Trade[] = [];
    s.listen<Trade>({ symbol: 'ETH/USDT', channel: 'trades' }, (t) => void trades.push(t));
    const tickers = await firstValueFrom(s.observe<{ symbol: string }>({ symbol: 'ETH/BTC', channel: 'ticker' }).pipe(take(1), toArray()));
    expect(tickers[0]?.symbol).to.equal('ETH/BTC');
    await eventually(() => seen.length > 0 && trades.length > 0, 'a book to the actor and a trade to the callback', 20_000);
    expect(seen[0]).to.equal('BTC/USDT');
    const book = await s.readBook('BTC/USDT', 3);
    expect(book?.bids).to.have.length(3);
    expect(s.topic({ symbol: 'BTC/USDT', channel: 'depth' })).to.equal('depth:binance:BTC/USDT');
    expect(() => s.topic({ symbol: 'NOPE/USDT', channel: 'depth' })).to.throw(/NOPE\/USDT/);
    expect(s.status().books.map((b) => b.id)).to.include('book-BTCUSDT');
    await eventually(() => s.metrics().streams.some((m) => m.stream === 'depth:BTC/USDT' && m.messages > 0), 'depth metrics of the book', 5000);
  });

  it('runs the USD-M futures feed beside spot when exchanges.binanceusdm is enabled, on the simulator\'s futures endpoints', async () => {
    const withFutures = loadConfig({ env: {}, overrides: { log: { level: 'error', format: 'json' }, exchanges: { binanceusdm: { enabled: true } } } });
    system = await startExchangeSystem({ config: withFutures, simulator: { port: 0, seed: 3, streamCadence: { slowMs: 200 } } });
    expect(system.futures?.exchange).to.equal('binanceusdm');
    expect(system.topic({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', channel: 'markPrice' })).to.equal('markPrice:binanceusdm:BTC/USDT:USDT');
    const marks: MarkPrice[] = [];
    system.listen<MarkPrice>({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', channel: 'markPrice' }, (m) => void marks.push(m));
    const books: BookView[] = [];
    system.listen<BookView>({ exchange: 'binanceusdm', symbol: 'ETH/USDT:USDT', channel: 'book' }, (b) => void books.push(b));
    await eventually(() => marks.length > 0 && books.length > 0, 'a futures mark price and book', 15_000);
    expect(marks[0]?.fundingRate.toFixed()).to.equal('0.0001');
    expect(() => system!.topic({ exchange: 'binance', symbol: 'BTC/USDT', channel: 'markPrice' })).to.throw(/no markPrice channel/);
  });

  it('has no futures feed unless configured', async () => {
    system = await startExchangeSystem({ config: config(), simulator: { port: 0, seed: 3 } });
    expect(system.futures).to.equal(undefined);
    expect(() => system!.topic({ exchange: 'binanceusdm', symbol: 'BTC/USDT:USDT', channel: 'depth' })).to.throw(/no feed for exchange 'binanceusdm'/);
  });

  it('trades through users by promise and by message, with the demo account by default', async () => {
    system = await startExchangeSystem({ config: config(), simulator: { port: 0, seed: 4, bots: false } });
    const alice = await system.users.start({ id: 'alice' });
    const placed = await alice.placeOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', price: '30000', quantity: '0.01' });
    const reply = await ask<SessionRequest, SessionReply<Order>>(
      alice.ref,
      (replyTo) => ({ type: 'cancelOrder', order: { symbol: 'BTC/USDT', clientOrderId: placed.clientOrderId }, replyTo }),
      5000,
    );
    expect(reply.ok && reply.value.status).to.equal('CANCELED');
    expect(system.users.list()).to.deep.equal(['alice']);
    await system.users.stop('alice');
    expect(system.users.get('alice')).to.equal(undefined);
  });

  it('serves Prometheus metrics in the text format, and stops everything in order', async () => {
    system = await startExchangeSystem({ config: config(), simulator: { port: 0, seed: 5 }, metrics: { port: 0 } });
    const s = system;
    s.listen({ symbol: 'BTC/USDT', channel: 'trades' }, () => undefined);
    const alice = await s.users.start({ id: 'alice' });
    await eventually(() => (s.metrics().connections[0]?.state ?? '') === 'connected', 'connected', 10_000);
    await eventually(() => alice.metrics().subscribed, 'the user-data stream subscribed', 10_000);
    const response = await fetch(s.metricsUrl!);
    const text = await response.text();
    expect(response.headers.get('content-type')).to.contain('text/plain');
    expect(text).to.match(/^# HELP cex_connection_up /m);
    expect(text).to.match(/^cex_connection_up\{exchange="binance",connection="conn-1"\} 1$/m);
    expect(text).to.contain('cex_process_resident_memory_bytes');
    // The user-data stream's counters, per user.
    expect(text).to.match(/^cex_user_stream_up\{exchange="binance",user="alice"\} 1$/m);
    expect(text).to.match(/^cex_user_stream_reconnects\{exchange="binance",user="alice"\} 0$/m);
    expect(text).to.match(/^cex_user_stream_malformed_frames\{exchange="binance",user="alice"\} 0$/m);
    expect(text).to.match(/^cex_user_stream_unknown_frames\{exchange="binance",user="alice"\} 0$/m);
    expect(text).to.match(/^cex_user_stream_last_message_seconds\{exchange="binance",user="alice"\} \d+(\.\d+)?$/m);
    const sim = s.simulator!;
    await s.stop();
    system = undefined;
    expect(isAlive(s.actorSystem.root)).to.equal(false);
    expect(s.pubsub.isStopped).to.equal(true);
    const after = await fetch(`${sim.rest}/api/v3/ping`).then(() => 'answered', () => 'refused');
    expect(after).to.equal('refused'); // the simulator went last
  });
});
