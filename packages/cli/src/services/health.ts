import type { ApiServer } from '@support-engine/api';
import type { Readiness } from './readiness.js';

/** Liveness: the process serves HTTP. It checks nothing else, so a slow database never gets it restarted. */
export const HEALTH_PATH = '/healthz';
/** Readiness: the database answers and the read models are caught up (see `createReadinessCheck`). */
export const READY_PATH = '/readyz';

/**
 * Adds the orchestrator's probes to the API server (before it listens). They are exempt from
 * the API's rate limit and logged only when something is wrong (warn and above): probes come
 * often and from one address, and two info lines per probe would drown the log.
 */
export function addHealthRoutes(app: ApiServer, readiness: () => Promise<Readiness>): void {
  const probe = { config: { rateLimit: false }, logLevel: 'warn' } as const;
  app.get(HEALTH_PATH, probe, async () => ({ status: 'ok' }));
  app.get(READY_PATH, probe, async (_request, reply) => {
    const report = await readiness();
    return reply.status(report.ready ? 200 : 503).send(report);
  });
}
