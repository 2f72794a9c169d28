/** Test support (not a test file): a fresh database with the delivery tables, and outbox helpers. */
import { createTestDatabase } from '@support-engine/servers/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type DeliveryDb, enqueue, type NewDelivery } from '../outbox.js';
import { type DeliveryTables, migrateDelivery } from '../schema.js';

/** A migrated database for the delivery tables alone. */
export async function createOutboxDb(prefix: string): Promise<{ db: DeliveryDb; connectionString: string }> {
  const connectionString = await createTestDatabase(prefix);
  const db = new Kysely<DeliveryTables>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 10 }) }),
  });
  await migrateDelivery(db);
  return { db, connectionString };
}

let position = 0n;

/** A webhook delivery of `event` (a ticket's n-th event) to `endpointId`. */
export function webhookDelivery(endpointId: string, ticketId: string, n: number): NewDelivery {
  position += 1n;
  const messageId = `evt_ticket-${ticketId}_${n}`;
  return {
    deliveryId: `${messageId}:webhook:${endpointId}`,
    channel: 'webhook',
    recipient: endpointId,
    person: null,
    messageId,
    orderingKey: `${endpointId}:ticket-${ticketId}`,
    position,
    topic: 'TicketAgentReplied',
    payload: { type: 'TicketAgentReplied', timestamp: new Date().toISOString(), data: { ticketId, n } },
    createdAt: new Date(),
  };
}

/** Puts deliveries in the outbox outside any notifier (as if it had planned them). */
export async function put(db: DeliveryDb, deliveries: readonly NewDelivery[]): Promise<void> {
  await db.transaction().execute((trx) => enqueue(trx, deliveries));
}
