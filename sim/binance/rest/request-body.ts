// Reads a REST request body within a size limit. A body over it is answered 413, yet still read and
// thrown away (up to a cap): the connection stays usable and no reset destroys the answer unread.
import type { IncomingMessage } from 'node:http';
import { BinanceRestError } from './errors.js';

export const MAX_BODY_BYTES = 1 << 20;
/** Past this much refused body the client is cut off: answering it is not worth reading forever. */
const MAX_DISCARDED_BYTES = 8 * MAX_BODY_BYTES;

/** `error` is absent when the request broke mid-body: the server's clientError handler answers that. */
export type RequestBody = { ok: true; text: string } | { ok: false; error?: BinanceRestError };

function tooLarge(): BinanceRestError {
  return new BinanceRestError(413, -1000, `Request body too large; the limit is ${MAX_BODY_BYTES} bytes.`);
}

/** Resolves as soon as the outcome is known: a declared Content-Length over the limit is refused before any byte. */
export function readBody(req: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES;
    if (refused) resolve({ ok: false, error: tooLarge() });
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > MAX_DISCARDED_BYTES) req.socket.destroy();
        return;
      }
      if (size > MAX_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        resolve({ ok: false, error: tooLarge() });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ ok: false }));
  });
}
