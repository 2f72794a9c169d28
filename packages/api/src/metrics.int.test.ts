import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness } from './testing/harness.fixture.js';

// The API's Prometheus metrics: what an operator alerts on (refusals, conflicts, errors, latency).
// The process running the API serves them on its ops port (the CLI's tests scrape that).

let h: ApiHarness;
let customer: string;

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', 'cust-metrics');
});
afterAll(async () => h?.close());

/** The value of the sample `name{labels}` in the text exposition, `undefined` when absent. */
async function sample(name: string, labels: string): Promise<number | undefined> {
  const text = await h.metrics.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

describe('metrics', () => {
  it('counts commands by category, type and outcome, and times them', async () => {
    const open = (subject: string) =>
      h.gql(
        `mutation { openTicket(input: { customerId: "cust-metrics", subject: "${subject}", description: "x", channel: web }) { id } }`,
        {},
        customer,
      );
    const ok = 'category="ticket",type="OpenTicket",outcome="ok"';
    const before = (await sample('support_engine_commands_total', ok)) ?? 0;
    expect(codes(await open('First'))).toEqual([]);
    expect(codes(await open('Second'))).toEqual([]);
    expect(await sample('support_engine_commands_total', ok)).toBe(before + 2);

    // Another customer's ticket: the API refuses before any command runs, so nothing is counted;
    // a command the decider refuses is.
    const someone = await h.gql(
      'mutation { openTicket(input: { customerId: "cust-other", subject: "x", description: "x", channel: web }) { id } }',
      {},
      customer,
    );
    expect(codes(someone)).toEqual(['FORBIDDEN']);
    const refusedBefore =
      (await sample('support_engine_commands_total', 'category="ticket",type="ConfirmResolution",outcome="refused"')) ??
      0;
    const opened = await open('Third');
    const ticketId = (opened.data as { openTicket: { id: string } }).openTicket.id;
    const confirm = await h.gql(
      `mutation { confirmResolution(input: { ticketId: "${ticketId}" }) { id } }`,
      {},
      customer,
    );
    expect(codes(confirm)).toEqual(['INVALID_TRANSITION']);
    expect(
      await sample('support_engine_commands_total', 'category="ticket",type="ConfirmResolution",outcome="refused"'),
    ).toBe(refusedBefore + 1);

    expect(await sample('support_engine_command_duration_seconds_count', 'category="ticket",outcome="ok"')).toBe(
      before + 3,
    );
    expect(
      await sample('support_engine_command_duration_seconds_bucket', 'le="+Inf",category="ticket",outcome="ok"'),
    ).toBe(before + 3);
  });

  it("hold the process's own metrics, and are not served on the API's port, to anyone", async () => {
    const text = await h.metrics.registry.metrics();
    expect(text).toContain('support_engine_process_cpu_seconds_total');
    expect(text).toContain('support_engine_nodejs_eventloop_lag_seconds');
    for (const token of [undefined, await h.token('admin', 'admin-metrics')]) {
      const response = await h.get('/metrics', token);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('support_engine_');
    }
  });
});
