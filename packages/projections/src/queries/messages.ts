import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { ReadModelTables } from '../schema.js';

/** Most messages a ticket or chat detail returns (the first ones, in order). */
export const MAX_MESSAGES = 100;

/** Which messages a detail read returns. */
export interface MessageOptions {
  /** `false` for customers: internal notes are then left out entirely. */
  readonly includeInternal: boolean;
  /** The first this many, {@link MAX_MESSAGES} by default and at most. */
  readonly first?: number;
  /**
   * Only the messages after this one (its `messageId`), the next page of a long thread; an id
   * that is not one of the messages read (unknown, another thread's, or a note the reader does
   * not see) gives none: {@link hasMessage} tells the two apart.
   */
  readonly after?: string;
  /**
   * The last this many instead (the newest first read, returned in order), {@link MAX_MESSAGES}
   * at most: a thread read from its end. Not with `first` or `after`.
   */
  readonly last?: number;
  /** With `last`: only the messages before this one, the page before in a thread read from its end. */
  readonly before?: string;
}

/** The number of messages {@link MessageOptions} ask for, within 1 and {@link MAX_MESSAGES}. */
export function messageLimit(options: MessageOptions): number {
  return Math.min(Math.max(options.first ?? options.last ?? MAX_MESSAGES, 1), MAX_MESSAGES);
}

/** Whether {@link MessageOptions} read the thread from its end (`last`, `before`). */
export function fromTheEnd(options: Pick<MessageOptions, 'last' | 'before'>): boolean {
  return options.last !== undefined || options.before !== undefined;
}

/** Where a thread's messages are kept, and the column naming the thread. */
const THREADS = {
  ticket: { table: 'ticket_messages', owner: 'ticket_id' },
  chat: { table: 'chat_messages', owner: 'chat_id' },
} as const;

/**
 * The condition keeping, of `thread`'s messages (the query's `table`), those after
 * `options.after` (or before `options.before`) among the ones read; none without either.
 */
export function afterMessage(thread: keyof typeof THREADS, options: MessageOptions): RawBuilder<boolean> | null {
  const cursor = options.after ?? options.before;
  if (cursor === undefined) return null;
  const { table, owner } = THREADS[thread];
  const visible = options.includeInternal ? sql`` : sql` and not a.internal`;
  const side = options.after === undefined ? sql`<` : sql`>`;
  return sql<boolean>`${sql.ref(`${table}.seq`)} ${side} (select a.seq from ${sql.table(table)} a
    where a.${sql.ref(owner)} = ${sql.ref(`${table}.${owner}`)} and a.message_id = ${cursor}${visible})`;
}

/** Whether `messageId` is one of the messages of the thread `id` that `includeInternal` lets a reader see. */
export async function hasMessage(
  db: Kysely<ReadModelTables>,
  thread: keyof typeof THREADS,
  id: string,
  messageId: string,
  includeInternal: boolean,
): Promise<boolean> {
  const { table, owner } = THREADS[thread];
  const visible = includeInternal ? sql`` : sql` and not internal`;
  const { rows } = await sql`select 1 from ${sql.table(table)} where ${sql.ref(owner)} = ${id}
    and message_id = ${messageId}${visible}`.execute(db);
  return rows.length > 0;
}
