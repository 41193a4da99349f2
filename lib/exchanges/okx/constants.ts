// OKX (API v5) names shared by its codec modules.

/** Lower-case venue name used in topics and errors (ccxt's name for the same venue). */
export const EXCHANGE = 'okx';
