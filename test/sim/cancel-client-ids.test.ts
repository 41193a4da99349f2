// The client order ids of a cancel, end to end: the REST cancel answer and the CANCELED executionReport
// name the same ids (NOTES.md: `c` = the cancel request's newClientOrderId, `C` = the order's own).
import { expect } from 'chai';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { TestRestClient } from './rest-test-client.js';
import { signedParams, TestClient, type Json } from './streams-harness.js';

describe('cancel client order ids', () => {
  let sim: RunningSimulator;
  let rest: TestRestClient;
  let ws: TestClient;

  const canceledReport = (orderId: number): Promise<Json> =>
    ws.next((m) => (m.event as Json | undefined)?.x === 'CANCELED' && (m.event as Json).i === orderId).then((m) => m.event as Json);

  async function place(clientOrderId: string): Promise<number> {
    const placed = await rest.signed<{ orderId: number }>('POST', '/api/v3/order', {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '100.00',
      quantity: '0.10000',
      newClientOrderId: clientOrderId,
    });
    expect(placed.status).to.equal(200);
    return placed.body.orderId;
  }

  beforeEach(async () => {
    sim = await startSimulator({ bots: false });
    const alice = sim.accounts[0]!;
    rest = new TestRestClient(sim.rest, alice);
    ws = await TestClient.open(sim.wsApi);
    const reply = await ws.request({ id: 1, method: 'userDataStream.subscribe.signature', params: signedParams(alice, Date.now()) });
    expect(reply.status).to.equal(200);
  });

  afterEach(async () => {
    ws.close();
    await sim.stop();
  });

  it("reports the cancel request's newClientOrderId as c and the order's id as C", async () => {
    const orderId = await place('order-1');
    const answer = await rest.signed<Json>('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', orderId, newClientOrderId: 'cancel-1' });
    expect(answer.body).to.include({ origClientOrderId: 'order-1', clientOrderId: 'cancel-1' });
    expect(await canceledReport(orderId)).to.include({ c: 'cancel-1', C: 'order-1' });
  });

  it('reports the id Binance generates for a cancel without newClientOrderId, the same in the answer and the event', async () => {
    const orderId = await place('order-2');
    const answer = await rest.signed<Json>('DELETE', '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'order-2' });
    const generated = answer.body.clientOrderId as string;
    expect(generated).to.match(/^[A-Za-z0-9]{22}$/);
    expect(await canceledReport(orderId)).to.include({ c: generated, C: 'order-2' });
  });

  it('reports each generated id of DELETE /api/v3/openOrders in its order event', async () => {
    const ids = [await place('order-3'), await place('order-4')];
    const answer = await rest.signed<Json[]>('DELETE', '/api/v3/openOrders', { symbol: 'BTCUSDT' });
    expect(answer.status).to.equal(200);
    for (const orderId of ids) {
      const row = answer.body.find((o) => o.orderId === orderId) as Json;
      expect(await canceledReport(orderId)).to.include({ c: row.clientOrderId, C: row.origClientOrderId });
    }
  });
});
