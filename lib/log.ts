// The one winston logger. Every record passes through a redaction format first, so a secret that
// reaches a log call by mistake (api secret, signature, listen token, passphrase, API-key header) is masked.
// It reads no CEX_* variable: a command applies the validated configuration with `configureLogger(config.log)`.
import winston from 'winston';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
/** `auto`: pretty (coloured) when stderr is a terminal, JSON lines when it is a file or a pipe. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export const REDACTED = '[REDACTED]';

/** Field names whose values are secrets wherever they appear (compared case-insensitively, `-`/`_` ignored). */
const SECRET_KEYS = new Set(
  [
    'apiSecret',
    'secret',
    'secretKey',
    'privateKey',
    'signature',
    'listenKey',
    'listenToken',
    'token',
    'xMbxApikey',
    'apiKey',
    'password',
    'passphrase',
    'authorization',
    'credentials',
    'okAccessKey',
    'okAccessSign',
    'okAccessPassphrase',
    // OKX's WebSocket login frame carries its signature as `sign` (valid for 30 s).
    'sign',
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normalizeKey(key));
}

// Secrets embedded in strings: query strings and URLs (`signature=...&`, `listenKey=...`), header dumps
// (`X-MBX-APIKEY: ...`, OKX's `OK-ACCESS-PASSPHRASE: ...`) and JSON text (`"passphrase":"..."`).
// A quoted value is masked whole, spaces and all (a passphrase may hold spaces); a bare one up to a delimiter.
const INLINE_SECRET =
  /\b(signature|sign|listenKey|listenToken|apiSecret|secretKey|privateKey|secret|X-MBX-APIKEY|apiKey|api_key|api_secret|passphrase|password|OK-ACCESS-(?:KEY|SIGN|PASSPHRASE))(["']?\s*[=:]\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^&\s"',}]+)/gi;

export function redactString(text: string): string {
  return text.replace(INLINE_SECRET, (match: string, key: string, sep: string) => {
    const value = match.slice(key.length + sep.length);
    const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
    return `${key}${sep}${quote}${REDACTED}${quote}`;
  });
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

/** The format `auto` stands for, given whether the output is a terminal. */
export function resolveLogFormat(format: LogFormat, isTTY: boolean): 'json' | 'pretty' {
  return format === 'auto' ? (isTTY ? 'pretty' : 'json') : format;
}

function buildFormat(format: LogFormat, stream: { isTTY?: boolean } = process.stderr): winston.Logform.Format {
  const isTTY = stream.isTTY === true;
  if (resolveLogFormat(format, isTTY) === 'json') {
    return winston.format.combine(redactFormat(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json());
  }
  // Colour codes only for a terminal: in a file or a pipe they are noise.
  const colour = isTTY && !process.env.NO_COLOR ? [winston.format.colorize()] : [];
  return winston.format.combine(
    redactFormat(),
    winston.format.timestamp(),
    ...colour,
    winston.format.printf(({ level, message, timestamp, component, ...rest }) => {
      const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      return `${String(timestamp)} ${level}${component ? ` [${String(component)}]` : ''} ${String(message)}${extra}`;
    }),
  );
}

/** The logger. Writes to stderr so a CLI's stdout stays machine-readable. */
export const logger = winston.createLogger({
  level: process.env.NODE_ENV === 'test' ? 'warn' : 'info',
  format: buildFormat('auto'),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug', 'verbose', 'silly'] })],
});

/**
 * Applies log settings (normally `config.log` from `loadConfig()`, which validated them). Throws a TypeError on a
 * level or format outside LOG_LEVELS / LOG_FORMATS rather than silently dropping or reformatting every line.
 */
export function configureLogger(options: { level?: LogLevel; format?: LogFormat }): void {
  const { level, format } = options;
  if (level !== undefined && !(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new TypeError(`log level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  }
  if (format !== undefined && !(LOG_FORMATS as readonly string[]).includes(format)) {
    throw new TypeError(`log format must be one of ${LOG_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
  }
  if (level) logger.level = level;
  if (format) logger.format = buildFormat(format);
}

/** A logger whose records carry `component`. */
export function childLogger(component: string): winston.Logger {
  return logger.child({ component });
}

export type Logger = winston.Logger;
