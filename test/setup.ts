// Mocha setup: keep test output readable (set CEX_LOG_LEVEL=debug to see the logs).
import { configureLogger, type LogLevel } from '../lib/log.js';

configureLogger({ level: (process.env.CEX_LOG_LEVEL as LogLevel | undefined) ?? 'error' });
