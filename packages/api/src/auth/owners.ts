import { streamId } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';

/** Finds whose ticket or chat an id names. */
export interface OwnerLookup {
  /** The customer who owns the ticket or chat, or `null` when it does not exist. */
  ownerOf(kind: 'ticket' | 'chat', id: string): Promise<string | null>;
}

/**
 * Reads the owner from the stream's first event (`TicketOpened` / `ChatStarted` carry the
 * customer id), straight from the event store: the read models may lag behind a ticket the
 * customer opened a moment ago, and ownership never changes after creation.
 */
export function createOwnerLookup(store: Pick<EventStore, 'readStream'>): OwnerLookup {
  return {
    async ownerOf(kind, id) {
      const [first] = await store.readStream(streamId(kind, id), { toVersion: 1 });
      const owner = first?.data.customerId;
      return typeof owner === 'string' ? owner : null;
    },
  };
}
