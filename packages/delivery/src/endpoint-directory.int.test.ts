import { advanceCheckpoint, checkpointOfRow } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointEntry } from './directory.js';
import { directoryEndpointIds } from './endpoint-directory.js';
import type { DeliveryDb } from './outbox.js';
import { createOutboxDb } from './testing/outbox-db.fixture.js';

const endpoint = (endpointId: string, extra: Partial<EndpointEntry> = {}): EndpointEntry => ({
  endpointId,
  url: `http://hooks.example/${endpointId}`,
  eventTypes: ['*'],
  enabled: true,
  secretVersion: 1,
  ...extra,
});

describe("the directory's endpoints", () => {
  let db: DeliveryDb;

  beforeAll(async () => {
    ({ db } = await createOutboxDb('endpoint_directory'));
    const row = (notifier: string, kind: string, key: string, value: unknown) => ({
      notifier,
      kind,
      key,
      row: JSON.stringify(value),
    });
    await db
      .insertInto('delivery_directory')
      .values([
        row('main', 'endpoint', 'ep-b', endpoint('ep-b')),
        row('main', 'endpoint', 'ep-a', endpoint('ep-a', { deleted: true })),
        row('main', 'customer', 'cust-1', { customerId: 'cust-1' }),
        row('other', 'endpoint', 'ep-c', endpoint('ep-c', { enabled: false })),
      ])
      .execute();
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it("lists one notifier's endpoint ids, deleted ones too, sorted, and nothing else of its directory", async () => {
    expect((await directoryEndpointIds(db, 'main')).ids).toEqual(['ep-a', 'ep-b']);
    expect((await directoryEndpointIds(db, 'other')).ids).toEqual(['ep-c']);
    expect((await directoryEndpointIds(db, 'none')).ids).toEqual([]);
  });

  it('tells the checkpoint the directory stands at: the start of the log before the notifier saved one', async () => {
    expect((await directoryEndpointIds(db, 'main')).checkpoint).toEqual(checkpointOfRow(undefined));
    const start = checkpointOfRow(undefined);
    expect(
      await advanceCheckpoint(db, 'delivery_checkpoints', 'main', start, { transactionId: 42n, globalPosition: 7n }),
    ).toBe(true);
    expect((await directoryEndpointIds(db, 'main')).checkpoint).toEqual({ transactionId: 42n, globalPosition: 7n });
    expect((await directoryEndpointIds(db, 'other')).checkpoint).toEqual(checkpointOfRow(undefined));
  });
});
