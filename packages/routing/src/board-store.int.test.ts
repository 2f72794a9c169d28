import type { BoardAgent, BoardChanges, BoardItem, PendingHandOver } from '@support-engine/domain/routing';
import { START } from '@support-engine/eventstore';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardStore, migrateRouting, RouterCheckpointConflictError } from './board-store.js';

const item = (id: string): BoardItem => ({
  kind: 'ticket',
  id,
  version: 1,
  active: true,
  priority: 'normal',
  category: null,
  language: null,
  tier: 1,
  holderId: null,
  holding: null,
  queuedSince: '2025-03-03T09:00:00.000Z',
  preferredAgentId: null,
});

const agent = { state: { status: 'registered', agentId: 'a-1', holdings: [] }, version: 2 } as unknown as BoardAgent;
const pending = { reservationId: 'res-1', agentId: 'a-1' } as PendingHandOver;

function changes(parts: Partial<{ [K in keyof BoardChanges]: [string, unknown][] }>): BoardChanges {
  return {
    agents: new Map(parts.agents as [string, BoardAgent][]),
    items: new Map(parts.items as [string, BoardItem | null][]),
    pending: new Map(parts.pending as [string, PendingHandOver | null][]),
  };
}

const at = (position: number) => ({ transactionId: BigInt(position), globalPosition: BigInt(position) });

describe('the PostgreSQL board store', () => {
  let store: PostgresEventStore;

  beforeAll(async () => {
    store = createPostgresEventStore({ connectionString: await createTestDatabase('board') });
    await migrateEventStore(store.db);
    await migrateRouting(store.db);
  });

  afterAll(async () => {
    await store.close();
  });

  it('saves rows with the checkpoint, deletes several in one save, and loads back only its own router', async () => {
    const boards = createBoardStore(store.db, 'one');
    const other = createBoardStore(store.db, 'other');
    const ids = ['t-1', 't-2', 't-3', 't-4'];
    await boards.save(
      changes({
        agents: [['a-1', agent]],
        items: ids.map((id) => [`ticket:${id}`, item(id)]),
        pending: [['res-1', pending]],
      }),
      START,
      at(10),
    );
    await other.save(changes({ items: [['ticket:t-1', item('t-1')]] }), START, at(5));

    await boards.save(
      changes({
        items: [
          ['ticket:t-1', null],
          ['ticket:t-3', null],
          ['ticket:t-4', null],
        ],
        pending: [['res-1', null]],
      }),
      at(10),
      at(20),
    );

    const loaded = await boards.load();
    expect(loaded.checkpoint).toEqual(at(20));
    expect(loaded.snapshot.items.map((i) => i.id)).toEqual(['t-2']);
    expect(loaded.snapshot.agents).toEqual([agent]);
    expect(loaded.snapshot.pending).toEqual([]);
    expect((await other.load()).snapshot.items.map((i) => i.id)).toEqual(['t-1']);
  });

  it('refuses a save from a checkpoint that moved, and writes nothing of it', async () => {
    const boards = createBoardStore(store.db, 'stale');
    await boards.save(changes({ items: [['ticket:t-1', item('t-1')]] }), START, at(3));
    await expect(boards.save(changes({ items: [['ticket:t-1', null]] }), START, at(4))).rejects.toBeInstanceOf(
      RouterCheckpointConflictError,
    );
    const loaded = await boards.load();
    expect(loaded.checkpoint).toEqual(at(3));
    expect(loaded.snapshot.items.map((i) => i.id)).toEqual(['t-1']);
  });
});
