// Signing a user's requests: REST (query string in order, HMAC hex or Ed25519 base64 percent-encoded),
// WebSocket API frames (sorted params), and the request builders they sign.
import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { ValidationError } from '../../../lib/core/errors.js';
import { binanceSpotTrading as codec } from '../../../lib/exchanges/binance/trading-codec.js';
import { hmacSha256Hex, restSignaturePayload, verifyEd25519Base64, wsApiSignaturePayload } from '../../../lib/exchanges/binance/signing.js';
import type { Ed25519Credentials, HmacCredentials, ValidatedOrder } from '../../../lib/exchanges/trading-types.js';

// The documentation's HMAC example key (rest-api.md, web-socket-api.md).
const hmac: HmacCredentials = {
  apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
  apiSecret: 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j',
};
const pair = generateKeyPairSync('ed25519');
const ed25519: Ed25519Credentials = {
  kind: 'ed25519',
  apiKey: 'edKey123',
  privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};
const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const order: ValidatedOrder = {
  symbol: 'LTC/BTC',
  venueSymbol: 'LTCBTC',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '0.1',
  quantity: '1',
  quoteQuantity: undefined,
  clientOrderId: 'cx-1',
};

describe('Binance REST request signing (signRequest)', () => {
  it('reproduces the documented HMAC example when given its params', () => {
    const request = { method: 'POST' as const, path: '/api/v3/order', params: [['symbol', 'LTCBTC'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '1'], ['price', '0.1']] as const, weight: 1, security: 'signed' as const };
    const signed = codec.signRequest(request, hmac, 1499827319559, 5000);
    expect(signed.path).to.equal(
      '/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
    );
    expect(signed.headers).to.deep.equal({ 'X-MBX-APIKEY': hmac.apiKey });
    expect(signed.body).to.equal('');
    expect(signed.method).to.equal('POST');
  });

  it('signs the percent-encoded query string (non-ASCII values)', () => {
    const request = { method: 'GET' as const, path: '/api/v3/order', params: [['symbol', '１２３４５６']] as const, weight: 4, security: 'signed' as const };
    const signed = codec.signRequest(request, hmac, 1499827319559, 5000);
    const query = signed.path.slice(signed.path.indexOf('?') + 1);
    const [payload, signature] = query.split('&signature=') as [string, string];
    expect(payload).to.match(/^symbol=%EF%BC%91/);
    expect(signature).to.equal(hmacSha256Hex(hmac.apiSecret, restSignaturePayload(payload)));
  });

  it('signs with Ed25519: base64, percent-encoded, verifiable with the public key', () => {
    const signed = codec.signRequest(codec.placeOrder(order), ed25519, 1700000000000, 5000);
    const query = signed.path.slice(signed.path.indexOf('?') + 1);
    const [payload, encoded] = query.split('&signature=') as [string, string];
    const signature = decodeURIComponent(encoded);
    expect(signature).to.have.length(88);
    expect(encoded).not.to.match(/[+/=]/);
    expect(verifyEd25519Base64(publicPem, payload, signature)).to.equal(true);
    expect(verifyEd25519Base64(publicPem, `${payload}0`, signature)).to.equal(false);
    expect(signed.headers['X-MBX-APIKEY']).to.equal('edKey123');
  });

  it('sends no signature for NONE endpoints', () => {
    const signed = codec.signRequest(codec.serverTime(), hmac, 1, 5000);
    expect(signed).to.deep.equal({ method: 'GET', path: '/api/v3/time', headers: {}, body: '' });
  });

  it('refuses unusable credentials and timing without echoing any secret', () => {
    const secretPem = ed25519.privateKeyPem.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\nX');
    for (const bad of [
      () => codec.signRequest(codec.account(), { ...hmac, apiSecret: '' }, 1, 5000),
      () => codec.signRequest(codec.account(), { ...ed25519, privateKeyPem: secretPem }, 1, 5000),
      () => codec.signRequest(codec.account(), { kind: 'ed25519', apiKey: 'k', privateKeyPem: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }, 1, 5000),
      () => codec.signRequest(codec.account(), hmac, 1, 60001),
      () => codec.signRequest(codec.account(), hmac, -5, 5000),
    ]) {
      try {
        bad();
        expect.fail('should throw');
      } catch (error) {
        expect(error).to.be.instanceOf(ValidationError);
        const text = JSON.stringify({ ...(error as object), message: (error as Error).message });
        expect(text).not.to.contain(hmac.apiSecret);
        expect(text).not.to.contain('PRIVATE KEY');
      }
    }
  });
});

