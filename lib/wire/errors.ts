// Typed errors of the wire codec: what a receiving node counts and drops, never throws past its adapter.
import { CexError } from '../core/errors.js';

/** A message carried a wire version this code does not read (a newer node, or a foreign publisher). */
export class WireVersionError extends CexError {
  readonly code = 'WIRE_UNKNOWN_VERSION';
  constructor(
    readonly version: unknown,
    readonly supported: readonly number[],
  ) {
    super(`wire message has unknown version ${JSON.stringify(version) ?? String(version)}; this node reads version ${supported.join(', ')}`);
  }
}

/** A message (or an event being encoded) broke the wire format: `field` is the dotted path of the first bad part. */
export class WireFormatError extends CexError {
  readonly code = 'WIRE_MALFORMED';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`wire message ${field}: ${rule}`);
  }
}
