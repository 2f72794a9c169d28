import { createServer } from 'node:net';
import { portHolder } from '@support-engine/servers';
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
 * Fails with one message listing every port that is already taken, before anything starts, with
 * the process holding it when this user can see it: the servers' own errors for a busy port
 * surface late and say neither who holds it nor which flag moves it.
 */
export async function assertPortsFree(claims: readonly PortClaim[]): Promise<void> {
  const lines: string[] = [];
  for (const claim of claims) if (!(await isFree(claim.port, claim.host))) lines.push(await takenLine(claim));
  if (lines.length > 0) throw new CliError(`Port already in use:\n${lines.join('\n')}`);
}

async function takenLine(claim: PortClaim): Promise<string> {
  const where = `  ✖ ${claim.host}:${claim.port} (${claim.what})`;
  const holder = await portHolder(claim.port);
  if (holder === undefined)
    return `${where} is in use by a process this user cannot see (\`ss -ltnp 'sport = :${claim.port}'\` names it); stop it or choose another port with ${claim.override}`;
  return `${where} is in use by pid ${holder.pid} (${holder.command}); stop it (\`kill ${holder.pid}\`) or choose another port with ${claim.override}`;
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
