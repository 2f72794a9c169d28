import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_ID_HEADER } from './request-id.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// A request's id names it in the logs, in the answer, and in the metadata of every event its
// commands write (`correlationId`), hand-overs' two streams included.

let h: ApiHarness;
let customer: string;
let admin: string;

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', 'cust-trace');
  admin = await h.token('admin', 'admin-trace');
  await h.gql('mutation { registerAgent(input: { agentId: "agent-trace", name: "Tracy" }) { id } }', {}, admin);
});
afterAll(async () => h?.close());

async function post(query: string, token: string, requestId?: string) {
  const response = await h.app.inject({
    method: 'POST',
    url: GRAPHQL_PATH,
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(requestId === undefined ? {} : { [REQUEST_ID_HEADER]: requestId }),
    },
    payload: JSON.stringify({ query }),
  });
  return { id: response.headers[REQUEST_ID_HEADER], body: response.json() };
}

/** The types of the events written under `correlationId`, by stream category, in log order. */
async function eventsCorrelatedTo(correlationId: string): Promise<string[]> {
  const { rows } = await sql<{ stream: string; type: string }>`
    select split_part(stream_id, '-', 1) as stream, type from events
    where metadata->>'correlationId' = ${correlationId} order by global_position`.execute(h.store.db);
  return rows.map((row) => `${row.stream}:${row.type}`);
}

describe('request ids', () => {
  it("takes the caller's x-request-id, answers it back and writes it as the events' correlationId", async () => {
    const opened = await post(
      'mutation { openTicket(input: { customerId: "cust-trace", subject: "Trace me", description: "x", channel: web }) { id } }',
      customer,
      'support-trace-42',
    );
    expect(opened.id).toBe('support-trace-42');
    const ticketId = field<{ id: string }>(opened.body, 'openTicket').id;
    expect(await eventsCorrelatedTo('support-trace-42')).toEqual(['ticket:TicketOpened']);

    // A hand-over writes on the agent's stream, then on the ticket's: both carry the request's id.
    await post(
      `mutation { assignTicket(input: { ticketId: "${ticketId}", agentId: "agent-trace" }) { id } }`,
      admin,
      'handover-7',
    );
    expect(await eventsCorrelatedTo('handover-7')).toEqual(['agent:AgentWorkReserved', 'ticket:TicketAssigned']);
  });

  it('makes up a UUID when the caller sends none, or one a log could not carry as it is', async () => {
    for (const given of [undefined, 'has spaces', 'x'.repeat(129), 'quote"d']) {
      const answer = await post(
        'mutation { openTicket(input: { customerId: "cust-trace", subject: "Again", description: "x", channel: web }) { id } }',
        customer,
        given,
      );
      expect(answer.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(await eventsCorrelatedTo(answer.id as string)).toEqual(['ticket:TicketOpened']);
    }
  });
});
