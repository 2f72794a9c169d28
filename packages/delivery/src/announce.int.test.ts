import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningWebhookReceiver, startWebhookReceiver } from '@support-engine/servers';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redeliver } from './outbox.js';
import { webhookSecret } from './secrets.js';
import { ADMIN, createDesk, type Desk, runDeskDelivery, testDeliveryConfig } from './testing/desk.fixture.js';

// Two delivery processes on one database, as with two workers: the first holds the notifier and
// sends no webhooks; the second sends webhooks and, polling only once a minute, hears of new
// deliveries from the first one's announcements (and from a redelivery, which the API makes).

const KEY = Buffer.alloc(32, 9);
// A poll this long would leave every webhook of this test waiting far past its timeout.
const POLL_MS = 120_000;
const PROMPT_MS = 10_000;

/** Waits until a notifier holds its advisory lock on the desk's database. */
async function notifierLockHeld(desk: Desk): Promise<void> {
  for (const deadline = Date.now() + PROMPT_MS; Date.now() < deadline; await sleep(50)) {
    const { rows } = await sql<{ held: number }>`
      select count(*)::int as held from pg_locks
       where locktype = 'advisory' and granted
         and database = (select oid from pg_database where datname = current_database())`.execute(desk.db);
    if (rows[0]!.held > 0) return;
  }
  throw new Error(`no notifier took its lock within ${PROMPT_MS} ms`);
}

describe('dispatchers in another process than the notifier', () => {
  let desk: Desk;
  let hooks: RunningWebhookReceiver;
  const running = new AbortController();
  const services: Promise<void>[] = [];

  beforeAll(async () => {
    desk = await createDesk('delivery_announce');
    hooks = await startWebhookReceiver({ secrets: () => webhookSecret(KEY, 'crm', 1) });
    const base = { smtpPort: 1, key: KEY, timeoutMs: 2_000 };
    // The planner: takes the notifier's lock first; no email, no webhooks of its own.
    services.push(runDeskDelivery(desk, testDeliveryConfig(base, { email: null, webhooks: null }), running.signal));
    await notifierLockHeld(desk);
    // The sender: its notifier stands by; its webhook dispatcher would poll once every two minutes.
    services.push(
      runDeskDelivery(
        desk,
        testDeliveryConfig(base, { email: null, pollIntervalMs: POLL_MS, leaseMs: 3 * POLL_MS }),
        running.signal,
      ),
    );
  });

  afterAll(async () => {
    running.abort();
    await Promise.all(services);
    await hooks?.stop();
    await desk?.close();
  });

  it('are woken by the notifier wherever it runs, and by a redelivery', async () => {
    await desk.run(
      'webhook',
      'crm',
      {
        type: 'RegisterWebhookEndpoint',
        data: { endpointId: 'crm', url: `${hooks.url}/hooks/crm`, eventTypes: ['TicketOpened'] },
      },
      ADMIN,
    );
    await desk.openTicket('t1', 'cara');
    await hooks.waitFor((state) => state.events.length === 1, PROMPT_MS);

    const delivered = async () =>
      await desk.db.selectFrom('deliveries').select(['delivery_id', 'message_id', 'status']).executeTakeFirstOrThrow();
    await expect.poll(async () => (await delivered()).status).toBe('delivered');
    const { delivery_id, message_id } = await delivered();
    expect(await redeliver(desk.db, 'webhook', delivery_id)).toBe('scheduled');
    await hooks.waitFor((state) => state.requests.length === 2, PROMPT_MS);
    expect(hooks.requests().map((r) => r.webhookId)).toEqual([message_id, message_id]);
  });
});
