/** The longest wait between two attempts to connect again. */
const MAX_WAIT_MS = 8_000;

/**
 * How long to wait before attempt `attempt` (0 for the first retry) to connect again: doubling
 * from half a second up to eight, each spread by ±25% (`random` in [0, 1)) so that the tabs a
 * restarted server dropped do not all come back at the same instant.
 */
export function retryDelay(attempt: number, random: number): number {
  return Math.min(500 * 2 ** attempt, MAX_WAIT_MS) * (0.75 + random / 2);
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
