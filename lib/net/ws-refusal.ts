// Why the ws client closed a connection itself: it refuses a frame that breaks the protocol (text that is not
// UTF-8, a message too large, a bad opcode) with an 'error' event (code WS_ERR_*) before 'close', and closes
// with the matching code (1007, 1009, 1002). The close event then reports 1006 (the server never answered
// that close), which would blame the server's side of the socket instead of what it sent.

/** The close code ws sends for each refusal; any other WS_ERR_* is a protocol error (1002). */
const CLOSE_CODES: Readonly<Record<string, number>> = {
  WS_ERR_INVALID_UTF8: 1007,
  WS_ERR_TOO_MANY_BUFFERED_PARTS: 1008,
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH: 1009,
};

/** What the server sent that made the ws client close the socket, or undefined for any other error (a reset, a timeout). */
export function wsRefusal(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !code.startsWith('WS_ERR_')) return undefined;
  const closeCode = CLOSE_CODES[code] ?? 1002;
  if (code === 'WS_ERR_INVALID_UTF8') return `the server sent invalid UTF-8 (${closeCode})`;
  if (closeCode === 1009) return `the server sent a message too large (${closeCode})`;
  return `the server broke the WebSocket protocol: ${error instanceof Error ? error.message : code} (${closeCode})`;
}
