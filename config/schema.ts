// The configuration schema. Every key has a rule; a bad value fails at start naming the key path.
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS } from '../lib/log.js';
import { isSubjectPrefix } from '../lib/wire/subjects.js';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${protocols.map((p) => p.replace(':', '')).join(' or ')}` },
  );

const credentials = z
  .object({
    apiKey: z.string().min(1, 'must not be empty'),
    apiSecret: z.string().min(1, 'must not be empty'),
  })
  .strict();

export const exchangeSchema = z
  .object({
    restUrl: url(['http:', 'https:']),
    wsUrl: url(['ws:', 'wss:']),
    wsApiUrl: url(['ws:', 'wss:']),
    recvWindowMs: z.number().int('must be an integer').min(1, 'must be >= 1').max(60000, 'must be <= 60000 (Binance maximum)'),
    credentials: credentials.optional(),
  })
  .strict();

/**
 * Binance USD-M futures market data (issue 11). Off unless `enabled`; with the embedded simulator the URLs are the
 * simulator's futures ones, else these (`https://fapi.binance.com`, `wss://fstream.binance.com`: the base under
 * which `/public` and `/market` live).
 */
export const futuresExchangeSchema = z
  .object({
    enabled: z.boolean(),
    restUrl: url(['http:', 'https:']).default('https://fapi.binance.com'),
    wsUrl: url(['ws:', 'wss:']).default('wss://fstream.binance.com'),
  })
  .strict();

/**
 * The simulator's section. Its scalars are checked here; the simulator's own settings (symbols, bots, accounts,
 * fees, timings, rate limits) are checked in full by the simulator's schema (sim/config.ts) when a command starts
 * it, with paths under `simulator.`: config/ does not import the layers above it.
 */
const simulatorSchema = z
  .object({
    /** Whether `cex-actors start` runs the embedded simulator (the `sim` command always does). */
    enabled: z.boolean(),
    host: z.string().min(1, 'must not be empty'),
    port: z.number().int('must be an integer').min(0, 'must be >= 0').max(65535, 'must be <= 65535'),
    seed: z.union([z.number().int('must be an integer'), z.string().min(1, 'must not be empty')], { error: 'must be an integer or a non-empty string' }),
    symbols: z.array(z.unknown(), { error: 'must be an array' }).optional(),
    bots: z.union([z.literal(false), z.record(z.string(), z.unknown())], { error: 'must be false or an object' }).optional(),
    accounts: z.array(z.unknown(), { error: 'must be an array' }).optional(),
    fees: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
    timings: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
    rateLimits: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
    /** The USD-M futures dialect's settings (sim/config.ts). */
    futures: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  })
  .strict();

/** Keys of the simulator section besides `enabled`: the simulator's own options. */
export const SIMULATOR_KEYS: readonly string[] = Object.keys(simulatorSchema.shape).filter((key) => key !== 'enabled');

const PUBSUB_SCHEMES: Readonly<Record<string, readonly string[]>> = { nats: ['nats:', 'tls:'], redis: ['redis:', 'rediss:'] };

/**
 * Where the pub/sub reaches other nodes (docs/pubsub-adapters.md): `local` (one process, the default), `nats` or
 * `redis`, with the server's URL. Nodes that talk share `subjectPrefix`; `nodeName` is this node's stable name
 * (NATS names its durable consumers after it, so a restarted node gets the private events it missed).
 */
const pubsubSchema = z
  .object({
    adapter: z.enum(['local', 'nats', 'redis'], { error: 'must be local, nats or redis' }),
    url: z.string().min(1, 'must not be empty').optional(),
    subjectPrefix: z.string().refine(isSubjectPrefix, { message: "must be dot-separated tokens of letters, digits, '_' or '-' (like cex or prod.cex)" }),
    nodeName: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 letters, digits, '_', '.' or '-'").optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const schemes = PUBSUB_SCHEMES[value.adapter];
    if (schemes === undefined) return;
    if (value.url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `is required when pubsub.adapter is ${value.adapter} (e.g. ${value.adapter}://127.0.0.1:${value.adapter === 'nats' ? 4222 : 6379})` });
      return;
    }
    let protocol: string | undefined;
    let host = '';
    try {
      ({ protocol, hostname: host } = new URL(value.url));
    } catch {
      protocol = undefined;
    }
    if (protocol === undefined || !schemes.includes(protocol)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `must be a URL with scheme ${schemes.map((s) => s.replace(':', '')).join(' or ')} for pubsub.adapter ${value.adapter}` });
    } else if (host === '') {
      ctx.addIssue({ code: 'custom', path: ['url'], message: `must name a host (e.g. ${value.adapter}://127.0.0.1:${value.adapter === 'nats' ? 4222 : 6379})` });
    }
  });

export const configSchema = z
  .object({
    log: z
      .object({
        level: z.enum(LOG_LEVELS),
        format: z.enum(LOG_FORMATS),
      })
      .strict(),
    simulator: simulatorSchema,
    exchanges: z.object({ binance: exchangeSchema, binanceusdm: futuresExchangeSchema.optional() }).strict(),
    /** Prometheus text-format metrics over HTTP (`startExchangeSystem`, `npm start`), off by default. */
    metrics: z
      .object({
        enabled: z.boolean(),
        host: z.string().min(1, 'must not be empty'),
        port: z.number().int('must be an integer').min(0, 'must be >= 0').max(65535, 'must be <= 65535'),
      })
      .strict(),
    pubsub: pubsubSchema,
    runtime: z
      .object({
        askTimeoutMs: z.number().int('must be an integer').positive('must be > 0').max(2 ** 31 - 1, 'must be < 2^31 ms'),
        shutdownTimeoutMs: z.number().int('must be an integer').positive('must be > 0').max(2 ** 31 - 1, 'must be < 2^31 ms'),
      })
      .strict(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ExchangeConfig = z.infer<typeof exchangeSchema>;
export type PubSubConfig = z.infer<typeof pubsubSchema>;
