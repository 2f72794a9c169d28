import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Holds `projection`'s batches back until the returned release: a transaction locks its checkpoint
 * row, which the projector updates with each batch it commits. The log goes on; the read model
 * waits, as behind a busy projector.
 */
export async function holdBack(connectionString: string, projection: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  await client.query('begin');
  await client.query('select 1 from projection_checkpoints where name = $1 for update', [projection]);
  return async () => {
    await client.query('commit');
    await client.end();
  };
}

/** Whether `promise` has settled after `ms`. */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return settled;
}
