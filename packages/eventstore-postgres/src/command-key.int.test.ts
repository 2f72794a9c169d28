import { commandDigest, IdempotencyKeyReusedError } from '@support-engine/eventstore';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCommand } from './conversion.fixture.js';
import { CONVERSION_0006 } from './convert-rows.js';
import { eventStoreMigrator, migrateEventStore } from './migrations.js';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store.js';

/** One command per id; `type` names the command, so another type under the same id is a reuse. */
const command = (store: PostgresEventStore, streamId: string, id: string, types: string[], type = 'Do') =>
  appendCommand(store, streamId, id, types, { commandType: type });

async function indexes(store: PostgresEventStore): Promise<string[]> {
  const { rows } = await sql<{ indexname: string }>`
    select indexname from pg_indexes where tablename = 'events' and indexname like 'events_command%'`.execute(store.db);
  return rows.map((r) => r.indexname);
}

async function eventCount(store: PostgresEventStore): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from events`.execute(store.db);
  return rows[0]!.n;
}

describe('migration 0007: the command id indexed by its 16-byte key', () => {
  let store: PostgresEventStore;
  const before: Awaited<ReturnType<typeof command>>[] = [];

  beforeAll(async () => {
    store = createPostgresEventStore({ connectionString: await createTestDatabase('eventstore') });
    // A log written by the schema of 0006, then migrated.
    await eventStoreMigrator(store.db).migrateTo(CONVERSION_0006);
    before.push(await command(store, 'single', 'c1', ['ticked']));
    before.push(await command(store, 'multi', 'c2', ['opened', 'noted', 'closed']));
    before.push(await command(store, 'single', 'é-ünïcode ✓', ['ticked']));
    expect(await indexes(store)).toEqual(['events_command_id']);
    await migrateEventStore(store.db);
  });

  afterAll(async () => {
    await store.close();
  });

  it('keeps one unique index on the key, none on the id', async () => {
    expect(await indexes(store)).toEqual(['events_command_key']);
  });

  it('answers commands appended before it as repeats, with their original results', async () => {
    const again = [
      await command(store, 'single', 'c1', ['ticked']),
      await command(store, 'multi', 'c2', ['opened', 'noted', 'closed']),
      await command(store, 'single', 'é-ünïcode ✓', ['ticked']),
    ];
    expect(again).toEqual(before.map((result) => ({ ...result, duplicate: true })));
  });

  it('still refuses their ids reused for another command or stream, and writes nothing', async () => {
    const count = await eventCount(store);
    await expect(command(store, 'single', 'c1', ['ticked'], 'Other')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(command(store, 'elsewhere', 'c2', ['ticked'])).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await eventCount(store)).toBe(count);
  });

  it('answers a command appended after it as a repeat', async () => {
    const first = await command(store, 'single', 'c4', ['ticked']);
    expect(await command(store, 'single', 'c4', ['ticked'])).toEqual({ ...first, duplicate: true });
  });
});

describe('two command ids with the same key', () => {
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = createPostgresEventStore({ connectionString: await createTestDatabase('eventstore') });
    await migrateEventStore(store.db);
    // A collision on demand: on this empty log, a key that ignores letter case (ids differing
    // only in case then share it), where SHA-256's prefix would need some 2^64 tries to collide.
    await sql`create or replace function command_key(p_command_id text)
      returns uuid language sql immutable strict parallel safe as $$ select md5(lower(p_command_id))::uuid $$`.execute(
      store.db,
    );
  });

  afterAll(async () => {
    await store.close();
  });

  it('refuses the second as a reused id, never answering it as the first, and writes nothing', async () => {
    // The same stream and digest, so only the ids tell the two commands apart.
    const digest = commandDigest({ type: 'Do' });
    const append = (commandId: string) =>
      store.append('tickets-1', [{ type: 'ticked', data: {} }], {
        expectedVersion: 'any',
        commandId,
        commandDigest: digest,
      });
    await append('Same');
    const count = await eventCount(store);
    await expect(append('same')).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await eventCount(store)).toBe(count);
  });
});
