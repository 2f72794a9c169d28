import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

const CUSTOMER = 'cust-count';
const AGENT = 'agent-count';

let h: ApiHarness;
let customer: string;
let agent: string;
let ticketId: string;

async function mutate(query: string, token: string): Promise<{ id: string; consistencyToken: string }> {
  const response = await h.gql(query, {}, token);
  return field(response, Object.keys(response.data ?? {})[0] ?? 'nothing');
}

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', AGENT);
  const admin = await h.token('admin', 'admin-1');
  await mutate(`mutation { registerAgent(input: { agentId: "${AGENT}", name: "Counter" }) { id } }`, admin);
  await mutate(
    `mutation { setAgentAvailability(input: { agentId: "${AGENT}", availability: available }) { id } }`,
    admin,
  );
  // The description, a public reply and an internal note: 3 messages, 2 of them the customer's to see.
  ticketId = (
    await mutate(
      `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "Count me", description: "Hello", channel: web }) { id consistencyToken } }`,
      customer,
    )
  ).id;
  await mutate(`mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "Hi" }) { id } }`, agent);
  await mutate(
    `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "between us", visibility: internal }) { id } }`,
    agent,
  );
});
afterAll(async () => h?.close());

const TICKET = 'query($id: ID!) { ticket(id: $id) { messageCount messages { internal } } }';
const TICKETS = 'query($c: ID) { tickets(filter: { customerId: $c }) { items { id messageCount } } }';

describe('messageCount', () => {
  it("counts a ticket's internal notes for staff only, in the ticket and in lists", async () => {
    await expect
      .poll(async () => (await h.gql(TICKET, { id: ticketId }, agent)).data?.ticket)
      .toMatchObject({ messageCount: 3 });
    expect((await h.gql(TICKET, { id: ticketId }, customer)).data?.ticket).toEqual({
      messageCount: 2,
      messages: [{ internal: false }, { internal: false }],
    });
    const list = async (token: string) =>
      field<{ items: { id: string; messageCount: number }[] }>(await h.gql(TICKETS, { c: CUSTOMER }, token), 'tickets')
        .items;
    expect(await list(customer)).toEqual([{ id: ticketId, messageCount: 2 }]);
    expect(await list(agent)).toEqual([{ id: ticketId, messageCount: 3 }]);
  });

  it("counts a chat's staff-only messages for staff only", async () => {
    const chatId = (
      await mutate(
        `mutation { startChat(input: { customerId: "${CUSTOMER}", firstMessage: { body: "Anyone?" } }) { id consistencyToken } }`,
        customer,
      )
    ).id;
    await mutate(`mutation { acceptChat(input: { chatId: "${chatId}" }) { id } }`, agent);
    await mutate(`mutation { sendChatMessage(input: { chatId: "${chatId}", body: "Yes" }) { id } }`, agent);
    const { consistencyToken } = await mutate(
      `mutation { sendChatMessage(input: { chatId: "${chatId}", body: "note to self", internal: true }) { id consistencyToken } }`,
      agent,
    );
    const query = 'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { messageCount } }';
    const count = async (token: string) =>
      field<{ messageCount: number }>(await h.gql(query, { id: chatId, t: consistencyToken }, token), 'chat')
        .messageCount;
    expect(await count(agent)).toBe(3);
    expect(await count(customer)).toBe(2);
  });

  it('counts internal notes in ticketUpdated for staff only', async () => {
    const baseUrl = await listen(h.app);
    const updates = 'subscription($id: ID!) { ticketUpdated(ticketId: $id) { type ticket { messageCount } } }';
    const asCustomer = await subscribe(baseUrl, updates, { id: ticketId }, customer);
    const asAgent = await subscribe(baseUrl, updates, { id: ticketId }, agent);
    try {
      await mutate(
        `mutation { changeTicketPriority(input: { ticketId: "${ticketId}", priority: high }) { id } }`,
        agent,
      );
      expect((await asCustomer.next()).data?.ticketUpdated).toEqual({
        type: 'TicketPriorityChanged',
        ticket: { messageCount: 2 },
      });
      expect((await asAgent.next()).data?.ticketUpdated).toEqual({
        type: 'TicketPriorityChanged',
        ticket: { messageCount: 3 },
      });
    } finally {
      asCustomer.close();
      asAgent.close();
    }
  });
});
