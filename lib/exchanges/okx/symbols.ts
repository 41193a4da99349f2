// OKX instruments from GET /api/v5/public/instruments?instType=SPOT|SWAP -> SymbolInfo. Spot `BTC-USDT` is
// `BTC/USDT` (baseCcy/quoteCcy); a linear perpetual `BTC-USDT-SWAP` is `BTC/USDT:USDT` (base and quote from its
// instFamily `BTC-USDT`, settle from settleCcy), ccxt's names. Only `state: live` instruments are listed (preopen,
// suspend and test ones are left out), and only linear swaps (inverse `BTC-USD-SWAP`, settled in the base, are
// not carried yet). A swap's contract size `ctVal` is recorded (contract-sizes.ts) and its stepSize is the lot
// size in the unified unit (lotSz * ctVal): every swap quantity we report is in base units, never in contracts.
import { Decimal } from '../../core/decimal.js';
import { ExchangeFormatError } from '../../core/errors.js';
import type { RestRequest, SymbolInfo } from '../types.js';
import { decimalText, isObject, nonEmptyText, type JsonObject } from '../binance/payload-fields.js';
import { EXCHANGE } from './constants.js';
import type { ContractSizes } from './contract-sizes.js';

export type OkxInstType = 'SPOT' | 'SWAP';

/** A listed instrument: the unified SymbolInfo plus what OKX adds. */
export interface OkxInstrument extends SymbolInfo {
  readonly instType: OkxInstType;
  /** A swap's contract size in its base asset (`ctVal`, exact text); undefined for spot. */
  readonly contractSize: string | undefined;
  /** The lot size as OKX prints it (contracts for a swap). */
  readonly venueStepSize: string | undefined;
}

const formatError = (field: string, message: string): ExchangeFormatError => new ExchangeFormatError(EXCHANGE, field, message);

/** GET /api/v5/public/instruments (20 requests / 2 s per IP and instType): instType is required, one per request. */
export function instrumentsRequest(instType: OkxInstType): RestRequest {
  return { method: 'GET', path: `/api/v5/public/instruments?instType=${instType}`, weight: 1 };
}

/** The `data` list of an OKX v5 REST body `{code: "0", msg, data: [...]}`; throws on a refusal or another shape. */
export function okxData(body: unknown, what: string): unknown[] {
  if (!isObject(body)) throw formatError(what, 'body is not an object');
  if (body.code !== '0') throw formatError(`${what}.code`, `is ${JSON.stringify(body.code)} (${typeof body.msg === 'string' ? body.msg.slice(0, 200) : 'no msg'}), not "0"`);
  if (!Array.isArray(body.data)) throw formatError(`${what}.data`, 'is not a list');
  return body.data as unknown[];
}

function text(item: JsonObject, field: string, at: string): string {
  const value = nonEmptyText(item[field]);
  if (value === undefined) throw formatError(`${at}.${field}`, 'is not a non-empty string');
  return value;
}

function decimal(item: JsonObject, field: string, at: string): string {
  const value = decimalText(item[field]);
  if (value === undefined) throw formatError(`${at}.${field}`, 'is not a decimal string');
  return value;
}

function parseInstrument(item: unknown, at: string): OkxInstrument | undefined {
  if (!isObject(item)) throw formatError(at, 'is not an object');
  const instType = text(item, 'instType', at);
  const venueSymbol = text(item, 'instId', at);
  const state = text(item, 'state', at);
  if (state !== 'live') return undefined;
  const tickSize = decimal(item, 'tickSz', at);
  const lotSize = decimal(item, 'lotSz', at);
  if (instType === 'SPOT') {
    const base = text(item, 'baseCcy', at);
    const quote = text(item, 'quoteCcy', at);
    return { instType, symbol: `${base}/${quote}`, venueSymbol, base, quote, tickSize, stepSize: lotSize, venueStepSize: lotSize, contractSize: undefined, trading: true };
  }
  if (instType !== 'SWAP') return undefined; // FUTURES, OPTION, MARGIN: not carried
  if (item.ctType !== 'linear') return undefined;
  // instFamily is the current field; uly (underlying) the older one with the same value for swaps.
  const family = nonEmptyText(item.instFamily) ?? text(item, 'uly', at);
  const parts = family.split('-');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw formatError(`${at}.instFamily`, `is not BASE-QUOTE: ${JSON.stringify(family)}`);
  const [base, quote] = parts as [string, string];
  const settle = text(item, 'settleCcy', at);
  const contractSize = decimal(item, 'ctVal', at);
  if (new Decimal(contractSize).lte(0)) throw formatError(`${at}.ctVal`, 'is not positive');
  return {
    instType,
    symbol: `${base}/${quote}:${settle}`,
    venueSymbol,
    base,
    quote,
    tickSize,
    stepSize: new Decimal(lotSize).mul(contractSize).toFixed(),
    venueStepSize: lotSize,
    contractSize,
    trading: true,
  };
}

/**
 * The live spot and linear-swap instruments of one instruments body, or of several (a list of bodies, one per
 * instType: the market contract fetches one listing, OKX needs one request per instType). Records each swap's
 * contract size in `sizes`. Throws ExchangeFormatError naming the field.
 */
export function parseInstruments(body: unknown, sizes: ContractSizes | undefined): OkxInstrument[] {
  const bodies = Array.isArray(body) ? (body as unknown[]) : [body];
  const out: OkxInstrument[] = [];
  bodies.forEach((one, b) => {
    const what = Array.isArray(body) ? `instruments[${b}]` : 'instruments';
    okxData(one, what).forEach((item, i) => {
      const info = parseInstrument(item, `${what}.data[${i}]`);
      if (!info) return;
      if (info.contractSize !== undefined) sizes?.set(info.venueSymbol, info.contractSize);
      out.push(info);
    });
  });
  return out;
}
