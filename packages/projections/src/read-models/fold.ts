import { sql, type Transaction } from 'kysely';
import type { DomainEvent, ProjectedEvent } from '../events.js';
import { batchedProjection, type Projection, type ReadModelTransaction } from '../projection.js';
import type { ReadModelTables } from '../schema.js';
import { chunksFor } from './chunks.js';

/**
 * A read model written in the fold style: a batch's rows are loaded once, its events applied to
 * them in memory by pure functions, and what changed written back once with multi-row
 * statements. A rebuild then costs about what writing the final rows costs, and the per-event
 * logic is testable without a database. `B` is the batch's unit of work: the rows as loaded and
 * as they evolve, and what to write.
 */
export interface FoldProjectionSpec<E extends DomainEvent, B> {
  readonly name: string;
  readonly eventTypes: readonly E['type'][];
  readonly tables: readonly (keyof ReadModelTables & string)[];
  /** Reads every row the batch's events touch, once. */
  load(trx: ReadModelTransaction, events: readonly ProjectedEvent<E>[]): Promise<B>;
  /** Applies one event to the batch's rows, in log order; no I/O. */
  apply(batch: B, event: ProjectedEvent<E>): void;
  /** Writes back what the batch changed. */
  save(trx: ReadModelTransaction, batch: B): Promise<void>;
}

/** Builds a {@link Projection} from a {@link FoldProjectionSpec}; a single event is a batch of one. */
export function foldProjection<E extends DomainEvent, B>(spec: FoldProjectionSpec<E, B>): Projection {
  return batchedProjection(spec, async (trx, events) => {
    const batch = await spec.load(trx, events as readonly ProjectedEvent<E>[]);
    for (const event of events) spec.apply(batch, event as ProjectedEvent<E>);
    await spec.save(trx, batch);
  });
}

/**
 * Rows of one table held during a batch, keyed, with the keys of those the batch changed. A row
 * set to `undefined` stays unknown (as an update of a missing row changes nothing).
 */
export class RowSet<R> {
  readonly #rows: Map<string, R>;
  readonly #changed = new Set<string>();

  constructor(rows: Iterable<readonly [string, R]> = []) {
    this.#rows = new Map(rows);
  }

  get(key: string): R | undefined {
    return this.#rows.get(key);
  }

  /** Replaces the row under `key` and marks it to be written; `undefined` leaves things as they are. */
  set(key: string, row: R | undefined): void {
    if (row === undefined) return;
    this.#rows.set(key, row);
    this.#changed.add(key);
  }

  /** The rows the batch changed, in the order they were first changed. */
  changed(): R[] {
    return [...this.#changed].map((key) => this.#rows.get(key)!);
  }
}

type Table = keyof ReadModelTables & string;
// The tables' row types differ; these helpers only pass rows through, so they see one shape.
type AnyTables = Record<string, Record<string, unknown>>;

/**
 * Inserts `rows` into `table`, as many per statement as the bind-parameter limit allows, and
 * overwrites every non-key column of a row whose `key` is already there. All rows carry the same
 * columns.
 */
export async function upsertRows<T extends Table>(
  trx: ReadModelTransaction,
  table: T,
  key: readonly (keyof ReadModelTables[T] & string)[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).filter((column) => !key.includes(column as never));
  const db = trx as unknown as Transaction<AnyTables>;
  const name: string = table;
  for (const slice of chunksFor(rows, columns.length + key.length)) {
    await db
      .insertInto(name)
      .values(slice)
      .onConflict((oc) =>
        columns.length === 0
          ? oc.columns(key).doNothing()
          : oc.columns(key).doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)]))),
      )
      .execute();
  }
}

/** Inserts `rows` into `table`, many per statement; a row already there is an error, as it should never be. */
export async function insertRows(
  trx: ReadModelTransaction,
  table: Table,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const db = trx as unknown as Transaction<AnyTables>;
  for (const slice of chunksFor(rows, Object.keys(rows[0]!).length)) await db.insertInto(table).values(slice).execute();
}

/**
 * Sets the columns `rows` carry (all rows the same ones) on the rows of `table` they name by
 * `key`, in one statement; a row not there is left out. For tables whose rows are partly
 * written from elsewhere (so an upsert of whole rows is not possible).
 */
export async function updateRows<T extends Table>(
  trx: ReadModelTransaction,
  table: T,
  key: keyof ReadModelTables[T] & string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).filter((column) => column !== key);
  // The table's own row type types the values: no column list to keep in step with the schema.
  await sql`
    update ${sql.table(table)} as t set ${sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`))}
    from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::json) as v
    where t.${sql.ref(key)} = v.${sql.ref(key)}`.execute(trx);
}
