import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandResult, mutate } from './graphql-client.js';
import { type E2eStack, startE2eStack } from './testing/stack.fixture.js';

// The three reference scenarios (docs/domain.md#reference-scenarios), driven over HTTP against
// the running engine (API, projectors, reactor and worker) with one JWT per role, time skipped on
// Temporal's time-skipping test server, and checked through the API's own queries.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AGENT = 'agent-e2e';

let stack: E2eStack;
let agent: string;

beforeAll(async () => {
  stack = await startE2eStack();
  agent = await stack.token('agent', AGENT);
});

afterAll(async () => {
  await stack?.close();
});

interface TicketView {
  readonly status: string;
  readonly closeReason: string | null;
  readonly remindersSent: number;
}

/** The ticket as the read models show it, after they include `after` (a mutation's result) if given. */
async function ticket(id: string, after?: CommandResult): Promise<TicketView> {
  const data = await stack.client.request<{ ticket: TicketView }>(
    'query($id: ID!, $token: String) { ticket(id: $id, consistencyToken: $token) { status closeReason remindersSent } }',
    { id, token: after?.consistencyToken ?? null },
    agent,
  );
  return data.ticket;
}

/** Waits (bounded) until the read models show ticket `id` with `expected` (what automation does). */
async function eventually(id: string, expected: Partial<TicketView>): Promise<void> {
  await expect.poll(() => ticket(id), { timeout: 20_000, interval: 100 }).toMatchObject(expected);
}

/** The texts (or templates) of a customer's notifications about `ticketId`, oldest first. */
async function notifications(customerId: string, ticketId: string, field: 'text' | 'template' = 'text') {
  type Item = { id: string; ticketId: string; text: string; template: string; createdAt: string };
  const data = await stack.client.request<{ myNotifications: { items: Item[] } }>(
    '{ myNotifications(first: 100) { items { id ticketId text template createdAt } } }',
    {},
    await stack.token('customer', customerId),
  );
  // Ids end with the event's stream version: it orders notifications of one instant.
  const order = (item: Item) => [Date.parse(item.createdAt), Number(item.id.split(':').at(-1))] as const;
  return data.myNotifications.items
    .filter((item) => item.ticketId === ticketId)
    .sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1])
    .map((item) => item[field]);
}

/** A customer's session: their token and the ticket they open (its id assigned by the server). */
async function customerOpens(customerId: string, subject: string) {
  const token = await stack.token('customer', customerId);
  const opened = await mutate(
    stack.client,
    'openTicket',
    { customerId, subject, description: `About: ${subject}`, channel: 'web' },
    { token },
  );
  expect(await ticket(opened.id, opened)).toMatchObject({ status: 'new' });
  return { id: opened.id, token, opened };
}

const asAgent = (name: string, input: Record<string, unknown>) => mutate(stack.client, name, input, { token: agent });

