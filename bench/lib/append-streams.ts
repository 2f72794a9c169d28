import type pg from 'pg';

/** An event as a bench writes it into the log. */
export interface BenchEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
}

/**
 * Appends each stream's events, all streams in one statement through the store's
 * `append_events` (no expected version), so streams interleave as concurrent work would. Each
 * statement holds a stream once: `append_events` sees its version as the previous statement left
 * it. Answers how many events it wrote.
 */
export async function appendStreams(
  pool: pg.Pool,
  streams: ReadonlyMap<string, readonly BenchEvent[]>,
): Promise<number> {
  const ids = [...streams.keys()];
  const batches = ids.map((id) =>
    JSON.stringify(
      streams.get(id)!.map((e) => ({ type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata: {} })),
    ),
  );
  await pool.query(
    `select count(*) from unnest($1::text[], $2::jsonb[]) as u(stream_id, events),
       lateral append_events(u.stream_id, 'any', null, u.events, null, null, null)`,
    [ids, batches],
  );
  return ids.reduce((sum, id) => sum + streams.get(id)!.length, 0);
}
