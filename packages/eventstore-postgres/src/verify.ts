import type { ChainBreak } from '@support-engine/eventstore';
import { type Kysely, sql } from 'kysely';
import type { EventStoreTables } from './schema.js';

interface BreakRow {
  stream_id: string;
  stream_version: number;
  global_position: string;
  prev_hash: string | null;
  hash: string;
  expected_prev: string | null;
  recomputed: string;
}

const NONE = '(none)';

/**
 * Recomputes the hash chain in SQL, with the same `event_hash` function `append_events` used, over
 * each event as appended (`event_metadata` re-assembles metadata stored in part in columns),
 * and returns the first broken link of each stream (of one stream when `streamId` is given).
 * A link is broken when a row's `prev_hash` is not its predecessor's `hash` (a row removed or
 * rewritten before it) or its `hash` is not the digest of its own content (a row edited).
 * Unkeyed: someone who rewrites the hashes forward passes it; the seals catch that.
 */
export async function findChainBreaks(db: Kysely<EventStoreTables>, streamId?: string): Promise<ChainBreak[]> {
  const onlyStream = streamId === undefined ? sql`` : sql`where stream_id = ${streamId}`;
  const { rows } = await sql<BreakRow>`
    select distinct on (stream_id) stream_id, stream_version, global_position, prev_hash, hash, expected_prev, recomputed
    from (
      select stream_id, stream_version, global_position, prev_hash, hash,
        lag(hash) over (partition by stream_id order by stream_version) as expected_prev,
        event_hash(prev_hash, stream_id, stream_version, type, schema_version, data,
          event_metadata(metadata, command_in_metadata, command_id, command_sha256), recorded_at) as recomputed
      from events ${onlyStream}
    ) chain
    where prev_hash is distinct from expected_prev or hash <> recomputed
    order by stream_id, stream_version`.execute(db);
  return rows.map((row) => {
    const linkBroken = row.prev_hash !== row.expected_prev;
    return {
      streamId: row.stream_id,
      firstBadVersion: row.stream_version,
      globalPosition: BigInt(row.global_position),
      problem: linkBroken ? 'broken_link' : 'altered',
      detail: linkBroken
        ? 'does not link to the event before it: that one was removed or rewritten'
        : 'its content does not give its stored hash: it was edited',
      expected: (linkBroken ? row.expected_prev : row.recomputed) ?? NONE,
      actual: (linkBroken ? row.prev_hash : row.hash) ?? NONE,
    };
  });
}
