import { createDispatcher, createEmailSender, type DeliveryStatus, messageIdFor } from '@support-engine/delivery';
import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, type GqlResponse } from './testing/harness.fixture.js';

// Email and push deliveries over the API: the log of one channel, and redelivery of one the
// delivery service gave up on, sent again through a real SMTP dispatcher to a mail catcher
// that first refused the mailbox (550) and then took it.

const NODE = `id channel recipient recipientKind notificationId template status attemptCount createdAt deliveredAt
  nextAttemptAt lastStatusCode lastError attempts { attempt outcome statusCode error }`;
// A literal page size: the query's cost counts each delivery's attempts.
const DELIVERIES = `query($channel: NotificationDeliveryChannel!, $status: WebhookDeliveryStatus, $recipient: ID, $after: String) {
  notificationDeliveries(channel: $channel, status: $status, recipient: $recipient, first: 2, after: $after) {
    edges { cursor node { ${NODE} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const REDELIVER = `mutation($id: ID!, $commandId: ID) {
  redeliverNotification(input: { deliveryId: $id }, commandId: $commandId) { id channel status attemptCount nextAttemptAt }
}`;
const REDELIVER_WEBHOOK = `mutation($id: ID!, $commandId: ID) {
  redeliverWebhookDelivery(input: { deliveryId: $id }, commandId: $commandId) { id status }
}`;

const MAIL_DOMAIN = 'example.test';
const DEAD_MAIL = 'notification:ticket-x:1:email:customer:c1';
const STAFF_MAIL = 'alert:ticket-x:2:email:staff:s1';
const SENDING_MAIL = 'notification:ticket-y:1:email:customer:c2';
const PUSH = 'notification:ticket-x:1:push:abc';
const WEBHOOK = 'evt_ticket-x_1:webhook:endpoint-1';

const base = new Date('2025-03-03T10:00:00.000Z');
const at = (minutes: number) => new Date(base.getTime() + minutes * 60_000);

let h: ApiHarness;
let admin: string;
let mail: RunningMailCatcher;
const fullMailboxes = new Set(['c1@example.test']);
const stopDispatcher = new AbortController();
let dispatching: Promise<void>;
let closeSender: () => Promise<void>;

function row(
  deliveryId: string,
  channel: 'email' | 'push' | 'webhook',
  recipient: string,
  person: { kind: 'customer' | 'staff'; id: string } | null,
  status: DeliveryStatus,
  minutes: number,
  extra: Record<string, unknown> = {},
) {
  return {
    delivery_id: deliveryId,
    channel,
    recipient,
    person_kind: person?.kind ?? null,
    person_id: person?.id ?? null,
    message_id: deliveryId.split(/:(?:email|push|webhook):/)[0]!,
    ordering_key: null,
    position: String(minutes),
    topic: channel === 'webhook' ? 'TicketOpened' : 'ticket.opened',
    payload: JSON.stringify({
      title: 'We received your request',
      text: 'Ticket x',
      kind: 'info',
      locale: 'en',
      ticketId: 'x',
      template: 'ticket.opened',
    }),
    status,
    attempts: status === 'pending' ? 0 : 1,
    next_attempt_at: at(minutes),
    created_at: at(minutes),
    ...extra,
  };
}

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-1');
  mail = await startMailCatcher({ refuse: (address) => fullMailboxes.has(address) });
  await h.delivery
    .insertInto('deliveries')
    .values([
      row(STAFF_MAIL, 'email', 's1@example.test', { kind: 'staff', id: 's1' }, 'delivered', 1, {
        delivered_at: at(1),
        last_status_code: 250,
      }),
      // A dispatcher holds it right now.
      row(SENDING_MAIL, 'email', 'c2@example.test', { kind: 'customer', id: 'c2' }, 'pending', 2, {
        lease_until: new Date(Date.now() + 3_600_000),
        attempts: 1,
      }),
      row(DEAD_MAIL, 'email', 'c1@example.test', { kind: 'customer', id: 'c1' }, 'pending', 3),
      row(PUSH, 'push', 'https://push.example.test/sub/abc', { kind: 'customer', id: 'c1' }, 'dead', 4),
      row(WEBHOOK, 'webhook', 'endpoint-1', null, 'dead', 5),
    ])
    .execute();
  const sender = createEmailSender({
    smtpUrl: `smtp://127.0.0.1:${mail.smtpPort}`,
    from: 'Support <support@example.test>',
    messageIdDomain: MAIL_DOMAIN,
    timeoutMs: 5_000,
    maxConnections: 1,
  });
  closeSender = async () => sender.close?.();
  dispatching = createDispatcher({
    db: h.delivery,
    sender,
    retry: { baseMs: 10, capMs: 10, giveUpAfterMs: 60_000 },
    logger: pino({ level: 'silent' }),
    concurrency: 2,
    perRecipient: 1,
    leaseMs: 5_000,
    pollIntervalMs: 20,
  }).run(stopDispatcher.signal);
});
afterAll(async () => {
  stopDispatcher.abort();
  await dispatching;
  await closeSender?.();
  await mail?.stop();
  await h?.close();
});

