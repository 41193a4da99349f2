// 64-bit ids beyond 2^53, sent as JSON numbers the way Binance prints them (int64): every codec that reads
// exchange input delivers them as their exact digits; other integers that large stay malformed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { SymbolMap } from '../../../lib/core/symbols.js';
import { binanceSpotMarket } from '../../../lib/exchanges/binance/market-codec.js';
import { hmacSha256Hex, wsApiSignaturePayload } from '../../../lib/exchanges/binance/signing.js';
import { binanceSpotTrading } from '../../../lib/exchanges/binance/trading-codec.js';
import type { ParsedFrame } from '../../../lib/exchanges/types.js';
import { httpRequest } from '../../../lib/net/http-get.js';

const BIG = '9223372036854775807'; // 2^63 - 1: as a double it is 9223372036854775808
const NEXT = '9007199254740993'; // 2^53 + 1: the first integer a double cannot hold

const symbols = new SymbolMap('binance', [{ symbol: 'BTC/USDT', venueSymbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.01', stepSize: '0.00001', trading: true }]);
const toUnified = (venueSymbol: string): string => symbols.toUnified(venueSymbol);

function marketFrame<K extends ParsedFrame['kind']>(text: string, kind: K): Extract<ParsedFrame, { kind: K }> {
  const frame = binanceSpotMarket.parseFrame(text);
  expect(frame.kind, JSON.stringify(frame)).to.equal(kind);
  return frame as Extract<ParsedFrame, { kind: K }>;
}

describe('Binance codecs: ids beyond 2^53', () => {
  describe('market streams', () => {
    const trade = (t: string, extra = ''): string => `{"e":"trade","E":1700000000100,"s":"ETHUSDT","t":${t},"p":"2301.55","q":"0.0123","T":1700000000099,"m":false,"M":true${extra}}`;

    it('delivers a trade id beyond 2^53 exactly, raw and combined', () => {
      expect(marketFrame(trade(BIG), 'trade').event.id).to.equal(BIG);
      expect(marketFrame(`{"stream":"ethusdt@trade","data":${trade(NEXT)}}`, 'trade').event.id).to.equal(NEXT);
      expect(marketFrame(trade('9007199254740991'), 'trade').event.id).to.equal('9007199254740991');
    });

    it('delivers an aggregate trade id beyond 2^53 exactly', () => {
      const text = `{"e":"aggTrade","E":1,"s":"ETHUSDT","a":${BIG},"p":"1.0","q":"1.0","f":${NEXT},"l":${NEXT},"T":1,"m":true,"M":true}`;
      expect(marketFrame(text, 'trade').event.id).to.equal(BIG);
    });

    it('calls an event time, trade time or depth update id beyond 2^53 malformed (sequenced and compared as numbers)', () => {
      expect(marketFrame(trade('5').replace('"E":1700000000100', `"E":${NEXT}`), 'malformed').reason).to.match(/E/);
      marketFrame(trade('5').replace('"T":1700000000099', `"T":${BIG}`), 'malformed');
      marketFrame(`{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":1,"u":${NEXT},"b":[],"a":[]}`, 'malformed');
    });

    it('calls a negative 64-bit id malformed', () => {
      marketFrame(trade(`-${BIG}`), 'malformed');
    });
  });

  describe('user data (WebSocket API)', () => {
    const report = (i: string, t: string, E = '1700000000100'): string =>
      `{"subscriptionId":0,"event":{"e":"executionReport","E":${E},"s":"BTCUSDT","c":"cx-1","S":"SELL","o":"LIMIT","f":"GTC","q":"1.00000000","p":"30000.00000000","P":"0","F":"0","g":-1,"C":"","x":"TRADE","X":"PARTIALLY_FILLED","r":"NONE","i":${i},"l":"0.4","z":"0.4","L":"30000","n":"0","N":"USDT","T":1700000000099,"t":${t},"I":${BIG},"w":false,"m":true,"M":true,"O":1700000000000,"Z":"12000","Y":"12000","Q":"0","W":1700000000000,"V":"NONE"}}`;

    it('delivers order and trade ids beyond 2^53 exactly', () => {
      const frame = binanceSpotTrading.parseUserFrame(report(BIG, NEXT), toUnified);
      expect(frame.kind, JSON.stringify(frame)).to.equal('orderUpdate');
      if (frame.kind !== 'orderUpdate') return;
      expect(frame.order.orderId).to.equal(BIG);
      expect(frame.fill?.orderId).to.equal(BIG);
      expect(frame.fill?.tradeId).to.equal(NEXT);
    });

    it('calls an event time beyond 2^53 malformed', () => {
      expect(binanceSpotTrading.parseUserFrame(report('1', '2', NEXT), toUnified).kind).to.equal('malformed');
    });
  });

  describe('REST bodies (httpRequest parses losslessly)', () => {
    let server: Server;
    let body = '';
    let base = '';
    before(async () => {
      server = createServer((_req, res) => res.end(body));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const get = async (text: string): Promise<unknown> => {
      body = text;
      return (await httpRequest('GET', `${base}/x`, { timeoutMs: 2000 })).body;
    };

    it('an order answer, its fills and myTrades keep ids beyond 2^53 exact', async () => {
      const order = await get(
        `{"symbol":"BTCUSDT","orderId":${BIG},"orderListId":-1,"clientOrderId":"cx-abc","transactTime":1700000000123,"price":"30000","origQty":"0.5","executedQty":"0.1","origQuoteOrderQty":"0","cummulativeQuoteQty":"3000","status":"PARTIALLY_FILLED","timeInForce":"GTC","type":"LIMIT","side":"BUY","workingTime":1700000000123,"selfTradePreventionMode":"NONE","fills":[{"price":"30000","qty":"0.1","commission":"0","commissionAsset":"BTC","tradeId":${NEXT}}]}`,
      );
      expect(binanceSpotTrading.parseOrder(order, toUnified).orderId).to.equal(BIG);
      expect(binanceSpotTrading.parseOrderFills(order, toUnified).map((f) => [f.orderId, f.tradeId])).to.deep.equal([[BIG, NEXT]]);
      const trades = await get(
        `[{"symbol":"BTCUSDT","id":${NEXT},"orderId":${BIG},"orderListId":-1,"price":"30000","qty":"0.1","quoteQty":"3000","commission":"0","commissionAsset":"BTC","time":1700000000123,"isBuyer":true,"isMaker":false,"isBestMatch":true}]`,
      );
      expect(binanceSpotTrading.parseTrades(trades, toUnified).map((f) => [f.orderId, f.tradeId])).to.deep.equal([[BIG, NEXT]]);
    });

    it('public trades keep ids beyond 2^53 exact; a depth snapshot id beyond 2^53 is a format error', async () => {
      const trades = await get(`[{"id":${BIG},"price":"1.5","qty":"2","quoteQty":"3","time":1700000000123,"isBuyerMaker":true,"isBestMatch":true}]`);
      expect(binanceSpotMarket.parseTrades(trades).map((t) => t.id)).to.deep.equal([BIG]);
      const snapshot = await get(`{"lastUpdateId":${NEXT},"bids":[],"asks":[]}`);
      expect(() => binanceSpotMarket.parseDepthSnapshot(snapshot)).to.throw(/lastUpdateId/);
    });

    it('a body that is not JSON stays text', async () => {
      expect(await get(`<html>${BIG}</html>`)).to.equal(`<html>${BIG}</html>`);
    });
  });

  describe('requests', () => {
    it('order.cancel writes an orderId beyond 2^53 as an exact JSON number and signs its digits', () => {
      const hmac = { kind: 'hmac' as const, apiKey: 'key', apiSecret: 'secret' };
      const text = binanceSpotTrading.orderCancelFrame('BTCUSDT', { orderId: BIG }, hmac, 1700000000000, 'c');
      expect(text).to.contain(`"orderId":${BIG},`);
      const params = JSON.parse(text.replace(`"orderId":${BIG}`, `"orderId":"${BIG}"`)) as { params: Record<string, string | number> };
      expect(params.params.signature).to.equal(hmacSha256Hex('secret', wsApiSignaturePayload(params.params)));
      expect(wsApiSignaturePayload(params.params)).to.contain(`orderId=${BIG}&`);
    });
  });
});
