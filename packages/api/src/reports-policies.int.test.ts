import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_METRICS_CSV_PATH } from './reports/routes.js';
import { type ApiHarness, createApiHarness, field, T0 } from './testing/harness.fixture.js';

// SLA compliance against each policy's goal: a report by policy, and the overall figures held to
// the goal every policy of the range shares.

const CUSTOMER = 'cust-policies';
const DAY = 24 * 60 * 60_000;
let h: ApiHarness;
let admin: string;
let customer: string;
let agent: string;
let supervisor: string;
let lastToken = '';

async function run(query: string, token: string): Promise<{ consistencyToken?: string; id?: string }> {
  const response = await h.gql(query, {}, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  const result = field<{ consistencyToken?: string; id?: string }>(response, Object.keys(response.data ?? {})[0]!);
  if (result.consistencyToken) lastToken = result.consistencyToken;
  return result;
}

const at = (ms: number) => {
  h.clock.now = new Date(T0.getTime() + ms);
};

/** A normal-priority ticket opened now under the default policy, answered `afterMinutes` later. */
async function answeredTicket(subject: string, afterMinutes: number): Promise<void> {
  const opened = h.clock.now.getTime();
  const { id } = await run(
    `mutation { openTicket(input: { customerId: "${CUSTOMER}", subject: "${subject}", description: "x", channel: email }) { id } }`,
    customer,
  );
  h.clock.now = new Date(opened + afterMinutes * 60_000);
  await run(`mutation { replyToTicket(input: { ticketId: "${id}", body: "Done" }) { id consistencyToken } }`, agent);
  h.clock.now = new Date(opened);
}

const setDefault = (policyId: string) =>
  run(`mutation { setDefaultSlaPolicy(input: { policyId: "${policyId}" }) { version } }`, admin);

const REPORT = `query($from: DateTime!, $to: DateTime!, $token: String) {
  ticketMetrics(from: $from, to: $to, consistencyToken: $token) {
    overall { tickets slaCompliance { firstResponse { met breached rate goal meetsGoal } } }
    byPolicy { key metrics { tickets slaCompliance { firstResponse { met breached rate goal meetsGoal } } } }
  }
}`;

async function report(fromMs: number, toMs: number) {
  const response = await h.gql(
    REPORT,
    { from: new Date(T0.getTime() + fromMs), to: new Date(T0.getTime() + toMs), token: lastToken },
    supervisor,
  );
  return field<{
    overall: { tickets: number; slaCompliance: { firstResponse: unknown } };
    byPolicy: { key: string; metrics: { tickets: number; slaCompliance: { firstResponse: unknown } } }[];
  }>(response, 'ticketMetrics');
}

beforeAll(async () => {
  h = await createApiHarness();
  admin = await h.token('admin', 'ada-policies');
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', 'al-policies');
  supervisor = await h.token('supervisor', 'sue-policies');
  // `premium` sets no goal; `gold` asks 90 % of tickets to meet each target, on the same 24/7 calendar.
  await run('mutation { loadSlaPresets(input: { presets: [premium], defaultPreset: premium }) { version } }', admin);
  const targets = '{ firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 1440 }';
  await run(
    `mutation { createSlaPolicy(input: { policyId: "gold", definition: { name: "Gold", calendarId: "24-7",
      targets: { low: ${targets}, normal: ${targets}, high: ${targets}, urgent: ${targets} }, complianceGoal: 0.9 } }) { id } }`,
    admin,
  );
  // Day 0: two gold tickets, one answered in 30 minutes and one in 3 hours (2 h target), and a premium one.
  await setDefault('gold');
  await answeredTicket('Gold in time', 30);
  await answeredTicket('Gold late', 180);
  await setDefault('premium');
  await answeredTicket('Premium in time', 30);
  // Day 2: gold tickets only, all answered in time.
  at(2 * DAY);
  await setDefault('gold');
  await answeredTicket('Gold again', 10);
  await answeredTicket('Gold once more', 20);
});
afterAll(async () => h?.close());

describe('SLA compliance against the policies’ goals', () => {
  it('holds each policy’s tickets to its own goal, and the mixed overall figures to none', async () => {
    const day0 = await report(0, DAY);
    expect(day0.byPolicy).toEqual([
      {
        key: 'gold',
        metrics: {
          tickets: 2,
          slaCompliance: { firstResponse: { met: 1, breached: 1, rate: 0.5, goal: 0.9, meetsGoal: false } },
        },
      },
      {
        key: 'premium',
        metrics: {
          tickets: 1,
          slaCompliance: { firstResponse: { met: 1, breached: 0, rate: 1, goal: null, meetsGoal: null } },
        },
      },
    ]);
    expect(day0.overall).toEqual({
      tickets: 3,
      slaCompliance: { firstResponse: { met: 2, breached: 1, rate: 2 / 3, goal: null, meetsGoal: null } },
    });
  });

  it('holds the overall figures to the goal when every policy of the range shares it', async () => {
    const day2 = await report(2 * DAY, 3 * DAY);
    expect(day2.overall.slaCompliance.firstResponse).toEqual({
      met: 2,
      breached: 0,
      rate: 1,
      goal: 0.9,
      meetsGoal: true,
    });
    expect(day2.byPolicy.map(({ key }) => key)).toEqual(['gold']);
  });

  it('compares with the goal as the policy sets it now', async () => {
    const targets = '{ firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 1440 }';
    await run(
      `mutation { updateSlaPolicy(input: { policyId: "gold", definition: { name: "Gold", calendarId: "24-7",
        targets: { low: ${targets}, normal: ${targets}, high: ${targets}, urgent: ${targets} }, complianceGoal: 0.5 } }) { id } }`,
      admin,
    );
    const day0 = await report(0, DAY);
    expect(day0.byPolicy[0]?.metrics.slaCompliance.firstResponse).toMatchObject({ goal: 0.5, meetsGoal: true });
  });

  it('gives the goal and whether it is met in the CSV, one row per policy', async () => {
    const from = T0.toISOString();
    const to = new Date(T0.getTime() + DAY).toISOString();
    const csv = await h.get(`${TICKET_METRICS_CSV_PATH}?from=${from}&to=${to}&by=policy`, supervisor);
    expect(csv.statusCode).toBe(200);
    const [header, ...rows] = csv.body.trim().split('\r\n');
    const names = header!.split(',');
    const cell = (row: string, name: string) => row.split(',')[names.indexOf(name)];
    expect(
      rows.map((row) => [
        cell(row, 'key'),
        cell(row, 'sla_first_response_goal'),
        cell(row, 'sla_first_response_meets_goal'),
      ]),
    ).toEqual([
      ['gold', '0.5', 'true'],
      ['premium', '', ''],
    ]);
  });
});
