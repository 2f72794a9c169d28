import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';

// Customers do not choose ticket or chat ids; the server does. A client that retries a create
// with the same idempotency key (its first answer was lost) must get the first outcome back,
// not a second ticket.

let h: ApiHarness;
let customer: string;

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', 'cust-retry');
});
afterAll(async () => h?.close());

const OPEN = `mutation($key: ID) {
  openTicket(input: { customerId: "cust-retry", subject: "Printer", description: "It jams", channel: web }, commandId: $key) { id version }
}`;
const START = `mutation($key: ID) {
  startChat(input: { customerId: "cust-retry" }, commandId: $key) { id version }
}`;

describe('server-assigned ids under retries', () => {
  it.each([
    ['openTicket', OPEN],
    ['startChat', START],
  ])('%s retried with the same commandId answers the first outcome and creates nothing more', async (field, query) => {
    const first = await h.gql(query, { key: `retry-${field}` }, customer);
    expect(first.errors).toBeUndefined();
    const events = await h.eventCount();
    const again = await h.gql(query, { key: `retry-${field}` }, customer);
    expect(again.errors).toBeUndefined();
    expect(again.data?.[field]).toEqual(first.data?.[field]);
    expect(await h.eventCount()).toBe(events);
  });

  it('gives different keys, and calls without a key, different ids', async () => {
    const ids = new Set<string>();
    for (const key of ['a', 'b', null, null]) {
      const response = await h.gql(OPEN, { key }, customer);
      expect(response.errors).toBeUndefined();
      const opened = response.data?.openTicket as { id: string } | undefined;
      ids.add(String(opened?.id));
    }
    expect(ids.size).toBe(4);
  });
});

describe('ids a customer may not choose', () => {
  it.each([
    [
      'openTicket',
      'ticketId',
      '{ ticketId: "mine-1", customerId: "cust-retry", subject: "s", description: "d", channel: web }',
    ],
    ['startChat', 'chatId', '{ chatId: "mine-2", customerId: "cust-retry" }'],
  ])('%s refuses a %s from a customer, naming the input field, and writes nothing', async (field, id, input) => {
    const events = await h.eventCount();
    const refused = await h.gql(`mutation { ${field}(input: ${input}) { id } }`, {}, customer);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: `input.${id}`, message: expect.stringContaining('assigned by the server') }],
    });
    expect(await h.eventCount()).toBe(events);
  });
});
