import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';
import { listen, subscribe } from './testing/sse.fixture.js';

// Tickets and chats name whom they are about: `customer` resolved for a whole page at once, for
// whoever may read the ticket (the desk shows names, not ids).

let h: ApiHarness;
let agent: string;

async function run(mutation: string, input: Record<string, unknown>, token: string) {
  const name = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  const response = await h.gql(
    `mutation($input: ${name}!) { ${mutation}(input: $input) { id consistencyToken } }`,
    { input },
    token,
  );
  return field<{ id: string; consistencyToken: string }>(response, mutation);
}

beforeAll(async () => {
  h = await createApiHarness();
  agent = await h.token('agent', 'agent-names');
});
afterAll(async () => h?.close());

describe('Ticket.customer, Chat.customer and QueueEntry.customer', () => {
  it("name each ticket's customer on a page, and null for one with no profile yet", async () => {
    const alice = await h.token('customer', 'cust-names-alice');
    await run('registerCustomer', { customerId: 'cust-names-alice', name: 'Alice Martin' }, alice);
    const bob = await h.token('customer', 'cust-names-bob');
    await run('registerCustomer', { customerId: 'cust-names-bob', name: 'Bob Chen' }, bob);
    const open = (customerId: string, token: string, subject: string) =>
      run('openTicket', { customerId, subject, description: subject, channel: 'web' }, token);
    await open('cust-names-alice', alice, 'First');
    await open('cust-names-bob', bob, 'Second');
    await open('cust-names-alice', alice, 'Third');
    const carl = await h.token('customer', 'cust-names-carl');
    const last = await open('cust-names-carl', carl, 'Fourth');

    const page = field<{ items: { subject: string; customerId: string; customer: { name: string } | null }[] }>(
      await h.gql(
        'query($t: String) { tickets(first: 10, consistencyToken: $t) { items { subject customerId customer { name } } } }',
        { t: last.consistencyToken },
        agent,
      ),
      'tickets',
    );
    const names = Object.fromEntries(page.items.map((item) => [item.subject, item.customer?.name ?? null]));
    expect(names).toEqual({ First: 'Alice Martin', Second: 'Bob Chen', Third: 'Alice Martin', Fourth: null });

    // The customer reads their own name on their tickets.
    const mine = await h.gql(
      'query { tickets(first: 5) { items { subject customer { customerId name } } } }',
      {},
      alice,
    );
    const items = field<{ items: { subject: string }[] }>(mine, 'tickets').items;
    expect(items.toSorted((x, y) => x.subject.localeCompare(y.subject))).toEqual([
      { subject: 'First', customer: { customerId: 'cust-names-alice', name: 'Alice Martin' } },
      { subject: 'Third', customer: { customerId: 'cust-names-alice', name: 'Alice Martin' } },
    ]);
  });

  it("names a chat's customer", async () => {
    const dana = await h.token('customer', 'cust-names-dana');
    await run('registerCustomer', { customerId: 'cust-names-dana', name: 'Dana Scott' }, dana);
    const started = await run('startChat', { customerId: 'cust-names-dana' }, dana);
    const chat = field<{ customer: { name: string } }>(
      await h.gql(
        'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { customer { name } } }',
        { id: started.id, t: started.consistencyToken },
        agent,
      ),
      'chat',
    );
    expect(chat.customer.name).toBe('Dana Scott');
  });

  it("names each waiting chat's customer in the queue, and a customer sees only themself there", async () => {
    const erin = await h.token('customer', 'cust-names-erin');
    // Registered by staff: an address a customer gives themself waits for their confirmation.
    await run(
      'registerCustomer',
      { customerId: 'cust-names-erin', name: 'Erin Hale', email: 'erin@example.com' },
      agent,
    );
    await run('startChat', { customerId: 'cust-names-erin' }, erin);
    const fay = await h.token('customer', 'cust-names-fay');
    const last = await run('startChat', { customerId: 'cust-names-fay' }, fay);
    const QUEUE = 'query($t: String) { chatQueue(consistencyToken: $t) { customerId customer { name email } } }';
    type Entry = { customerId: string; customer: { name: string; email: string | null } | null };
    const queue = field<Entry[]>(await h.gql(QUEUE, { t: last.consistencyToken }, agent), 'chatQueue');
    const byCustomer = Object.fromEntries(queue.map((entry) => [entry.customerId, entry.customer]));
    expect(byCustomer['cust-names-erin']).toEqual({ name: 'Erin Hale', email: 'erin@example.com' });
    expect(byCustomer['cust-names-fay']).toBeNull();

    const own = field<Entry[]>(await h.gql(QUEUE, { t: last.consistencyToken }, erin), 'chatQueue');
    expect(own).toEqual([
      { customerId: 'cust-names-erin', customer: { name: 'Erin Hale', email: 'erin@example.com' } },
    ]);
  });
});