describe('the three reference scenarios over HTTP', () => {
  it('1. simple question: new -> in_progress -> resolved -> closed after the resolved delay', async () => {
    const { id } = await customerOpens('cust-simple', 'Where is my invoice?');

    const reading = await asAgent('changeTicketStatus', { ticketId: id, to: 'in_progress' });
    expect(await ticket(id, reading)).toMatchObject({ status: 'in_progress' });
    const answered = await asAgent('replyToTicket', {
      ticketId: id,
      body: 'It is under Billing > Invoices.',
      nextStatus: 'resolved',
    });
    expect(await ticket(id, answered)).toMatchObject({ status: 'resolved' });

    await stack.workflowApplied(id, answered.version);
    await stack.skip(23 * HOUR);
    expect(await ticket(id)).toMatchObject({ status: 'resolved' });
    await stack.skip(2 * HOUR);
    await eventually(id, { status: 'closed', closeReason: 'resolved_timeout' });

    expect(await notifications('cust-simple', id)).toEqual([
      "Your ticket 'Where is my invoice?' is received",
      "Your ticket 'Where is my invoice?' has a new reply",
      "Your ticket 'Where is my invoice?' is resolved",
      "Your ticket 'Where is my invoice?' is closed",
    ]);
  });

  it('2. complex issue: through waiting_customer and back, resolved, closed by the customer’s confirmation', async () => {
    const { id, token } = await customerOpens('cust-complex', 'Export crashes');

    const reading = await asAgent('changeTicketStatus', { ticketId: id, to: 'in_progress' });
    expect(await ticket(id, reading)).toMatchObject({ status: 'in_progress' });
    const asked = await asAgent('replyToTicket', {
      ticketId: id,
      body: 'Which version do you run?',
      nextStatus: 'waiting_customer',
    });
    expect(await ticket(id, asked)).toMatchObject({ status: 'waiting_customer' });
    const answered = await mutate(stack.client, 'customerReply', { ticketId: id, body: 'Version 4.2' }, { token });
    expect(await ticket(id, answered)).toMatchObject({ status: 'in_progress' });
    const fixed = await asAgent('replyToTicket', { ticketId: id, body: 'Fixed in 4.2.1.', nextStatus: 'resolved' });
    expect(await ticket(id, fixed)).toMatchObject({ status: 'resolved' });
    const confirmed = await mutate(stack.client, 'confirmResolution', { ticketId: id }, { token });
    expect(await ticket(id, confirmed)).toMatchObject({ status: 'closed', closeReason: 'customer_confirmed' });

    expect(await notifications('cust-complex', id)).toEqual([
      "Your ticket 'Export crashes' is received",
      "Your ticket 'Export crashes' has a new reply",
      "Your ticket 'Export crashes' is waiting for your reply",
      "Your ticket 'Export crashes' has a new reply",
      "Your ticket 'Export crashes' is resolved",
      "Your ticket 'Export crashes' is closed",
    ]);
  });

  it('3. silent customer: reminders on days 3 and 5, closed for lack of response on day 7', async () => {
    const { id } = await customerOpens('cust-silent', 'VAT number');

    const reading = await asAgent('changeTicketStatus', { ticketId: id, to: 'in_progress' });
    expect(await ticket(id, reading)).toMatchObject({ status: 'in_progress' });
    const asked = await asAgent('replyToTicket', {
      ticketId: id,
      body: 'Which VAT number should we use?',
      nextStatus: 'waiting_customer',
    });
    expect(await ticket(id, asked)).toMatchObject({ status: 'waiting_customer', remindersSent: 0 });
    await stack.workflowApplied(id, asked.version);
    // The agent can see what the automation will do next, and when.
    const planned = await stack.client.request<{ ticketSla: { nextAutomation: unknown } }>(
      'query($id: ID!) { ticketSla(ticketId: $id) { nextAutomation { kind reminder reason dueAt } } }',
      { id },
      agent,
    );
    expect(planned.ticketSla.nextAutomation).toMatchObject({ kind: 'reminder', reminder: 1, reason: null });

    await stack.skip(3 * DAY + HOUR);
    await eventually(id, { status: 'waiting_customer', remindersSent: 1 });
    await stack.skip(2 * DAY);
    await eventually(id, { status: 'waiting_customer', remindersSent: 2 });
    await stack.skip(2 * DAY);
    await eventually(id, { status: 'closed', closeReason: 'no_customer_response', remindersSent: 2 });

    const told = await notifications('cust-silent', id);
    const closesOn = / Without one, it closes on (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\.$/;
    expect(told).toEqual([
      "Your ticket 'VAT number' is received",
      "Your ticket 'VAT number' has a new reply",
      "Your ticket 'VAT number' is waiting for your reply",
      expect.stringMatching(/^Reminder: your ticket 'VAT number' is waiting for your reply\./),
      expect.stringMatching(/^Second reminder: your ticket 'VAT number' is waiting for your reply\./),
      "Your ticket 'VAT number' is closed for lack of response",
    ]);
    // Both reminders name the same close, 7 days into the wait: 2 days after the second one.
    const [first, second] = [told[3]!.match(closesOn)?.[1], told[4]!.match(closesOn)?.[1]];
    expect(first).toBeDefined();
    expect(second).toBe(first);
    // An app tells the close for lack of response from another close by its template, not its words.
    expect(await notifications('cust-silent', id, 'template')).toEqual([
      'ticket.opened',
      'ticket.replied',
      'ticket.waiting',
      'ticket.reminder.1',
      'ticket.reminder.2',
      'ticket.closed.no_response',
    ]);
  });
});
