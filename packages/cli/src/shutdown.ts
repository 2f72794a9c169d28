import type { Logger } from './logger.js';

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  readonly logger: Logger;
  /** After this long the process exits with status 1 even if `stop` has not finished. */
  readonly timeoutMs: number;
  /** Ends the process; replaced in tests. */
  readonly exit?: (code: number) => void;
}

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, or when the launcher that spawned this process
 * with an IPC channel goes away (`disconnect`: it died, even by SIGKILL), then exits: 0 after a
 * clean stop, 1 if it failed or outlived the timeout. Later signals are only logged, because a
 * launcher may forward the terminal's Ctrl-C that the process group already received, and the
 * stop is bounded anyway. Returns a function that removes the handlers.
 */
export function stopOnSignals(stop: () => Promise<void>, options: StopOnSignalsOptions): () => void {
  const { timeoutMs } = options;
  const logger = options.logger.child({ component: 'process' });
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | 'launcher gone') => {
    if (stopping) {
      logger.warn({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    logger.info({ signal, timeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting anyway');
      exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        clearTimeout(timer);
        logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  const onDisconnect = () => onSignal('launcher gone');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('disconnect', onDisconnect);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('disconnect', onDisconnect);
  };
}
