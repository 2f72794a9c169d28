import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CONFIG_DEFAULTS } from './config.js';
import { type ApiHarness, codes, createApiHarness, field } from './testing/harness.fixture.js';

// The shape of a document is bounded before anything runs: root fields per operation, aliases,
// tokens and directives. A refused document gets QUERY_TOO_COMPLEX and writes nothing.

let h: ApiHarness;
let agent: string;
let admin: string;
let ticketId: string;

const times = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i)).join(' ');

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'admin-1');
  agent = await h.token('agent', 'agent-7');
  const registered = await h.gql(
    'mutation { registerAgent(input: { agentId: "agent-7", name: "Seven" }) { id } }',
    {},
    admin,
  );
  expect(registered.errors).toBeUndefined();
  const opened = await h.gql(
    'mutation { openTicket(input: { customerId: "cust-7", subject: "VPN", description: "Down", channel: web }) { id } }',
    {},
    await h.token('customer', 'cust-7'),
  );
  ticketId = field<{ id: string }>(opened, 'openTicket').id;
});
afterAll(async () => h?.close());

/** Sends `query` as `token` and expects it refused with QUERY_TOO_COMPLEX, the log untouched. */
async function expectRefused(query: string, token: string | undefined, message: RegExp) {
  const before = await h.eventCount();
  const response = await h.gql(query, {}, token);
  expect(codes(response)).toContain('QUERY_TOO_COMPLEX');
  expect(response.errors?.map((error) => error.message).join('\n')).toMatch(message);
  expect(response.data ?? null).toBeNull();
  expect(await h.eventCount()).toBe(before);
}

describe('document limits', () => {
  it('lets a dashboard ask every figure of every breakdown of the reports in one request', async () => {
    const duration = '{ count averageMs medianMs }';
    const share = '{ count of rate }';
    const compliance = '{ met breached rate goal meetsGoal }';
    const group = `{ tickets firstResponse ${duration} resolution ${duration}
      slaCompliance { firstResponse ${compliance} nextResponse ${compliance} resolution ${compliance} }
      resolutionDistribution { under1h from1hTo4h from4hTo24h over24h } csat { count average }
      firstContactResolution ${share} reopens ${share} escalation ${share} escalationByTier { tier count of rate } }`;
    const keyed = `{ key metrics ${group} }`;
    const chatGroup = `{ chats waitTime ${duration} duration ${duration} abandonment ${share} conversion ${share} csat { count average } }`;
    const dashboard = `query($from: DateTime!, $to: DateTime!) {
      ticketMetrics(from: $from, to: $to) { from to overall ${group} byAgent ${keyed} byChannel ${keyed}
        byPriority ${keyed} byCategory ${keyed} byTier ${keyed} byTag ${keyed} byPolicy ${keyed} }
      chatMetrics(from: $from, to: $to) { overall ${chatGroup} byAgent { key metrics ${chatGroup} }
        byCategory { key metrics ${chatGroup} } utilisation { agentId availableMs busyMs rate } }
      liveBoard { at waitingChats { count longestWaitMs } slaBreachesLastHour callbacksDue escalations } }`;
    const answer = await h.gql(
      dashboard,
      { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      await h.token('supervisor', 'lead-1'),
    );
    expect(answer.errors).toBeUndefined();
    expect(field<{ overall: { tickets: number } }>(answer, 'ticketMetrics').overall.tickets).toBe(0);
  });

  it('refuses 500 aliased mutations in one document and appends no event', async () => {
    const replies = times(
      500,
      (i) => `r${i}: replyToTicket(input: { ticketId: "${ticketId}", body: "Spam ${i}" }) { id }`,
    );
    await expectRefused(`mutation { ${replies} }`, agent, /limit/);
  });

  it('refuses more mutation root fields than the limit, even without aliases', async () => {
    const { mutation } = API_CONFIG_DEFAULTS.maxRootFields;
    const calls = [
      'setAgentAvailability(input: { agentId: "agent-7", availability: available }) { id }',
      'setAgentCapacity(input: { agentId: "agent-7", capacity: 3 }) { id }',
      'setAgentTicketCapacity(input: { agentId: "agent-7", ticketCapacity: 9 }) { id }',
      'setAgentTier(input: { agentId: "agent-7", tier: 2 }) { id }',
      'updateAgentSkills(input: { agentId: "agent-7", skills: ["billing"], languages: ["en"] }) { id }',
      'rateAgentPerformance(input: { agentId: "agent-7", rating: 7 }) { id }',
    ];
    expect(calls.length).toBeGreaterThan(mutation);
    await expectRefused(
      `mutation { ${calls.slice(0, mutation + 1).join(' ')} }`,
      admin,
      new RegExp(`${mutation + 1} root fields.*limit of ${mutation}`),
    );
    const allowed = await h.gql(`mutation { ${calls.slice(0, mutation).join(' ')} }`, {}, admin);
    expect(allowed.errors).toBeUndefined();
  });

  it('counts root fields through fragments and refuses queries past their own limit', async () => {
    const { query } = API_CONFIG_DEFAULTS.maxRootFields;
    const half = Math.ceil((query + 1) / 2);
    await expectRefused(
      `{ ...A ... on Query { ${times(query + 1 - half, (i) => `b${i}: __typename`)} } } fragment A on Query { ${times(half, (i) => `a${i}: __typename`)} }`,
      agent,
      new RegExp(`${query + 1} root fields.*limit of ${query}`),
    );
    expect((await h.gql(`{ ${times(query, (i) => `a${i}: __typename`)} }`, {}, agent)).errors).toBeUndefined();
  });

  it('refuses more aliases than the limit', async () => {
    const n = API_CONFIG_DEFAULTS.maxAliases + 1;
    await expectRefused(`{ tickets { items { ${times(n, (i) => `a${i}: id`)} } } }`, agent, /[Aa]liases/);
  });

  it('refuses more tokens than the limit', async () => {
    const n = API_CONFIG_DEFAULTS.maxTokens;
    await expectRefused(`{ tickets { items { ${times(n, () => 'id')} } } }`, agent, /[Tt]oken/);
  });

  it('refuses more directives than the limit', async () => {
    const n = API_CONFIG_DEFAULTS.maxDirectives + 1;
    await expectRefused(`{ tickets { items { ${times(n, () => 'id @include(if: true)')} } } }`, agent, /[Dd]irectives/);
  });
});
