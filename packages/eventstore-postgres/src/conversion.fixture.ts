import { commandDigest, type EventMetadata, type RecordedEvent } from '@support-engine/eventstore';
import { type RawBuilder, sql } from 'kysely';
import { expect } from 'vitest';
import { CONVERTING_SETTING, convertEventRows } from './convert-rows.js';
import type { PostgresEventStore } from './postgres-event-store.js';

/**
 * Test support (not a test file) for the migrations that convert stored rows. An append as the
 * command handler makes it: one event per type, the command id and digest in the metadata too
 * (as rows were written before migration 0005), with `metadata` added to each event.
 */
export function appendCommand(
  store: PostgresEventStore,
  streamId: string,
  id: string,
  types: readonly string[],
  options: { readonly metadata?: EventMetadata; readonly commandType?: string } = {},
) {
  const digest = commandDigest({ type: options.commandType ?? 'Do', id });
  return store.append(
    streamId,
    types.map((type) => ({
      type,
      data: { n: 1.5, text: 'Ünïcode ✓' },
      metadata: { commandId: id, commandDigest: digest, ...options.metadata },
    })),
    { expectedVersion: 'any', commandId: id, commandDigest: digest },
  );
}

/** The events of `streams`, in that order. */
export async function readStreams(store: PostgresEventStore, streams: readonly string[]): Promise<RecordedEvent[]> {
  return (await Promise.all(streams.map((stream) => store.readStream(stream)))).flat();
}

/** Runs the conversion in batches of two rows and stops it after its first batch, as a crash would. */
export async function convertFirstBatchOnly(store: PostgresEventStore): Promise<void> {
  const stop = new Error('interrupted');
  await expect(
    convertEventRows(store.db, {
      batchSize: 2,
      onBatch: () => {
        throw stop;
      },
    }),
  ).rejects.toBe(stop);
}

/** Expects each statement refused by the append-only trigger, even with the conversion's setting on. */
export async function expectRefusedWhileConverting(
  store: PostgresEventStore,
  attempts: readonly RawBuilder<unknown>[],
): Promise<void> {
  for (const attempt of attempts) {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await sql`select set_config(${CONVERTING_SETTING}, 'on', true)`.execute(trx);
        await attempt.execute(trx);
      }),
    ).rejects.toThrow(/append-only/);
  }
}
