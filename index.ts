// cex-actors public entry point.
export { loadConfig, validateConfig, ENV_MAPPING, configSchema, type Config, type ExchangeConfig, type LoadOptions } from './config/index.js';
export { logger, childLogger, configureLogger, type Logger, type LogLevel, type LogFormat } from './lib/log.js';
export { Decimal, toDecimal, isDecimalString, toFixedString } from './lib/core/decimal.js';
export { CexError, ConfigError, ValidationError } from './lib/core/errors.js';
export * from './actors/runtime/index.js';
export * from './actors/registry.js';
export * from './actors/pubsub.js';
