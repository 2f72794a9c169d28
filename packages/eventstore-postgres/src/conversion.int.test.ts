import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandDigest, createSealer, type EventMetadata, type RecordedEvent } from '@support-engine/eventstore';
import { createTestDatabase } from '@support-engine/servers/testing';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendCommand,
  convertFirstBatchOnly,
  expectRefusedWhileConverting,
  readStreams,
} from './conversion.fixture.js';
import { CONVERSION_0005, convertEventRows } from './convert-rows.js';
import { eventStoreMigrator, migrateEventStore } from './migrations.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const BEFORE = '0004_append_checks_command_digest';
const ACTOR = { actorId: 'u1', actorRole: 'agent' };

/** A command of this log: the actor in its metadata too, and any `metadata` over it. */
const command = (store: PostgresEventStore, streamId: string, id: string, types: string[], metadata = {}) =>
  appendCommand(store, streamId, id, types, { metadata: { ...ACTOR, ...metadata } });

/** How the rows are stored: which still repeat the command in their metadata, which hold the digest as text. */
async function storage(store: PostgresEventStore) {
  const { rows } = await sql<{ repeated: string; hex: string; bytes: string; folded: string }>`
    select count(*) filter (where metadata ? 'commandId') as repeated,
      count(*) filter (where command_digest is not null) as hex,
      count(*) filter (where command_sha256 is not null) as bytes,
      count(*) filter (where command_in_metadata) as folded
    from events`.execute(store.db);
  return rows[0];
}

