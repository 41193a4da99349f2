// Mocha setup: tests crash actors on purpose, so the console log is off unless CEX_LOG_LEVEL asks for it
// (e.g. CEX_LOG_LEVEL=debug npm test; CEX_LOG_FORMAT too). Both are validated by the config schema, so a typo
// fails here instead of silently dropping every line. Tests that check logging attach their own transport.
import winston from 'winston';
import { loadConfig } from '../config/index.js';
import { configureLogger, logger } from '../lib/log.js';

const { CEX_LOG_LEVEL, CEX_LOG_FORMAT } = process.env;
const log = loadConfig({ env: { CEX_LOG_LEVEL, CEX_LOG_FORMAT } }).log;
configureLogger({ level: CEX_LOG_LEVEL ? log.level : 'error', format: log.format });
if (!CEX_LOG_LEVEL) {
  for (const transport of logger.transports) {
    if (transport instanceof winston.transports.Console) transport.silent = true;
  }
}
