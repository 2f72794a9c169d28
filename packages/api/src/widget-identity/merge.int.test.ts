import { createHmac } from 'node:crypto';
import { streamId } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPHQL_PATH } from '../server.js';
import { type ApiHarness, createApiHarness, field, type GqlResponse } from '../testing/harness.fixture.js';
import { listen } from '../testing/sse.fixture.js';
import { WIDGET_TEST_CONFIG } from './widget.fixture.js';

// A visitor who identifies is merged into their customer, over real HTTP and PostgreSQL: their
// chat (still open) and their offline-form ticket move with every message; a second device with
// only the identity reads them; the visitor's own token no longer does; retried and racing
// identifications merge once; the desk shows the chat under the identified customer.

const HOST = 'https://shop.example.com';
let h: ApiHarness;
let baseUrl: string;
let identitySecret: string;
let staff: string;

interface Session {
  token: string;
  customerId: string;
  visitorToken: string;
  identified: boolean;
}

async function session(body: Record<string, unknown>): Promise<Session> {
  const response = await fetch(`${baseUrl}/widget/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ widgetKey: 'wk_merge', hostOrigin: HOST, ...body }),
  });
  const answer = (await response.json()) as Session;
  expect(response.status, JSON.stringify(answer)).toBe(200);
  return answer;
}

/** GraphQL over real HTTP, as the widget's frame and the desk send it. */
async function gql(query: string, variables: Record<string, unknown>, token: string): Promise<GqlResponse> {
  const response = await fetch(`${baseUrl}${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GqlResponse;
}

const identityOf = (userId: string, email: string) => ({
  userId,
  email,
  name: 'Ann',
  hash: createHmac('sha256', identitySecret).update(`${userId}\n${email}`).digest('hex'),
});

/** A visitor with a chat of three messages (still waiting for an agent) and a ticket from the offline form. */
async function visitorWithHistory(): Promise<{ visitor: Session; chatId: string; ticketId: string }> {
  const visitor = await session({});
  const chat = field<{ id: string }>(
    await gql(
      'mutation($i: StartChatInput!) { startChat(input: $i) { id } }',
      { i: { customerId: visitor.customerId, firstMessage: { body: 'one' } } },
      visitor.token,
    ),
    'startChat',
  );
  for (const body of ['two', 'three'])
    field(
      await gql(
        'mutation($i: SendChatMessageInput!) { sendChatMessage(input: $i) { id } }',
        { i: { chatId: chat.id, body } },
        visitor.token,
      ),
      'sendChatMessage',
    );
  const ticket = field<{ id: string }>(
    await gql(
      'mutation($c: ID!) { openTicket(input: { customerId: $c, subject: "Offline", description: "Left a note", channel: web }) { id } }',
      { c: visitor.customerId },
      visitor.token,
    ),
    'openTicket',
  );
  return { visitor, chatId: chat.id, ticketId: ticket.id };
}

const CHAT = 'query($id: ID!) { chat(id: $id) { id customerId status messages { body } } }';
const typesOf = async (category: 'customer' | 'chat' | 'ticket', id: string) =>
  (await h.store.readStream(streamId(category, id))).map((event) => event.type);

beforeAll(async () => {
  // Every visitor comes from this machine: a budget of new visitors that does not get in the way.
  h = await createApiHarness({
    config: { widget: { ...WIDGET_TEST_CONFIG, sessions: { max: 50, windowMs: 600_000 } } },
  });
  baseUrl = await listen(h.app);
  const admin = await h.token('admin', 'admin-merge');
  staff = await h.token('agent', 'agent-merge');
  field(
    await h.gql(
      'mutation($i: ConfigureWidgetInput!) { configureWidget(input: $i) { id } }',
      { i: { widgetKey: 'wk_merge', name: 'Shop', allowedOrigins: [HOST] } },
      admin,
    ),
    'configureWidget',
  );
  identitySecret = field<string>(
    await h.gql('{ widgetIdentitySecret(widgetKey: "wk_merge") }', {}, admin),
    'widgetIdentitySecret',
  );
});
afterAll(async () => h?.close());

describe('merging a visitor who identifies', () => {
  it('moves their open chat, every message, and their ticket to the identified customer', async () => {
    const { visitor, chatId, ticketId } = await visitorWithHistory();
    const identity = identityOf('u-ann', 'ann@example.com');
    const identified = await session({ visitorToken: visitor.visitorToken, identity });
    expect(identified).toMatchObject({ identified: true, customerId: expect.stringMatching(/^wu-/) });

    // A second device, with the identity alone, reads the same chat with every message.
    const phone = await session({ identity });
    expect(phone.customerId).toBe(identified.customerId);
    const chat = field<{ customerId: string; status: string; messages: { body: string }[] }>(
      await gql(CHAT, { id: chatId }, phone.token),
      'chat',
    );
    expect(chat.customerId).toBe(phone.customerId);
    expect(chat.messages.map((message) => message.body)).toEqual(['one', 'two', 'three']);
    const open = field<{ id: string }[]>(
      await gql('{ chats(status: ["waiting", "active"]) { id } }', {}, phone.token),
      'chats',
    );
    expect(open.map((c) => c.id)).toEqual([chatId]);
    // The chat goes on as the identified customer's.
    field(
      await gql(
        'mutation($i: SendChatMessageInput!) { sendChatMessage(input: $i) { id } }',
        { i: { chatId, body: 'four, signed in' } },
        identified.token,
      ),
      'sendChatMessage',
    );

    // The visitor's own token (still unexpired) no longer reads it; their credential alone is a new visitor.
    const stale = await gql(CHAT, { id: chatId }, visitor.token);
    expect(['NOT_FOUND', 'FORBIDDEN']).toContain(stale.errors?.[0]?.extensions?.code);
    expect(stale.data?.chat ?? null).toBeNull();
    const again = await session({ visitorToken: visitor.visitorToken });
    expect([visitor.customerId, identified.customerId]).not.toContain(again.customerId);

    // The desk shows the chat and the ticket under the identified customer, and who the visitor became.
    const card = field<{ chats: { id: string }[]; tickets: { items: { id: string }[] } }>(
      await gql(
        'query($id: ID!) { customer(id: $id) { chats { id } tickets { items { id } } } }',
        { id: identified.customerId },
        staff,
      ),
      'customer',
    );
    expect(card.chats.map((c) => c.id)).toEqual([chatId]);
    expect(card.tickets.items.map((ticket) => ticket.id)).toEqual([ticketId]);
    const was = field<{ mergedInto: string; chats: unknown[] }>(
      await gql('query($id: ID!) { customer(id: $id) { mergedInto chats { id } } }', { id: visitor.customerId }, staff),
      'customer',
    );
    expect(was).toEqual({ mergedInto: identified.customerId, chats: [] });
  });

  it("refuses every write of the visitor's own token once merged, with CUSTOMER_MERGED: no ticket opens under the merged-away id", async () => {
    const { visitor } = await visitorWithHistory();
    await session({ visitorToken: visitor.visitorToken, identity: identityOf('u-eve', 'eve@example.com') });
    const before = await h.eventCount();
    const ticket = await gql(
      'mutation($c: ID!) { openTicket(input: { customerId: $c, subject: "Late", description: "After the merge", channel: web }) { id } }',
      { c: visitor.customerId },
      visitor.token,
    );
    expect(ticket.errors?.[0]?.extensions?.code).toBe('CUSTOMER_MERGED');
    expect(ticket.errors?.[0]?.message).toMatch(/merged/);
    const profile = await gql(
      'mutation($c: ID!) { updateCustomerProfile(input: { customerId: $c, name: "Still me" }) { id } }',
      { c: visitor.customerId },
      visitor.token,
    );
    expect(profile.errors?.[0]?.extensions?.code).toBe('CUSTOMER_MERGED');
    expect(await h.eventCount()).toBe(before);
  });

  it('merges once however often, and however concurrently, the identification is sent', async () => {
    const { visitor, chatId, ticketId } = await visitorWithHistory();
    const identity = identityOf('u-bea', 'bea@example.com');
    const calls = await Promise.all([1, 2, 3].map(() => session({ visitorToken: visitor.visitorToken, identity })));
    expect(new Set(calls.map((call) => call.customerId)).size).toBe(1);
    // Then once more, later (the frame renewing after a reload): each step is written once in all.
    await session({ visitorToken: visitor.visitorToken, identity });
    expect((await typesOf('customer', visitor.customerId)).filter((type) => type === 'CustomerMerged')).toHaveLength(1);
    expect((await typesOf('chat', chatId)).filter((type) => type === 'ChatCustomerChanged')).toHaveLength(1);
    expect((await typesOf('ticket', ticketId)).filter((type) => type === 'TicketCustomerChanged')).toHaveLength(1);
  });

  it('never merges an identified user into the next one signing in with the same credential', async () => {
    const ann = await session({ identity: identityOf('u-cy', 'cy@example.com') });
    const bob = await session({ visitorToken: ann.visitorToken, identity: identityOf('u-dee', 'dee@example.com') });
    expect(bob.customerId).not.toBe(ann.customerId);
    expect(await typesOf('customer', ann.customerId)).not.toContain('CustomerMerged');
  });
});
