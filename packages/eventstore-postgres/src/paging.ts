import { type RawBuilder, sql } from 'kysely';

/**
 * Keyset paging shared by every package that lists its own rows newest first (the read models,
 * delivery's outbox and staff inbox): one cursor format, one registry of listing prefixes, so a
 * cursor of one listing is refused by every other whichever package serves it.
 */

/** The ways a page request is refused, as stable codes (the API maps them to `BAD_USER_INPUT`). */
export type PagingErrorCode = 'INVALID_CURSOR' | 'INVALID_PAGE_SIZE';

/** Base class of the paging refusals. */
export class PagingError extends Error {
  override readonly name: string = 'PagingError';
  constructor(
    readonly code: PagingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A pagination cursor no listing handed out (or another listing's). */
export class InvalidCursorError extends PagingError {
  override readonly name = 'InvalidCursorError';
  constructor(cursor: string) {
    super('INVALID_CURSOR', `Not a valid cursor: "${cursor}"`);
  }
}

/** A page size below one: nothing to page by. */
export class InvalidPageSizeError extends PagingError {
  override readonly name = 'InvalidPageSizeError';
  constructor(first: number) {
    super('INVALID_PAGE_SIZE', `first: a page holds at least 1 row, not ${first}`);
  }
}

/** A keyset position: the sort instant and the id that breaks ties. */
export interface Keyset {
  readonly at: Date;
  readonly id: string;
}

/**
 * Each listing's cursor prefix (versioned, one per list and order): a cursor is good only for the
 * listing that handed it out, and every other refuses it (`INVALID_CURSOR`) rather than paging on
 * from a place in its rows it never showed. The transcript search adds a digest of its terms.
 */
export const CURSOR_PREFIX = {
  tickets: 't1.',
  customerTickets: 'c1.',
  ticketsLongestInStatus: 's1.',
  ticketsBySlaDeadline: 'd1.',
  ticketsByUpdate: 'u1.',
  ticketsByPriority: 'p1.',
  agentChats: 'a1.',
  articles: 'r1.',
  articleSearch: 'q1.',
  customerNotifications: 'n1.',
  staffNotifications: 'i1.',
  webhookDeliveries: 'w1.',
  notificationDeliveries: 'e1.',
  slaConfigHistory: 'h1.',
  chatMessageSearch: 'm2.',
  heldMails: 'x1.',
} as const;

/** An opaque, URL-safe cursor for the row after which the next page starts, in the listing of `prefix`. */
export function encodeCursor(keyset: Keyset, prefix: string): string {
  return prefix + Buffer.from(JSON.stringify([keyset.at.toISOString(), keyset.id])).toString('base64url');
}

// Rows are stamped within these years; a cursor outside them (which PostgreSQL might not even
// represent) points at nothing.
const EARLIEST = new Date('0001-01-01T00:00:00.000Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');

/** Reads a cursor made by {@link encodeCursor}; throws {@link InvalidCursorError} on anything else. */
export function decodeCursor(cursor: string, prefix: string): Keyset {
  if (!cursor.startsWith(prefix)) throw new InvalidCursorError(cursor);
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor.slice(prefix.length), 'base64url').toString('utf8'));
    // An id PostgreSQL text cannot hold (a NUL) names no row: a bad cursor, not a failed query.
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !value[1].includes('\u0000')
    ) {
      const at = new Date(value[0]);
      if (!Number.isNaN(at.getTime()) && at >= EARLIEST && at <= LATEST) return { at, id: value[1] };
    }
  } catch {
    // Falls through to the typed error below.
  }
  throw new InvalidCursorError(cursor);
}

/** A keyset position under a rank first (a priority's place): the rank, then the instant and the id. */
export interface RankedKeyset extends Keyset {
  readonly rank: number;
}

/** A cursor for a list sorted by a small rank first, then as {@link encodeCursor}'s. */
export function encodeRankedCursor(keyset: RankedKeyset, prefix: string): string {
  return encodeCursor(keyset, `${prefix}${keyset.rank}.`);
}

/** Reads a cursor made by {@link encodeRankedCursor}; throws {@link InvalidCursorError} on anything else. */
export function decodeRankedCursor(cursor: string, prefix: string): RankedKeyset {
  const rank = /^(\d{1,3})\./.exec(cursor.startsWith(prefix) ? cursor.slice(prefix.length) : '')?.[1];
  if (rank === undefined) throw new InvalidCursorError(cursor);
  return { rank: Number(rank), ...decodeCursor(cursor, `${prefix}${rank}.`) };
}

/**
 * What orders rows created at the same instant between `created_at` and the id: the id's length.
 * Ids ending in an event's index (`notification:ticket-1:9`, `...:10`) then follow the log,
 * where comparing them as text would put `:9` after `:10`.
 */
export function idLength(idColumn: string): RawBuilder<number> {
  return sql<number>`length(${sql.ref(idColumn)})`;
}

/**
 * The keyset condition of a newest-first listing: rows strictly before the cursor's row in
 * `(created_at, length of <idColumn>, <idColumn>)` order (see {@link idLength}). Throws
 * {@link InvalidCursorError} on a bad cursor or one of another listing than `prefix`'s.
 */
export function createdBefore(cursor: string, idColumn: string, prefix: string): RawBuilder<boolean> {
  const { at, id } = decodeCursor(cursor, prefix);
  return sql<boolean>`(created_at, ${idLength(idColumn)}, ${sql.ref(idColumn)}) < (${at}, length(${id}::text), ${id})`;
}

/** A page of results and the cursor of the next page (`null` on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Most rows a page may hold. */
export const MAX_PAGE_SIZE = 100;

/**
 * The page size asked for, at most {@link MAX_PAGE_SIZE} (a larger one is cut to it); 20 by
 * default. Below 1 is refused ({@link InvalidPageSizeError}), not turned into a page of one.
 */
export function pageSize(first: number | undefined): number {
  if (first !== undefined && !(first >= 1)) throw new InvalidPageSizeError(first);
  return Math.min(Math.trunc(first ?? 20), MAX_PAGE_SIZE);
}

/**
 * Turns `limit + 1` fetched rows into a page: the extra row only proves a next page exists,
 * and the cursor points at the last row shown.
 */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyset: (row: R) => Keyset,
  view: (row: R) => T,
  prefix: string,
): Page<T> {
  return pageOf(rows, limit, (last) => encodeCursor(keyset(last), prefix), view);
}

/** {@link toPage} for a list sorted by a rank first, its cursor made by {@link encodeRankedCursor}. */
export function toRankedPage<R, T>(
  rows: readonly R[],
  limit: number,
  keyset: (row: R) => RankedKeyset,
  view: (row: R) => T,
  prefix: string,
): Page<T> {
  return pageOf(rows, limit, (last) => encodeRankedCursor(keyset(last), prefix), view);
}

function pageOf<R, T>(rows: readonly R[], limit: number, cursorOf: (last: R) => string, view: (row: R) => T): Page<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(view), nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** A page in the Relay connection form: each item with its cursor, and whether more follow. */
export interface Connection<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/** Turns `limit + 1` fetched rows into a connection: the extra row only proves a next page exists. */
export function toConnection<R, T>(
  rows: readonly R[],
  limit: number,
  cursor: (row: R) => string,
  node: (row: R) => T,
): Connection<T> {
  const edges = rows.slice(0, limit).map((row) => ({ cursor: cursor(row), node: node(row) }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** An empty connection (a caller with nothing to list). */
export const EMPTY_CONNECTION: Connection<never> = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
