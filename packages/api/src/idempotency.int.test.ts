import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness } from './testing/harness.fixture.js';

// A client's commandId names one command: repeating it repeats the outcome, reusing it for
// another command (another ticket, other input) is refused with IDEMPOTENCY_KEY_REUSED.

let h: ApiHarness;
let agent: string;
let customer: string;

const OPEN = `mutation($commandId: ID) {
  openTicket(input: { customerId: "cust-9", subject: "Printer", description: "Jammed", channel: web }, commandId: $commandId) { id version }
}`;
const REPLY = `mutation($id: ID!, $body: String!, $commandId: ID) {
  replyToTicket(input: { ticketId: $id, body: $body }, commandId: $commandId) { id version }
}`;

beforeAll(async () => {
  h = await createApiHarness();
  agent = await h.token('agent', 'agent-9');
  customer = await h.token('customer', 'cust-9');
});
afterAll(async () => h?.close());

async function open(commandId?: string): Promise<{ id: string; version: number }> {
  const response = await h.gql(OPEN, { commandId }, customer);
  expect(response.errors).toBeUndefined();
  return response.data?.openTicket as { id: string; version: number };
}

describe('client idempotency keys', () => {
  it('refuses a key reused on another ticket, leaving that ticket as it was', async () => {
    const a = await open();
    const b = await open();
    const first = await h.gql(REPLY, { id: a.id, body: 'On it', commandId: 'reply-1' }, agent);
    expect(first.errors).toBeUndefined();
    const events = await h.eventCount();

    const reused = await h.gql(REPLY, { id: b.id, body: 'On it', commandId: 'reply-1' }, agent);
    expect(codes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(reused.data).toBeNull();
    expect(await h.eventCount()).toBe(events);
    expect(await h.store.readStream(`ticket-${b.id}`)).toHaveLength(1);
  });

  it('refuses a key reused with other input on the same ticket, and repeats the outcome for the same input', async () => {
    const ticket = await open();
    const first = await h.gql(REPLY, { id: ticket.id, body: 'Hello', commandId: 'reply-2' }, agent);
    const again = await h.gql(REPLY, { id: ticket.id, body: 'Hello', commandId: 'reply-2' }, agent);
    expect(again).toEqual(first);

    const other = await h.gql(REPLY, { id: ticket.id, body: 'Something else', commandId: 'reply-2' }, agent);
    expect(codes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('opens one ticket for a repeated key, under the same generated id', async () => {
    const first = await open('open-1');
    const again = await open('open-1');
    expect(again).toEqual(first);
  });
});
