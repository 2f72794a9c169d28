import { createHash, randomUUID } from 'node:crypto';
import type { AppendResult, ExpectedVersion, NewEvent } from '@support-engine/eventstore';
import { ConcurrencyError } from '@support-engine/eventstore';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedStore } from './fixture.fixture.js';
import type { PostgresEventStore } from './postgres-event-store.js';

/**
 * `append_events` since migration 0003: no head row, the unique (stream_id, stream_version)
 * index as the optimistic lock, the command id on the command's last event.
 */
describe('PostgreSQL append_events without a head row', () => {
  let store: PostgresEventStore;
  let connectionString: string;
  const run = randomUUID().slice(0, 8);
  let streams = 0;
  const newStream = () => `append-${run}-${++streams}`;
  const event = (type: string): NewEvent => ({ type, data: {} });

  beforeAll(async () => {
    ({ store, connectionString } = await createMigratedStore({ maxConnections: 12 }));
  });
  afterAll(async () => {
    await store.close();
  });

  const race = <T>(count: number, attempt: (i: number) => Promise<T>) =>
    Promise.allSettled(Array.from({ length: count }, (_, i) => attempt(i)));

  async function versionsOf(stream: string): Promise<number[]> {
    return (await store.readStream(stream)).map((e) => e.streamVersion);
  }

  it('hashes exactly as before 0003 (event_hash is only re-declared STABLE, so it can be inlined)', async () => {
    const recordedAt = new Date('2025-03-01T09:00:00.123Z');
    const { rows } = await sql<{ hash: string; volatility: string }>`
      select event_hash('prev', 's-1', 3, 'noted', 2, ${'{"b": [1, "x"], "a": 1.5}'}::jsonb,
        ${'{"actorId": "u1"}'}::jsonb, ${recordedAt}) as hash,
        (select provolatile from pg_proc where proname = 'event_hash') as volatility`.execute(store.db);
    // jsonb's canonical text of the link's fields, the instant as epoch microseconds.
    const canonical = `["prev", "s-1", 3, "noted", 2, {"a": 1.5, "b": [1, "x"]}, {"actorId": "u1"}, ${recordedAt.getTime() * 1000}]`;
    expect(rows[0]).toEqual({ hash: createHash('sha256').update(canonical).digest('hex'), volatility: 's' });
  });

  for (const expectedVersion of ['any', 'stream_exists'] as const) {
    it(`retries ${expectedVersion} appends that lose the race for the next version, keeping the chain`, async () => {
      const stream = newStream();
      await store.append(stream, [event('first')], { expectedVersion: 'no_stream' });
      const attempts = await race(10, (i) =>
        store.append(stream, [event(`r${i}a`), event(`r${i}b`)], { expectedVersion }),
      );

      expect(attempts.every((a) => a.status === 'fulfilled')).toBe(true);
      const versions = attempts.map((a) => (a as PromiseFulfilledResult<AppendResult>).value.streamVersion);
      expect([...versions].sort((a, b) => a - b)).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21]);
      const events = await store.readStream(stream);
      expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
      // Each append's two events are adjacent: nothing interleaved inside an append.
      for (let i = 1; i < events.length; i += 2) {
        expect(events[i]!.type.slice(0, -1)).toBe(events[i + 1]!.type.slice(0, -1));
      }
      expect(await store.verifyStream(stream)).toMatchObject({ ok: true });
    });
  }

  it('lets one of several racing first appends (no_stream or 0) win and refuses the others with the actual version', async () => {
    for (const expectedVersion of ['no_stream', 0] as ExpectedVersion[]) {
      const stream = newStream();
      const attempts = await race(8, (i) => store.append(stream, [event(`first${i}`)], { expectedVersion }));
      const lost = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const failure of lost) {
        expect(failure.reason).toBeInstanceOf(ConcurrencyError);
        expect(failure.reason).toMatchObject({ expectedVersion, actualVersion: 1 });
      }
      expect(await versionsOf(stream)).toEqual([1]);
      expect(await store.verifyStream(stream)).toMatchObject({ ok: true });
    }
  });

  it('makes attempts of a command in flight wait for it, then return its result whatever their version (refused on another stream)', async () => {
    const stream = newStream();
    await store.append(stream, [event('a'), event('b')], { expectedVersion: 'no_stream' });
    const commandId = `cmd-${randomUUID()}`;
    // The first attempt, held open on its own connection.
    const first = new pg.Client({ connectionString });
    await first.connect();
    try {
      await first.query('begin');
      const { rows } = await first.query<{ result_version: number; result_position: string }>(
        'select * from append_events($1, $2, $3, $4::jsonb, $5, null, null)',
        [
          stream,
          'exact',
          2,
          JSON.stringify([1, 2].map((n) => ({ type: `c${n}`, schemaVersion: 1, data: {}, metadata: {} }))),
          commandId,
        ],
      );
      expect(rows[0]?.result_version).toBe(4);

      const versions: ExpectedVersion[] = [2, 'any', 'no_stream', 0, 7, 'stream_exists'];
      const retries = Promise.allSettled(
        versions.map((expectedVersion) =>
          store.append(stream, [event('x'), event('y')], { expectedVersion, commandId }),
        ),
      );
      const elsewhere = newStream();
      const reused = Promise.allSettled([store.append(elsewhere, [event('x')], { expectedVersion: 'any', commandId })]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.query('commit');

      const [refused] = await reused;
      expect(refused).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY_KEY_REUSED' } });
      expect(await store.readStream(elsewhere)).toEqual([]);
      const attempts = await retries;
      expect(attempts.map((a) => a.status)).toEqual(attempts.map(() => 'fulfilled'));
      const events = await store.readStream(stream);
      expect(events.map((e) => e.type)).toEqual(['a', 'b', 'c1', 'c2']);
      for (const attempt of attempts) {
        expect((attempt as PromiseFulfilledResult<AppendResult>).value).toEqual({
          streamVersion: 4,
          checkpoint: events[3]!.checkpoint,
          duplicate: true,
        });
      }
      expect(String(events[3]!.checkpoint.globalPosition)).toBe(rows[0]?.result_position);
    } finally {
      await first.end();
    }
  });

  it('stores the command id on the last event of its append only, and writes no head or command row', async () => {
    const stream = newStream();
    const commandId = `cmd-${randomUUID()}`;
    await store.append(stream, [event('a'), event('b'), event('c')], { expectedVersion: 'any', commandId });
    await store.append(stream, [event('d')], { expectedVersion: 3, commandId: `${commandId}-2` });
    await store.append(stream, [event('e')], { expectedVersion: 4 });
    const { rows } = await sql<{ command_id: string | null }>`
      select command_id from events where stream_id = ${stream} order by stream_version`.execute(store.db);
    expect(rows.map((r) => r.command_id)).toEqual([null, null, commandId, `${commandId}-2`, null]);

    const counts = await sql<{ heads: string; commands: string }>`
      select (select count(*) from event_streams) as heads, (select count(*) from event_commands) as commands`.execute(
      store.db,
    );
    expect(counts.rows[0]).toEqual({ heads: '0', commands: '0' });
  });

  it('still answers a command recorded in event_commands before migration 0003', async () => {
    const stream = newStream();
    const commandId = `cmd-${randomUUID()}`;
    const original = await store.append(stream, [event('a'), event('b')], { expectedVersion: 'no_stream' });
    // What migration 0002 wrote for a command: its stream and the version of its last event.
    await sql`insert into event_commands (command_id, stream_id, stream_version)
      values (${commandId}, ${stream}, 2)`.execute(store.db);

    const again = await store.append(stream, [event('a'), event('b')], { expectedVersion: 'no_stream', commandId });
    expect(again).toEqual({ ...original, duplicate: true });
    expect(await versionsOf(stream)).toEqual([1, 2]);
  });

  it('continues the chain after the head row of a stream written before 0003', async () => {
    const stream = newStream();
    await store.append(stream, [event('a')], { expectedVersion: 'no_stream' });
    // A stale head row (as 0002 left it) is ignored: the last event is the head.
    await sql`insert into event_streams (stream_id, version, last_hash) values (${stream}, 7, 'stale')`.execute(
      store.db,
    );
    expect((await store.append(stream, [event('b')], { expectedVersion: 1 })).streamVersion).toBe(2);
    await expect(store.append(stream, [event('c')], { expectedVersion: 7 })).rejects.toMatchObject({
      actualVersion: 2,
    });
    expect(await store.verifyStream(stream)).toMatchObject({ ok: true });
  });
});
