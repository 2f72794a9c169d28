import { customerHolding, streamId } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';

/** Finds whose ticket or chat an id names. */
export interface OwnerLookup {
  /** The customer who owns the ticket or chat, or `null` when it does not exist. */
  ownerOf(kind: 'ticket' | 'chat', id: string): Promise<string | null>;
}

/**
 * Reads the owner from the stream, straight from the event store (the read models may lag behind
 * a ticket the customer opened a moment ago): the customer its first event names (`TicketOpened`
 * / `ChatStarted`), unless a merge moved it since (`customerHolding`), so a merged visitor's token
 * reaches none of what is now the surviving customer's.
 */
export function createOwnerLookup(store: Pick<EventStore, 'readStream'>): OwnerLookup {
  return {
    async ownerOf(kind, id) {
      return customerHolding(await store.readStream(streamId(kind, id)));
    },
  };
}
