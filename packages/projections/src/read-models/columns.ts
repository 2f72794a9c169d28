import type { ColumnType } from 'kysely';

/**
 * One column of a read-model table, described once: the type kysely reads and writes, the type
 * a projection holds in memory while it folds a batch, and the conversions between them. A
 * table written as a record of columns yields its kysely table type ({@link TableOf}), its
 * in-memory row type ({@link RowOf}) and both conversions ({@link rowFromDb}, {@link rowToDb}),
 * so adding a column is one line here plus the migration that adds it.
 */
export interface Column<Selected, Written, InMemory> {
  readonly fromDb: (value: Selected) => InMemory;
  readonly toDb: (value: InMemory) => Written;
}

/** Any column (its conversions take `never`, so every column fits). */
interface SomeColumn {
  readonly fromDb: (value: never) => unknown;
  readonly toDb: (value: never) => unknown;
}

/** A table as a record of its columns. */
export type Columns = Readonly<Record<string, SomeColumn>>;

type Selected<T> = T extends Column<infer S, infer _W, infer _M> ? S : never;
type Written<T> = T extends Column<infer _S, infer W, infer _M> ? W : never;
type InMemory<T> = T extends Column<infer _S, infer _W, infer M> ? M : never;

/** The kysely table type of `C`. */
export type TableOf<C extends Columns> = { [K in keyof C]: ColumnType<Selected<C[K]>, Written<C[K]>, Written<C[K]>> };

/** The in-memory row of `C`: what a projection folds events into. */
export type RowOf<C extends Columns> = { -readonly [K in keyof C]: InMemory<C[K]> };

/** A row of `C` as kysely writes it. */
export type WrittenRowOf<C extends Columns> = { [K in keyof C]: Written<C[K]> };

const same = <T>(value: T) => value;

/** A column read and written as it is held: text, integers, booleans, arrays of text. */
export const plain = <T>(): Column<T, T, T> => ({ fromDb: same, toDb: same });

/** `timestamptz`: a Date from pg, an ISO string in memory (what events carry, and it compares as text). */
export const instant: Column<Date, Date | string, string> = { fromDb: (date) => date.toISOString(), toDb: same };

/** A nullable `timestamptz`. */
export const nullableInstant: Column<Date | null, Date | string | null, string | null> = {
  fromDb: (date) => (date === null ? null : date.toISOString()),
  toDb: same,
};

/** A nullable `bigint` (durations in ms): pg reads int8 as a string, kept as a number in memory. */
export const nullableInt8: Column<string | null, string | number | null, number | null> = {
  fromDb: (value) => (value === null ? null : Number(value)),
  toDb: same,
};

/** A `bigint` kept exact as text (log positions): pg reads int8 as a string. */
export const int8: Column<string, string | number | bigint, string> = { fromDb: same, toDb: same };

/** `jsonb` holding `T` (parsed by pg on read, written as JSON text). */
export const json = <T>(): Column<T, string, T> => ({ fromDb: same, toDb: (value) => JSON.stringify(value) });

/** A row as selected from the table, converted to its in-memory form (columns not in `columns` are left out). */
export function rowFromDb<C extends Columns>(columns: C, selected: { readonly [K in keyof C]: unknown }): RowOf<C> {
  const row: Record<string, unknown> = {};
  for (const name in columns) row[name] = (columns[name]!.fromDb as (value: unknown) => unknown)(selected[name]);
  return row as RowOf<C>;
}

/** An in-memory row as kysely writes it. */
export function rowToDb<C extends Columns>(columns: C, row: RowOf<C>): WrittenRowOf<C> {
  const written: Record<string, unknown> = {};
  for (const name in columns) written[name] = (columns[name]!.toDb as (value: unknown) => unknown)(row[name]);
  return written as WrittenRowOf<C>;
}