describe('migration 0005: each fact of an event stored once', () => {
  let store: PostgresEventStore;
  const streams = ['single', 'multi', 'plain', 'text-digest', 'other-key'];
  let before: RecordedEvent[];
  /** Each row's metadata (as text) and command digest, as 0004 stored them. */
  let stored: unknown[];
  const asAppended = async (metadata: RawBuilder<string>, digest: RawBuilder<string | null>) =>
    (
      await sql<{ metadata: string; digest: string | null }>`
        select ${metadata} as metadata, ${digest} as digest from events where stream_id <> 'busy' order by global_position`.execute(
        store.db,
      )
    ).rows;

  beforeAll(async () => {
    const connectionString = await createTestDatabase('eventstore');
    const file = join(await mkdtemp(join(tmpdir(), 'convert-')), 'seals.jsonl');
    store = createPostgresEventStore({ connectionString, seals: { file, publicKey } });
    // A log written by the schema before 0005.
    await eventStoreMigrator(store.db).migrateTo(BEFORE);
    for (const id of ['c1', 'c2', 'c3']) await command(store, 'single', id, ['ticked']);
    await command(store, 'multi', 'c4', ['opened', 'noted', 'closed']);
    await store.append('plain', [{ type: 'noted', data: {}, metadata: { reason: 'why' } }], { expectedVersion: 'any' });
    await store.append(
      'text-digest',
      [{ type: 'noted', data: {}, metadata: { commandId: 'c5', commandDigest: 'digest-5' } }],
      {
        expectedVersion: 'any',
        commandId: 'c5',
        commandDigest: 'digest-5',
      },
    );
    await command(store, 'other-key', 'c6', ['noted'], { commandId: 'someone-else' });
    stored = await asAppended(sql`metadata::text`, sql`command_digest`);
    // The schema, without converting the rows: the code of 0005 on rows of 0004. Sealed then.
    await eventStoreMigrator(store.db).migrateToLatest();
    await createSealer({ store, file, privateKey }).sealOnce();
    before = await readStreams(store, streams);
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps the old rows as they were until the conversion, which is resumable', async () => {
    expect(await storage(store)).toEqual({ repeated: '8', hex: '6', bytes: '0', folded: '0' });
    expect(await store.verifyAllStreams()).toMatchObject({ ok: true, unsealedEvents: 0 });

    // Interrupted after its first batch of two rows (positions 1 and 2: c1 and c2).
    await convertFirstBatchOnly(store);
    expect(await storage(store)).toEqual({ repeated: '6', hex: '4', bytes: '2', folded: '2' });
    expect(await readStreams(store, streams)).toEqual(before);
    expect(await store.verifyAllStreams()).toMatchObject({ ok: true, unsealedEvents: 0 });

    // Run again (as the next start's migrateEventStore does), with commands appended meanwhile: it
    // goes on from there up to the log's end at the migration, then finds nothing left.
    // (0006's conversion of the hashes follows; hash-conversion.int.test.ts covers it.)
    const batches: number[] = [];
    await Promise.all([
      convertEventRows(store.db, {
        batchSize: 2,
        onBatch: (b) => void (b.conversion === CONVERSION_0005 && batches.push(b.converted)),
      }),
      (async () => {
        for (const id of ['b1', 'b2', 'b3']) await command(store, 'busy', id, ['ticked']);
      })(),
    ]);
    expect(batches).toEqual([1, 1, 0, 1]);
    expect((await store.readStream('busy')).map((e) => e.metadata.commandId)).toEqual(['b1', 'b2', 'b3']);
    expect(await convertEventRows(store.db)).toBe(0);
    await migrateEventStore(store.db);
    // What the hash covers, re-assembled text for text.
    expect(
      await asAppended(
        sql`event_metadata(metadata, command_in_metadata, command_id, command_sha256, actor_id, actor_role)::text`,
        sql`event_command_digest(command_sha256, command_digest)`,
      ),
    ).toEqual(stored);
  });

  it('stores the command once: the digest as bytes, the metadata without the keys the columns hold', async () => {
    // Left in the metadata: the first two events of the three-event command (only its last holds
    // the command columns) and the one whose metadata names another command id.
    // And the three commands appended while converting, stored so from the start.
    expect(await storage(store)).toEqual({ repeated: '4', hex: '1', bytes: '8', folded: '7' });
    // Since 0008 the actor is in its columns too, and nothing is left in the metadata.
    const { rows } = await sql<{ metadata: EventMetadata | null; sha256: Buffer | null; actor: string | null }>`
      select metadata, command_sha256 as sha256, actor_id as actor
      from events where stream_id = 'single' and stream_version = 1`.execute(store.db);
    expect(rows[0]).toEqual({
      metadata: null,
      sha256: Buffer.from(commandDigest({ type: 'Do', id: 'c1' }), 'hex'),
      actor: 'u1',
    });
  });

  it('reads, verifies against the hash chain and the seals, and answers repeated commands as before', async () => {
    expect(await readStreams(store, streams)).toEqual(before);
    // Not yet sealed: only the three commands appended while converting.
    expect(await store.verifyAllStreams()).toMatchObject({ ok: true, unsealedEvents: 3 });
    for (const stream of streams) expect(await store.verifyStream(stream)).toMatchObject({ ok: true });

    const single = before.filter((e) => e.streamId === 'single');
    expect(await command(store, 'single', 'c2', ['ticked'])).toEqual({
      streamVersion: 2,
      checkpoint: single[1]!.checkpoint,
      duplicate: true,
    });
    const digest = commandDigest({ type: 'Do', id: 'c2' });
    const reuse = (streamId: string, commandDigest: string, commandId = 'c2') =>
      store.append(streamId, [{ type: 'x', data: {} }], { expectedVersion: 'any', commandId, commandDigest });
    await expect(reuse('single', commandDigest({ type: 'Other' }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    await expect(reuse('multi', digest)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await reuse('text-digest', 'digest-5', 'c5')).toMatchObject({ streamVersion: 1, duplicate: true });
    await expect(reuse('text-digest', 'digest-6', 'c5')).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await readStreams(store, streams)).toEqual(before);
  });

  it('appends new commands in the new form, read back as appended', async () => {
    await command(store, 'single', 'c7', ['ticked']);
    const [event] = await store.readStream('single', { fromVersion: 4 });
    expect(event!.metadata).toEqual({
      actorId: 'u1',
      actorRole: 'agent',
      commandId: 'c7',
      commandDigest: commandDigest({ type: 'Do', id: 'c7' }),
    });
    const { rows } = await sql<{ metadata: EventMetadata | null; actor: string | null; role: string | null }>`
      select metadata, actor_id as actor, actor_role as role
      from events where stream_id = 'single' and stream_version = 4`.execute(store.db);
    expect(rows[0]).toEqual({ metadata: null, actor: 'u1', role: 'agent' });
    expect(await store.verifyStream('single')).toMatchObject({ ok: true, unsealedEvents: 1 });
  });

  it('lets the conversion setting pass no update that changes what a reader sees or the hash covers', async () => {
    const attempts = [
      // Equal as jsonb, but another text: another hash.
      sql`update events set data = '{"n": 1.50, "text": "Ünïcode ✓"}' where stream_id = 'single' and stream_version = 1`,
      sql`update events set actor_id = null, actor_role = null where stream_id = 'single' and stream_version = 1`,
      sql`update events set command_in_metadata = null where stream_id = 'single' and stream_version = 1`,
      sql`update events set command_sha256 = null, command_digest = 'forged' where stream_id = 'single' and stream_version = 1`,
      sql`delete from events where stream_id = 'plain'`,
    ];
    await expectRefusedWhileConverting(store, attempts);
    expect(await store.readStream('single', { toVersion: 3 })).toEqual(before.filter((e) => e.streamId === 'single'));
    expect(await store.verifyAllStreams()).toMatchObject({ ok: true });
  });
});
