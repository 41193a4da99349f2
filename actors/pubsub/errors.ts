// Typed errors of the pub/sub layer; callers branch on `code`.
import { CexError } from '../../lib/core/errors.js';

/** A topic string or one of its parts broke the `<channel>:<exchange>:<symbol>` rules. */
export class InvalidTopicError extends CexError {
  readonly code = 'PUBSUB_INVALID_TOPIC';
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** A subscription option broke its rule (e.g. a non-positive queue capacity). */
export class InvalidSubscriptionError extends CexError {
  readonly code = 'PUBSUB_INVALID_SUBSCRIPTION';
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The pub/sub was used after it stopped. */
export class PubSubStoppedError extends CexError {
  readonly code = 'PUBSUB_STOPPED';
  constructor(operation: string) {
    super(`pubsub is stopped: cannot ${operation}`);
  }
}
