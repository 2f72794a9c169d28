/**
 * An error meant for the person running the command: `main` prints its message alone (no stack
 * trace) and exits with {@link CliError.exitCode}.
 */
export class CliError extends Error {
  override readonly name: string = 'CliError';

  constructor(
    message: string,
    readonly exitCode = 1,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The environment or the flags hold a value the engine cannot run with; the message names it. */
export class ConfigError extends CliError {
  override readonly name = 'ConfigError';
}
