// Binance's timing rule for SIGNED requests, the same on REST and the WebSocket API (fixtures/binance/
// NOTES.md section 6): `recvWindow` up to 60,000 ms with at most three decimals (default 5,000), and
// `timestamp` (ms, or µs above 10^13) not 1000 ms ahead of the server nor older than recvWindow.
// Each transport passes its own error factories: the codes match, the error shapes differ.

const MAX_RECV_WINDOW = 60_000;
const DEFAULT_RECV_WINDOW = 5_000;
const RECV_WINDOW = /^\d{1,10}(\.\d{1,3})?$/;
export const RECV_WINDOW_PATTERN = '^[0-9]{1,10}(\\.[0-9]{1,3})?$';

export interface RequestTimeErrors {
  malformedRecvWindow(): Error;
  recvWindowTooGreat(max: number): Error;
  timestampAhead(): Error;
  timestampOutsideWindow(): Error;
}

/** The recvWindow in ms from its text (undefined = not sent); throws the transport's error when invalid. */
export function recvWindowMs(text: string | undefined, errors: RequestTimeErrors): number {
  if (text === undefined) return DEFAULT_RECV_WINDOW;
  if (!RECV_WINDOW.test(text)) throw errors.malformedRecvWindow();
  const recvWindow = Number(text);
  if (recvWindow > MAX_RECV_WINDOW) throw errors.recvWindowTooGreat(MAX_RECV_WINDOW);
  return recvWindow;
}

/** Throws the transport's -1021 error when `timestamp` is ahead of the server or outside recvWindow. */
export function checkTimestamp(timestamp: number, recvWindow: number, serverTime: number, errors: RequestTimeErrors): void {
  const timestampMs = timestamp >= 1e13 ? timestamp / 1000 : timestamp;
  if (timestampMs >= serverTime + 1000) throw errors.timestampAhead();
  if (serverTime - timestampMs > recvWindow) throw errors.timestampOutsideWindow();
}
