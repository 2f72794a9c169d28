import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from '../testing/harness.fixture.js';
import { settledWithin, whileHeldBack } from '../testing/held-projection.fixture.js';

// A ticket or chat the log holds but its read model does not yet: the projection is held back by a
// transaction that locks its checkpoint row (the projector commits each batch with that row). The
// reader is never the writer, whose own write its reads wait for anyway (own-writes.int.test.ts).

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ config: { consistencyWaitMs: 5_000 } });
});
afterAll(async () => h?.close());

describe('a ticket or chat read before its projection holds it', () => {
  it('answers the ticket once the tickets read model holds it, not "none"', async () => {
    const agent = await h.token('agent', 'agent-fresh');
    const { reading } = await whileHeldBack(h.connectionString, 'tickets', async () => {
      const opened = await h.gql(
        'mutation { openTicket(input: { customerId: "cust-fresh", subject: "Just opened", description: "Read at once", channel: web }) { id } }',
        {},
        await h.token('agent', 'agent-writer'),
      );
      const { id } = field<{ id: string }>(opened, 'openTicket');
      const reading = h.gql(`{ ticket(id: "${id}") { id subject } }`, {}, agent);
      expect(await settledWithin(reading, 400)).toBe(false);
      return { reading };
    });
    const answer = await reading;
    expect(answer.errors).toBeUndefined();
    expect(field<{ subject: string }>(answer, 'ticket').subject).toBe('Just opened');
  });

  it('answers a chat once the chats read model holds it', async () => {
    const customer = await h.token('customer', 'cust-fresh-chat');
    const agent = await h.token('agent', 'agent-fresh');
    const { reading } = await whileHeldBack(h.connectionString, 'chats', async () => {
      const started = await h.gql(
        'mutation { startChat(input: { customerId: "cust-fresh-chat", firstMessage: { body: "Hello?" } }) { id } }',
        {},
        customer,
      );
      const { id } = field<{ id: string }>(started, 'startChat');
      const reading = h.gql(`{ chat(id: "${id}") { id messages { body } } }`, {}, agent);
      expect(await settledWithin(reading, 400)).toBe(false);
      return { reading };
    });
    const answer = await reading;
    expect(answer.errors).toBeUndefined();
    expect(field<{ messages: { body: string }[] }>(answer, 'chat').messages.map((m) => m.body)).toEqual(['Hello?']);
  });

  it('answers an id the log does not hold at once, as before', async () => {
    const agent = await h.token('agent', 'agent-fresh');
    await whileHeldBack(h.connectionString, 'tickets', async () => {
      const answer = h.gql('{ ticket(id: "no-such-ticket") { id } }', {}, agent);
      // Well before the consistency wait (5 s) would end, however busy the machine.
      expect(await settledWithin(answer, 3_000)).toBe(true);
      const { data, errors } = await answer;
      expect(codes({ status: 200, ...(errors ? { errors } : {}) })).toEqual([]);
      expect(data?.ticket).toBeNull();
    });
  });
});
