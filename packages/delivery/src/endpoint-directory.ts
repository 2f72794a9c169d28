import { parseStreamId } from '@support-engine/domain';
import type { Checkpoint, EventStore } from '@support-engine/eventstore';
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

/** Events read past a directory's checkpoint at most: a notifier far behind (stopped) leaves the rest to it. */
const MAX_CATCH_UP_EVENTS = 10_000;
const CATCH_UP_PAGE = 500;

/**
 * The ids of every endpoint registered (deleted ones may be among them): those `notifier`'s
 * directory lists, and those whose streams have events in the log since the checkpoint it stands
 * at, so a directory behind the log still yields an endpoint the moment it is registered (up to
 * {@link MAX_CATCH_UP_EVENTS} events behind; the rest waits for the notifier). Sorted.
 */
export async function currentEndpointIds(
  db: DeliveryDb,
  store: Pick<EventStore, 'readAll'>,
  notifier: string,
): Promise<string[]> {
  const directory = await directoryEndpointIds(db, notifier);
  const ids = new Set(directory.ids);
  let from = directory.checkpoint;
  for (let read = 0; read < MAX_CATCH_UP_EVENTS; read += CATCH_UP_PAGE) {
    const page = await store.readAll(from, { limit: CATCH_UP_PAGE });
    for (const event of page) {
      const stream = parseStreamId(event.streamId);
      if (stream?.category === 'webhook') ids.add(stream.id);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < CATCH_UP_PAGE) break;
    from = last.checkpoint;
  }
  return [...ids].sort();
}
