import type { Databases } from './databases.js';
import { projectionPositions } from './projection-lag.js';

/** One projection's distance from the head of the log. */
export interface ProjectionLag {
  readonly projection: string;
  /** Events the projection has not applied yet, counted up to `maxLagEvents + 1`. */
  readonly behind: number;
  readonly caughtUp: boolean;
}

/** What `/readyz` answers. */
export type Readiness =
  | { readonly ready: boolean; readonly database: 'reachable'; readonly projections: readonly ProjectionLag[] }
  | { readonly ready: false; readonly database: 'unreachable'; readonly error: string };

/**
 * Ready when the database answers and every projection is at most `maxLagEvents` behind the log,
 * so a fresh replica does not serve read models that are still replaying. Lags are counted from
 * each checkpoint on the log's position index (the store's `countAfter`: gap-safe, no event read),
 * bounded at `maxLagEvents + 1`.
 */
export function createReadinessCheck(databases: Databases, maxLagEvents: number): () => Promise<Readiness> {
  const positions = projectionPositions(databases, maxLagEvents + 1);
  return async () => {
    try {
      const projections = (await positions()).map(
        ({ projection, behind }): ProjectionLag => ({ projection, behind, caughtUp: behind <= maxLagEvents }),
      );
      return { ready: projections.every((p) => p.caughtUp), database: 'reachable', projections };
    } catch (error) {
      return { ready: false, database: 'unreachable', error: (error as Error).message };
    }
  };
}
