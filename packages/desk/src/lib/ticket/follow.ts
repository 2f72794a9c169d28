import type { Client, TypedDocumentNode } from '@urql/core';

/** A subscription to one ticket's changes from a version on (`ticketUpdated(ticketId, afterVersion)`). */
type TicketChanges = TypedDocumentNode<
  { ticketUpdated: { version: number; consistencyToken: string } },
  { ticketId: string; afterVersion?: number | null }
>;

/** What {@link followTicket} reads and tells. */
export interface FollowTicket {
  readonly client: Client;
  readonly changes: TicketChanges;
  readonly ticketId: string;
  /** Reads the ticket (the first read). */
  readonly read: () => Promise<unknown>;
  /** The version the screen shows now; null or undefined: none (not found, not read yet). */
  readonly shownVersion: () => number | null | undefined;
  /** A change the screen does not show yet: read again with its token. */
  readonly changed: (consistencyToken: string) => void;
}

/**
 * Reads a ticket, then follows its changes from the version read: the subscription asks for the
 * changes after it, so one made between the read and the subscription's start (the socket still
 * connecting) is told too. A change the screen already shows (its own, or one told again when the
 * subscription is made again after a lost connection) is not read again. Answers the stop.
 */
export function followTicket(follow: FollowTicket): () => void {
  let stopped = false;
  let unsubscribe: (() => void) | undefined;
  const start = () => {
    if (stopped) return;
    const afterVersion = follow.shownVersion() ?? null;
    ({ unsubscribe } = follow.client
      .subscription(follow.changes, { ticketId: follow.ticketId, afterVersion })
      .subscribe((result) => {
        const update = result.data?.ticketUpdated;
        if (update && update.version > (follow.shownVersion() ?? 0)) follow.changed(update.consistencyToken);
      }));
  };
  // Followed even when the first read failed: the screen says so, and a change reads it again.
  void follow.read().then(start, start);
  return () => {
    stopped = true;
    unsubscribe?.();
  };
}
