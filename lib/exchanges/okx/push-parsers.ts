// Pure mappers from OKX public pushes (`{arg: {channel, instId}, [action], data: [...]}`; NOTES.md "Order book
// channels" and "Other channels", fixtures ws/*.json) to ParsedFrame. Each reads one `data` item and returns
// 'malformed' naming the first field that is not what the docs print; none throws. Swap sizes (contracts) come
// out in base units through the contract sizes (contract-sizes.ts).
import { Decimal } from '../../core/decimal.js';
import type { DepthLevel } from '../../models/market.js';
import type { ParsedFrame } from '../types.js';
import { decimalText, idText, isObject, type JsonObject } from '../binance/payload-fields.js';
import type { ContractSizes } from './contract-sizes.js';
import { msTime, okxLevels, sequenceId } from './payload-fields.js';

type Malformed = Extract<ParsedFrame, { kind: 'malformed' }>;

const malformed = (channel: string, field: string, what: string): Malformed => ({ kind: 'malformed', reason: `${channel}: ${field} ${what}` });

const NOT_DECIMAL = 'is not a decimal string';
const NOT_TIME = 'is not a millisecond time';
const NOT_LEVELS = 'is not a list of [price, size, ...] decimal strings';

/** The one object of a push's `data` (OKX pushes one book, ticker or trade per message on these channels). */
export function onlyItem(data: unknown, channel: string): { readonly item: JsonObject } | Malformed {
  if (!Array.isArray(data)) return malformed(channel, 'data', 'is not a list');
  if (data.length !== 1) return malformed(channel, 'data', `holds ${data.length} items, not 1`);
  const item: unknown = data[0];
  return isObject(item) ? { item } : malformed(channel, 'data[0]', 'is not an object');
}

/**
 * `books` (and the tbt books, same shape): `action` snapshot or update, `prevSeqId` -> `previous`, `seqId` ->
 * first and last. The deprecated `checksum` is kept on the delta only when it is not 0 (checksum.ts verifies it).
 */
export function parseBooks(item: JsonObject, instId: string, action: unknown, sizes: ContractSizes): ParsedFrame {
  const channel = 'books';
  if (action !== 'snapshot' && action !== 'update') return malformed(channel, 'action', 'is not snapshot or update');
  const seqId = sequenceId(item.seqId);
  if (seqId === undefined || seqId < 0) return malformed(channel, 'seqId', 'is not a safe non-negative integer');
  const prevSeqId = sequenceId(item.prevSeqId);
  if (prevSeqId === undefined) return malformed(channel, 'prevSeqId', 'is not a safe integer >= -1');
  const exchangeTime = msTime(item.ts);
  if (exchangeTime === undefined) return malformed(channel, 'ts', NOT_TIME);
  const bids = okxLevels(item.bids, instId, sizes);
  if (bids === undefined) return malformed(channel, 'bids', NOT_LEVELS);
  const asks = okxLevels(item.asks, instId, sizes);
  if (asks === undefined) return malformed(channel, 'asks', NOT_LEVELS);
  const checksum = item.checksum;
  if (checksum !== undefined && !(typeof checksum === 'number' && Number.isInteger(checksum) && checksum >= -(2 ** 31) && checksum < 2 ** 31)) {
    return malformed(channel, 'checksum', 'is not a signed 32-bit integer');
  }
  const delta = { venueSymbol: instId, first: seqId, last: seqId, previous: prevSeqId, bids, asks, exchangeTime, isSnapshot: action === 'snapshot' };
  return { kind: 'depth', delta: checksum === undefined || checksum === 0 ? delta : { ...delta, checksum } };
}

/** `books5`: a 5-level snapshot (partialDepth) at seqId. */
export function parseBooks5(item: JsonObject, instId: string, sizes: ContractSizes): ParsedFrame {
  const channel = 'books5';
  const sequence = sequenceId(item.seqId);
  if (sequence === undefined || sequence < 0) return malformed(channel, 'seqId', 'is not a safe non-negative integer');
  const exchangeTime = msTime(item.ts);
  if (exchangeTime === undefined) return malformed(channel, 'ts', NOT_TIME);
  const bids = okxLevels(item.bids, instId, sizes);
  if (bids === undefined) return malformed(channel, 'bids', NOT_LEVELS);
  const asks = okxLevels(item.asks, instId, sizes);
  if (asks === undefined) return malformed(channel, 'asks', NOT_LEVELS);
  return { kind: 'partialDepth', snapshot: { venueSymbol: instId, sequence, bids, asks, exchangeTime } };
}

