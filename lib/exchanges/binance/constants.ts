// Binance spot names shared by its codec modules.

/** Lower-case venue name used in topics and errors. */
export const EXCHANGE = 'binance';
