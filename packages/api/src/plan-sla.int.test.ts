import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// A customer's plan picks the SLA policy of the tickets they open (seed 000's premium plan):
// set by an admin, shown with the configuration and its history, recorded on each ticket, and
// holding the policy against deletion.

let h: ApiHarness;
let admin: string;
let agent: string;
let system: string;

const SET_PLAN = 'mutation($i: SetPlanSlaPolicyInput!) { setPlanSlaPolicy(input: $i) { id version } }';
const OPEN = 'mutation($i: OpenTicketInput!) { openTicket(input: $i) { id consistencyToken } }';
const TICKET = `query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) {
  openedAt sla { policyId nextBreachAt } } }`;
const HISTORY = 'query($id: ID!) { ticketHistory(ticketId: $id) { type data } }';

async function register(customerId: string, plan?: string) {
  const registered = await h.gql(
    'mutation($i: RegisterCustomerInput!) { registerCustomer(input: $i) { id } }',
    { i: { customerId, name: customerId, ...(plan ? { plan } : {}) } },
    system,
  );
  field(registered, 'registerCustomer');
}

/**
 * Opens an urgent ticket as customer `customerId`; answers its id, and the policy and first-response
 * target (minutes) it recorded.
 */
async function openUrgent(customerId: string) {
  const customer = await h.token('customer', customerId);
  const opened = field<{ id: string; consistencyToken: string }>(
    await h.gql(
      OPEN,
      {
        i: {
          customerId,
          subject: 'Checkout down',
          description: 'Nobody can pay',
          channel: 'web',
          priority: 'urgent',
        },
      },
      customer,
    ),
    'openTicket',
  );
  const ticket = field<{ openedAt: string; sla: { policyId: string | null; nextBreachAt: string } }>(
    await h.gql(TICKET, { id: opened.id, t: opened.consistencyToken }, agent),
    'ticket',
  );
  const firstResponseMinutes = (Date.parse(ticket.sla.nextBreachAt) - Date.parse(ticket.openedAt)) / 60_000;
  return { ticketId: opened.id, policyId: ticket.sla.policyId, firstResponseMinutes };
}

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'ada-admin');
  agent = await h.token('agent', 'al');
  system = await h.token('system', 'setup');
  const loaded = await h.gql(
    'mutation { loadSlaPresets(input: { presets: [standard, premium], defaultPreset: standard }) { version } }',
    {},
    admin,
  );
  field(loaded, 'loadSlaPresets');
  await register('pam', 'Premium');
  await register('stan', 'Basic');
  await register('nora');
});

afterAll(async () => {
  await h?.close();
});

describe("a plan's SLA policy", () => {
  it("governs the tickets of the plan's customers; the others keep the default policy", async () => {
    const set = field<{ id: string }>(
      await h.gql(SET_PLAN, { i: { plan: 'premium', policyId: 'premium' } }, admin),
      'setPlanSlaPolicy',
    );
    expect(set.id).toBe('premium');
    const premium = await openUrgent('pam');
    expect(premium).toMatchObject({ policyId: 'premium', firstResponseMinutes: 15 });
    expect(await openUrgent('stan')).toMatchObject({ policyId: 'standard' });
    expect(await openUrgent('nora')).toMatchObject({ policyId: 'standard' });
    const history = field<{ type: string; data: Record<string, unknown> }[]>(
      await h.gql(HISTORY, { id: premium.ticketId }, agent),
      'ticketHistory',
    );
    expect(history[0]).toMatchObject({ type: 'TicketOpened', data: { plan: 'Premium' } });
    expect(history[1]).toMatchObject({ type: 'TicketSlaPolicyApplied', data: { policyId: 'premium' } });
    const listed = field<{ items: { id: string; plan: string | null }[] }>(
      await h.gql(
        'query($p: String) { tickets(filter: { plan: $p }) { items { id plan } } }',
        { p: ' PREMIUM' },
        agent,
      ),
      'tickets',
    );
    expect(listed.items).toEqual([{ id: premium.ticketId, plan: 'Premium' }]);
    const past = field<{ plan: string | null }>(
      await h.gql(
        'query($id: ID!, $at: DateTime!) { ticket(id: $id, asOf: $at) { plan } }',
        {
          id: premium.ticketId,
          at: h.clock.now.toISOString(),
        },
        agent,
      ),
      'ticket',
    );
    expect(past.plan).toBe('Premium');
  });

  it('is listed with the configuration and in its history', async () => {
    const config = field<{ planPolicies: { plan: string; policyId: string }[] }>(
      await h.gql('{ slaConfiguration { planPolicies { plan policyId } } }', {}, agent),
      'slaConfiguration',
    );
    expect(config.planPolicies).toEqual([{ plan: 'premium', policyId: 'premium' }]);
    const changes = field<{ edges: { node: { entity: string; entityId: string; definition: unknown } }[] }>(
      await h.gql(
        'query($id: ID) { slaConfigurationHistory(entityId: $id) { edges { node { entity entityId definition } } } }',
        { id: 'premium' },
        admin,
      ),
      'slaConfigurationHistory',
    );
    expect(changes.edges.at(-1)?.node).toEqual({
      entity: 'plan_policy',
      entityId: 'premium',
      definition: { plan: 'premium', policyId: 'premium' },
    });
  });

  it('keeps its policy from deletion, and refuses an unknown policy or a blank plan, writing nothing', async () => {
    const before = field<{ planPolicies: unknown[] }>(
      await h.gql('{ slaConfiguration { planPolicies { plan policyId } } }', {}, admin),
      'slaConfiguration',
    );
    const inUse = await h.gql('mutation { deleteSlaPolicy(input: { policyId: "premium" }) { id } }', {}, admin);
    expect(codes(inUse)).toEqual(['SLA_POLICY_IN_USE']);
    expect(inUse.errors?.[0]?.message).toContain('plan:premium');
    expect(codes(await h.gql(SET_PLAN, { i: { plan: 'Gold', policyId: 'missing' } }, admin))).toEqual(['NOT_FOUND']);
    expect(codes(await h.gql(SET_PLAN, { i: { plan: '   ', policyId: 'standard' } }, admin))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await h.gql(SET_PLAN, { i: { plan: 'Gold', policyId: 'standard' } }, agent))).toEqual(['FORBIDDEN']);
    const after = field<{ planPolicies: unknown[] }>(
      await h.gql('{ slaConfiguration { planPolicies { plan policyId } } }', {}, admin),
      'slaConfiguration',
    );
    expect(after).toEqual(before);
  });

  it('once cleared, leaves new tickets of the plan to the default policy', async () => {
    field(await h.gql(SET_PLAN, { i: { plan: 'PREMIUM' } }, admin), 'setPlanSlaPolicy');
    expect(await openUrgent('pam')).toMatchObject({ policyId: 'standard' });
  });

  it("lists a plan's whole history whatever spelling each change and the query use", async () => {
    for (const plan of ['Premium', ' premium ']) {
      const changes = field<{ edges: { node: { entityId: string; definition: { policyId: string | null } } }[] }>(
        await h.gql(
          'query($id: ID) { slaConfigurationHistory(entityId: $id) { edges { node { entityId definition } } } }',
          { id: plan },
          admin,
        ),
        'slaConfigurationHistory',
      );
      expect(changes.edges.map(({ node }) => [node.entityId, node.definition.policyId])).toEqual([
        ['premium', 'premium'],
        ['PREMIUM', null],
      ]);
    }
  });
});
