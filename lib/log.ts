// The one winston logger. Every record passes through a redaction format first, so a secret that
// reaches a log call by mistake (api secret, signature, listen token, API-key header) is masked.
import winston from 'winston';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'json' | 'pretty';

export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets wherever they appear (compared case-insensitively, `-`/`_` ignored). */
const SECRET_KEYS = new Set(
  ['apiSecret', 'secret', 'secretKey', 'signature', 'listenKey', 'listenToken', 'token', 'xMbxApikey', 'apiKey', 'password', 'passphrase', 'authorization'].map(
    normalizeKey,
  ),
);

function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normalizeKey(key));
}

// Secrets embedded in strings: query strings and URLs (`signature=...&`, `listenKey=...`) and header dumps.
const INLINE_SECRET = /\b(signature|listenKey|listenToken|apiSecret|secretKey|X-MBX-APIKEY|apiKey)(["']?\s*[=:]\s*["']?)([^&\s"',}]+)/gi;

export function redactString(text: string): string {
  return text.replace(INLINE_SECRET, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
}

/** Deep copy of `value` with secret fields masked; handles cycles, Errors, Maps. */
export function redact(value: unknown, seen = new WeakMap<object, unknown>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(redact(v, seen));
    return out;
  }
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactString(value.message) };
    seen.set(value, out);
    if (value.stack) out.stack = redactString(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redact(v, seen);
    return out;
  }
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const [k, v] of value) out[String(k)] = isSecretKey(String(k)) ? REDACTED : redact(v, seen);
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Decimal, Date and friends: their JSON form carries no secrets.
    return value;
  }
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redact(v, seen);
  return out;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (isSecretKey(key)) info[key] = REDACTED;
    else info[key] = redact(info[key]);
  }
  // winston keeps the message under a symbol too (MESSAGE is set later by the final format).
  return info;
});

function buildFormat(format: LogFormat): winston.Logform.Format {
  return format === 'json'
    ? winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
    : winston.format.combine(
        redactFormat(),
        winston.format.timestamp(),
        winston.format.colorize(),
        winston.format.printf(({ level, message, timestamp, component, ...rest }) => {
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
          return `${String(timestamp)} ${level}${component ? ` [${String(component)}]` : ''} ${String(message)}${extra}`;
        }),
      );
}

const initialLevel = (process.env.CEX_LOG_LEVEL as LogLevel | undefined) ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info');

/** The logger. Writes to stderr so a CLI's stdout stays machine-readable. */
export const logger = winston.createLogger({
  level: initialLevel,
  format: buildFormat((process.env.CEX_LOG_FORMAT as LogFormat | undefined) ?? 'pretty'),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug', 'verbose', 'silly'] })],
});

export function configureLogger(options: { level?: LogLevel; format?: LogFormat }): void {
  if (options.level) logger.level = options.level;
  if (options.format) logger.format = buildFormat(options.format);
}

/** A logger whose records carry `component`. */
export function childLogger(component: string): winston.Logger {
  return logger.child({ component });
}

export type Logger = winston.Logger;
