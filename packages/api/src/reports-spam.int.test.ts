import { streamId } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field, T0 } from './testing/harness.fixture.js';

// Tickets thrown away as spam or invalid are neither met nor breached in the SLA compliance of
// the ticket reports (docs/reports.md#the-figures), whichever way a report adds its figures up:
// from the rollup (whole days), from the ticket rows (partial days), per hour of a series.

const CUSTOMER = 'cust-spam-reports';
const AGENT = 'agent-spam-reports';
const DAY_FROM = '2025-03-03T00:00:00.000Z';
const DAY_TO = '2025-03-04T00:00:00.000Z';
let h: ApiHarness;
let token = '';
let supervisor: string;
let customer: string;
let agent: string;
const ids: Record<'met' | 'breached' | 'spam' | 'invalid', string> = { met: '', breached: '', spam: '', invalid: '' };

async function mutate(query: string, actor: string): Promise<string> {
  const response = await h.gql(query, {}, actor);
  const result = field<{ id: string; consistencyToken: string }>(response, Object.keys(response.data ?? {})[0] ?? '');
  token = result.consistencyToken;
  return result.id;
}

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', AGENT);
  supervisor = await h.token('supervisor', 'supervisor-spam-reports');
  const admin = await h.token('admin', 'admin-spam-reports');
  for (const command of [
    `registerAgent(input: { agentId: "${AGENT}", name: "Sam" })`,
    `setAgentAvailability(input: { agentId: "${AGENT}", availability: available })`,
  ])
    field(await h.gql(`mutation { ${command} { consistencyToken } }`, {}, admin), command.split('(')[0]!);
  // Four tickets opened at 09:00 UTC, all the agent's, in one category: one answered within its
  // first-response target (2 business hours), one answered the next day (breached), one closed
  // as spam and one as invalid at once (their clocks stopped in time: `met`, had they counted).
  const open = async () => {
    const id = await mutate(
      `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "Hello", description: "x", channel: email, category: "billing" }) { id consistencyToken } }`,
      customer,
    );
    await mutate(
      `mutation { assignTicket(input: { ticketId: "${id}", agentId: "${AGENT}" }) { id consistencyToken } }`,
      agent,
    );
    return id;
  };
  h.clock.now = T0;
  const [met, breached, spam, invalid] = [await open(), await open(), await open(), await open()];
  Object.assign(ids, { met, breached, spam, invalid });
  h.clock.now = new Date(T0.getTime() + 5 * 60_000);
  const reply = (id: string) =>
    mutate(`mutation { replyToTicket(input: { ticketId: "${id}", body: "On it" }) { id consistencyToken } }`, agent);
  await reply(met);
  for (const [id, kind] of [
    [spam, 'spam'],
    [invalid, 'invalid'],
  ])
    await mutate(
      `mutation { closeTicketAsSpam(input: { ticketId: "${id}", kind: ${kind} }) { id consistencyToken } }`,
      agent,
    );
  h.clock.now = new Date(T0.getTime() + 24 * 60 * 60_000);
  await reply(breached);
});
afterAll(async () => h?.close());

const COMPLIANCE = 'slaCompliance { firstResponse { met breached rate } }';
const METRICS = `query($from: DateTime!, $to: DateTime!, $token: String) {
  ticketMetrics(from: $from, to: $to, consistencyToken: $token) {
    overall { tickets ${COMPLIANCE} }
    byAgent { key metrics { tickets ${COMPLIANCE} } }
    byCategory { key metrics { tickets ${COMPLIANCE} } }
  }
}`;
const HALF = { firstResponse: { met: 1, breached: 1, rate: 0.5 } };
const GROUP = { tickets: 4, slaCompliance: HALF };

