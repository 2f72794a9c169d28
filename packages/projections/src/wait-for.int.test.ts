import { type Checkpoint, Waker } from '@support-engine/eventstore';
import { createPool } from '@support-engine/eventstore-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureCheckpoint } from './checkpoints.js';
import { catchUp } from './projector.js';
import type { ReadModelTables } from './schema.js';
import { createHarness, type Harness, T0, ticketLife } from './testing/harness.fixture.js';
import { createRecordingTable, recordingProjection } from './testing/recording-projection.fixture.js';
import { waitForProjection } from './wait-for.js';

// Many waits for one read model (each live chat update waits for the chats read model) woken by
// every batch any projector commits: they must not each read the checkpoint at each wake.

let h: Harness;
let counted: Kysely<ReadModelTables>;
let reads = 0;

beforeAll(async () => {
  h = await createHarness();
  await createRecordingTable(h.db);
  await ticketLife(h.desk, { id: 'w-1', customerId: 'c', agentId: 'a', subject: 'Waited for', openedAt: T0 });
  counted = new Kysely<ReadModelTables>({
    dialect: new PostgresDialect({ pool: createPool({ connectionString: h.connectionString, max: 10 }) }),
    log: (event) => {
      if (event.level === 'query' && event.query.sql.includes('"projection_checkpoints"')) reads++;
    },
  });
});
afterAll(async () => {
  await counted?.destroy();
  await h?.close();
});

async function headCheckpoint(): Promise<Checkpoint> {
  const { rows } = await sql<{ transaction_id: string; global_position: string }>`
    select transaction_id::text, global_position::text from events
    order by transaction_id desc, global_position desc limit 1`.execute(h.db);
  return { transactionId: BigInt(rows[0]!.transaction_id), globalPosition: BigInt(rows[0]!.global_position) };
}

describe('waits for a read model', () => {
  it('woken together, share one checkpoint read per wake, and all end when it is reached', async () => {
    const progress = new Waker();
    await ensureCheckpoint(h.db, 'shared');
    const target = await headCheckpoint();
    // Only the notifications wake them: their next poll is past the test's end.
    const waits = Array.from({ length: 50 }, () =>
      waitForProjection(counted, 'shared', target, { initialIntervalMs: 600_000, timeoutMs: 600_000, progress }),
    );
    await vi.waitFor(() => expect(reads).toBeGreaterThan(0));
    // Batches of other projections committed: every wait wakes, none has its target yet.
    for (let wake = 0; wake < 3; wake++) {
      const before = reads;
      progress.notify();
      await vi.waitFor(() => expect(reads).toBeGreaterThan(before));
    }
    await catchUp({ store: h.store, db: h.db, projection: recordingProjection('shared') });
    progress.notify();
    const reached = await Promise.all(waits);
    expect(new Set(reached.map((checkpoint) => checkpoint.globalPosition))).toEqual(new Set([target.globalPosition]));
    // About one read to start and one per wake (a wait whose read ended after a wake reads
    // again), not one per wait at each (some 250 for these 50).
    expect(reads).toBeLessThanOrEqual(10);
  });
});
