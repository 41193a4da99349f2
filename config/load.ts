// Configuration loading: defaults < config file (argument or $CEX_CONFIG) < environment variables < overrides
// (a CLI's flags). Secrets are accepted only from the environment or an explicit object, and no error ever carries
// one: errors echo a value only when it is a scalar under no secret-named key, and never quote a file's text.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../lib/core/errors.js';
import { childLogger, isSecretKey, REDACTED, redactString } from '../lib/log.js';
import { configSchema, SIMULATOR_KEYS, type Config } from './schema.js';
import defaults from './defaults.json' with { type: 'json' };

type Json = Record<string, unknown>;

/** Well-known environment variables and the key path each sets. Values are parsed by the key's type. */
export const ENV_MAPPING: Readonly<Record<string, string>> = {
  CEX_LOG_LEVEL: 'log.level',
  CEX_LOG_FORMAT: 'log.format',
  CEX_SIM_ENABLED: 'simulator.enabled',
  CEX_SIM_HOST: 'simulator.host',
  CEX_SIM_PORT: 'simulator.port',
  CEX_SIM_SEED: 'simulator.seed',
  CEX_BINANCE_REST_URL: 'exchanges.binance.restUrl',
  CEX_BINANCE_WS_URL: 'exchanges.binance.wsUrl',
  CEX_BINANCE_WS_API_URL: 'exchanges.binance.wsApiUrl',
  CEX_BINANCE_RECV_WINDOW_MS: 'exchanges.binance.recvWindowMs',
  CEX_BINANCE_API_KEY: 'exchanges.binance.credentials.apiKey',
  CEX_BINANCE_API_SECRET: 'exchanges.binance.credentials.apiSecret',
  CEX_METRICS_ENABLED: 'metrics.enabled',
  CEX_METRICS_PORT: 'metrics.port',
  CEX_PUBSUB_ADAPTER: 'pubsub.adapter',
  CEX_PUBSUB_URL: 'pubsub.url',
  CEX_PUBSUB_SUBJECT_PREFIX: 'pubsub.subjectPrefix',
  CEX_PUBSUB_NODE_NAME: 'pubsub.nodeName',
};

/** Besides the mapping, `CEX__A__B_C=value` sets key path `a.bC` (double underscore = nesting). */
const GENERIC_PREFIX = 'CEX__';

export interface LoadOptions {
  /** Config file path; defaults to $CEX_CONFIG; none when neither is given. */
  file?: string;
  /** Environment to read; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Explicit values (highest precedence): a CLI's flags, or the place for secrets in code. */
  overrides?: Json;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const merged = structuredClone(defaults) as Json;
  const file = options.file ?? env.CEX_CONFIG;
  if (file) {
    const fromFile = upgradeLegacySimulatorFile(readJson(file, 'config file'), file);
    rejectSecrets(fromFile, '');
    deepMerge(merged, fromFile);
  }
  deepMerge(merged, fromEnv(env));
  if (options.overrides) deepMerge(merged, options.overrides);
  return validateConfig(merged);
}

export function validateConfig(value: unknown): Config {
  const result = configSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keys = issue.path.map(String);
  const path = keys.join('.') || '(root)';
  const offending = keys.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), value);
  const rule = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}${misplacedHint(keys, issue.keys)}` : issue.message;
  const expectsContainer = issue.code === 'invalid_type' && CONTAINER_TYPES.has(issue.expected);
  const shown = expectsContainer ? undefined : shownValue(keys, offending);
  const message = shown === undefined ? `config ${path}: ${rule}` : `config ${path}: value ${shown} is invalid: ${rule}`;
  const scrub = (text: string): string => maskKnownSecrets(redactString(text), value);
  throw new ConfigError(path, scrub(rule), scrub(message));
}

const CONTAINER_TYPES = new Set(['object', 'array', 'record', 'map', 'set', 'tuple']);

/**
 * How an error may show the offending value: never for the root or an object/array (they may hold credentials),
 * nor where a section was expected; `[REDACTED]` under a secret-named key; otherwise the scalar (clipped, redacted).
 */
function shownValue(keys: string[], value: unknown): string | undefined {
  if (keys.length === 0) return undefined;
  if (keys.some(isSecretKey)) return REDACTED;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(redactString(maskUrlCredentials(value.length > 80 ? `${value.slice(0, 77)}...` : value)));
  return undefined;
}

/** `nats://user:pass@host` -> `nats://[REDACTED]@host`: a server URL may carry credentials. */
function maskUrlCredentials(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, `$1${REDACTED}@`);
}

