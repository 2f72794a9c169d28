import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// What a chat widget's offline form tells a visitor before they open a ticket: when the ticket
// would be owed its first answer, under the terms it would record (their plan's policy included).

let h: ApiHarness;
let admin: string;
let system: string;

const EXPECTED = `query($category: String) { expectedFirstResponse(category: $category) { dueAt priority policyName } }`;
const OPEN = 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id consistencyToken } }';
const TICKET = 'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { sla { nextBreachAt } } }';

type Expected = { dueAt: string; priority: string; policyName: string };

async function register(customerId: string, plan?: string) {
  field(
    await h.gql(
      'mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { id } }',
      { i: { customerId, name: customerId, ...(plan ? { plan } : {}) } },
      system,
    ),
    'registerCustomer',
  );
}

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'ada-admin');
  system = await h.token('system', 'setup');
  field(
    await h.gql(
      'mutation { loadSlaPresets(input: { presets: [standard, premium], defaultPreset: standard }) { version } }',
      {},
      admin,
    ),
    'loadSlaPresets',
  );
  const plan = await h.gql(
    'mutation { setPlanSlaPolicy(input: { plan: "Premium", policyId: "premium" }) { version } }',
    {},
    admin,
  );
  field(plan, 'setPlanSlaPolicy');
  await register('pam', 'Premium');
  await register('nora');
});

afterAll(async () => {
  await h?.close();
});

/** What the customer is told, and the first-response deadline of the ticket they then open. */
async function toldAndRecorded(customerId: string) {
  const customer = await h.token('customer', customerId);
  const told = field<Expected>(await h.gql(EXPECTED, {}, customer), 'expectedFirstResponse');
  const opened = field<{ id: string; consistencyToken: string }>(
    await h.gql(OPEN, { i: { customerId, subject: 'Refund', description: 'Please', channel: 'web' } }, customer),
    'openTicket',
  );
  // Customers do not read a ticket's SLA clocks; an agent does.
  const ticket = field<{ sla: { nextBreachAt: string } }>(
    await h.gql(TICKET, { id: opened.id, t: opened.consistencyToken }, await h.token('agent', 'al')),
    'ticket',
  );
  return { told, recorded: ticket.sla.nextBreachAt };
}

describe('the expected first response', () => {
  it("is the first-response deadline the customer's ticket then records", async () => {
    const { told, recorded } = await toldAndRecorded('nora');
    expect(told.priority).toBe('normal');
    expect(told.dueAt).toBe(recorded);
  });

  it("follows a customer's plan: the premium plan's policy for its customer", async () => {
    const pam = await toldAndRecorded('pam');
    const nora = field<Expected>(await h.gql(EXPECTED, {}, await h.token('customer', 'nora')), 'expectedFirstResponse');
    expect(pam.told.policyName).not.toBe(nora.policyName);
    expect(pam.told.dueAt).toBe(pam.recorded);
  });

  it('refuses a category that is no category name, and a caller without a token', async () => {
    const nora = await h.token('customer', 'nora');
    expect(codes(await h.gql(EXPECTED, { category: 'x'.repeat(101) }, nora))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await h.gql(EXPECTED, {}))).toEqual(['UNAUTHENTICATED']);
  });
});
