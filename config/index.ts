export { loadConfig, validateConfig, ENV_MAPPING, type LoadOptions } from './load.js';
export { configSchema, type Config, type ExchangeConfig } from './schema.js';
