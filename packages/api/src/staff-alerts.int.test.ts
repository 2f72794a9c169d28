import { streamId } from '@support-engine/domain';
import { inboxDbOf, saveStaffNotifications } from '@support-engine/inbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field, VAPID_PUBLIC_KEY } from './testing/harness.fixture.js';
import { PUSH_SUBSCRIPTION } from './testing/operations.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';
import { staffAlertRow } from './testing/staff-inbox.fixture.js';

// The staff side of notification delivery over the API: alert profiles, push subscriptions on
// the caller's own stream, the staff inbox, and the VAPID key browsers subscribe with.

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => h?.close());

const PROFILE = `mutation($input: SetStaffProfileInput!) { setStaffProfile(input: $input) { id version } }`;
const REGISTER_PUSH = `mutation($input: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $input) { id version } }`;
const REMOVE_PUSH = `mutation($input: RemovePushSubscriptionInput!) { removePushSubscription(input: $input) { id version } }`;
const INBOX = `query($after: String) { staffNotifications(first: 2, after: $after) {
  edges { cursor node { id ticketId chatId kind template title text createdAt } } pageInfo { hasNextPage endCursor } } }`;

const typesOf = async (category: 'staff' | 'customer', id: string) =>
  (await h.store.readStream(streamId(category, id))).map((event) => event.type);

