import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultApiConfig, mintToken } from '@support-engine/api';
import { createTestDatabase } from '@support-engine/servers/testing';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadRuntimeConfig } from '../config.js';
import { createGraphQLClient, mutate } from '../graphql-client.js';
import { createLogger } from '../logger.js';
import { startApi } from './api.js';
import { migrateAll, openDatabases } from './databases.js';

// Found by `support-engine chaos`: an API whose host's clock jumped 147 minutes ahead set a ticket
// waiting on the customer at that future time, so its reminders and its auto-close were due hours
// late. The API now decides at the database's time, carried forward by the monotonic clock.

const SECRET = 'x'.repeat(40);
const TWO_HOURS = 2 * 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("a process whose host's wall clock jumped", () => {
  it("decides at the database's time: the events' `at` is PostgreSQL's now, not two hours ahead", async () => {
    const url = await createTestDatabase('cli_clock_jump');
    // The host's clock two hours ahead from before the process opens its databases, as a restarted process on that host.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + TWO_HOURS);
    const databases = openDatabases(url);
    const attachmentsDir = await mkdtemp(join(tmpdir(), 'cli-clock-'));
    const databaseNow = async () =>
      (await sql<{ now: Date }>`select clock_timestamp() as now`.execute(databases.store.db)).rows[0]!.now.getTime();
    try {
      await migrateAll(databases);
      await vi.waitFor(
        async () => expect(Math.abs(databases.clock().getTime() - (await databaseNow()))).toBeLessThan(1_000),
        {
          timeout: 10_000,
        },
      );
      const runtime = loadRuntimeConfig({ DATABASE_URL: url });
      const api = await startApi({
        databases,
        config: defaultApiConfig({ environment: 'production', auth: { mode: 'hs256', secret: SECRET } }),
        logger: createLogger('silent', 'json'),
        listen: { host: '127.0.0.1', port: 0 },
        readiness: runtime.readiness,
        delivery: runtime.delivery,
        attachments: { store: runtime.attachments, defaultDir: attachmentsDir },
        metrics: { port: null, cacheMs: 60_000 },
      });
      try {
        // The token is minted on the same jumped clock the API checks it with.
        const token = await mintToken({ sub: 'customer-portal', role: 'system' }, SECRET);
        const before = await databaseNow();
        await mutate(
          createGraphQLClient(api.url),
          'openTicket',
          { ticketId: 'clock-jump', customerId: 'cust-clock', subject: 'Late', description: 'Early.', channel: 'web' },
          { token },
        );
        const after = await databaseNow();
        const events = await databases.store.readStream('ticket-clock-jump');
        expect(events.length).toBeGreaterThan(0);
        for (const event of events) {
          const at = Date.parse(String((event.data as { at: string }).at));
          expect(at).toBeGreaterThanOrEqual(before - 1_000);
          expect(at).toBeLessThanOrEqual(after + 1_000);
        }
        // The wall clock itself is still two hours ahead.
        expect(Date.now() - after).toBeGreaterThan(TWO_HOURS - 60_000);
      } finally {
        await api.app.close();
      }
    } finally {
      await databases.close();
      await rm(attachmentsDir, { recursive: true, force: true });
    }
  });
});
