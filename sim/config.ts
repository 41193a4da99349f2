// The simulator's configuration: zod schema with Binance's values as defaults. A bad value fails with a
// ConfigError naming the key path and the rule. Small limits and fast timings make tests quick.
import { z } from 'zod';
import { isDecimalString } from '../lib/core/decimal.js';
import { ConfigError } from '../lib/core/errors.js';
import { BINANCE_FUTURES_TIMINGS, BINANCE_TIMINGS } from './binance/context.js';
import { ed25519PublicKey } from './binance/ed25519-keys.js';
import { BINANCE_RATE_LIMITS } from './binance/rest/rate-limits.js';
import { DEFAULT_HISTORY_BYTES } from './engine/retention.js';

const decimalString = z.string().refine((s) => isDecimalString(s) && !s.startsWith('-'), { message: 'must be a non-negative decimal string' });
const positiveInt = z.number().int('must be an integer').positive('must be > 0');
const nonNegativeInt = z.number().int('must be an integer').min(0, 'must be >= 0');

/** Ids are int64 on the venue: the first one leaves 2^30 (a billion) ids below 2^63. */
const MAX_FIRST_ID = 2n ** 63n - 2n ** 30n;
/**
 * An id as configured: a safe integer, a bigint, or its digits as a string (a JSON config cannot hold a number
 * beyond 2^53 exactly). Out: a bigint.
 */
const firstIdSchema = z
  .union([z.number().int('must be an integer').refine(Number.isSafeInteger, 'must be a safe integer (write a larger id as a string of digits)'), z.bigint(), z.string().regex(/^\d{1,19}$/, 'must be digits')])
  .transform((value) => BigInt(value))
  .refine((id) => id >= 1n && id <= MAX_FIRST_ID, `must be in 1..2^63 - 2^30 (${MAX_FIRST_ID}): ids are int64, and 2^30 of them are left`);

const qtyFilter = z.object({ minQty: decimalString, maxQty: decimalString, stepSize: decimalString }).strict();

/** A full symbol definition (the engine's SymbolSpec). */
export const symbolSpecSchema = z
  .object({
    symbol: z.string().regex(/^[A-Z0-9]{2,20}$/, 'must be upper-case letters/digits, e.g. BTCUSDT'),
    baseAsset: z.string().min(1),
    quoteAsset: z.string().min(1),
    baseAssetPrecision: z.number().int().min(0).max(18),
    quoteAssetPrecision: z.number().int().min(0).max(18),
    priceFilter: z.object({ minPrice: decimalString, maxPrice: decimalString, tickSize: decimalString }).strict(),
    lotSize: qtyFilter,
    marketLotSize: qtyFilter,
    notional: z
      .object({
        minNotional: decimalString,
        applyMinToMarket: z.boolean(),
        maxNotional: decimalString,
        applyMaxToMarket: z.boolean(),
        avgPriceMins: nonNegativeInt,
      })
      .strict(),
  })
  .strict();

const accountSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -'),
    balances: z.record(z.string().regex(/^[A-Z0-9]{1,12}$/, 'asset must be upper-case'), decimalString),
    /** Fixed credentials; default: derived from the seed. */
    apiKey: z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'must be 16-128 letters or digits').optional(),
    apiSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    /** The account's Ed25519 API key (SPKI PEM public key, and the API key naming it); default: a demo pair derived from the seed. */
    ed25519PublicKey: z
      .string()
      .refine((pem) => ed25519PublicKey(pem) !== undefined, { message: 'must be an Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----)' })
      .optional(),
    ed25519ApiKey: z.string().regex(/^[A-Za-z0-9]{16,128}$/, 'must be 16-128 letters or digits').optional(),
  })
  .strict();

const botsSchema = z
  .object({
    makerIntervalMs: positiveInt.optional(),
    takerIntervalMs: positiveInt.optional(),
    levels: positiveInt.optional(),
    symbols: z.array(z.string()).optional(),
    startMids: z.record(z.string(), decimalString).optional(),
    volatilityBps: z.number().min(0, 'must be >= 0').optional(),
    halfSpreadBps: z.number().min(0, 'must be >= 0').optional(),
    levelGapBps: z.number().min(0, 'must be >= 0').optional(),
    levelNotionalMultiple: z.number().positive('must be > 0').optional(),
    takerProbability: z.number().min(0, 'must be >= 0').max(1, 'must be <= 1').optional(),
  })
  .strict();