/** `bbo-tbt`: the best level of each side. A side with no level (an empty book side) is valid but no book ticker. */
export function parseBbo(item: JsonObject, instId: string, sizes: ContractSizes): ParsedFrame {
  const channel = 'bbo-tbt';
  const exchangeTime = msTime(item.ts);
  if (exchangeTime === undefined) return malformed(channel, 'ts', NOT_TIME);
  const sequence = item.seqId === undefined ? undefined : sequenceId(item.seqId);
  if (item.seqId !== undefined && (sequence === undefined || sequence < 0)) return malformed(channel, 'seqId', 'is not a safe non-negative integer');
  const bids = okxLevels(item.bids, instId, sizes);
  if (bids === undefined) return malformed(channel, 'bids', NOT_LEVELS);
  const asks = okxLevels(item.asks, instId, sizes);
  if (asks === undefined) return malformed(channel, 'asks', NOT_LEVELS);
  const bid: DepthLevel | undefined = bids[0];
  const ask: DepthLevel | undefined = asks[0];
  if (bid === undefined || ask === undefined) return { kind: 'unknown', stream: `${channel}:${instId}` };
  return {
    kind: 'bookTicker',
    venueSymbol: instId,
    event: { type: 'bookTicker', exchangeTime, bid: new Decimal(bid[0]), bidSize: new Decimal(bid[1]), ask: new Decimal(ask[0]), askSize: new Decimal(ask[1]), sequence },
  };
}

/** An optional price OKX prints as "" when there is none (bidPx of an empty book). */
function optionalDecimal(value: unknown): string | null | undefined {
  if (value === '' || value === undefined) return null;
  return decimalText(value);
}

/**
 * `tickers` (24 h rolling): last, open24h, high24h, low24h, best bid/ask. Spot volumes: vol24h base, volCcy24h
 * quote. Swap volumes: vol24h contracts, volCcy24h base; OKX gives a swap no quote volume, so quoteVolume is
 * estimated as base volume * last (docs/okx.md). change and changePercent are computed from open24h.
 */
export function parseTicker(item: JsonObject, instId: string, isSwap: boolean): ParsedFrame {
  const channel = 'tickers';
  const exchangeTime = msTime(item.ts);
  if (exchangeTime === undefined) return malformed(channel, 'ts', NOT_TIME);
  const fields = { last: item.last, open24h: item.open24h, high24h: item.high24h, low24h: item.low24h, vol24h: item.vol24h, volCcy24h: item.volCcy24h };
  for (const [field, value] of Object.entries(fields)) {
    if (decimalText(value) === undefined) return malformed(channel, field, NOT_DECIMAL);
  }
  const bid = optionalDecimal(item.bidPx);
  if (bid === undefined) return malformed(channel, 'bidPx', NOT_DECIMAL);
  const ask = optionalDecimal(item.askPx);
  if (ask === undefined) return malformed(channel, 'askPx', NOT_DECIMAL);
  const last = new Decimal(fields.last as string);
  const open = new Decimal(fields.open24h as string);
  const change = last.minus(open);
  const volume = new Decimal((isSwap ? fields.volCcy24h : fields.vol24h) as string);
  return {
    kind: 'ticker',
    venueSymbol: instId,
    event: {
      type: 'ticker',
      exchangeTime,
      last,
      open,
      high: new Decimal(fields.high24h as string),
      low: new Decimal(fields.low24h as string),
      change,
      changePercent: open.isZero() ? new Decimal(0) : change.mul(100).div(open),
      volume,
      quoteVolume: isSwap ? volume.mul(last) : new Decimal(fields.volCcy24h as string),
      bid: bid === null ? undefined : new Decimal(bid),
      ask: ask === null ? undefined : new Decimal(ask),
    },
  };
}

