import type { RuntimeConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { stopOnSignals } from '../shutdown.js';
import { installTracing, type Tracing } from '../tracing.js';

/**
 * Runs a long-lived service: `start` returns its stop function and, optionally, a promise that
 * settles if the service ends on its own (a crashed worker; the process then exits with 1) and
 * what to announce once it is ready (`ready`: run after the signal handlers are in place, so
 * whoever reads the announcement and sends SIGTERM gets a graceful stop, never the default kill).
 * SIGINT/SIGTERM stop it gracefully within the configured shutdown timeout. With
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, its traces go to that collector (flushed on stop); `start` gets
 * the tracing then (a worker hands its workflows' spans to it), null otherwise.
 */
export async function serve(
  config: RuntimeConfig,
  start: (
    logger: Logger,
    tracing: Tracing | null,
  ) => Promise<{ stop: () => Promise<void>; ended?: Promise<void>; ready?: () => void }>,
  logger: Logger = createLogger(config.worker.logLevel, config.logFormat),
): Promise<number> {
  // Traces first, so the service's spans from its very start reach the collector.
  const tracing = config.tracing === null ? null : installTracing(config.tracing, logger);
  const starting = start(logger, tracing);
  // The handlers are in place before it starts: a SIGTERM while it starts (its ops endpoint may
  // already answer) stops it gracefully once started, rather than by the default kill.
  const stop = async () => {
    await (await starting).stop();
    await tracing?.shutdown();
  };
  const removeHandlers = stopOnSignals(stop, { logger, timeoutMs: config.shutdownTimeoutMs });
  const service = await starting.catch((error: unknown) => {
    removeHandlers();
    throw error;
  });
  service.ready?.();
  service.ended?.catch((error: unknown) => {
    logger.child({ component: 'process' }).fatal({ err: error }, 'service failed');
    process.exit(1);
  });
  return 0;
}