async function statusOf(deliveryId: string) {
  const found = await h.delivery
    .selectFrom('deliveries')
    .select(['status', 'attempts'])
    .where('delivery_id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  return found.status;
}

interface Page {
  edges: { cursor: string; node: Record<string, unknown> }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const page = async (variables: Record<string, unknown>) =>
  field<Page>(await h.gql(DELIVERIES, { channel: 'email', ...variables }, admin), 'notificationDeliveries');
const ids = (listed: Page) => listed.edges.map((edge) => edge.node.id);

describe('the email and push delivery log', () => {
  it('lists the email the mail server refused as dead, with its attempt, and whom it is for by id only', async () => {
    // The mailbox is full: the server's 550 is permanent, so the delivery is given up at once.
    await expect.poll(() => statusOf(DEAD_MAIL), { timeout: 20_000 }).toBe('dead');
    const dead = await page({ status: 'dead' });
    expect(ids(dead)).toEqual([DEAD_MAIL]);
    const node = dead.edges[0]!.node;
    expect(node).toMatchObject({
      channel: 'email',
      recipient: 'c1',
      recipientKind: 'customer',
      notificationId: 'notification:ticket-x:1',
      template: 'ticket.opened',
      status: 'dead',
      attemptCount: 1,
      deliveredAt: null,
      nextAttemptAt: null,
      lastStatusCode: 550,
      attempts: [{ attempt: 1, outcome: 'failed', statusCode: 550 }],
    });
    expect(node.lastError).toMatch(/Mailbox unavailable/);
    // Neither the address nor the message shows.
    expect(JSON.stringify(node)).not.toMatch(/@example\.test|We received your request/);
  });

  it("lists one channel's deliveries newest first, page by page, all or one person's", async () => {
    const first = await page({});
    expect(ids(first)).toEqual([DEAD_MAIL, SENDING_MAIL]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page({ after: first.pageInfo.endCursor });
    expect(ids(second)).toEqual([STAFF_MAIL]);
    expect(second.edges[0]!.node).toMatchObject({ recipient: 's1', recipientKind: 'staff', status: 'delivered' });
    expect(second.pageInfo.hasNextPage).toBe(false);

    expect(ids(await page({ recipient: 's1' }))).toEqual([STAFF_MAIL]);
    expect(ids(await page({ recipient: 'c1', channel: 'push' }))).toEqual([PUSH]);
    expect(ids(await page({ recipient: 'nobody' }))).toEqual([]);
  });

  it('refuses a cursor it did not hand out', async () => {
    expect(codes(await h.gql(DELIVERIES, { channel: 'email', after: 'nope' }, admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('is for admins only', async () => {
    const supervisor = await h.token('supervisor', 'sup-1');
    for (const response of [
      await h.gql(DELIVERIES, { channel: 'email' }, supervisor),
      await h.gql(REDELIVER, { id: DEAD_MAIL }, supervisor),
    ])
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
    expect(await statusOf(DEAD_MAIL)).toBe('dead');
  });
});

describe('redelivering an email or push notification', () => {
  it('sends the dead email again, once, with the same id, and a repeated commandId sends nothing more', async () => {
    fullMailboxes.clear();
    const first = await h.gql(REDELIVER, { id: DEAD_MAIL, commandId: 'resend-1' }, admin);
    expect(field(first, 'redeliverNotification')).toMatchObject({
      id: DEAD_MAIL,
      channel: 'email',
      status: 'pending',
      attemptCount: 1,
    });
    const [sent] = await mail.waitFor((all) => all.length === 1, 20_000);
    expect(sent).toMatchObject({
      to: ['c1@example.test'],
      messageId: messageIdFor(DEAD_MAIL, MAIL_DOMAIN),
      headers: { 'x-support-notification': 'notification:ticket-x:1' },
    });
    await expect.poll(() => statusOf(DEAD_MAIL), { timeout: 20_000 }).toBe('delivered');
    const [listed] = (await page({ status: 'delivered', recipient: 'c1' })).edges;
    expect(listed!.node).toMatchObject({
      id: DEAD_MAIL,
      attemptCount: 2,
      lastStatusCode: 250,
      attempts: [
        { attempt: 1, outcome: 'failed', statusCode: 550 },
        { attempt: 2, outcome: 'delivered', statusCode: 250 },
      ],
    });

    // The answer was lost and the request is sent again: it answers the first answer and leaves
    // the delivered mail as it is (a second redelivery would make it pending again at once).
    const again: GqlResponse = await h.gql(REDELIVER, { id: DEAD_MAIL, commandId: 'resend-1' }, admin);
    expect(again).toEqual(first);
    expect(await statusOf(DEAD_MAIL)).toBe('delivered');
    expect(mail.messages()).toHaveLength(1);
    expect(mail.duplicates()).toBe(0);
  });

  it('refuses one a dispatcher is sending, one that does not exist, and a webhook delivery', async () => {
    expect(codes(await h.gql(REDELIVER, { id: SENDING_MAIL }, admin))).toEqual(['DELIVERY_IN_FLIGHT']);
    expect(codes(await h.gql(REDELIVER, { id: 'no-such-delivery' }, admin))).toEqual(['DELIVERY_NOT_FOUND']);
    expect(codes(await h.gql(REDELIVER, { id: WEBHOOK }, admin))).toEqual(['DELIVERY_NOT_FOUND']);
    // And the webhook mutation still knows no email delivery.
    expect(codes(await h.gql(REDELIVER_WEBHOOK, { id: STAFF_MAIL }, admin))).toEqual(['DELIVERY_NOT_FOUND']);
    expect(await statusOf(WEBHOOK)).toBe('dead');
    expect(await statusOf(STAFF_MAIL)).toBe('delivered');
  });

  it('redelivers a push delivery, and holds a commandId to the delivery and the mutation it first served', async () => {
    const pushed = await h.gql(REDELIVER, { id: PUSH, commandId: 'resend-push' }, admin);
    expect(field(pushed, 'redeliverNotification')).toMatchObject({ id: PUSH, channel: 'push', status: 'pending' });
    expect(codes(await h.gql(REDELIVER, { id: STAFF_MAIL, commandId: 'resend-push' }, admin))).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    expect(await statusOf(STAFF_MAIL)).toBe('delivered');

    const webhook = await h.gql(REDELIVER_WEBHOOK, { id: WEBHOOK, commandId: 'resend-hook' }, admin);
    expect(field(webhook, 'redeliverWebhookDelivery')).toMatchObject({ id: WEBHOOK, status: 'pending' });
    expect(codes(await h.gql(REDELIVER, { id: WEBHOOK, commandId: 'resend-hook' }, admin))).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
  });
});
