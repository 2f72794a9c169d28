import { customerHolding, streamId } from '@support-engine/domain';
import type { EventStore } from '@support-engine/eventstore';
import { getCustomer, type ReadModelTables } from '@support-engine/projections';
import type { Kysely } from 'kysely';

/** Finds whose ticket or chat an id names, and whether a customer lives on as another. */
export interface OwnerLookup {
  /** The customer who owns the ticket or chat, or `null` when it does not exist. */
  ownerOf(kind: 'ticket' | 'chat', id: string): Promise<string | null>;
  /** The customer `customerId` was merged into (`Customer.mergedInto`), or `null`: a customer of their own. */
  mergedInto(customerId: string): Promise<string | null>;
}

/**
 * Reads the owner from the stream, straight from the event store (the read models may lag behind
 * a ticket the customer opened a moment ago): the customer its first event names (`TicketOpened`
 * / `ChatStarted`), unless a merge moved it since (`customerHolding`), so a merged visitor's token
 * reaches none of what is now the surviving customer's. Whether a customer was merged is one row
 * of the customers read model by its key (a customer's stream grows with each chat; the row does
 * not): the widget's session answers a merge only once that read model holds it.
 */
export function createOwnerLookup(store: Pick<EventStore, 'readStream'>, db: Kysely<ReadModelTables>): OwnerLookup {
  return {
    async ownerOf(kind, id) {
      return customerHolding(await store.readStream(streamId(kind, id)));
    },
    async mergedInto(customerId) {
      return (await getCustomer(db, customerId))?.mergedInto ?? null;
    },
  };
}
