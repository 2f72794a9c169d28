import type { Checkpoint } from '@support-engine/eventstore';
import { checkpointOfRow } from '@support-engine/eventstore-postgres';
import type { DeliveryDb } from './outbox.js';

/** Where the notifier named `name` has planned up to (saved with its directory); the log's start before it saved one. */
export async function notifierCheckpoint(db: DeliveryDb, name: string): Promise<Checkpoint> {
  const saved = await db
    .selectFrom('delivery_checkpoints')
    .select(['transaction_id', 'global_position'])
    .where('name', '=', name)
    .executeTakeFirst();
  return checkpointOfRow(saved);
}
