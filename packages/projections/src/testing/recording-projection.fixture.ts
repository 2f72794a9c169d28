/** Test helper (not a test file): a projection that records every event it applies, duplicates included. */
import { TICKET_EVENT_TYPES } from '@support-engine/domain/ticket';
import { type Kysely, sql } from 'kysely';
import type { Projection } from '../projection.js';

/** Creates the table the recording projection appends to (no unique key: a double apply shows as a duplicate row). */
export async function createRecordingTable<DB>(db: Kysely<DB>): Promise<void> {
  await sql`create table if not exists applied_events (projection text not null, global_position bigint not null)`.execute(
    db,
  );
}

/** A projection of every ticket event that appends the event's position to `applied_events`. */
export function recordingProjection(name: string, onApply?: () => Promise<void>): Projection {
  return {
    name,
    eventTypes: new Set(TICKET_EVENT_TYPES),
    tables: [],
    async apply(trx, event) {
      await onApply?.();
      await sql`insert into applied_events values (${name}, ${event.log.checkpoint.globalPosition.toString()})`.execute(
        trx,
      );
    },
  };
}

/** How many events the projection applied, and how many distinct ones. */
export async function appliedCounts<DB>(db: Kysely<DB>, name: string): Promise<{ total: number; distinct: number }> {
  const { rows } = await sql<{ total: string; distinct: string }>`
    select count(*) as total, count(distinct global_position) as distinct
    from applied_events where projection = ${name}`.execute(db);
  return { total: Number(rows[0]!.total), distinct: Number(rows[0]!.distinct) };
}
