import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { childLogger, configureLogger, logger, redact, redactString, REDACTED, resolveLogFormat, type LogLevel } from '../../../lib/log.js';
import { Decimal } from '../../../lib/core/decimal.js';

/** Captures what the real logger writes, through its real format chain. */
function capture(run: () => void): string {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const transport = new winston.transports.Stream({ stream, format: winston.format.json() });
  const previous = logger.level;
  const consoles = logger.transports.filter((t) => t instanceof winston.transports.Console);
  const wasSilent = consoles.map((t) => t.silent ?? false);
  logger.level = 'debug';
  consoles.forEach((t) => (t.silent = true));
  logger.add(transport);
  try {
    run();
  } finally {
    logger.remove(transport);
    consoles.forEach((t, i) => (t.silent = wasSilent[i] ?? false));
    logger.level = previous;
  }
  return chunks.join('');
}

describe('logger redaction', () => {
  it('masks secret fields at any depth in a log record', () => {
    const out = capture(() =>
      logger.info('placing', { request: { headers: { 'X-MBX-APIKEY': 'KEY123' }, params: { signature: 'abcdef', symbol: 'BTCUSDT' } }, apiSecret: 'S3CRET' }),
    );
    expect(out).to.contain('BTCUSDT');
    expect(out).not.to.contain('KEY123');
    expect(out).not.to.contain('abcdef');
    expect(out).not.to.contain('S3CRET');
    expect(out).to.contain(REDACTED);
  });

  it('masks secrets embedded in messages and URLs', () => {
    const out = capture(() => logger.warn('GET /api/v3/order?symbol=BTCUSDT&timestamp=1&signature=deadbeef failed; listenKey=tok123'));
    expect(out).to.contain('symbol=BTCUSDT');
    expect(out).not.to.contain('deadbeef');
    expect(out).not.to.contain('tok123');
  });

  it('masks secrets carried by an Error and by child loggers', () => {
    const error = Object.assign(new Error('bad signature=abc123'), { apiSecret: 'zzz' });
    const out = capture(() => childLogger('session').error('failed', { error }));
    expect(out).to.contain('"component":"session"');
    expect(out).not.to.contain('abc123');
    expect(out).not.to.contain('zzz');
  });

  it('keeps non-secret values, Decimals and cycles intact', () => {
    const node: Record<string, unknown> = { price: new Decimal('0.1'), token: 't' };
    node.self = node;
    const copy = redact(node) as Record<string, unknown>;
    expect(String(copy.price)).to.equal('0.1');
    expect(copy.token).to.equal(REDACTED);
    expect(copy.self).to.equal(copy);
    expect(node.token).to.equal('t');
  });

  it('masks an OKX passphrase as a field, in a header dump, in JSON text and in a query string', () => {
    const out = capture(() => {
      logger.info('login', { passphrase: 'pp-field-1', Passphrase: 'pp-field-2', headers: { 'OK-ACCESS-PASSPHRASE': 'pp-header-1' } });
      logger.warn('request failed: OK-ACCESS-PASSPHRASE: pp-header-2, OK-ACCESS-SIGN: sign-0001, OK-ACCESS-KEY: key-0001');
      logger.warn('body {"passphrase":"pp-json-1","password": "pw-json-1"} and ?passphrase=pp-query-1&x=1');
    });
    for (const secret of ['pp-field-1', 'pp-field-2', 'pp-header-1', 'pp-header-2', 'sign-0001', 'key-0001', 'pp-json-1', 'pw-json-1', 'pp-query-1']) {
      expect(out).not.to.contain(secret);
    }
    expect(out).to.contain('x=1');
  });

  it("masks OKX's WebSocket login signature and a passphrase with spaces, as a field and inside JSON text", () => {
    const frame = { op: 'login', args: [{ apiKey: 'okx-key-1', passphrase: 'my pass phrase 1', timestamp: '1538054050', sign: 'c2lnbmF0dXJlLTE=' }] };
    const out = capture(() => {
      logger.info('login', { frame });
      logger.warn(`sent ${JSON.stringify(frame)}`);
      logger.warn("config passphrase: 'single quoted phrase 2' end");
    });
    for (const secret of ['okx-key-1', 'my pass', 'phrase 1', 'c2lnbmF0dXJlLTE', 'single quoted', 'phrase 2']) expect(out).not.to.contain(secret);
    expect(out).to.contain('1538054050').and.to.contain(' end');
    expect(redactString('{"passphrase":"a \\" b","x":1}')).to.equal(`{"passphrase":"${REDACTED}","x":1}`);
  });

  it('masks a whole credentials object', () => {
    const out = capture(() => logger.info('config', { exchanges: { okx: { credentials: { key: 'k-0001', phrase: 'p-0001' } } } }));
    expect(out).not.to.contain('k-0001').and.not.to.contain('p-0001');
  });

  it('leaves ordinary text alone', () => {
    expect(redactString('symbol=BTCUSDT&side=BUY')).to.equal('symbol=BTCUSDT&side=BUY');
  });
});

describe('logger settings', () => {
  it('writes pretty lines to a terminal and JSON lines to a file or a pipe when the format is auto', () => {
    expect(resolveLogFormat('auto', true)).to.equal('pretty');
    expect(resolveLogFormat('auto', false)).to.equal('json');
    expect(resolveLogFormat('pretty', false)).to.equal('pretty');
    expect(resolveLogFormat('json', true)).to.equal('json');
  });

  it('refuses a level or format it does not know instead of dropping every line', () => {
    const level = logger.level;
    expect(() => configureLogger({ level: 'bogus' as LogLevel })).to.throw(TypeError, 'log level must be one of error, warn, info, debug');
    expect(() => configureLogger({ level: 'verbose' as LogLevel })).to.throw(TypeError);
    expect(() => configureLogger({ format: 'xml' as 'json' })).to.throw(TypeError, 'log format must be one of auto, json, pretty');
    expect(logger.level).to.equal(level);
  });
});