describe('customerUpdated', () => {
  const SUBSCRIPTION =
    'subscription($c: ID!) { customerUpdated(customerId: $c) { customerId kind id type consistencyToken } }';

  it("tells staff of a change of the customer's profile, tickets and chats, those opened meanwhile too", async () => {
    const gina = await h.token('customer', 'cust-live-gina');
    await run('registerCustomer', { customerId: 'cust-live-gina', name: 'Gina Ray' }, agent);
    const before = await run(
      'openTicket',
      { customerId: 'cust-live-gina', subject: 'Before', description: 'x', channel: 'web' },
      gina,
    );
    const other = await h.token('customer', 'cust-live-hal');
    const hals = await run(
      'openTicket',
      { customerId: 'cust-live-hal', subject: 'Not hers', description: 'x', channel: 'web' },
      other,
    );
    const sub = await subscribe(await listen(h.app), SUBSCRIPTION, { c: 'cust-live-gina' }, agent);
    try {
      await run('changeTicketPriority', { ticketId: hals.id, priority: 'high' }, agent);
      await run('changeTicketPriority', { ticketId: before.id, priority: 'high' }, agent);
      await run('updateCustomerProfile', { customerId: 'cust-live-gina', plan: 'enterprise' }, agent);
      const chat = await run('startChat', { customerId: 'cust-live-gina' }, gina);
      await run('closeChat', { chatId: chat.id }, gina);
      // Every update up to the chat's close (the feed may also pass on her opening, just recorded,
      // and her stream records her chat slots: changes of hers too).
      const seen: { customerId: string; kind: string; id: string; type: string }[] = [];
      while (seen.at(-1)?.type !== 'ChatClosed') {
        const update = (await sub.next()).data?.customerUpdated as (typeof seen)[number];
        seen.push({ customerId: update.customerId, kind: update.kind, id: update.id, type: update.type });
      }
      // Another customer's change says nothing; hers do, each as it comes.
      expect(seen.every((update) => update.customerId === 'cust-live-gina' && update.id !== hals.id)).toBe(true);
      const told = seen.filter(
        (update) => update.type !== 'TicketOpened' && !update.type.startsWith('CustomerChatSlot'),
      );
      expect(told).toEqual([
        { customerId: 'cust-live-gina', kind: 'ticket', id: before.id, type: 'TicketPriorityChanged' },
        { customerId: 'cust-live-gina', kind: 'customer', id: 'cust-live-gina', type: 'CustomerProfileUpdated' },
        { customerId: 'cust-live-gina', kind: 'chat', id: chat.id, type: 'ChatStarted' },
        { customerId: 'cust-live-gina', kind: 'chat', id: chat.id, type: 'ChatClosed' },
      ]);
    } finally {
      sub.close();
    }
  });

  it('is for staff: a customer is refused, even about themself', async () => {
    const gina = await h.token('customer', 'cust-live-gina');
    const sub = await subscribe(await listen(h.app), SUBSCRIPTION, { c: 'cust-live-gina' }, gina);
    try {
      expect((await sub.next()).errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    } finally {
      sub.close();
    }
  });
});