/**
 * `trades`: one message per taker order, fill price and source; `tradeId` is the last trade id of the `count`
 * trades it aggregates (so ids may step by more than 1), `side` the taker's.
 */
export function parseTrade(item: JsonObject, instId: string, sizes: ContractSizes): ParsedFrame {
  const channel = 'trades';
  const id = idText(item.tradeId);
  if (id === undefined) return malformed(channel, 'tradeId', 'is not an id');
  const price = decimalText(item.px);
  if (price === undefined) return malformed(channel, 'px', NOT_DECIMAL);
  const size = decimalText(item.sz);
  if (size === undefined) return malformed(channel, 'sz', NOT_DECIMAL);
  if (item.side !== 'buy' && item.side !== 'sell') return malformed(channel, 'side', 'is not buy or sell');
  const tradeTime = msTime(item.ts);
  if (tradeTime === undefined) return malformed(channel, 'ts', NOT_TIME);
  return {
    kind: 'trade',
    venueSymbol: instId,
    aggregated: false,
    event: { type: 'trade', exchangeTime: tradeTime, id, price: new Decimal(price), quantity: new Decimal(sizes.toUnified(instId, size)), side: item.side, tradeTime },
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FIXED_BARS: Readonly<Record<string, number>> = {
  '1s': 1000, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1H': HOUR, '2H': 2 * HOUR, '4H': 4 * HOUR, '6H': 6 * HOUR, '12H': 12 * HOUR, '1D': DAY, '2D': 2 * DAY, '3D': 3 * DAY, '1W': 7 * DAY,
};

/** The bar's close time (the next bar's open - 1): months by the calendar, in UTC+8 unless the bar is a `utc` one. */
function closeTime(bar: string, openTime: number): number | undefined {
  const utc = bar.endsWith('utc');
  const name = utc ? bar.slice(0, -3) : bar;
  const fixed = FIXED_BARS[name];
  if (fixed !== undefined) return openTime + fixed - 1;
  const months = name === '1M' ? 1 : name === '3M' ? 3 : undefined;
  if (months === undefined) return undefined;
  const offset = utc ? 0 : 8 * HOUR;
  const local = new Date(openTime + offset);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + months, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes()) - offset - 1;
}

/**
 * `candle<bar>` (business endpoint): `data` rows `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`. Volume
 * in base units (spot vol; swap volCcy), quote volume volCcyQuote. OKX gives no trade count (0 here).
 */
export function parseCandle(data: unknown, instId: string, channel: string, isSwap: boolean): ParsedFrame {
  if (!Array.isArray(data) || data.length !== 1) return malformed(channel, 'data', 'is not a list of one row');
  const row: unknown = data[0];
  if (!Array.isArray(row) || row.length < 9) return malformed(channel, 'data[0]', 'is not a row of 9 fields');
  const cells = row as unknown[];
  const interval = channel.slice('candle'.length);
  const openTime = msTime(cells[0]);
  if (openTime === undefined) return malformed(channel, 'ts', NOT_TIME);
  const close = closeTime(interval, openTime);
  if (close === undefined) return malformed(channel, 'channel', 'names no bar we know');
  const names = ['o', 'h', 'l', 'c', 'vol', 'volCcy', 'volCcyQuote'];
  for (let i = 1; i <= 7; i++) if (decimalText(cells[i]) === undefined) return malformed(channel, names[i - 1]!, NOT_DECIMAL);
  if (cells[8] !== '0' && cells[8] !== '1') return malformed(channel, 'confirm', 'is not "0" or "1"');
  const d = (i: number): Decimal => new Decimal(cells[i] as string);
  return {
    kind: 'kline',
    venueSymbol: instId,
    event: {
      type: 'kline',
      exchangeTime: openTime,
      interval,
      openTime,
      closeTime: close,
      open: d(1),
      high: d(2),
      low: d(3),
      close: d(4),
      volume: isSwap ? d(6) : d(5),
      quoteVolume: d(7),
      trades: 0,
      closed: cells[8] === '1',
    },
  };
}
