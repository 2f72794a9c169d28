import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabases } from '../services/databases.js';
import { projectionPositions } from '../services/projection-lag.js';
import type { AcknowledgedCommand, LoggedEvent, PlannedDelivery } from './check/records.js';

/** Every acknowledged command the clients recorded in `dir` (one JSON line each, a file per client). */
export async function readAcknowledged(dir: string): Promise<AcknowledgedCommand[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.jsonl'));
  const texts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return texts.flatMap((text) =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as AcknowledgedCommand),
  );
}

/** What the checker reads from the engine's database: the log, the command keys, the planned deliveries. */
export async function readDatabase(databaseUrl: string): Promise<{
  events: LoggedEvent[];
  loggedCommandKeys: Set<string>;
  deliveries: PlannedDelivery[];
}> {
  const databases = openDatabases(databaseUrl);
  try {
    const { db } = databases.store;
    const events = await db
      .selectFrom('events')
      .select(['global_position', 'stream_id', 'type', 'data', 'recorded_at', 'command_id'])
      .orderBy('transaction_id')
      .orderBy('global_position')
      .execute();
    const commands = await db.selectFrom('event_commands').select('command_id').execute();
    const deliveries = await databases.delivery
      .selectFrom('deliveries')
      .select(['channel', 'recipient', 'message_id'])
      .execute();
    return {
      events: events.map((row) => ({
        position: Number(row.global_position),
        streamId: row.stream_id,
        type: row.type,
        data: row.data as Record<string, unknown>,
        recordedAt: row.recorded_at.toISOString(),
        commandId: row.command_id,
      })),
      loggedCommandKeys: new Set([
        ...events.flatMap((row) => (row.command_id === null ? [] : [row.command_id])),
        ...commands.map((row) => row.command_id),
      ]),
      deliveries: deliveries.map((row) => ({
        channel: row.channel,
        recipient: row.recipient,
        messageId: row.message_id,
      })),
    };
  } finally {
    await databases.close();
  }
}

/** Resolves once every projection has applied the whole log (`false` after `timeoutMs`). */
export async function untilProjected(databaseUrl: string, timeoutMs: number): Promise<boolean> {
  const databases = openDatabases(databaseUrl);
  try {
    const positions = projectionPositions(databases, 1);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await positions()).every((position) => position.behind === 0)) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  } finally {
    await databases.close();
  }
}