const futuresSchema = z
  .object({
    /** Serve the USD-M dialect (/fapi REST, /fstream streams) beside spot on the same port. */
    enabled: z.boolean().default(true),
    /** Perpetuals from the default set (BTCUSDT, ETHUSDT), or full definitions; default: all of them. */
    symbols: z.array(z.union([z.string().regex(/^[A-Z0-9]{2,20}$/, 'must be an exchange symbol like BTCUSDT'), symbolSpecSchema])).min(1).optional(),
    /** Time between fundings (ms); Binance: 8 h. Tests compress it to see a funding time pass. */
    fundingIntervalMs: positiveInt.default(8 * 60 * 60 * 1000),
    /** The funding rate every funding applies (decimal string, may be negative); Binance's default 0.0001. */
    fundingRate: z.string().refine((s) => isDecimalString(s), { message: 'must be a decimal string' }).default('0.00010000'),
    timings: z
      .object({
        pingIntervalMs: positiveInt.default(BINANCE_FUTURES_TIMINGS.pingIntervalMs),
        pongTimeoutMs: positiveInt.default(BINANCE_FUTURES_TIMINGS.pongTimeoutMs),
        connectionLifetimeMs: positiveInt.default(BINANCE_FUTURES_TIMINGS.connectionLifetimeMs),
        maxIncomingPerSecond: positiveInt.default(BINANCE_FUTURES_TIMINGS.maxIncomingPerSecond),
        maxStreamsPerConnection: positiveInt.default(BINANCE_FUTURES_TIMINGS.maxStreamsPerConnection),
      })
      .strict()
      .default(BINANCE_FUTURES_TIMINGS),
  })
  .strict();

export const DEFAULT_BALANCES: Record<string, string> = {
  USDT: '1000000',
  BTC: '100',
  ETH: '1000',
};

export const simConfigSchema = z
  .object({
    host: z.string().min(1, 'must not be empty').default('127.0.0.1'),
    port: z.number().int('must be an integer').min(0, 'must be >= 0').max(65535, 'must be <= 65535').default(0),
    seed: z.union([z.number().int('must be an integer'), z.string().min(1)]).default(42),
    /** Symbol names from the default set, or full definitions; default: all default symbols. */
    symbols: z.array(z.union([z.string().regex(/^[A-Z0-9]{2,20}$/, 'must be an exchange symbol like BTCUSDT'), symbolSpecSchema])).min(1).optional(),
    /** false = no liquidity bots; otherwise MarketBots settings (seeded from `seed`). */
    bots: z.union([z.literal(false), botsSchema]).default({}),
    accounts: z
      .array(accountSchema)
      .default([
        { name: 'alice', balances: DEFAULT_BALANCES },
        { name: 'bob', balances: DEFAULT_BALANCES },
      ]),
    fees: z.object({ maker: decimalString, taker: decimalString }).strict().default({ maker: '0.001', taker: '0.001' }),
    /** Estimated bytes of trade/order history kept for queries, shared by all symbols and accounts (oldest forgotten first). */
    historyBytes: positiveInt.default(DEFAULT_HISTORY_BYTES),
    /** The first order id and trade id of every symbol; beyond 2^53 in tests, so an id that loses precision anywhere shows. */
    firstId: firstIdSchema.default(1n),
    timings: z
      .object({
        pingIntervalMs: positiveInt.default(BINANCE_TIMINGS.pingIntervalMs),
        pongTimeoutMs: positiveInt.default(BINANCE_TIMINGS.pongTimeoutMs),
        connectionLifetimeMs: positiveInt.default(BINANCE_TIMINGS.connectionLifetimeMs),
        maxIncomingPerSecond: positiveInt.default(BINANCE_TIMINGS.maxIncomingPerSecond),
        maxStreamsPerConnection: positiveInt.default(BINANCE_TIMINGS.maxStreamsPerConnection),
      })
      .strict()
      .default(BINANCE_TIMINGS),
    /** The Binance USD-M futures dialect (market data so far). */
    futures: futuresSchema.default({ enabled: true, fundingIntervalMs: 8 * 60 * 60 * 1000, fundingRate: '0.00010000', timings: BINANCE_FUTURES_TIMINGS }),
    rateLimits: z
      .object({
        requestWeightPerMinute: positiveInt.default(BINANCE_RATE_LIMITS.requestWeightPerMinute),
        ordersPer10s: positiveInt.default(BINANCE_RATE_LIMITS.ordersPer10s),
        ordersPerDay: positiveInt.default(BINANCE_RATE_LIMITS.ordersPerDay),
        rejectionsBeforeBan: nonNegativeInt.default(BINANCE_RATE_LIMITS.rejectionsBeforeBan),
        banMs: positiveInt.default(BINANCE_RATE_LIMITS.banMs),
        connectionAttemptsPer5Min: positiveInt.default(BINANCE_RATE_LIMITS.connectionAttemptsPer5Min),
      })
      .strict()
      .default(BINANCE_RATE_LIMITS),
  })
  .strict();

export type SimConfig = z.output<typeof simConfigSchema>;
export type SimConfigInput = z.input<typeof simConfigSchema>;

/**
 * Validates and fills defaults; throws ConfigError naming the first bad key path. `section` is where these options
 * sit in the one configuration (`simulator`), so the error names the path the user wrote.
 */
export function parseSimConfig(input: unknown, section?: string): SimConfig {
  const result = simConfigSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const keys = issue?.path.map(String) ?? [];
  const rule = issue?.message ?? 'invalid';
  if (section !== undefined) {
    const path = [section, ...keys].join('.');
    throw new ConfigError(path, rule, `config ${path}: ${rule}`);
  }
  const path = keys.length > 0 ? keys.join('.') : '(root)';
  throw new ConfigError(path, rule, `simulator config ${path}: ${rule}`);
}
