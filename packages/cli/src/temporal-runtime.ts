import { temporalLoggerFrom } from '@support-engine/workflows';
import { Runtime } from '@temporalio/worker';
import type { Logger } from './logger.js';

/**
 * Routes the Temporal SDK's native runtime logs into our logger and takes its signal handling
 * away: the command's own shutdown stops the API and projectors before the worker, in order.
 * With `metricsBind` (`host:port`), the runtime serves its own Prometheus metrics there, named
 * `temporal_*`. Call once per process, before any worker or Temporal server starts.
 */
export function installTemporalRuntime(logger: Logger, metricsBind: string | null = null): void {
  Runtime.install({
    logger: temporalLoggerFrom(logger.child({ component: 'temporal' })),
    shutdownSignals: [],
    telemetryOptions: {
      // The native core writes its own lines to the console (coloured text) unless forwarded.
      logging: { forward: {} },
      ...(metricsBind === null
        ? {}
        : { metrics: { prometheus: { bindAddress: metricsBind, countersTotalSuffix: true } } }),
    },
  });
}
