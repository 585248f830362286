/**
 * Typed errors with stable `name`s. Compare `err.name`, never `instanceof`:
 * two copies of this package in one dependency tree make `instanceof` lie.
 */

/** Base of purertc's internal errors; `code` is a short machine-readable reason. */
export class PureRtcError extends Error {
  override name = 'PureRtcError';
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Input that does not follow its wire format or grammar. */
export class ParseError extends PureRtcError {
  override name = 'ParseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('parse', message, options);
  }
}

/** A call that is not allowed in the object's current state. */
export class StateError extends PureRtcError {
  override name = 'StateError';
  constructor(message: string) {
    super('state', message);
  }
}

/** A protocol peer broke the rules (wrong MAC, unexpected message, bad certificate...). */
export class ProtocolError extends PureRtcError {
  override name = 'ProtocolError';
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** True when `err` is an Error-like object with the given `name`. */
export function isErrorNamed(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}
