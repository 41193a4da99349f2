// The simulator under malformed input, one named case each (test/sim/fuzz.test.ts throws thousands at
// it): every input gets a Binance-shaped 4xx (or the documented error frame / close) and the server stays up.
import { expect } from 'chai';
import { MarketStreamServer } from '../../sim/binance/streams/index.js';
import { WsApiServer } from '../../sim/binance/wsapi/index.js';
import { startSimulator, type RunningSimulator } from '../../sim/index.js';
import { isBinanceError, jsonBody, rawExchange, type RawResponse } from './raw-http.js';
import { makeContext, startHarness, TestClient, type Json } from './streams-harness.js';

const upgradeRequest = (path: string): string =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

/** Exactly one response, 4xx, with a `{code,msg}` body. */
function expectBinance4xx(responses: RawResponse[], status?: number): RawResponse {
  expect(responses, 'responses').to.have.length(1);
  const response = responses[0]!;
  if (status === undefined) expect(response.status).to.be.within(400, 499);
  else expect(response.status).to.equal(status);
  expect(isBinanceError(jsonBody(response)), response.body).to.equal(true);
  return response;
}

describe('simulator: malformed input', () => {
  let sim: RunningSimulator;

  before(async () => {
    sim = await startSimulator({ bots: false });
  });

  after(() => sim.stop());

  const ping = async (): Promise<number> => (await fetch(`${sim.rest}/api/v3/ping`)).status;

  describe('REST', () => {
    it('answers a target that does not parse as a URL (GET //[) with 404 -1020, not 500', async () => {
      const { responses } = await rawExchange(sim.port, 'GET //[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const response = expectBinance4xx(responses, 404);
      expect(jsonBody(response)).to.deep.equal({ code: -1020, msg: 'This operation is not supported.' });
    });

    it('reads GET //api/v3/ping as a path with merged slashes, not as host "api"', async () => {
      const { responses } = await rawExchange(sim.port, 'GET //api/v3/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(responses.map((r) => [r.status, r.body])).to.deep.equal([[200, '{}']]);
    });

    it('answers a body over 1 MiB with 413 {code,msg} instead of resetting the connection', async () => {
      const res = await fetch(`${sim.rest}/api/v3/order`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `symbol=BTCUSDT&junk=${'x'.repeat(2 << 20)}`,
      });
      expect(res.status).to.equal(413);
      expect(isBinanceError(await res.json())).to.equal(true);
      expect(await ping()).to.equal(200);
    });

    it('answers a declared Content-Length over the limit with 413 before the body arrives', async () => {
      const head = `POST /api/v3/order HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${64 << 20}\r\n\r\n`;
      const { responses } = await rawExchange(sim.port, head, { quietMs: 200 });
      expectBinance4xx(responses, 413);
    });

    it('answers a malformed request line with 400 {code,msg}', async () => {
      const { responses, closed } = await rawExchange(sim.port, 'GET\x01 / HTTP/1.1\r\n\r\n');
      expectBinance4xx(responses, 400);
      expect(closed).to.equal(true);
    });

    it('answers a request cut off by the client with 400 {code,msg}', async () => {
      const { responses } = await rawExchange(sim.port, 'GET /api/v3/ping HTTP/1.1\r\nHost: x\r\nX-Half: ', { quietMs: 50 });
      expectBinance4xx(responses, 400);
    });

    it('answers headers over the size limit with 431 {code,msg}', async () => {
      const { responses } = await rawExchange(sim.port, `GET /api/v3/ping HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 << 10)}\r\n\r\n`);
      expectBinance4xx(responses, 431);
    });

    it('answers CONNECT with 404 -1020 instead of dropping the socket', async () => {
      const { responses } = await rawExchange(sim.port, 'CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n');
      expect(jsonBody(expectBinance4xx(responses, 404))).to.deep.equal({ code: -1020, msg: 'This operation is not supported.' });
    });

    it('still serves after all of the above', async () => {
      expect(await ping()).to.equal(200);
    });
  });

  describe('WebSocket upgrades', () => {
    for (const path of ['//[', '/ws/%', '//ws-api/v3/[', '/stream?streams=%zz']) {
      it(`answers an upgrade to ${path} with 4xx or a working connection, and keeps serving`, async () => {
        const { responses } = await rawExchange(sim.port, upgradeRequest(path));
        expect(responses, 'responses').to.have.length(1);
        if (responses[0]!.status !== 101) expectBinance4xx(responses);
        expect(await ping()).to.equal(200);
      });
    }

    it('answers an upgrade to an unknown path with 404 -1020', async () => {
      const { responses } = await rawExchange(sim.port, upgradeRequest('/nope'));
      expect(jsonBody(expectBinance4xx(responses, 404))).to.deep.equal({ code: -1020, msg: 'This operation is not supported.' });
    });

    for (const path of ['/ws', '/ws-api/v3']) {
      it(`answers a handshake ws refuses on ${path} in Binance's shape (400 bad key, 405 POST)`, async () => {
        const badKey = await rawExchange(sim.port, upgradeRequest(path).replace('dGhlIHNhbXBsZSBub25jZQ==', 'short'));
        expect(jsonBody(expectBinance4xx(badKey.responses, 400))).to.have.property('msg').that.includes('Sec-WebSocket-Key');
        const post = await rawExchange(sim.port, upgradeRequest(path).replace(/^GET/, 'POST'));
        expectBinance4xx(post.responses, 405);
      });
    }

    for (const which of ['market streams', 'WS API'] as const) {
      it(`leaves an unparsable path to the next handler on the ${which} server (GET //[)`, async () => {
        const ctx = makeContext();
        const server = which === 'WS API' ? new WsApiServer(ctx) : new MarketStreamServer(ctx);
        const harness = await startHarness(ctx, [server]);
        try {
          const port = Number(new URL(harness.url).port);
          const { responses } = await rawExchange(port, upgradeRequest('//['));
          expect(responses.map((r) => r.status)).to.deep.equal([404]);
        } finally {
          await harness.close();
        }
      });
    }
  });

  describe('market stream control frames', () => {
    let client: TestClient;

    beforeEach(async () => {
      client = await TestClient.open(`${sim.ws}/ws`);
    });

    afterEach(() => client.close());

    it('answers a method that is not a string with a code-2 error and keeps the connection', async () => {
      client.send('{"method":{"toString":1},"id":1}');
      const reply = await client.next(() => true);
      expect(reply.code).to.equal(2);
      expect(reply.msg).to.be.a('string').and.match(/^Invalid request: /);
      expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 2 })).to.deep.equal({ result: [], id: 2 });
    });

    it('answers a deeply nested method value without overflowing the stack', async () => {
      client.send(`{"method":${'['.repeat(20_000)}${']'.repeat(20_000)},"id":1}`);
      expect((await client.next(() => true)).code).to.equal(2);
    });

    it('echoes at most the start of an unknown stream name', async () => {
      const name = `btcusdt@${'x'.repeat(5000)}`;
      client.send({ method: 'SUBSCRIBE', params: [name], id: 3 });
      const reply = await client.next(() => true);
      expect(reply.code).to.equal(2);
      expect(reply.msg).to.include('btcusdt@xxx');
      expect((reply.msg as string).length).to.be.below(200);
    });

    it('echoes at most the start of an unknown method', async () => {
      client.send({ method: 'M'.repeat(5000), id: 4 });
      const reply = await client.next(() => true);
      expect(reply.code).to.equal(2);
      expect((reply.msg as string).length).to.be.below(400);
    });

    it('closes the connection with 1009 on a frame over 64 KiB', async () => {
      client.send({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 'x'.repeat(70_000) });
      expect((await client.closed).code).to.equal(1009);
    });

    it('still takes a subscription afterwards', async () => {
      expect(await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 5 })).to.deep.equal({ result: null, id: 5 });
    });
  });

  describe('WebSocket API frames', () => {
    it('closes the connection with 1009 on a frame over 64 KiB and keeps serving others', async () => {
      const client = await TestClient.open(sim.wsApi);
      try {
        client.send({ id: 1, method: 'ping', params: { pad: 'x'.repeat(70_000) } });
        expect((await client.closed).code).to.equal(1009);
      } finally {
        client.close();
      }
      const other = await TestClient.open(sim.wsApi);
      try {
        expect(await other.request({ id: 2, method: 'ping' })).to.deep.include({ status: 200, result: {} });
      } finally {
        other.close();
      }
    });

    it('answers a method that is not a string with -1102 and keeps the connection', async () => {
      const client = await TestClient.open(sim.wsApi);
      try {
        const reply: Json = await client.request({ id: 7, method: { toString: 1 } });
        expect(reply).to.deep.include({ status: 400 });
        expect((reply.error as Json).code).to.equal(-1102);
        expect(await client.request({ id: 8, method: 'ping' })).to.deep.include({ status: 200 });
      } finally {
        client.close();
      }
    });
  });
});
