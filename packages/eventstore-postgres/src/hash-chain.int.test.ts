import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedStore } from './fixture.fixture.js';
import type { PostgresEventStore } from './postgres-event-store.js';
import { rehashEvent, tamperWithEvents } from './testing.js';

describe('PostgreSQL hash chain and append-only history', () => {
  let store: PostgresEventStore;

  beforeAll(async () => {
    ({ store } = await createMigratedStore());
  });
  afterAll(async () => {
    await store.close();
  });

  async function appendThree(streamId: string) {
    await store.append(
      streamId,
      [
        { type: 'opened', data: { title: 'Ünïcode ✓', nested: { b: 2, a: [1, 'x', null] } } },
        { type: 'noted', data: { text: 'second' }, metadata: { actorId: 'u1', reason: 'why' } },
      ],
      { expectedVersion: 'no_stream' },
    );
    await store.append(streamId, [{ type: 'closed', data: { n: 1.25 } }], { expectedVersion: 2 });
  }

  it('chains each event to the previous one and verifies untouched streams', async () => {
    await appendThree('chain-ok');
    const events = await store.readStream('chain-ok');
    // Each hash is the digest of the one before (in hex) and the event as appended; stored as bytes.
    const { rows } = await sql<{ stored: Buffer; recomputed: string }>`
      select hash_sha256 as stored, event_hash(lag(encode(hash_sha256, 'hex')) over (order by stream_version),
          stream_id, stream_version, type, schema_version, data, metadata, recorded_at) as recomputed
      from events where stream_id = 'chain-ok' order by stream_version`.execute(store.db);

    expect(rows.map((r) => r.stored.toString('hex'))).toEqual(events.map((e) => e.hash));
    expect(rows.map((r) => r.recomputed)).toEqual(events.map((e) => e.hash));
    expect(await store.verifyStream('chain-ok')).toMatchObject({ ok: true });
    expect(await store.verifyAllStreams()).toMatchObject({ ok: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on events', async () => {
    await appendThree('chain-guarded');
    for (const statement of [
      sql`update events set data = '{}' where stream_id = 'chain-guarded'`,
      sql`delete from events where stream_id = 'chain-guarded'`,
      sql`truncate events`,
    ]) {
      await expect(statement.execute(store.db)).rejects.toThrow(/append-only/);
    }
    expect(await store.readStream('chain-guarded')).toHaveLength(3);
  });

  it('reports the version whose data was edited behind the trigger', async () => {
    await appendThree('chain-edited');
    const [, second] = await store.readStream('chain-edited');
    await tamperWithEvents(
      store,
      sql`update events set data = '{"text":"forged"}' where stream_id = 'chain-edited' and stream_version = 2`,
    );

    const result = await store.verifyStream('chain-edited');
    expect(result).toMatchObject({ ok: false, streamId: 'chain-edited', firstBadVersion: 2, actual: second!.hash });
    expect(result.ok === false && result.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(result.ok === false && result.expected).not.toBe(second!.hash);

    const all = await store.verifyAllStreams();
    expect(all.ok === false && all.breaks.map((b) => [b.streamId, b.firstBadVersion])).toEqual([['chain-edited', 2]]);
  });

  it('reports the next link when an edited row had its hash recomputed too', async () => {
    await appendThree('chain-rehashed');
    await tamperWithEvents(
      store,
      sql`update events set data = '{"text":"forged"}' where stream_id = 'chain-rehashed' and stream_version = 2`,
      rehashEvent('chain-rehashed', 2),
    );

    // Its predecessor's hash no longer gives its own: the chain cannot tell that from an edit of it.
    expect(await store.verifyStream('chain-rehashed')).toMatchObject({
      ok: false,
      firstBadVersion: 3,
      problem: 'altered',
    });
  });

  it('reports a deleted event as a broken link', async () => {
    await appendThree('chain-deleted');
    await tamperWithEvents(store, sql`delete from events where stream_id = 'chain-deleted' and stream_version = 2`);
    expect(await store.verifyStream('chain-deleted')).toMatchObject({
      ok: false,
      firstBadVersion: 3,
      problem: 'broken_link',
    });
  });

  it('says STREAM_NOT_FOUND when verifying a stream without events', async () => {
    await expect(store.verifyStream('chain-missing')).rejects.toMatchObject({ code: 'STREAM_NOT_FOUND' });
  });
});
