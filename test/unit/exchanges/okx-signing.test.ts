// OKX signing: the REST prehash and headers, the WebSocket login frame, known answers (RFC 4231's HMAC-SHA256
// vector in Base64, and OKX-shaped requests signed independently with Python's hmac), and errors that never
// carry a credential.
import { expect } from 'chai';
import { ValidationError } from '../../../lib/core/errors.js';
import { redactString } from '../../../lib/log.js';
import {
  hmacSha256Base64,
  isoTimestamp,
  loginFrame,
  loginPrehash,
  restPrehash,
  signRestRequest,
  verifyBase64Signature,
  type OkxCredentials,
} from '../../../lib/exchanges/okx/signing.js';

const credentials: OkxCredentials = { apiKey: 'okx-key-1', apiSecret: '22582BD0CFF14C41EDBF1AB98506286D', passphrase: 'Passphrase-1' };
const AT = Date.UTC(2020, 11, 8, 9, 8, 57, 715); // 2020-12-08T09:08:57.715Z

describe('OKX signing', () => {
  it('is Base64 HMAC-SHA256 (RFC 4231 test case 2)', () => {
    expect(hmacSha256Base64('Jefe', 'what do ya want for nothing?')).to.equal('W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=');
  });

  it('stamps requests with an ISO 8601 UTC time with milliseconds', () => {
    expect(isoTimestamp(AT)).to.equal('2020-12-08T09:08:57.715Z');
    expect(isoTimestamp(Date.UTC(2024, 0, 1))).to.equal('2024-01-01T00:00:00.000Z');
    expect(() => isoTimestamp(0)).to.throw(ValidationError);
    expect(() => isoTimestamp(1.5)).to.throw(ValidationError);
  });

  it('signs timestamp + METHOD + requestPath + body', () => {
    expect(restPrehash('T', 'get', '/api/v5/account/balance?ccy=BTC')).to.equal('TGET/api/v5/account/balance?ccy=BTC');
    expect(restPrehash('T', 'POST', '/api/v5/trade/order', '{"a":1}')).to.equal('TPOST/api/v5/trade/order{"a":1}');
  });

  it('signs a GET with its query in the path and no body (known answer)', () => {
    const signed = signRestRequest('GET', '/api/v5/account/balance?ccy=BTC', undefined, credentials, AT);
    expect(signed).to.deep.equal({
      method: 'GET',
      path: '/api/v5/account/balance?ccy=BTC',
      headers: {
        'OK-ACCESS-KEY': 'okx-key-1',
        'OK-ACCESS-SIGN': 'HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=',
        'OK-ACCESS-TIMESTAMP': '2020-12-08T09:08:57.715Z',
        'OK-ACCESS-PASSPHRASE': 'Passphrase-1',
      },
      body: '',
    });
  });

  it('signs a POST over the JSON body it sends (known answer), and marks demo trading when asked', () => {
    const order = { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '2.15', sz: '2' };
    const signed = signRestRequest('POST', '/api/v5/trade/order', order, credentials, AT, { simulated: true });
    expect(signed.body).to.equal('{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","px":"2.15","sz":"2"}');
    expect(signed.headers).to.include({ 'OK-ACCESS-SIGN': 'iwrdSpN7pm4G4u8+fswZUyH6mOM48+sBF6WvKpj4Dvk=', 'Content-Type': 'application/json', 'x-simulated-trading': '1' });
    const prehash = restPrehash(signed.headers['OK-ACCESS-TIMESTAMP']!, 'POST', signed.path, signed.body);
    expect(verifyBase64Signature(credentials.apiSecret, prehash, signed.headers['OK-ACCESS-SIGN']!)).to.equal(true);
    expect(verifyBase64Signature('another secret', prehash, signed.headers['OK-ACCESS-SIGN']!)).to.equal(false);
    expect(verifyBase64Signature(credentials.apiSecret, prehash, 'short')).to.equal(false);
  });

  it('logs in on the WebSocket with Unix seconds and the /users/self/verify prehash', () => {
    const frame = JSON.parse(loginFrame(credentials, 1538054050_999)) as { op: string; args: Array<Record<string, string>> };
    expect(frame.op).to.equal('login');
    expect(frame.args).to.have.length(1);
    const [arg] = frame.args;
    expect(arg).to.include({ apiKey: 'okx-key-1', passphrase: 'Passphrase-1', timestamp: '1538054050' });
    expect(loginPrehash('1538054050')).to.equal('1538054050GET/users/self/verify');
    expect(arg!.sign).to.equal(hmacSha256Base64(credentials.apiSecret, '1538054050GET/users/self/verify'));
  });

  it('refuses missing or unprintable credentials without echoing them', () => {
    const cases: Array<[Partial<OkxCredentials>, string]> = [
      [{ ...credentials, passphrase: '' }, 'credentials.passphrase'],
      [{ apiKey: credentials.apiKey, apiSecret: credentials.apiSecret }, 'credentials.passphrase'],
      [{ ...credentials, apiSecret: 'secret\nwith newline' }, 'credentials.apiSecret'],
      [{ ...credentials, apiKey: 'k\u00e9y' }, 'credentials.apiKey'],
    ];
    for (const [bad, field] of cases) {
      for (const call of [() => signRestRequest('GET', '/api/v5/account/balance', undefined, bad as OkxCredentials, AT), () => loginFrame(bad as OkxCredentials, AT)]) {
        let error: unknown;
        try {
          call();
        } catch (caught) {
          error = caught;
        }
        expect(error, field).to.be.instanceOf(ValidationError).with.property('field', field);
        const text = `${(error as Error).message} ${JSON.stringify(error)}`;
        for (const secret of [credentials.apiSecret, 'secret\nwith newline', credentials.passphrase]) expect(text).to.not.include(secret);
      }
    }
    expect(() => signRestRequest('GET', 'api/v5/x', undefined, credentials, AT)).to.throw(ValidationError);
    expect(() => signRestRequest('GET', '/api/v5/x', { a: 1 }, credentials, AT)).to.throw(ValidationError);
  });

  it('leaves the logger nothing to leak: OK-ACCESS headers and the login frame\'s key and passphrase are redacted', () => {
    const signed = signRestRequest('GET', '/api/v5/account/balance', undefined, credentials, AT);
    const dump = redactString(Object.entries(signed.headers).map(([k, v]) => `${k}: ${v}`).join('\n'));
    for (const secret of [credentials.apiKey, credentials.passphrase, signed.headers['OK-ACCESS-SIGN']!]) expect(dump).to.not.include(secret);
    const login = redactString(loginFrame(credentials, AT));
    expect(login).to.not.include(credentials.apiKey);
    expect(login).to.not.include(credentials.passphrase);
  });
});