describe('staff profiles', () => {
  it("sets the caller's own profile when no staff id is given", async () => {
    const agent = await h.token('agent', 'agent-p1');
    const set = await h.gql(
      PROFILE,
      { input: { name: 'Pat', email: 'pat@example.com', channels: ['web', 'email'] } },
      agent,
    );
    expect(field<{ id: string }>(set, 'setStaffProfile').id).toBe('agent-p1');
    expect(await typesOf('staff', 'agent-p1')).toEqual(['StaffProfileSet']);
  });

  it('leaves alert groups and other staff members to leads (the domain decides)', async () => {
    const agent = await h.token('agent', 'agent-p2');
    expect(codes(await h.gql(PROFILE, { input: { name: 'Kim', groups: ['on_call'] } }, agent))).toEqual(['FORBIDDEN']);
    expect(codes(await h.gql(PROFILE, { input: { staffId: 'agent-p1', name: 'Pat' } }, agent))).toEqual(['FORBIDDEN']);
    const lead = await h.token('supervisor', 'sup-p');
    const set = await h.gql(PROFILE, { input: { staffId: 'agent-p2', name: 'Kim', groups: ['on_call'] } }, lead);
    expect(field<{ id: string }>(set, 'setStaffProfile').id).toBe('agent-p2');
  });

  it('keeps the time zone alerts show times in, and refuses one the time-zone database does not know', async () => {
    const agent = await h.token('agent', 'agent-p3');
    const unknown = await h.gql(PROFILE, { input: { name: 'Lou', timeZone: 'Europe/Atlantis' } }, agent);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_TIME_ZONE' });
    expect(await typesOf('staff', 'agent-p3')).toEqual([]);
    const set = await h.gql(PROFILE, { input: { name: 'Lou', timeZone: 'america/new_york' } }, agent);
    expect(field<{ id: string }>(set, 'setStaffProfile').id).toBe('agent-p3');
    const [event] = await h.store.readStream(streamId('staff', 'agent-p3'));
    expect(event?.data).toMatchObject({ name: 'Lou', timeZone: 'America/New_York' });
  });

  it('refuses customers and auditors by the policy', async () => {
    for (const role of ['customer', 'auditor'] as const) {
      const response = await h.gql(PROFILE, { input: { name: 'X' } }, await h.token(role, `${role}-p`));
      expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
      const read = await h.gql('{ myStaffProfile { staffId } }', {}, await h.token(role, `${role}-p`));
      expect(read.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
    }
  });

  it("reads the caller's own profile at once after a change, null before the first", async () => {
    const MINE = '{ myStaffProfile { staffId name email language timeZone channels groups } }';
    const lead = await h.token('supervisor', 'sup-mine');
    expect(await h.gql(MINE, {}, lead)).toMatchObject({ data: { myStaffProfile: null } });
    await h.gql(
      PROFILE,
      {
        input: {
          name: 'Sam Lead',
          email: 'sam@example.com',
          language: 'fr',
          timeZone: 'europe/paris',
          channels: ['web', 'email'],
          groups: ['supervisors'],
        },
      },
      lead,
    );
    expect(field(await h.gql(MINE, {}, lead), 'myStaffProfile')).toEqual({
      staffId: 'sup-mine',
      name: 'Sam Lead',
      email: 'sam@example.com',
      language: 'fr',
      timeZone: 'Europe/Paris',
      // Kept in a canonical order.
      channels: ['email', 'web'],
      groups: ['supervisors'],
    });
    // Another's profile is not the caller's: an agent reads their own (none yet), never the lead's.
    expect(await h.gql(MINE, {}, await h.token('agent', 'agent-mine'))).toMatchObject({
      data: { myStaffProfile: null },
    });
  });
});

describe('push subscriptions', () => {
  it("go to a customer's own stream, and again is a no-op", async () => {
    const customer = await h.token('customer', 'cust-push');
    const first = await h.gql(REGISTER_PUSH, { input: PUSH_SUBSCRIPTION }, customer);
    expect(field<{ id: string }>(first, 'registerPushSubscription').id).toBe('cust-push');
    await h.gql(REGISTER_PUSH, { input: PUSH_SUBSCRIPTION }, customer);
    expect(await typesOf('customer', 'cust-push')).toEqual(['CustomerPushSubscribed']);
    await h.gql(REMOVE_PUSH, { input: { endpoint: PUSH_SUBSCRIPTION.endpoint } }, customer);
    expect(await typesOf('customer', 'cust-push')).toEqual(['CustomerPushSubscribed', 'CustomerPushUnsubscribed']);
  });

  it("show readers of the log the push service only, never the browser's capability URL or keys", async () => {
    const customer = await h.token('customer', 'cust-push-audit');
    await h.gql(REGISTER_PUSH, { input: PUSH_SUBSCRIPTION }, customer);
    await h.gql(REMOVE_PUSH, { input: { endpoint: PUSH_SUBSCRIPTION.endpoint } }, customer);
    const read = await h.gql(
      `query($id: String!) { streamEvents(streamId: $id) { type data } }`,
      { id: 'customer-cust-push-audit' },
      await h.token('auditor', 'aud-push'),
    );
    const events = field<{ type: string; data: Record<string, unknown> }[]>(read, 'streamEvents');
    const origin = `${new URL(PUSH_SUBSCRIPTION.endpoint).origin}/…`;
    expect(events.map((event) => event.type)).toEqual(['CustomerPushSubscribed', 'CustomerPushUnsubscribed']);
    expect(events[0]!.data.subscription).toEqual({ endpoint: origin });
    expect(events[1]!.data.endpoint).toBe(origin);
    expect(JSON.stringify(events)).not.toContain(PUSH_SUBSCRIPTION.keys.auth);
  });

  it("go to a staff member's own stream", async () => {
    const agent = await h.token('agent', 'agent-push');
    const response = await h.gql(REGISTER_PUSH, { input: PUSH_SUBSCRIPTION }, agent);
    expect(field<{ id: string }>(response, 'registerPushSubscription').id).toBe('agent-push');
    expect(await typesOf('staff', 'agent-push')).toEqual(['StaffPushSubscribed']);
  });

  it.each([
    ['a short p256dh key', { ...PUSH_SUBSCRIPTION, keys: { ...PUSH_SUBSCRIPTION.keys, p256dh: 'AAAA' } }],
    ['a padded auth key', { ...PUSH_SUBSCRIPTION, keys: { ...PUSH_SUBSCRIPTION.keys, auth: `${'A'.repeat(22)}==` } }],
    ['another scheme', { ...PUSH_SUBSCRIPTION, endpoint: 'javascript:alert(1)' }],
    ['an oversized endpoint', { ...PUSH_SUBSCRIPTION, endpoint: `https://push.example/${'a'.repeat(2048)}` }],
  ])('refuse %s and write nothing', async (_case, input) => {
    const before = await h.eventCount();
    expect(codes(await h.gql(REGISTER_PUSH, { input }, await h.token('customer', 'cust-bad')))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await h.eventCount()).toBe(before);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:8080/internal-admin'],
    ['loopback, mapped into IPv6', 'https://[::ffff:7f00:1]/push'],
    ['loopback, by name', 'http://localhost:9000/push'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'https://10.0.0.5/push'],
  ])('refuse an endpoint leading to %s with PUSH_ENDPOINT_NOT_ALLOWED, and write nothing', async (_case, endpoint) => {
    const before = await h.eventCount();
    const response = await h.gql(
      REGISTER_PUSH,
      { input: { ...PUSH_SUBSCRIPTION, endpoint } },
      await h.token('customer', 'cust-ssrf'),
    );
    expect(codes(response)).toEqual(['PUSH_ENDPOINT_NOT_ALLOWED']);
    expect(await h.eventCount()).toBe(before);
  });

  it('refuse an eleventh subscription with PUSH_SUBSCRIPTION_LIMIT_REACHED', async () => {
    const customer = await h.token('customer', 'cust-many');
    for (let i = 0; i < 10; i++) {
      const input = { ...PUSH_SUBSCRIPTION, endpoint: `https://push.example/send/${i}` };
      expect((await h.gql(REGISTER_PUSH, { input }, customer)).errors).toBeUndefined();
    }
    const input = { ...PUSH_SUBSCRIPTION, endpoint: 'https://push.example/send/11' };
    expect(codes(await h.gql(REGISTER_PUSH, { input }, customer))).toEqual(['PUSH_SUBSCRIPTION_LIMIT_REACHED']);
  });

  it('are subscribed with the deployment VAPID key', async () => {
    const response = await h.gql('{ vapidPublicKey }', {}, await h.token('customer', 'cust-push'));
    expect(response.data?.vapidPublicKey).toBe(VAPID_PUBLIC_KEY);
  });
});

describe('the staff inbox', () => {
  beforeAll(async () => {
    await inboxDbOf(h.delivery)
      .insertInto('staff_notifications')
      .values([
        staffAlertRow('alert:1', 'agent-in', 1),
        staffAlertRow('alert:2', 'agent-in', 2),
        staffAlertRow('alert:3', 'agent-in', 3),
        staffAlertRow('alert:2', 'agent-other', 4),
      ])
      .execute();
  });

  interface Inbox {
    edges: { node: { id: string; title: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }

  it("shows only the caller's alerts, newest first, page by page", async () => {
    const agent = await h.token('agent', 'agent-in');
    const first = field<Inbox>(await h.gql(INBOX, {}, agent), 'staffNotifications');
    expect(first.edges.map((e) => e.node.id)).toEqual(['alert:3', 'alert:2']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = field<Inbox>(await h.gql(INBOX, { after: first.pageInfo.endCursor }, agent), 'staffNotifications');
    expect(second.edges.map((e) => e.node.id)).toEqual(['alert:1']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Its cursor pages this inbox only: the ticket list refuses it rather than paging on from it.
    const tickets = 'query($a: String) { tickets(after: $a) { nextCursor } }';
    expect(codes(await h.gql(tickets, { a: first.pageInfo.endCursor }, agent))).toEqual(['BAD_USER_INPUT']);
    const other = field<Inbox>(
      await h.gql(INBOX, {}, await h.token('supervisor', 'agent-other')),
      'staffNotifications',
    );
    expect(other.edges.map((e) => e.node.id)).toEqual(['alert:2']);
  });

  it("names the chat a chat's alert is about, and the ticket a ticket's", async () => {
    await inboxDbOf(h.delivery)
      .insertInto('staff_notifications')
      .values({
        notification_id: 'alert:chat-c7:6',
        staff_id: 'sup-chat',
        ticket_id: null,
        chat_id: 'c7',
        kind: 'warning',
        template: 'staff.csat.low.chat',
        title: 'Low satisfaction rating',
        text: 'A customer rated chat c7 2 out of 5. Comment: —',
        created_at: new Date(Date.UTC(2025, 2, 3, 11, 0)),
      })
      .execute();
    const inbox = (token: string) =>
      h
        .gql(INBOX, {}, token)
        .then((response) =>
          field<{ edges: { node: { ticketId: string | null; chatId: string | null } }[] }>(
            response,
            'staffNotifications',
          ).edges.map((e) => ({ ticketId: e.node.ticketId, chatId: e.node.chatId })),
        );
    expect(await inbox(await h.token('supervisor', 'sup-chat'))).toEqual([{ ticketId: null, chatId: 'c7' }]);
    expect((await inbox(await h.token('agent', 'agent-in')))[0]).toEqual({ ticketId: 'ticket-9', chatId: null });
  });

  it('is not for customers', async () => {
    const response = await h.gql(INBOX, {}, await h.token('customer', 'agent-in'));
    expect(response.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
  });
});

describe('staffNotificationsChanged', () => {
  const CHANGED = 'subscription { staffNotificationsChanged { unreadCount } }';
  const alert = (n: number) => ({
    notificationId: `alert:live-${n}`,
    staffId: 'agent-live',
    ticketId: 'ticket-9',
    chatId: null,
    kind: 'warning',
    template: 'staff.sla.warning',
    title: `Live ${n}`,
    text: 'First response due soon',
    createdAt: new Date(Date.UTC(2025, 2, 3, 12, n)),
  });

  it("tells a staff member's open desks of each change of their alerts, with the unread count; none of another's", async () => {
    const agent = await h.token('agent', 'agent-live');
    const base = await listen(h.app);
    const changes = await subscribe(base, CHANGED, {}, agent);
    try {
      // Another's alert is not told here; Ada's own are, once saved (no acknowledgement tells when
      // a subscription is live: alerts are saved until one is told of).
      await saveStaffNotifications(h.delivery, [{ ...alert(0), staffId: 'agent-elsewhere' }]);
      let n = 0;
      const poke = setInterval(() => {
        n += 1;
        void saveStaffNotifications(h.delivery, [alert(n)]);
      }, 200);
      const told = await changes.next().finally(() => clearInterval(poke));
      const unread = (told.data!.staffNotificationsChanged as { unreadCount: number }).unreadCount;
      expect(unread).toBeGreaterThan(0);
      expect(unread).toBeLessThanOrEqual(n);
      // Read in another window: this one is told the count fell to none.
      const read = await h.gql('mutation { markNotificationsRead(input: { all: true }) { unreadCount } }', {}, agent);
      expect(read.errors).toBeUndefined();
      for (;;) {
        const next = await changes.next();
        if ((next.data!.staffNotificationsChanged as { unreadCount: number }).unreadCount === 0) break;
      }
    } finally {
      changes.close();
    }
  });
});
