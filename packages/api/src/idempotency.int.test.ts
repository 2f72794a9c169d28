import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

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

  it('refuses a key reused for a chat start or a hand-over with other input, naming no internal key', async () => {
    const START = `mutation($body: String!, $commandId: ID) {
      startChat(input: { customerId: "cust-9", firstMessage: { body: $body } }, commandId: $commandId) { id version }
    }`;
    const first = await h.gql(START, { body: 'Hello', commandId: 'start-1' }, customer);
    expect(first.errors).toBeUndefined();
    expect(await h.gql(START, { body: 'Hello', commandId: 'start-1' }, customer)).toEqual(first);
    const events = await h.eventCount();
    const other = await h.gql(START, { body: 'Something else', commandId: 'start-1' }, customer);
    expect(codes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await h.eventCount()).toBe(events);

    const supervisor = await h.token('supervisor', 'sup-9');
    for (const agentId of ['agent-a', 'agent-b']) {
      const registered = await h.gql(
        `mutation { registerAgent(input: { agentId: "${agentId}", name: "${agentId}", skills: [], languages: [] }) { id } }`,
        {},
        supervisor,
      );
      expect(registered.errors).toBeUndefined();
      const available = await h.gql(
        `mutation { setAgentAvailability(input: { agentId: "${agentId}", availability: available }) { id } }`,
        {},
        supervisor,
      );
      expect(available.errors).toBeUndefined();
    }
    const ticket = await open();
    const ASSIGN = `mutation($id: ID!, $agent: ID!) {
      assignTicket(input: { ticketId: $id, agentId: $agent }, commandId: "assign-1") { id version consistencyToken }
    }`;
    const assigned = await h.gql(ASSIGN, { id: ticket.id, agent: 'agent-a' }, supervisor);
    expect(assigned.errors).toBeUndefined();
    expect(await h.gql(ASSIGN, { id: ticket.id, agent: 'agent-a' }, supervisor)).toEqual(assigned);
    const elsewhere = await open();
    for (const [id, agent] of [
      [ticket.id, 'agent-b'],
      [elsewhere.id, 'agent-a'],
    ]) {
      const reused = await h.gql(ASSIGN, { id, agent }, supervisor);
      expect(codes(reused)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
      expect(reused.errors?.[0]?.message).not.toMatch(/reserve|sup-9|assign-1/);
    }
    const token = field<{ consistencyToken: string }>(assigned, 'assignTicket').consistencyToken;
    const holder = await h.gql(
      'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { assigneeId } }',
      { id: ticket.id, t: token },
      supervisor,
    );
    expect(holder.data?.ticket).toEqual({ assigneeId: 'agent-a' });
  });
});

describe('writers racing on one stream', () => {
  it('dates each event when it is decided, so a stream never goes back in time', async () => {
    const ticket = await open();
    // A clock that moves on at every reading, as a real one does between two requests.
    const base = h.clock.now.getTime();
    let readings = 0;
    const { clock } = h;
    Object.defineProperty(clock, 'now', { get: () => new Date(base + ++readings), configurable: true });
    try {
      const replies = await Promise.all(
        Array.from({ length: 12 }, (_, i) => h.gql(REPLY, { id: ticket.id, body: `Reply ${i}` }, agent)),
      );
      expect(replies.flatMap((reply) => reply.errors ?? [])).toEqual([]);
    } finally {
      Object.defineProperty(clock, 'now', { value: new Date(base + readings + 1), writable: true, configurable: true });
    }
    const stream = await h.store.readStream(`ticket-${ticket.id}`);
    const instants = stream.map((event) => (event.data as { at?: string }).at).filter((at) => at !== undefined);
    expect(instants.length).toBeGreaterThan(12);
    expect(instants).toEqual([...instants].sort());
  });
});
