// Configuration loading: defaults < config file (argument or $CEX_CONFIG) < environment variables.
// Secrets are accepted only from the environment or an explicit object, and never echoed in errors.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../lib/core/errors.js';
import { isSecretKey } from '../lib/log.js';
import { configSchema, type Config } from './schema.js';
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
};

/** Besides the mapping, `CEX__A__B_C=value` sets key path `a.bC` (double underscore = nesting). */
const GENERIC_PREFIX = 'CEX__';

export interface LoadOptions {
  /** Config file path; defaults to $CEX_CONFIG; none when neither is given. */
  file?: string;
  /** Environment to read; defaults to process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Explicit values (highest precedence), the place for secrets in code. */
  overrides?: Json;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const merged = structuredClone(defaults) as Json;
  const file = options.file ?? env.CEX_CONFIG;
  if (file) {
    const fromFile = readJson(file, 'config file');
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
  const path = issue.path.map(String).join('.') || '(root)';
  const offending = issue.path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[String(key)] : undefined), value);
  const shown = issue.path.some((k) => isSecretKey(String(k))) ? '[REDACTED]' : JSON.stringify(offending);
  const rule = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
  throw new ConfigError(path, rule, `config ${path}: value ${shown ?? 'undefined'} is invalid: ${rule}`);
}

function readJson(path: string, what: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('(file)', 'readable', `cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('top level must be an object');
    return parsed as Json;
  } catch (error) {
    throw new ConfigError('(file)', 'json', `${what} ${path} is not a JSON object: ${(error as Error).message}`);
  }
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
