import { expect } from 'chai';
import { InvalidTopicError } from '../../actors/pubsub/errors.js';
import { marketTopic, parseTopic, statusTopic, userTopic } from '../../actors/pubsub/topic.js';

describe('pubsub topics', () => {
  it('builds <channel>:<exchange>:<symbol> for market data', () => {
    expect(marketTopic({ channel: 'depth', exchange: 'binance', symbol: 'BTC/USDT' })).to.equal('depth:binance:BTC/USDT');
  });

  it('round-trips a futures symbol that itself contains a colon', () => {
    const topic = marketTopic({ channel: 'trades', exchange: 'binance', symbol: 'BTC/USDT:USDT' });
    expect(parseTopic(topic)).to.deep.equal({ kind: 'market', channel: 'trades', exchange: 'binance', symbol: 'BTC/USDT:USDT' });
  });

  it('builds and parses status and private topics', () => {
    expect(statusTopic('binance')).to.equal('status:binance');
    expect(parseTopic('status:binance')).to.deep.equal({ kind: 'status', exchange: 'binance' });
    expect(userTopic('fills', 'alice')).to.equal('fills:alice');
    expect(parseTopic('orders:alice')).to.deep.equal({ kind: 'user', channel: 'orders', userId: 'alice' });
  });

  it('rejects an upper-case exchange, naming the field and the rule', () => {
    const attempt = (): string => marketTopic({ channel: 'ticker', exchange: 'Binance', symbol: 'BTC/USDT' });
    expect(attempt).to.throw(InvalidTopicError).with.property('field', 'exchange');
    expect(attempt).to.throw(/lower-case/);
  });

  it('rejects an exchange-native symbol', () => {
    expect(() => marketTopic({ channel: 'ticker', exchange: 'binance', symbol: 'BTCUSDT' }))
      .to.throw(InvalidTopicError)
      .with.property('rule', 'unified');
  });

  it('rejects unknown channels and malformed topics with code PUBSUB_INVALID_TOPIC', () => {
    expect(() => parseTopic('candles:binance:BTC/USDT')).to.throw(InvalidTopicError).with.property('code', 'PUBSUB_INVALID_TOPIC');
    expect(() => parseTopic('depth:binance')).to.throw(InvalidTopicError).with.property('field', 'topic');
    expect(() => parseTopic('nocolon')).to.throw(InvalidTopicError);
  });
});
