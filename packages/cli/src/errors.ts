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
 * server that cannot be reached, a PostgreSQL server that cannot be reached or refuses the session;
 * `null` for anything else (a fault: its stack is printed).
 */
export function operatorMessage(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE')
    return `${address ?? ''}:${port ?? ''} is already in use: stop what holds it, or move this process (PORT for the API, METRICS_PORT for the ops endpoint of any process)`;
  if (/prometheus metrics exporter: Address already in use/i.test(error.message))
    return 'The address of TEMPORAL_METRICS_BIND is already in use: stop what holds it, or choose another';
  if (error.name === 'MissingSearchAttributesError') return error.message;
  if (error.name === 'TransportError') return `Temporal cannot be reached (TEMPORAL_ADDRESS): ${error.message}`;
  // Temporal's failures are TransportErrors: a socket refused or a name unknown at this level is the database's.
  if (typeof code === 'string' && UNREACHABLE.has(code))
    return `PostgreSQL cannot be reached (DATABASE_URL): ${error.message}`;
  if (typeof code === 'string' && REFUSED_SESSION.has(code) && 'severity' in error)
    return `PostgreSQL refused the connection (DATABASE_URL): ${error.message}`;
  return null;
}

/** Socket errors of a server that is not there (down, wrong port or host). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);

/**
 * PostgreSQL's refusals of a session (SQLSTATE): a wrong password or user, a database that does
 * not exist, a server still starting, too many connections.
 */
const REFUSED_SESSION = new Set(['28P01', '28000', '3D000', '57P03', '53300']);
