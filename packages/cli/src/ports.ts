import { createServer } from 'node:net';
import { CliError } from './errors.js';

/** A port a component is about to listen on, and how the user can move it. */
export interface PortClaim {
  readonly port: number;
  readonly host: string;
  /** What listens there, e.g. "the API". */
  readonly what: string;
  /** The flag or variable that changes it, e.g. "--port or PORT". */
  readonly override: string;
}

/**
 * Fails with one message listing every port that is already taken, before anything starts:
 * the servers' own errors for a busy port surface late and do not say which flag moves it.
 */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const taken: PortClaim[] = [];
  for (const claim of claims) if (!(await isFree(claim.port, claim.host))) taken.push(claim);
  if (taken.length === 0) return;
  const lines = taken.map((c) => `  ✖ ${c.host}:${c.port} (${c.what}) is in use; choose another with ${c.override}`);
  throw new CliError(`Port already in use:\n${lines.join('\n')}`);
}

function isFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}
