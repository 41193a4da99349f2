import { expect } from 'chai';
import { wsRefusal } from '../../../lib/net/ws-refusal.js';

const wsError = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('wsRefusal', () => {
  it('names invalid UTF-8 with the close code ws sent (1007)', () => {
    expect(wsRefusal(wsError('Invalid WebSocket frame: invalid UTF-8 sequence', 'WS_ERR_INVALID_UTF8'))).to.equal('the server sent invalid UTF-8 (1007)');
  });

  it('names a message over the payload limit (1009) and any other protocol error (1002) with its text', () => {
    expect(wsRefusal(wsError('Max payload size exceeded', 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'))).to.equal('the server sent a message too large (1009)');
    expect(wsRefusal(wsError('Invalid WebSocket frame: MASK must be clear', 'WS_ERR_UNEXPECTED_MASK'))).to.equal(
      'the server broke the WebSocket protocol: Invalid WebSocket frame: MASK must be clear (1002)',
    );
  });

  it('is undefined for errors that are not a refusal by ws', () => {
    expect(wsRefusal(wsError('read ECONNRESET', 'ECONNRESET'))).to.equal(undefined);
    expect(wsRefusal(new Error('boom'))).to.equal(undefined);
    expect(wsRefusal(undefined)).to.equal(undefined);
  });
});
