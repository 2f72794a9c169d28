/**
 * A server could not start for a reason the person running it can fix; the message says what to
 * change. Callers print it alone, without a stack trace.
 */
export class ServerSetupError extends Error {
  override readonly name: string = 'ServerSetupError';
}

/** A required binary could not be found; the message says how to get it. */
export class MissingToolError extends ServerSetupError {
  override readonly name = 'MissingToolError';
}
