import type { ApiServer } from '@support-engine/api';
import type { Readiness } from './readiness.js';

/** Liveness: the process serves HTTP. It checks nothing else, so a slow database never gets it restarted. */
export const HEALTH_PATH = '/healthz';
/** Readiness: the database answers and the read models are caught up (see `createReadinessCheck`). */
export const READY_PATH = '/readyz';

/**
 * Adds the orchestrator's probes to the API server (before it listens). They are exempt from
 * the API's rate limit: probes come often and from one address.
 */
export function addHealthRoutes(app: ApiServer, readiness: () => Promise<Readiness>): void {
  app.get(HEALTH_PATH, { config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  app.get(READY_PATH, { config: { rateLimit: false } }, async (_request, reply) => {
    const report = await readiness();
    return reply.status(report.ready ? 200 : 503).send(report);
  });
}
