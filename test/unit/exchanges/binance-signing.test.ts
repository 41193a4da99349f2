import { expect } from 'chai';
import {
  hmacSha256Hex,
  restSignaturePayload,
  toQueryString,
  verifyHexSignature,
  wsApiSignaturePayload,
} from '../../../lib/exchanges/binance/signing.js';

// Payloads written from the documented rules (rest-api.md, web-socket-api.md); the doc's own
// known-answer cases are checked by the fixture conformance suite (test/fixtures).
const SECRET = 'test-secret-0123456789';

describe('Binance signing', () => {
  it('builds the REST query string in the given order, percent-encoding non-ASCII', () => {
    const qs = toQueryString([
      ['symbol', '１２'],
      ['side', 'BUY'],
      ['quantity', '1'],
    ]);
    expect(qs).to.equal('symbol=%EF%BC%91%EF%BC%92&side=BUY&quantity=1');
  });

  it('concatenates query string and body without a separator', () => {
    expect(restSignaturePayload('a=1&b=2', 'c=3')).to.equal('a=1&b=2c=3');
  });

  it('sorts WebSocket API params by name, leaves values unencoded and drops signature', () => {
    const payload = wsApiSignaturePayload({ timestamp: 5, apiKey: 'k', symbol: '１２', signature: 'x' });
    expect(payload).to.equal('apiKey=k&symbol=１２&timestamp=5');
  });

  it('verifies its own signature case-insensitively and rejects a tampered payload', () => {
    const sig = hmacSha256Hex(SECRET, 'a=1');
    expect(sig).to.match(/^[0-9a-f]{64}$/);
    expect(verifyHexSignature(SECRET, 'a=1', sig.toUpperCase())).to.equal(true);
    expect(verifyHexSignature(SECRET, 'a=2', sig)).to.equal(false);
    expect(verifyHexSignature(SECRET, 'a=1', 'abc')).to.equal(false);
  });
});