describe('Binance private REST requests', () => {
  it('place: params in documented order, FULL answers by default', () => {
    expect(codec.placeOrder(order)).to.deep.equal({
      method: 'POST',
      path: '/api/v3/order',
      params: [['symbol', 'LTCBTC'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '1'], ['price', '0.1'], ['newClientOrderId', 'cx-1'], ['newOrderRespType', 'FULL']],
      weight: 1,
      security: 'signed',
    });
    const market = codec.placeOrder({ ...order, type: 'MARKET', timeInForce: undefined, price: undefined, quantity: undefined, quoteQuantity: '10' }, { responseType: 'RESULT' });
    expect(market.params).to.deep.equal([['symbol', 'LTCBTC'], ['side', 'BUY'], ['type', 'MARKET'], ['quoteOrderQty', '10'], ['newClientOrderId', 'cx-1'], ['newOrderRespType', 'RESULT']]);
  });

  it('cancel, query, open orders, account and trades with their weights', () => {
    expect(codec.cancelOrder('LTCBTC', { clientOrderId: 'cx-1' }, 'cx-2')).to.deep.include({ method: 'DELETE', params: [['symbol', 'LTCBTC'], ['origClientOrderId', 'cx-1'], ['newClientOrderId', 'cx-2']] });
    expect(codec.cancelAll('LTCBTC')).to.deep.include({ method: 'DELETE', path: '/api/v3/openOrders', weight: 1 });
    expect(codec.getOrder('LTCBTC', { orderId: '12345678901' })).to.deep.include({ params: [['symbol', 'LTCBTC'], ['orderId', '12345678901']], weight: 4 });
    expect(codec.openOrders('LTCBTC').weight).to.equal(6);
    expect(codec.openOrders().weight).to.equal(80);
    expect(codec.account()).to.deep.include({ path: '/api/v3/account', weight: 20 });
    expect(codec.myTrades('LTCBTC', { fromId: '100', limit: 1000 })).to.deep.include({ params: [['symbol', 'LTCBTC'], ['fromId', '100'], ['limit', '1000']], weight: 20 });
    expect(codec.myTrades('LTCBTC', { orderId: '7', limit: 10 }).weight).to.equal(5);
  });

  it('refuses ids and limits the venue would refuse', () => {
    expect(() => codec.getOrder('LTCBTC', { orderId: '12a' })).to.throw(ValidationError);
    expect(() => codec.cancelOrder('LTCBTC', { clientOrderId: 'a b' })).to.throw(ValidationError);
    expect(() => codec.myTrades('LTCBTC', { limit: 1001 })).to.throw(ValidationError);
    expect(() => codec.openOrders('LTC&BTC')).to.throw(ValidationError);
  });
});

describe('Binance WebSocket API frames', () => {
  it('session.logon reproduces the documented HMAC example', () => {
    const frame = JSON.parse(codec.sessionLogonFrame(hmac, 1649729878532, 'c174a2b1-3f51-4580-b200-8528bd237cb7'));
    expect(frame).to.deep.equal({
      id: 'c174a2b1-3f51-4580-b200-8528bd237cb7',
      method: 'session.logon',
      params: { apiKey: hmac.apiKey, timestamp: 1649729878532, signature: '1cf54395b336b0a9727ef27d5d98987962bc47aca6e13fe978612d0adee066ed' },
    });
  });

  it('userDataStream.subscribe.signature signs apiKey and timestamp (Ed25519, verifiable)', () => {
    const frame = JSON.parse(codec.userStreamSubscribeFrame(ed25519, 1747385641636, 7));
    expect(frame.method).to.equal('userDataStream.subscribe.signature');
    expect(frame.id).to.equal(7);
    expect(Object.keys(frame.params)).to.deep.equal(['apiKey', 'timestamp', 'signature']);
    expect(verifyEd25519Base64(publicPem, wsApiSignaturePayload(frame.params), frame.params.signature)).to.equal(true);
  });

  it('order.place reproduces the documented signature for the documented params', () => {
    const docOrder: ValidatedOrder = { ...order, venueSymbol: 'BTCUSDT', side: 'SELL', price: '52000.00', quantity: '0.01000000' };
    const frame = JSON.parse(codec.orderPlaceFrame(docOrder, hmac, 1645423376532, 'x', { recvWindowMs: 100 }));
    expect(frame.method).to.equal('order.place');
    expect(frame.params).to.include({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '52000.00', quantity: '0.01000000', newClientOrderId: 'cx-1', newOrderRespType: 'FULL', recvWindow: 100 });
    expect(frame.params.signature).to.equal(hmacSha256Hex(hmac.apiSecret, wsApiSignaturePayload(frame.params)));
  });

  it('order.cancel by orderId or client id, and ping', () => {
    const byId = JSON.parse(codec.orderCancelFrame('BTCUSDT', { orderId: '12510053279' }, hmac, 1, 'c'));
    expect(byId.params).to.include({ symbol: 'BTCUSDT', orderId: 12510053279 });
    const byClient = JSON.parse(codec.orderCancelFrame('BTCUSDT', { clientOrderId: 'cx-1' }, hmac, 1, 'c', { newClientOrderId: 'cx-9' }));
    expect(byClient.params).to.include({ origClientOrderId: 'cx-1', newClientOrderId: 'cx-9' });
    expect(JSON.parse(codec.pingFrame(3))).to.deep.equal({ id: 3, method: 'ping' });
  });
});
