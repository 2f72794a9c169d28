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
import { CONVERSION_0005, CONVERSION_0006, convertEventRows } from './convert-rows.js';
import { eventStoreMigrator, migrateEventStore } from './migrations.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';
import { tamperWithEvents } from './testing.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** How the hashes are stored: as hex text, as bytes; and whether `prev_hash` is still a column. */
async function storage(store: PostgresEventStore) {
  const { rows } = await sql<{ text: string; bytes: string; prev_hash: boolean }>`
    select count(*) filter (where hash is not null) as text, count(*) filter (where hash_sha256 is not null) as bytes,
      exists (select from information_schema.columns where table_name = 'events' and column_name = 'prev_hash') as prev_hash
    from events`.execute(store.db);
  return rows[0];
}

/** What verification finds, without the coverage counts (appends while converting are not sealed). */
function findings(verification: StoreVerification) {
  return verification.ok ? [] : verification.breaks;
}

describe('migration 0006: hashes stored as bytes, no prev_hash', () => {
  let store: PostgresEventStore;
  const streams = ['single', 'multi', 'plain', 'edited', 'garbled'];
  let before: RecordedEvent[];
  let verdict: StoreVerification;

  beforeAll(async () => {
    const connectionString = await createTestDatabase('eventstore');
    const file = join(await mkdtemp(join(tmpdir(), 'hashes-')), 'seals.jsonl');
    store = createPostgresEventStore({ connectionString, seals: { file, publicKey } });
    // A log written by the schema of 0005 (its own conversion done), then sealed.
    await eventStoreMigrator(store.db).migrateTo(CONVERSION_0005);
    for (const id of ['c1', 'c2']) await appendCommand(store, 'single', id, ['ticked']);
    await appendCommand(store, 'multi', 'c3', ['opened', 'noted', 'closed']);
    for (const stream of ['plain', 'edited', 'garbled'])
      await store.append(
        stream,
        [
          { type: 'noted', data: { n: 1 } },
          { type: 'noted', data: { n: 2 } },
        ],
        {
          expectedVersion: 'no_stream',
        },
      );
    await convertEventRows(store.db);
    // The schema of 0006, without converting the rows; sealed then (the seals hold the hashes as hex).
    await eventStoreMigrator(store.db).migrateToLatest();
    await createSealer({ store, file, privateKey }).sealOnce();
    // Tampered with after the seal: one event's data edited, one event's hash no longer hex.
    await tamperWithEvents(
      store,
      sql`update events set data = '{"n": 9}' where stream_id = 'edited' and stream_version = 2`,
      sql`update events set hash = 'not a hash' where stream_id = 'garbled' and stream_version = 1`,
    );
    before = await readStreams(store, streams);
    verdict = await store.verifyAllStreams();
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds the tampering before the conversion', () => {
    expect(findings(verdict).map((b) => [b.streamId, b.firstBadVersion, b.problem])).toEqual([
      ['edited', 2, 'altered'],
      ['garbled', 1, 'altered'],
    ]);
  });

  it('reads and verifies the old rows as before until the conversion, which is resumable', async () => {
    expect(await storage(store)).toEqual({ text: '11', bytes: '0', prev_hash: false });
    expect(await readStreams(store, streams)).toEqual(before);
    expect(await store.verifyAllStreams()).toEqual(verdict);

    // Interrupted after its first batch of two rows.
    await convertFirstBatchOnly(store);
    expect(await storage(store)).toEqual({ text: '9', bytes: '2', prev_hash: false });
    expect(await readStreams(store, streams)).toEqual(before);
    expect(await store.verifyAllStreams()).toEqual(verdict);

    // Resumed with commands appended meanwhile: they are stored as bytes from the start.
    const batches: { conversion: string; converted: number }[] = [];
    const [converted] = await Promise.all([
      convertEventRows(store.db, {
        batchSize: 4,
        onBatch: ({ conversion, converted }) => void batches.push({ conversion, converted }),
      }),
      (async () => {
        for (const id of ['b1', 'b2']) await appendCommand(store, 'busy', id, ['ticked']);
      })(),
    ]);
    // The hash of 'garbled' v1 is not SHA-256 in hex: it stays text, as stored.
    expect(converted).toBe(8);
    // (0008's conversion follows: these events carry no actor, so it converts none.)
    expect(batches.filter((b) => b.conversion === CONVERSION_0006)).toEqual([
      { conversion: CONVERSION_0006, converted: 4 },
      { conversion: CONVERSION_0006, converted: 3 },
      { conversion: CONVERSION_0006, converted: 1 },
    ]);
    expect(await convertEventRows(store.db)).toBe(0);
    await migrateEventStore(store.db);
    expect(await storage(store)).toEqual({ text: '1', bytes: '12', prev_hash: false });
  });

  it('reads the same hashes in hex and finds exactly what it found before, against chain and seals', async () => {
    expect(await readStreams(store, streams)).toEqual(before);
    const after = await store.verifyAllStreams();
    expect(findings(after)).toEqual(findings(verdict));
    // Not yet sealed: only the two commands appended while converting.
    expect(after.unsealedEvents).toBe(verdict.unsealedEvents + 2);
    for (const stream of ['single', 'multi', 'plain', 'busy'])
      expect(await store.verifyStream(stream)).toMatchObject({ ok: true });
  });

  it('chains new appends to converted heads and answers repeated commands as before', async () => {
    await appendCommand(store, 'single', 'c4', ['ticked']);
    expect(await store.verifyStream('single')).toMatchObject({ ok: true, unsealedEvents: 1 });
    const single = before.filter((e) => e.streamId === 'single');
    expect(await appendCommand(store, 'single', 'c2', ['ticked'])).toEqual({
      streamVersion: 2,
      checkpoint: single[1]!.checkpoint,
      duplicate: true,
    });
  });

  it('lets the conversion setting pass no update that changes a hash', async () => {
    const attempts = [
      sql`update events set hash_sha256 = sha256(hash_sha256) where stream_id = 'plain' and stream_version = 1`,
      sql`update events set hash_sha256 = null, hash = 'forged' where stream_id = 'plain' and stream_version = 1`,
      sql`update events set hash_sha256 = null where stream_id = 'plain' and stream_version = 1`,
    ];
    await expectRefusedWhileConverting(store, attempts);
    expect(await store.verifyStream('plain')).toMatchObject({ ok: true });
  });
});