/** Defence in depth: any secret the configuration holds (a string under a secret-named key) is masked in `text`. */
function maskKnownSecrets(text: string, config: unknown): string {
  const secrets: string[] = [];
  const collect = (node: unknown, underSecret: boolean, seen: Set<object>): void => {
    if (typeof node === 'string') {
      if (underSecret && node.length >= 4) secrets.push(node);
    } else if (node && typeof node === 'object' && !seen.has(node)) {
      seen.add(node);
      for (const [key, child] of Object.entries(node)) collect(child, underSecret || isSecretKey(key), seen);
    }
  };
  collect(config, false, new Set());
  return secrets.sort((a, b) => b.length - a.length).reduce((out, secret) => out.split(secret).join(REDACTED), text);
}

function misplacedHint(keys: string[], unknown: string[]): string {
  return keys.length === 0 && unknown.some((key) => SIMULATOR_KEYS.includes(key)) ? ' (simulator settings go under "simulator")' : '';
}

/**
 * The simulator CLI's old `--config` file held the simulator's options at the top level. Such a file (simulator
 * keys only) is read as `{ "simulator": ... }`, with a warning; anything else is the one configuration format.
 */
function upgradeLegacySimulatorFile(fromFile: Json, path: string): Json {
  const keys = Object.keys(fromFile);
  if (keys.length === 0 || !keys.every((key) => SIMULATOR_KEYS.includes(key))) return fromFile;
  childLogger('config').warn(`config file ${path} holds simulator settings at the top level; put them under "simulator" (the old form will go)`);
  return { simulator: fromFile };
}

function readJson(path: string, what: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError('(file)', 'readable', `cannot read ${what} ${path}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Never the parser's message: it quotes the text around the error, which may be a secret.
    throw new ConfigError('(file)', 'json', `${what} ${path} is not a JSON object: invalid JSON${jsonErrorPlace((error as Error).message, text)}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('(file)', 'json', `${what} ${path} is not a JSON object: the top level must be an object`);
  }
  return parsed as Json;
}

/** ` at line L column C` from a JSON.parse message that names a position; '' when it names none. */
function jsonErrorPlace(message: string, text: string): string {
  if (/unexpected end of JSON input/i.test(message)) return ' (it ends too early)';
  const match = /at position (\d+)/.exec(message);
  if (!match) return '';
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return ` at line ${line} column ${column}`;
}

function rejectSecrets(node: Json, prefix: string): void {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (key === 'credentials' || isSecretKey(key)) {
      throw new ConfigError(path, 'no secrets in files', `config ${path}: secrets are not accepted from config files; set them in the environment (see ENV_MAPPING) or pass them explicitly`);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) rejectSecrets(value as Json, path);
  }
}

function fromEnv(env: Readonly<Record<string, string | undefined>>): Json {
  const out: Json = {};
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined) continue;
    const path = ENV_MAPPING[name] ?? genericPath(name);
    if (!path) continue;
    setPath(out, path.split('.'), coerce(raw, path));
  }
  return out;
}

function genericPath(name: string): string | undefined {
  if (!name.startsWith(GENERIC_PREFIX)) return undefined;
  return name
    .slice(GENERIC_PREFIX.length)
    .split('__')
    .map((part) => part.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()))
    .join('.');
}

/** Environment values are strings; numbers and booleans are recognised so the schema can check them. */
function coerce(raw: string, path: string): unknown {
  if (isSecretKey(path.split('.').pop() ?? '')) return raw;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function setPath(target: Json, keys: string[], value: unknown): void {
  let node = target;
  keys.slice(0, -1).forEach((key) => {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Json;
  });
  node[keys[keys.length - 1]!] = value;
}

function deepMerge(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)) {
      deepMerge(current as Json, value as Json);
    } else {
      target[key] = value;
    }
  }
}
