import type { Databases } from './databases.js';
import { oldestWaitSeconds, projectionPositions } from './projection-lag.js';

/** One projection's distance from the head of the log. */
export interface ProjectionLag {
  readonly projection: string;
  /** Events the projection has not applied yet, counted up to `maxLagEvents + 1`. */
  readonly behind: number;
  /** How long the oldest of those events has been in the log (0 when none). */
  readonly waitedSeconds: number;
  readonly caughtUp: boolean;
}

/** How far behind the read models may be for the API to take traffic. */
export interface ReadinessLimits {
  /** Most events a projection may have left to apply (`READY_MAX_LAG_EVENTS`). */
  readonly maxLagEvents: number;
  /** Longest the oldest of them may have waited (`READY_MAX_LAG_SECONDS`). */
  readonly maxLagSeconds: number;
}

/** What `/readyz` answers. */
export type Readiness =
  | { readonly ready: boolean; readonly database: 'reachable'; readonly projections: readonly ProjectionLag[] }
  | { readonly ready: false; readonly database: 'unreachable'; readonly error: string };

/**
 * Ready when the database answers and every projection is at most `maxLagEvents` behind the log,
 * the oldest event it has left waiting at most `maxLagSeconds`: a fresh replica does not serve read
 * models that are still replaying, and a projector that stopped (on an event it cannot read, or
 * not running at all) shows within seconds rather than once the events pile up. Lags are counted
 * from each checkpoint on the log's position index (the store's `countAfter`: gap-safe, no event
 * read), bounded at `maxLagEvents + 1`; the wait reads one event, only for a projection behind.
 */
export function createReadinessCheck(
  databases: Databases,
  limits: ReadinessLimits,
  clock: () => Date = () => new Date(),
): () => Promise<Readiness> {
  const positions = projectionPositions(databases, limits.maxLagEvents + 1);
  return async () => {
    try {
      const projections = await Promise.all(
        (await positions()).map(async ({ projection, behind, checkpoint }): Promise<ProjectionLag> => {
          const waitedSeconds = behind === 0 ? 0 : await oldestWaitSeconds(databases, checkpoint, clock());
          const caughtUp = behind <= limits.maxLagEvents && waitedSeconds <= limits.maxLagSeconds;
          return { projection, behind, waitedSeconds, caughtUp };
        }),
      );
      return { ready: projections.every((p) => p.caughtUp), database: 'reachable', projections };
    } catch (error) {
      return { ready: false, database: 'unreachable', error: (error as Error).message };
    }
  };
}
