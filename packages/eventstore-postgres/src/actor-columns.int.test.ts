import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSealer, type RecordedEvent, type StoreVerification } from '@support-engine/eventstore';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendCommand,
  convertFirstBatchOnly,
  expectRefusedWhileConverting,
  readStreams,
} from './conversion.fixture.js';
import { CONVERSION_0008, convertEventRows } from './convert-rows.js';
import { eventStoreMigrator, migrateEventStore } from './migrations.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';
import { tamperWithEvents } from './testing.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const ada = { actorId: 'agent-ada', actorRole: 'agent' };

/** Rows with the actor in its columns, rows with it still in the metadata, and rows whose metadata is NULL. */
async function storage(store: PostgresEventStore) {
  const { rows } = await sql<{ columns: string; in_metadata: string; null_metadata: string }>`
    select count(*) filter (where actor_id is not null) as columns,
      count(*) filter (where metadata ? 'actorId') as in_metadata,
      count(*) filter (where metadata is null) as null_metadata
    from events`.execute(store.db);
  return rows[0];
}

function findings(verification: StoreVerification) {
  return verification.ok ? [] : verification.breaks;
}

describe('migration 0008: the actor stored in columns', () => {
  let store: PostgresEventStore;
  const streams = ['single', 'multi', 'extra', 'odd', 'plain', 'edited'];
  let before: RecordedEvent[];
  let verdict: StoreVerification;

  beforeAll(async () => {
    const connectionString = await createTestDatabase('eventstore');
    const file = join(await mkdtemp(join(tmpdir(), 'actors-')), 'seals.jsonl');
    store = createPostgresEventStore({ connectionString, seals: { file, publicKey } });
    // A log written by the schema of 0007 (its conversions done), then sealed.
    await eventStoreMigrator(store.db).migrateTo('0007_command_key_index');
    await convertEventRows(store.db);
    for (const id of ['c1', 'c2']) await appendCommand(store, 'single', id, ['ticked'], { metadata: ada });
    await appendCommand(store, 'multi', 'c3', ['opened', 'noted', 'closed'], { metadata: ada });
    // More metadata beside the actor: only the actor moves.
    await appendCommand(store, 'extra', 'c4', ['ticked'], { metadata: { ...ada, correlationId: 'corr-1' } });
    // An actor id without a role stays in the metadata as appended.
    await appendCommand(store, 'odd', 'c5', ['ticked'], { metadata: { actorId: 'legacy' } });
    await store.append('plain', [{ type: 'noted', data: { n: 1 } }], { expectedVersion: 'no_stream' });
    await store.append('edited', [{ type: 'noted', data: { n: 1 }, metadata: ada }], { expectedVersion: 'no_stream' });
    // The schema of 0008, without converting the rows; sealed then.
    await eventStoreMigrator(store.db).migrateToLatest();
    await createSealer({ store, file, privateKey }).sealOnce();
    // Tampered with after the seal: the actor of one event changed in its metadata.
    await tamperWithEvents(
      store,
      sql`update events set metadata = jsonb_set(metadata, '{actorId}', '"agent-eve"') where stream_id = 'edited'`,
    );
    before = await readStreams(store, streams);
    verdict = await store.verifyAllStreams();
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds the tampering before the conversion', () => {
    expect(findings(verdict).map((b) => [b.streamId, b.firstBadVersion, b.problem])).toEqual([
      ['edited', 1, 'altered'],
    ]);
    expect(before.find((e) => e.streamId === 'extra')?.metadata).toMatchObject({ ...ada, correlationId: 'corr-1' });
  });

  it('reads and verifies the old rows as before until the conversion, which is resumable', async () => {
    expect(await storage(store)).toEqual({ columns: '0', in_metadata: '8', null_metadata: '0' });
    expect(await readStreams(store, streams)).toEqual(before);

    await convertFirstBatchOnly(store);
    expect(await storage(store)).toEqual({ columns: '2', in_metadata: '6', null_metadata: '2' });
    expect(await readStreams(store, streams)).toEqual(before);
    expect(await store.verifyAllStreams()).toEqual(verdict);

    // Resumed with commands appended meanwhile: their actor is in the columns from the start.
    const batches: { conversion: string; converted: number }[] = [];
    const [converted] = await Promise.all([
      convertEventRows(store.db, {
        batchSize: 4,
        onBatch: ({ conversion, converted }) => void batches.push({ conversion, converted }),
      }),
      (async () => {
        for (const id of ['b1', 'b2']) await appendCommand(store, 'busy', id, ['ticked'], { metadata: ada });
      })(),
    ]);
    // 'odd' (no role) keeps its actor id in the metadata.
    expect(converted).toBe(5);
    expect(batches.filter((b) => b.conversion === CONVERSION_0008)).toEqual([
      { conversion: CONVERSION_0008, converted: 4 },
      { conversion: CONVERSION_0008, converted: 1 },
    ]);
    expect(await convertEventRows(store.db)).toBe(0);
    await migrateEventStore(store.db);
    // Nothing left in the metadata (NULL) but for 'extra' (a correlation id), the first events of
    // 'multi' (the command's keys, stored in columns on its last event only) and 'odd'.
    expect(await storage(store)).toEqual({ columns: '9', in_metadata: '1', null_metadata: '6' });
  });

  it('reads the same metadata and finds exactly what it found before, against chain and seals', async () => {
    expect(await readStreams(store, streams)).toEqual(before);
    const after = await store.verifyAllStreams();
    expect(findings(after)).toEqual(findings(verdict));
    expect(after.unsealedEvents).toBe(verdict.unsealedEvents + 2);
    for (const stream of ['single', 'multi', 'extra', 'odd', 'plain', 'busy'])
      expect(await store.verifyStream(stream)).toMatchObject({ ok: true });
    const [busy] = await store.readStream('busy');
    expect(busy?.metadata).toMatchObject(ada);
  });

  it('chains new appends to converted heads and answers repeated commands as before', async () => {
    await appendCommand(store, 'single', 'c6', ['ticked'], { metadata: ada });
    expect(await store.verifyStream('single')).toMatchObject({ ok: true, unsealedEvents: 1 });
    const single = before.filter((e) => e.streamId === 'single');
    expect(await appendCommand(store, 'single', 'c2', ['ticked'], { metadata: ada })).toEqual({
      streamVersion: 2,
      checkpoint: single[1]!.checkpoint,
      duplicate: true,
    });
  });

  it('lets the conversion setting pass no update that changes the actor a reader sees', async () => {
    await expectRefusedWhileConverting(store, [
      sql`update events set actor_id = 'agent-eve' where stream_id = 'single' and stream_version = 1`,
      sql`update events set actor_id = null where stream_id = 'single' and stream_version = 1`,
      sql`update events set actor_role = 'admin' where stream_id = 'multi' and stream_version = 2`,
    ]);
    expect(await store.verifyStream('single')).toMatchObject({ ok: true });
    expect(await store.verifyStream('multi')).toMatchObject({ ok: true });
  });
});
