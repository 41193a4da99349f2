// The `ws` server behind both WebSocket endpoints (market streams, WS API): upgrades are handed over by
// the HTTP server, pongs are ours to send (a stalled socket must stay silent), incoming frames have a
// size limit, and a handshake ws refuses is answered in Binance's `{code,msg}` shape, not ws's text/html.
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { answerAndClose, refusal } from './http-refusals.js';

/**
 * The largest frame a client may send; past it ws closes with 1009 (its default allows 100 MiB). Control
 * frames and WS-API requests are a few hundred bytes; Binance documents no limit, so this is our choice.
 */
export const MAX_INCOMING_FRAME_BYTES = 64 * 1024;

/** ws names the broken precondition in the message; a wrong method is 405 there, everything else 400. */
function answerHandshakeError(err: Error, socket: Duplex): void {
  const status = err.message === 'Invalid HTTP method' ? 405 : 400;
  answerAndClose(socket, refusal(status, -1000, `WebSocket handshake refused: ${err.message}.`));
}

export function createWsServer(): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: MAX_INCOMING_FRAME_BYTES });
  wss.on('wsClientError', answerHandshakeError);
  return wss;
}
