import type { RecordedEvent } from '@support-engine/eventstore';
import { type Checkpoint, START } from '@support-engine/eventstore';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedStore } from './fixture.fixture.js';
import type { PostgresEventStore } from './postgres-event-store.js';

/**
 * The proof that readAll never skips a late commit: an older transaction is held open on a
 * second connection while a newer one commits.
 */
describe('PostgreSQL readAll is gap-safe', () => {
  let store: PostgresEventStore;
  let connectionString: string;

  beforeAll(async () => {
    ({ store, connectionString } = await createMigratedStore());
  });
  afterAll(async () => {
    await store.close();
  });

  /** A second connection with an open transaction, driven by hand. */
  async function openTransaction() {
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.query('begin');
    return {
      append: (streamId: string, type: string) =>
        client.query(`select * from append_events($1, 'any', null, $2::jsonb, null, null, null)`, [
          streamId,
          JSON.stringify([{ type, schemaVersion: 1, data: {}, metadata: {} }]),
        ]),
      assignTransactionId: () => client.query('select pg_current_xact_id()'),
      commit: async () => {
        await client.query('commit');
        await client.end();
      },
    };
  }

  /** Reads after `after` until `count` events came back: other test files may briefly hold old transactions too. */
  async function readUntil(after: Checkpoint, count: number): Promise<RecordedEvent[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const events = await store.readAll(after, { limit: 100 });
      if (events.length >= count || Date.now() > deadline) return events;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function committedByPosition(): Promise<string[]> {
    const { rows } = await sql<{ type: string }>`select type from events order by global_position`.execute(store.db);
    return rows.map((row) => row.type);
  }

  it('hides a newer commit while an older transaction is open, then returns both, the older first', async () => {
    const before = (await store.readAll(START, { limit: 1000 })).at(-1)?.checkpoint ?? START;
    const a = await openTransaction();
    await a.append('gap-a', 'A');
    await store.append('gap-b', [{ type: 'B', data: {} }], { expectedVersion: 'any' });

    // A plain "committed rows by position" reader already sees B and would checkpoint past A.
    expect(await committedByPosition()).toContain('B');
    const whileOpen = await store.readAll(before, { limit: 100 });
    expect(whileOpen.map((e) => e.type)).not.toContain('B');
    expect(whileOpen.map((e) => e.type)).not.toContain('A');
    const readerCheckpoint = whileOpen.at(-1)?.checkpoint ?? before;

    await a.commit();
    const after = await readUntil(readerCheckpoint, 2);
    expect(after.map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('counts what readAll would hand out, up to a limit, and no commit hidden behind an open transaction', async () => {
    const before = (await store.readAll(START, { limit: 1000 })).at(-1)?.checkpoint ?? START;
    await store.append(
      'count-a',
      [1, 2, 3].map((n) => ({ type: `C${n}`, data: {} })),
      { expectedVersion: 'any' },
    );
    expect(await store.countAfter(before, 10)).toBe((await store.readAll(before, { limit: 10 })).length);
    expect(await store.countAfter(before, 10)).toBe(3);
    expect(await store.countAfter(before, 2)).toBe(2);
    const second = (await store.readAll(before, { limit: 2 })).at(-1)!.checkpoint;
    expect(await store.countAfter(second, 10)).toBe(1);

    const open = await openTransaction();
    await open.append('count-open', 'Open');
    await store.append('count-b', [{ type: 'After', data: {} }], { expectedVersion: 'any' });
    expect(await store.countAfter(before, 10)).toBe(3);
    await open.commit();
    expect((await readUntil(before, 5)).length).toBe(5);
    expect(await store.countAfter(before, 10)).toBe(5);
  });

  it('orders by (transaction, position): an older transaction that inserts last still comes first', async () => {
    const before = (await store.readAll(START, { limit: 1000 })).at(-1)?.checkpoint ?? START;
    const older = await openTransaction();
    await older.assignTransactionId();
    const newer = await store.append('order-newer', [{ type: 'newer', data: {} }], { expectedVersion: 'any' });
    expect(await store.readAll(before, { limit: 100 })).toEqual([]);

    await older.append('order-older', 'older');
    await older.commit();
    const events = await readUntil(before, 2);

    expect(events.map((e) => e.type)).toEqual(['older', 'newer']);
    // The older transaction's row has the higher position: a position checkpoint would skip it.
    expect(events[0]!.checkpoint.globalPosition).toBeGreaterThan(newer.checkpoint.globalPosition);
    expect(events[0]!.checkpoint.transactionId).toBeLessThan(newer.checkpoint.transactionId);
  });

  it('lets a reader that checkpoints the pair see every event exactly once across late commits', async () => {
    const before = (await store.readAll(START, { limit: 1000 })).at(-1)?.checkpoint ?? START;
    const seen: string[] = [];
    let checkpoint = before;
    const poll = async () => {
      for (const event of await store.readAll(checkpoint, { limit: 100 })) {
        seen.push(event.type);
        checkpoint = event.checkpoint;
      }
    };

    const slow = await openTransaction();
    await slow.append('reader-slow', 'slow');
    for (let i = 1; i <= 3; i++) {
      await store.append('reader-fast', [{ type: `fast${i}`, data: {} }], { expectedVersion: 'any' });
      await poll();
    }
    expect(seen).toEqual([]);
    await slow.commit();
    const deadline = Date.now() + 10_000;
    while (seen.length < 4 && Date.now() < deadline) await poll();

    expect(seen).toEqual(['slow', 'fast1', 'fast2', 'fast3']);
  });
});
