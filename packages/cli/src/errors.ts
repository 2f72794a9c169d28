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

/**
 * The message for an error the operator can act on though no command raised it as such: a port
 * already taken (the API's, an ops endpoint's, the Temporal runtime's metrics) or a Temporal
 * server that cannot be reached; `null` for anything else (a fault: its stack is printed).
 */
export function operatorMessage(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE')
    return `${address ?? ''}:${port ?? ''} is already in use: stop what holds it, or move this process (PORT, METRICS_PORT)`;
  if (/prometheus metrics exporter: Address already in use/i.test(error.message))
    return 'The address of TEMPORAL_METRICS_BIND is already in use: stop what holds it, or choose another';
  if (error.name === 'TransportError') return `Temporal cannot be reached (TEMPORAL_ADDRESS): ${error.message}`;
  return null;
}
