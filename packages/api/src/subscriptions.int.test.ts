import { Role } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows } from './auth/policy.js';
import { type ApiHarness, createApiHarness } from './testing/harness.test.js';
import { listen, type SseSubscription, subscribe } from './testing/sse.test.js';

let h: ApiHarness;
let baseUrl: string;
let ticketId: string;
const OWNER = 'cust-sse';

const TICKET_UPDATES =
  'subscription($id: ID!) { ticketUpdated(ticketId: $id) { ticketId version type consistencyToken ticket { status } } }';
const QUEUE_UPDATES = 'subscription { queueUpdated { chatId position } }';
const subjectOf = (role: Role) => (role === 'customer' ? OWNER : `${role}-1`);

async function mutate(query: string, token: string) {
  const response = await h.gql(query, {}, token);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data ?? {})[0] as { id: string; consistencyToken: string };
}

beforeAll(async () => {
  h = await createApiHarness();
  baseUrl = await listen(h.app);
  const owner = await h.token('customer', OWNER);
  const opened = await mutate(
    `mutation { openTicket(input: { customerId: "${OWNER}", subject: "Live", description: "Watch me", channel: web }) { id consistencyToken } }`,
    owner,
  );
  ticketId = opened.id;
  // Wait until the read models hold the ticket, so the live feed starts after it.
  await h.gql(
    'query($t: String) { ticketStatusCounts(consistencyToken: $t) { total } chatQueue(consistencyToken: $t) { chatId } }',
    { t: opened.consistencyToken },
    await h.token('admin', 'admin-1'),
  );
});
afterAll(async () => h?.close());

describe('ticketUpdated over SSE', () => {
  it('delivers a ticket update with the ticket as the read model then shows it', async () => {
    const sub = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', OWNER));
    try {
      await mutate(
        `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "Looking", nextStatus: waiting_customer }) { id consistencyToken } }`,
        await h.token('agent', 'agent-1'),
      );
      const first = await sub.next();
      expect(first.data?.ticketUpdated).toMatchObject({
        ticketId,
        type: 'TicketStatusChanged',
        ticket: { status: 'waiting_customer' },
      });
    } finally {
      sub.close();
    }
  });

  it('never tells the customer about an internal note', async () => {
    const sub = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', OWNER));
    try {
      const agent = await h.token('agent', 'agent-1');
      await mutate(
        `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "psst", visibility: internal }) { id consistencyToken } }`,
        agent,
      );
      await mutate(
        `mutation { changeTicketPriority(input: { ticketId: "${ticketId}", priority: high }) { id consistencyToken } }`,
        agent,
      );
      expect((await sub.next()).data?.ticketUpdated).toMatchObject({ type: 'TicketPriorityChanged' });
    } finally {
      sub.close();
    }
  });
});

// The subscription half of the authorization matrix: every role, both subscriptions.
describe.each(Role.options)('as %s', (role) => {
  it.each([
    ['ticketUpdated', TICKET_UPDATES],
    ['queueUpdated', QUEUE_UPDATES],
  ] as const)('%s follows the policy table', async (operation, query) => {
    const sub: SseSubscription = await subscribe(
      baseUrl,
      query,
      { id: ticketId },
      await h.token(role, subjectOf(role)),
    );
    try {
      if (!roleAllows(operation, role)) {
        expect((await sub.next()).errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
        return;
      }
      const owner = await h.token('customer', OWNER);
      const trigger =
        operation === 'ticketUpdated'
          ? `mutation { customerReply(input: { ticketId: "${ticketId}", body: "ping" }) { id consistencyToken } }`
          : `mutation { startChat(input: { customerId: "${OWNER}" }) { id consistencyToken } }`;
      await mutate(trigger, owner);
      const payload = await sub.next();
      expect(payload.errors).toBeUndefined();
      expect(payload.data?.[operation]).toBeDefined();
    } finally {
      sub.close();
    }
  });
});

it("refuses another customer's ticket", async () => {
  const sub = await subscribe(baseUrl, TICKET_UPDATES, { id: ticketId }, await h.token('customer', 'someone-else'));
  try {
    expect((await sub.next()).errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'ownership' });
  } finally {
    sub.close();
  }
});
