import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type Databases, migrateAll, openDatabases } from './databases.js';
import { createReadinessCheck } from './readiness.js';

// Readiness must show a projector that stopped (on an event it cannot read, or not running) by
// how long the oldest event it left has waited, not only once the events pile up.

let databases: Databases | undefined;
afterAll(async () => databases?.close());

describe('readiness', () => {
  it('fails once a projection has left an event waiting too long, however few are behind', async () => {
    databases = openDatabases(await createTestDatabase('cli_readiness'));
    await migrateAll(databases);
    const limits = { maxLagEvents: 1000, maxLagSeconds: 120 };
    let now = new Date();
    const ready = createReadinessCheck(databases, limits, () => now);
    const caughtUp = await ready();
    expect(caughtUp.ready).toBe(true);
    expect(caughtUp).toMatchObject({
      projections: expect.arrayContaining([{ projection: 'tickets', behind: 0, waitedSeconds: 0, caughtUp: true }]),
    });

    // One event no projector applies.
    const [written] = await databases.store
      .append('ticket-r-1', [{ type: 'TicketOpened', data: { ticketId: 'r-1' }, schemaVersion: 1 }], {
        expectedVersion: 'no_stream',
      })
      .then(() => databases!.store.readStream('ticket-r-1'));
    now = new Date(written!.recordedAt.getTime() + 60_000);
    const waiting = await ready();
    expect(waiting.ready).toBe(true);
    expect(waiting).toMatchObject({
      projections: expect.arrayContaining([{ projection: 'tickets', behind: 1, waitedSeconds: 60, caughtUp: true }]),
    });

    now = new Date(written!.recordedAt.getTime() + 121_000);
    const stalled = await ready();
    expect(stalled.ready).toBe(false);
    expect(stalled).toMatchObject({
      projections: expect.arrayContaining([{ projection: 'tickets', behind: 1, waitedSeconds: 121, caughtUp: false }]),
    });
  });
});
