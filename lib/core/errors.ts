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

/**
 * An exchange answered with a body that is not what its documentation prints (a missing field, a number
 * where a decimal string belongs). `field` is the dotted path of the first offending field.
 */
export class ExchangeFormatError extends CexError {
  readonly code = 'EXCHANGE_FORMAT';
  constructor(
    readonly exchange: string,
    readonly field: string,
    message: string,
  ) {
    super(`${exchange}: ${field}: ${message}`);
  }
}

/** A symbol that the exchange's listing does not contain (unified or venue form); never guessed from the text. */
export class UnknownSymbolError extends CexError {
  readonly code = 'UNKNOWN_SYMBOL';
  constructor(
    readonly exchange: string,
    readonly symbol: string,
  ) {
    super(`${exchange}: unknown symbol ${JSON.stringify(symbol)}`);
  }
}
