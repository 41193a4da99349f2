// Mocha setup: tests crash actors on purpose, so the console log is off unless CEX_LOG_LEVEL asks for it
// (e.g. CEX_LOG_LEVEL=debug npm test). Tests that check logging attach their own transport.
import winston from 'winston';
import { configureLogger, logger, type LogLevel } from '../lib/log.js';

const level = process.env.CEX_LOG_LEVEL as LogLevel | undefined;
configureLogger({ level: level ?? 'error' });
if (!level) {
  for (const transport of logger.transports) {
    if (transport instanceof winston.transports.Console) transport.silent = true;
  }
}
