import type { Checkpoint } from '@support-engine/eventstore';
import { createProjections, readCheckpoint } from '@support-engine/projections';
import type { Databases } from './databases.js';

/** Where one projection stands: its checkpoint, and how many events of the log come after it. */
export interface ProjectionPosition {
  readonly projection: string;
  readonly checkpoint: Checkpoint;
  /** Counted up to the limit asked for. */
  readonly behind: number;
}

/**
 * Where every projection stands, its lag counted on the log's position index (the store's
 * `countAfter`: gap-safe, no event read) up to `limit`: what readiness and the lag metrics read.
 */
export function projectionPositions(databases: Databases, limit: number): () => Promise<ProjectionPosition[]> {
  const names = createProjections().map((projection) => projection.name);
  return () =>
    Promise.all(
      names.map(async (projection) => {
        const checkpoint = await readCheckpoint(databases.db, projection);
        return { projection, checkpoint, behind: await databases.store.countAfter(checkpoint, limit) };
      }),
    );
}

/**
 * How long, in seconds, the oldest event after `checkpoint` has been in the log at `now` (0 when
 * none is): what readiness and the lag metrics show of a tailer left behind. Reads one event.
 */
export async function oldestWaitSeconds(databases: Databases, checkpoint: Checkpoint, now: Date): Promise<number> {
  const [oldest] = await databases.store.readAll(checkpoint, { limit: 1 });
  return oldest === undefined ? 0 : Math.max(0, (now.getTime() - oldest.recordedAt.getTime()) / 1000);
}
