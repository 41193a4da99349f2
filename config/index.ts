// The configuration entry point: load and validate (load.ts) against the schema (schema.ts).
export { loadConfig, validateConfig, ENV_MAPPING, type LoadOptions } from './load.js';
export { configSchema, type Config, type ExchangeConfig, type PubSubConfig } from './schema.js';
