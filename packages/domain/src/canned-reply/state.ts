import type { CannedReplyDefinition } from './commands.js';

/** One canned reply of the library. */
export interface CannedReply {
  readonly cannedReplyId: string;
  readonly version: number;
  readonly definition: CannedReplyDefinition;
  /** The staff member a personal reply belongs to; null for a shared one. */
  readonly ownerId: string | null;
}

/** The team's canned replies, by id, and the last version each id had (kept after a delete). */
export interface CannedReplyLibrary {
  readonly replies: Readonly<Record<string, CannedReply>>;
  readonly lastVersions: Readonly<Record<string, number>>;
}

/** The library before its first event: no replies. */
export const EMPTY_CANNED_REPLY_LIBRARY: CannedReplyLibrary = { replies: {}, lastVersions: {} };

/** The replies `staffId` may use: the shared ones and their own personal ones, by name. */
export function usableCannedReplies(library: CannedReplyLibrary, staffId: string): CannedReply[] {
  return Object.values(library.replies)
    .filter((reply) => reply.ownerId === null || reply.ownerId === staffId)
    .sort(
      (a, b) => a.definition.name.localeCompare(b.definition.name) || a.cannedReplyId.localeCompare(b.cannedReplyId),
    );
}
