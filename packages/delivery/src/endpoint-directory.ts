import type { EndpointEntry } from './directory.js';
import type { DeliveryDb } from './outbox.js';

/** The ids of the endpoints `notifier`'s directory lists (deleted ones too), sorted. */
export async function directoryEndpointIds(db: DeliveryDb, notifier: string): Promise<string[]> {
  const rows = await db
    .selectFrom('delivery_directory')
    .select('key')
    .where('notifier', '=', notifier)
    .where('kind', '=', 'endpoint')
    .orderBy('key')
    .execute();
  return rows.map((row) => row.key);
}

/** Every endpoint row of every notifier's directory, as folded (deleted ones marked so). */
export async function directoryEndpoints(db: DeliveryDb): Promise<EndpointEntry[]> {
  const rows = await db.selectFrom('delivery_directory').select('row').where('kind', '=', 'endpoint').execute();
  return rows.map((row) => row.row as EndpointEntry);
}
