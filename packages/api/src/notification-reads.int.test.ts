import { inboxDbOf } from '@support-engine/inbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';
import { staffAlertRow } from './testing/staff-inbox.fixture.js';

// Readers working their in-app inbox: unread counts, and notifications marked read one by one or
// all at once, each reader's own only (a customer's notifications, a staff member's alerts).

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => h?.close());

const MARK = 'mutation($i: MarkNotificationsReadInput!) { markNotificationsRead(input: $i) { marked unreadCount } }';

interface Marked {
  marked: number;
  unreadCount: number;
}

const mark = async (input: Record<string, unknown>, token: string) =>
  field<Marked>(await h.gql(MARK, { i: input }, token), 'markNotificationsRead');

describe("a customer's inbox", () => {
  const INBOX =
    'query($t: String) { myNotifications(consistencyToken: $t) { items { id template readAt } unreadCount } }';
  interface Inbox {
    items: { id: string; template: string; readAt: string | null }[];
    unreadCount: number;
  }
  const inbox = async (token: string, consistencyToken?: string) =>
    field<Inbox>(await h.gql(INBOX, { t: consistencyToken }, token), 'myNotifications');
  const open = async (token: string, customerId: string, subject: string) =>
    field<{ consistencyToken: string }>(
      await h.gql(
        'mutation($c: ID!, $s: String!) { openTicket(input: { customerId: $c, subject: $s, description: "x", channel: web }) { consistencyToken } }',
        { c: customerId, s: subject },
        token,
      ),
      'openTicket',
    ).consistencyToken;

  it('counts what is unread, and marks notifications read one by one, then all; only their own', async () => {
    const ines = await h.token('customer', 'cust-ines');
    const omar = await h.token('customer', 'cust-omar');
    await open(ines, 'cust-ines', 'Invoice missing');
    const last = await open(ines, 'cust-ines', 'Cannot sign in');
    const omars = await inbox(omar, await open(omar, 'cust-omar', 'Refund'));
    const before = await inbox(ines, last);
    expect(before.items.map((n) => [n.template, n.readAt])).toEqual([
      ['ticket.opened', null],
      ['ticket.opened', null],
    ]);
    expect(before.unreadCount).toBe(2);

    const [newest, oldest] = before.items.map((n) => n.id);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    // Another customer's notification is passed over, not marked and not refused.
    expect(await mark({ notificationIds: [newest, omars.items[0]!.id, 'no-such'] }, ines)).toEqual({
      marked: 1,
      unreadCount: 1,
    });
    const after = await inbox(ines);
    expect(after.items.map((n) => n.readAt)).toEqual([h.clock.now.toISOString(), null]);
    expect((await inbox(omar)).unreadCount).toBe(1);

    const readAt = after.items[0]!.readAt;
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    expect(await mark({ all: true }, ines)).toEqual({ marked: 1, unreadCount: 0 });
    const all = await inbox(ines);
    // One read already keeps the time it was read.
    expect(all.items.map((n) => [n.id, n.readAt])).toEqual([
      [newest, readAt],
      [oldest, h.clock.now.toISOString()],
    ]);
    expect(await mark({ all: true }, ines)).toEqual({ marked: 0, unreadCount: 0 });
    // A new notification comes in unread.
    expect((await inbox(ines, await open(ines, 'cust-ines', 'Again'))).unreadCount).toBe(1);
  });
});

describe("a staff member's inbox", () => {
  const INBOX = '{ staffNotifications { edges { node { id readAt } } unreadCount } }';
  interface Inbox {
    edges: { node: { id: string; readAt: string | null } }[];
    unreadCount: number;
  }

  beforeAll(async () => {
    await inboxDbOf(h.delivery)
      .insertInto('staff_notifications')
      .values([
        staffAlertRow('alert:1', 'agent-r', 1),
        staffAlertRow('alert:2', 'agent-r', 2),
        staffAlertRow('alert:2', 'sup-r', 3),
      ])
      .execute();
  });

  it('marks alerts read for the caller alone', async () => {
    const agent = await h.token('agent', 'agent-r');
    const lead = await h.token('supervisor', 'sup-r');
    const inbox = async (token: string) => field<Inbox>(await h.gql(INBOX, {}, token), 'staffNotifications');
    expect((await inbox(agent)).unreadCount).toBe(2);
    expect(await mark({ notificationIds: ['alert:2'] }, agent)).toEqual({ marked: 1, unreadCount: 1 });
    expect((await inbox(agent)).edges.map((e) => [e.node.id, e.node.readAt !== null])).toEqual([
      ['alert:2', true],
      ['alert:1', false],
    ]);
    // The supervisor's copy of the same alert is theirs to read.
    expect((await inbox(lead)).unreadCount).toBe(1);
    expect(await mark({ all: true }, agent)).toEqual({ marked: 1, unreadCount: 0 });
    expect((await inbox(lead)).unreadCount).toBe(1);
  });
});

describe('refusals', () => {
  it('takes named notifications or all of them, not both nor neither, and only from inbox readers', async () => {
    const customer = await h.token('customer', 'cust-refused');
    const ids = Array.from({ length: 101 }, (_, i) => `n${i}`);
    for (const input of [{}, { notificationIds: ['a'], all: true }, { notificationIds: [] }, { notificationIds: ids }])
      expect(codes(await h.gql(MARK, { i: input }, customer)), JSON.stringify(input)).toEqual(['BAD_USER_INPUT']);
    for (const role of ['auditor', 'system'] as const)
      expect(codes(await h.gql(MARK, { i: { all: true } }, await h.token(role, `${role}-r`)))).toEqual(['FORBIDDEN']);
  });
});
