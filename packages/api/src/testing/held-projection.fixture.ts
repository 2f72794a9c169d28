import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Runs `run` while `projection`'s batches are held back, released when it ends however it ends: a
 * transaction locks the projection's checkpoint row, which the projector updates with each batch
 * it commits. The log goes on; the read model waits, as behind a busy projector. What `run`
 * answers is handed back once released (a read it started, wrapped, may then finish).
 */
export async function whileHeldBack<T>(
  connectionString: string,
  projection: string,
  run: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select 1 from projection_checkpoints where name = $1 for update', [projection]);
    return await run();
  } finally {
    await client.query('commit');
    await client.end();
  }
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
