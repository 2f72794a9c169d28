import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';

/** How long a failed service first waits before it starts again (e.g. while PostgreSQL restarts). */
const FIRST_DELAY_MS = 2_000;
/** The longest pause: each failure in a row doubles it up to this. */
const MAX_DELAY_MS = 60_000;

/**
 * Runs `run` until `signal` aborts, starting it again after a failure (logged as `what failed`),
 * after a pause that doubles with each failure in a row (2 s up to a minute), so an outage of the
 * database is a few log lines, not one every two seconds per service; a run that lasted longer than
 * the longest pause starts the pauses over.
 */
export async function runRestarting(
  what: string,
  run: (signal: AbortSignal) => Promise<void>,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  let delayMs = FIRST_DELAY_MS;
  while (!signal.aborted) {
    const startedAt = Date.now();
    try {
      await run(signal);
    } catch (error) {
      if (signal.aborted) break;
      if (Date.now() - startedAt > MAX_DELAY_MS) delayMs = FIRST_DELAY_MS;
      logger.error({ err: error, retryInMs: delayMs }, `${what} failed; restarting`);
      await sleep(delayMs, undefined, { signal }).catch(() => {});
      delayMs = Math.min(delayMs * 2, MAX_DELAY_MS);
    }
  }
}