describe('SLA compliance of tickets closed as spam or invalid', () => {
  it.each([
    ['a whole day, from the rollup', DAY_FROM, DAY_TO],
    ['a few hours, from the ticket rows', '2025-03-03T08:00:00.000Z', '2025-03-03T10:00:00.000Z'],
  ])('leaves them out of met and breached over %s, overall and per agent and category', async (_, from, to) => {
    const report = field<unknown>(await h.gql(METRICS, { from, to, token }, supervisor), 'ticketMetrics');
    expect(report).toEqual({
      overall: GROUP,
      byAgent: [{ key: AGENT, metrics: GROUP }],
      byCategory: [{ key: 'billing', metrics: GROUP }],
    });
  });

  it('leaves them out of the hour they were opened in a time series', async () => {
    const series = field<{ current: { buckets: { start: string; opened: number; slaCompliance: unknown }[] } }>(
      await h.gql(
        `query($from: DateTime!, $to: DateTime!, $token: String) {
          ticketTimeSeries(from: $from, to: $to, interval: hour, consistencyToken: $token) {
            current { buckets { start opened ${COMPLIANCE} } } } }`,
        { from: DAY_FROM, to: DAY_TO, token },
        supervisor,
      ),
      'ticketTimeSeries',
    );
    expect(series.current.buckets.filter((bucket) => bucket.opened > 0)).toEqual([
      { start: '2025-03-03T09:00:00.000Z', opened: 4, slaCompliance: HALF },
    ]);
  });
});

describe('closing as spam or invalid', () => {
  const closeReason = async (id: string, as: string) =>
    field<{ status: string; closeReason: string | null }>(
      await h.gql(
        'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { status closeReason } }',
        {
          id,
          t: token,
        },
        as,
      ),
      'ticket',
    );

  it('tells staff why, and the customer only that the ticket is closed', async () => {
    for (const kind of ['spam', 'invalid'] as const) {
      expect(await closeReason(ids[kind], supervisor)).toEqual({ status: 'closed', closeReason: kind });
      expect(await closeReason(ids[kind], customer)).toEqual({ status: 'closed', closeReason: null });
    }
  });

  it('refuses an answered ticket, writing nothing', async () => {
    // The ticket's own stream: the router may be giving back the slots of the tickets closed above.
    const written = async () => (await h.store.readStream(streamId('ticket', ids.breached))).length;
    const before = await written();
    const refused = await h.gql(
      `mutation { closeTicketAsSpam(input: { ticketId: "${ids.breached}", kind: invalid }) { id } }`,
      {},
      agent,
    );
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['INVALID_TRANSITION']);
    expect(await written()).toBe(before);
  });
});

describe('a ticket closed as spam, then reopened', () => {
  it('still owes its first response: neither met nor breached until answered, its clock running on', async () => {
    const day = new Date(T0.getTime() + 2 * 24 * 60 * 60_000);
    h.clock.now = day;
    const id = await mutate(
      `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "Not spam", description: "x", channel: email }) { id consistencyToken } }`,
      customer,
    );
    h.clock.now = new Date(day.getTime() + 5 * 60_000);
    await mutate(
      `mutation { closeTicketAsSpam(input: { ticketId: "${id}", kind: spam }) { id consistencyToken } }`,
      agent,
    );
    h.clock.now = new Date(day.getTime() + 10 * 60_000);
    await mutate(
      `mutation { changeTicketStatus(input: { ticketId: "${id}", to: in_progress, reason: "Not spam after all" }) { id consistencyToken } }`,
      supervisor,
    );
    const from = day.toISOString();
    const to = new Date(day.getTime() + 60 * 60_000).toISOString();
    const report = field<{ overall: unknown }>(await h.gql(METRICS, { from, to, token }, supervisor), 'ticketMetrics');
    expect(report.overall).toEqual({
      tickets: 1,
      slaCompliance: { firstResponse: { met: 0, breached: 0, rate: null } },
    });
    const sla = field<{ sla: { state: string; nextDeadlineMetric: string } }>(
      await h.gql(
        'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { sla { state nextDeadlineMetric } } }',
        { id, t: token },
        supervisor,
      ),
      'ticket',
    );
    expect(sla.sla).toEqual({ state: 'running', nextDeadlineMetric: 'first_response' });
  });
});
