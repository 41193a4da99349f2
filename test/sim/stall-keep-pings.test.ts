// The silent-stall fault (peers.md B9 case 1): `stallConnections({ keepPings: true })` keeps the socket open,
// keeps pinging and answering pings, and sends nothing else (no data, no replies) until resumed.
import { expect } from 'chai';
import { MarketStreamServer } from '../../sim/binance/streams/index.js';
import { startSimulator } from '../../sim/index.js';
import { makeContext, sleep, startHarness, TestClient, type Harness } from './streams-harness.js';

describe('stallConnections with keepPings (a stall a ping/pong check cannot see)', () => {
  let harness: Harness | undefined;
  const clients: TestClient[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await harness?.close();
    harness = undefined;
  });

  it('keeps server pings and pongs flowing while data and replies stop, then resumes with one ping timer', async () => {
    const ctx = makeContext({ pingIntervalMs: 20, pongTimeoutMs: 1000 });
    const server = new MarketStreamServer(ctx, { cadence: { fastMs: 20, slowMs: 50, klineMs: 60 } });
    harness = await startHarness(ctx, [server]);
    const client = await TestClient.open(`${harness.url}/ws/btcusdt@depth@100ms`);
    clients.push(client);
    const bid = (price: string): void =>
      void harness!.engine.placeOrder({ account: 'bob', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price, quantity: '1' });
    await client.until(() => client.pings > 0, 2000);
    expect(server.stallConnections(undefined, { keepPings: true })).to.equal(1);
    const pings = client.pings;
    const received = client.messages.length;
    let pongs = 0;
    client.ws.on('pong', () => (pongs += 1));
    client.ws.ping('probe');
    client.send({ method: 'LIST_SUBSCRIPTIONS', id: 7 });
    bid('100.00');
    await sleep(200);
    expect(client.pings).to.be.greaterThan(pings + 3); // the server still pings (and our pongs keep it open)
    expect(pongs).to.equal(1); // and answers our ping
    expect(client.messages).to.have.length(received); // but no depth update and no reply to the request
    expect(client.ws.readyState).to.equal(client.ws.OPEN);
    server.resumeConnections();
    bid('99.00');
    await client.next((m) => m.e === 'depthUpdate', 2000, received);
    const before = client.pings;
    await sleep(200);
    expect(client.pings - before).to.be.at.most(11); // one 20 ms ping timer, not two
  });

  it('is reachable through sim.faults and the HTTP control API', async () => {
    const sim = await startSimulator({ port: 0, bots: false });
    try {
      expect(sim.faults.stallConnections({ target: 'streams', keepPings: true })).to.equal(0);
      const res = await fetch(`${sim.rest}/__sim/faults/stall-connections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ target: 'streams', keepPings: true }),
      });
      expect(res.status).to.equal(200);
    } finally {
      await sim.stop();
    }
  });
});
