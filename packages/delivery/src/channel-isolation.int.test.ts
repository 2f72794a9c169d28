import {
  freePort,
  type RunningMailCatcher,
  type RunningWebhookReceiver,
  startMailCatcher,
  startWebhookReceiver,
} from '@support-engine/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhookSecret } from './secrets.js';
import { ADMIN, createDesk, type Desk, runDeskDelivery, SYSTEM, testDeliveryConfig } from './testing/desk.fixture.js';

// Three webhook endpoints misbehave at once: one is down (connection refused), one answers 500,
// one answers only after the send's timeout. A healthy endpoint and the customers' mail must
// flow as if nothing were wrong: each channel has its own dispatcher, and a failing endpoint
// holds at most its own share of the webhook slots, then waits out its backoff without a slot.

const KEY = Buffer.alloc(32, 5);
const TICKETS = 12;
const TIMEOUT_MS = 2_000;
// Far below a failing endpoint's first retry (5 s, less 20 % jitter) or its timeout.
const PROMPT_MS = 1_500;

describe('a failing webhook endpoint', () => {
  let desk: Desk;
  let mail: RunningMailCatcher;
  let healthy: RunningWebhookReceiver;
  let failing: RunningWebhookReceiver;
  let slow: RunningWebhookReceiver;
  let downUrl: string;
  const running = new AbortController();
  let service: Promise<void>;

  beforeAll(async () => {
    desk = await createDesk('delivery_isolation');
    mail = await startMailCatcher();
    const secrets = (path: string) => webhookSecret(KEY, path.slice('/hooks/'.length), 1);
    healthy = await startWebhookReceiver({ secrets });
    failing = await startWebhookReceiver({ secrets, respond: () => ({ status: 500 }) });
    slow = await startWebhookReceiver({ secrets, respond: () => ({ status: 204, delayMs: TIMEOUT_MS * 3 }) });
    // A port nothing listens on: connections are refused.
    downUrl = `http://127.0.0.1:${await freePort()}`;
    const config = testDeliveryConfig(
      { smtpPort: mail.smtpPort, key: KEY, timeoutMs: TIMEOUT_MS },
      // Few slots, one per endpoint: the three bad endpoints could take all but one.
      { concurrency: 4, perRecipient: 1 },
    );
    service = runDeskDelivery(desk, config, running.signal);
  });

  afterAll(async () => {
    running.abort();
    await service;
    await Promise.all([mail?.stop(), healthy?.stop(), failing?.stop(), slow?.stop()]);
    await desk?.close();
  });

  it('never holds up a healthy endpoint or the email channel', async () => {
    const endpoints = { healthy: healthy.url, failing: failing.url, slow: slow.url, down: downUrl };
    for (const [endpointId, origin] of Object.entries(endpoints)) {
      await desk.run(
        'webhook',
        endpointId,
        {
          type: 'RegisterWebhookEndpoint',
          data: { endpointId, url: `${origin}/hooks/${endpointId}`, eventTypes: ['TicketOpened'] },
        },
        ADMIN,
      );
    }
    await desk.run(
      'customer',
      'cara',
      {
        type: 'RegisterCustomer',
        data: { customerId: 'cara', name: 'Cara', email: 'cara@example.test', deliveryPreference: 'email_only' },
      },
      SYSTEM,
    );
    for (let n = 0; n < TICKETS; n++) {
      await desk.openTicket(`i${n}`, 'cara');
    }

    await mail.waitFor((all) => all.length === TICKETS, 20_000);
    await healthy.waitFor((state) => state.events.length === TICKETS, 20_000);
    // The bad endpoints have been tried meanwhile, each in its own way.
    await expect
      .poll(
        async () =>
          (
            await desk.db
              .selectFrom('delivery_attempts')
              .select(['delivery_id', 'outcome', 'status_code', 'error'])
              .where('outcome', 'is not', null)
              .where('delivery_id', 'not like', '%:webhook:healthy')
              .where('delivery_id', 'like', '%:webhook:%')
              .execute()
          )
            .map((a) => `${a.delivery_id.split(':webhook:')[1]} ${a.outcome} ${a.status_code ?? a.error}`)
            .map((line) => line.replace(/ connect ECONNREFUSED .*/, ' refused'))
            .filter((line, i, all) => all.indexOf(line) === i)
            .sort(),
        { timeout: 20_000, interval: 100 },
      )
      .toEqual(['down failed refused', 'failing failed 500', `slow timeout no answer within ${TIMEOUT_MS} ms`]);

    // Every mail and every healthy webhook went out promptly: none waited for a bad endpoint's
    // timeout or backoff.
    const served = await desk.db
      .selectFrom('deliveries')
      .select(['delivery_id', 'channel', 'status', 'created_at', 'delivered_at'])
      .where((eb) => eb.or([eb('channel', '=', 'email'), eb('recipient', '=', 'healthy')]))
      .execute();
    expect(served).toHaveLength(TICKETS * 2);
    for (const delivery of served) {
      expect(delivery.status).toBe('delivered');
      expect(delivery.delivered_at!.getTime() - delivery.created_at.getTime()).toBeLessThan(PROMPT_MS);
    }
    // The bad endpoints' deliveries wait for their retries; nothing of theirs was delivered.
    const bad = await desk.db
      .selectFrom('deliveries')
      .select('status')
      .where('channel', '=', 'webhook')
      .where('recipient', '<>', 'healthy')
      .execute();
    expect(bad).toHaveLength(TICKETS * 3);
    expect(bad.every((row) => row.status === 'pending')).toBe(true);
  });
});
