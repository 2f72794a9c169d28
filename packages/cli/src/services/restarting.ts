import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';

/** How long a failed log consumer waits before it starts again (e.g. while PostgreSQL restarts). */
const RESTART_DELAY_MS = 2_000;

/** Runs `run` until `signal` aborts, starting it again after a failure (logged as `what failed`). */
export async function runRestarting(
  what: string,
  run: (signal: AbortSignal) => Promise<void>,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await run(signal);
    } catch (error) {
      if (signal.aborted) break;
      logger.error({ err: error, retryInMs: RESTART_DELAY_MS }, `${what} failed; restarting`);
      await sleep(RESTART_DELAY_MS, undefined, { signal }).catch(() => {});
    }
  }
}
