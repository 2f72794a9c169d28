import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';
import { settledWithin, whileHeldBack } from './testing/held-projection.fixture.js';

// Read your own writes without a token: the tickets projection is held back while a caller writes,
// then lists what it wrote.

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ config: { consistencyWaitMs: 3_000 } });
});
afterAll(async () => h?.close());

const OPEN =
  'mutation($subject: String!) { openTicket(input: { customerId: "cust-own", subject: $subject, description: "Listed at once", channel: web }) { id } }';
const LIST = '{ tickets(filter: { customerId: "cust-own" }) { items { subject } } }';
const subjects = (answer: Awaited<ReturnType<ApiHarness['gql']>>) =>
  field<{ items: { subject: string }[] }>(answer, 'tickets').items.map((ticket) => ticket.subject);

describe('a query given no consistency token', () => {
  it("waits for the caller's own last write; another caller's read answers as the read model stands", async () => {
    const writer = await h.token('agent', 'agent-own-writer');
    const other = await h.token('agent', 'agent-own-other');
    const { own } = await whileHeldBack(h.connectionString, 'tickets', async () => {
      expect(
        field<{ id: string }>(await h.gql(OPEN, { subject: 'Mine, just opened' }, writer), 'openTicket').id,
      ).toBeTruthy();
      const own = h.gql(LIST, {}, writer);
      const others = await h.gql(LIST, {}, other);
      expect(subjects(others)).toEqual([]);
      expect(await settledWithin(own, 300)).toBe(false);
      return { own };
    });
    expect(subjects(await own)).toEqual(['Mine, just opened']);
  });

  it('answers as the read model stands once the consistency wait is over, without an error, and waits no more for that write', async () => {
    const writer = await h.token('agent', 'agent-own-late');
    await whileHeldBack(h.connectionString, 'tickets', async () => {
      await h.gql(OPEN, { subject: 'Projected late' }, writer);
      // Held back past the wait: the read is not refused (no token was given), it is a little behind.
      const answer = await h.gql(LIST, {}, writer);
      expect(answer.errors).toBeUndefined();
      expect(subjects(answer)).not.toContain('Projected late');
      // Waited for once in vain: the next read answers well within the wait (3 s).
      expect(await settledWithin(h.gql(LIST, {}, writer), 1_500)).toBe(true);
    });
  });
});
