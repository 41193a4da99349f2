// The configuration schema. Every key has a rule; a bad value fails at start naming the key path.
import { z } from 'zod';

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

export const configSchema = z
  .object({
    log: z
      .object({
        level: z.enum(['error', 'warn', 'info', 'debug']),
        format: z.enum(['json', 'pretty']),
      })
      .strict(),
    simulator: z
      .object({
        enabled: z.boolean(),
        host: z.string().min(1, 'must not be empty'),
        port: z.number().int('must be an integer').min(0, 'must be >= 0').max(65535, 'must be <= 65535'),
        seed: z.number().int('must be an integer'),
      })
      .strict(),
    exchanges: z.object({ binance: exchangeSchema }).strict(),
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
