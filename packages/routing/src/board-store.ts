import type {
  BoardAgent,
  BoardChanges,
  BoardItem,
  BoardSnapshot,
  PendingHandOver,
} from '@support-engine/domain/routing';
import { type Checkpoint, START } from '@support-engine/eventstore';
import {
  advanceCheckpoint,
  type CheckpointRow,
  checkpointOfRow,
  createCheckpointTable,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { sql } from 'kysely';

type Db = PostgresEventStore['db'];

/** The kinds of rows a board is saved as. */
type RowKind = 'agent' | 'item' | 'pending';

type RoutingTables = {
  routing_board: { router: string; kind: RowKind; key: string; row: unknown };
  routing_checkpoints: CheckpointRow;
};

/** Rows per insert or delete statement when a board is saved (well below PostgreSQL's 65,535 parameters). */
const ROWS_PER_STATEMENT = 500;

/** Creates the router's tables unless they exist (idempotent; the router runs it at start). */
export async function migrateRouting(db: Db): Promise<void> {
  await db.schema
    .createTable('routing_board')
    .ifNotExists()
    .addColumn('router', 'text', (column) => column.notNull())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('key', 'text', (column) => column.notNull())
    .addColumn('row', 'jsonb', (column) => column.notNull())
    .addPrimaryKeyConstraint('routing_board_pkey', ['router', 'kind', 'key'])
    .execute();
  await createCheckpointTable(db, 'routing_checkpoints');
}

/** Raised when another router moved the checkpoint first: this one must not go on. */
export class RouterCheckpointConflictError extends Error {
  override readonly name = 'RouterCheckpointConflictError';
}

/**
 * Where the router keeps its board and its position in the log, in the event store's database.
 * A batch's board changes and the checkpoint advance commit together, so after a crash the
 * board is exactly the fold of the log up to the saved checkpoint.
 */
export interface BoardStore {
  load(): Promise<{ snapshot: BoardSnapshot; checkpoint: Checkpoint }>;
  /** Saves the changes and moves the checkpoint from `from` to `to`, or throws {@link RouterCheckpointConflictError}. */
  save(changes: BoardChanges, from: Checkpoint, to: Checkpoint): Promise<void>;
}

/** A board store in memory (tests, and embedders routing over the in-memory event store). */
export function createMemoryBoardStore(): BoardStore {
  const rows = {
    agents: new Map<string, BoardAgent>(),
    items: new Map<string, BoardItem>(),
    pending: new Map<string, PendingHandOver>(),
  };
  let saved: Checkpoint = START;
  const put = <T>(target: Map<string, T>, changes: ReadonlyMap<string, T | null>) => {
    for (const [key, row] of changes) {
      if (row === null) target.delete(key);
      else target.set(key, structuredClone(row));
    }
  };
  return {
    async load() {
      const snapshot = structuredClone({
        agents: [...rows.agents.values()],
        items: [...rows.items.values()],
        pending: [...rows.pending.values()],
      });
      return { snapshot, checkpoint: saved };
    },
    async save(changes, from, to) {
      if (from.transactionId !== saved.transactionId || from.globalPosition !== saved.globalPosition) {
        throw new RouterCheckpointConflictError('the checkpoint moved under the router');
      }
      put(rows.agents, changes.agents);
      put(rows.items, changes.items);
      put(rows.pending, changes.pending);
      saved = to;
    },
  };
}

/** The board store of the router named `name`. */
export function createBoardStore(eventStoreDb: Db, name: string): BoardStore {
  const db = eventStoreDb.withTables<RoutingTables>();
  return {
    async load() {
      const rows = await db.selectFrom('routing_board').select(['kind', 'row']).where('router', '=', name).execute();
      const of = <T>(kind: RowKind) => rows.filter((r) => r.kind === kind).map((r) => r.row as T);
      const saved = await db
        .selectFrom('routing_checkpoints')
        .select(['transaction_id', 'global_position'])
        .where('name', '=', name)
        .executeTakeFirst();
      const checkpoint = checkpointOfRow(saved);
      return {
        snapshot: {
          agents: of<BoardAgent>('agent'),
          items: of<BoardItem>('item'),
          pending: of<PendingHandOver>('pending'),
        },
        checkpoint,
      };
    },

    async save(changes, from, to) {
      await db.transaction().execute(async (trx) => {
        const upserts: { router: string; kind: RowKind; key: string; row: string }[] = [];
        const deletes: { kind: RowKind; key: string }[] = [];
        const collect = (kind: RowKind, entries: ReadonlyMap<string, unknown>) => {
          for (const [key, row] of entries) {
            if (row === null) deletes.push({ kind, key });
            else upserts.push({ router: name, kind, key, row: JSON.stringify(row) });
          }
        };
        collect('agent', changes.agents);
        collect('item', changes.items);
        collect('pending', changes.pending);
        for (let i = 0; i < upserts.length; i += ROWS_PER_STATEMENT) {
          await trx
            .insertInto('routing_board')
            .values(upserts.slice(i, i + ROWS_PER_STATEMENT).map((u) => ({ ...u, row: sql`${u.row}::jsonb` })))
            .onConflict((conflict) =>
              conflict.columns(['router', 'kind', 'key']).doUpdateSet({ row: sql`excluded.row` }),
            )
            .execute();
        }
        // Every ended item leaves the board: one statement per chunk, not one round trip per item.
        for (let i = 0; i < deletes.length; i += ROWS_PER_STATEMENT) {
          const chunk = deletes.slice(i, i + ROWS_PER_STATEMENT);
          await trx
            .deleteFrom('routing_board')
            .where('router', '=', name)
            .where(({ eb, refTuple, tuple }) =>
              eb(
                refTuple('kind', 'key'),
                'in',
                chunk.map(({ kind, key }) => tuple(kind, key)),
              ),
            )
            .execute();
        }
        if (!(await advanceCheckpoint(trx, 'routing_checkpoints', name, from, to))) {
          throw new RouterCheckpointConflictError(
            `Router "${name}" checkpoint moved under it; another router is running`,
          );
        }
      });
    },
  };
}
