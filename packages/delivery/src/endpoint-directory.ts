import type { Checkpoint } from '@support-engine/eventstore';
import type { EndpointEntry } from './directory.js';
import { notifierCheckpoint } from './notifier-checkpoint.js';
import type { DeliveryDb } from './outbox.js';

/**
 * The ids of the endpoints `notifier`'s directory lists (deleted ones too), sorted, and the
 * checkpoint the directory stands at: read in one snapshot (they are committed together), so the
 * endpoints registered since are exactly those of the log after it.
 */
export async function directoryEndpointIds(
  db: DeliveryDb,
  notifier: string,
): Promise<{ readonly ids: string[]; readonly checkpoint: Checkpoint }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const rows = await trx
        .selectFrom('delivery_directory')
        .select('key')
        .where('notifier', '=', notifier)
        .where('kind', '=', 'endpoint')
        .orderBy('key')
        .execute();
      return { ids: rows.map((row) => row.key), checkpoint: await notifierCheckpoint(trx, notifier) };
    });
}

/** Every endpoint row of every notifier's directory, as folded (deleted ones marked so). */
export async function directoryEndpoints(db: DeliveryDb): Promise<EndpointEntry[]> {
  const rows = await db.selectFrom('delivery_directory').select('row').where('kind', '=', 'endpoint').execute();
  return rows.map((row) => row.row as EndpointEntry);
}
