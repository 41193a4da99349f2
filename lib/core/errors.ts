// Typed errors with stable codes. Callers branch on `code`, never on message text.

export abstract class CexError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A configuration value broke its rule; `path` is the dotted key path. */
export class ConfigError extends CexError {
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly path: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** Caller input broke a rule (validated before anything is sent anywhere). */
export class ValidationError extends CexError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}
