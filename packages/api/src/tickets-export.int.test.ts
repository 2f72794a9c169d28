import { countTickets, exportTickets } from '@support-engine/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKETS_CSV_PATH } from './reports/routes.js';
import { TICKETS_CSV_HEADER } from './reports/tickets-csv.js';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// The tickets export over HTTP: every ticket a TicketFilter keeps, one CSV row each, its columns
// those of the tickets read model (a new column among them with no code of its own).

const CUSTOMER = 'cust-export';
const FORMULA = '=HYPERLINK("http://evil.example"), click';
let h: ApiHarness;
let customer: string;
let agent: string;
let supervisor: string;
let suggestionId: string;
const ids: Record<'formula' | 'urgent' | 'suggested', string> = { formula: '', urgent: '', suggested: '' };

async function mutate<T>(query: string, token: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await h.gql(query, variables, token);
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return field<T>(response, Object.keys(response.data ?? {})[0]!);
}

const nextMinute = () => {
  h.clock.now = new Date(h.clock.now.getTime() + 60_000);
};

const download = (query: string, token?: string) => h.get(`${TICKETS_CSV_PATH}?${query}`, token);

/** The records of an RFC 4180 text (quoted cells with doubled quotes, CRLF line ends). */
function records(text: string): string[][] {
  const rows: string[][] = [[]];
  for (const [, cell, end] of text.matchAll(/("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n)/g)) {
    rows.at(-1)!.push(cell!.startsWith('"') ? cell!.slice(1, -1).replaceAll('""', '"') : cell!);
    if (end === '\r\n') rows.push([]);
  }
  return rows.slice(0, -1);
}

/** The export's rows as objects by column, the header checked. */
async function exported(query: string, token = supervisor): Promise<Record<string, string>[]> {
  const response = await download(query, token);
  expect(response.statusCode, response.body).toBe(200);
  const [header, ...rows] = records(response.body);
  expect(header).toEqual(TICKETS_CSV_HEADER);
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]!])));
}

beforeAll(async () => {
  h = await createApiHarness();
  customer = await h.token('customer', CUSTOMER);
  agent = await h.token('agent', 'agent-export');
  supervisor = await h.token('supervisor', 'lead-export');
  await mutate('mutation { registerAgent(input: { agentId: "agent-export", name: "Al Export" }) { id } }', supervisor);
  await mutate(`mutation { registerCustomer(input: { customerId: "${CUSTOMER}", name: "Ex Port" }) { id } }`, customer);
  const open = async (subject: string) =>
    (
      await mutate<{ id: string }>(
        'mutation($c: ID!, $s: String!) { openTicket(input: { customerId: $c, subject: $s, description: "x", channel: email }) { id } }',
        customer,
        { c: CUSTOMER, s: subject },
      )
    ).id;
  ids.formula = await open(FORMULA);
  nextMinute();
  ids.urgent = await open('Site down');
  await mutate(
    `mutation { changeTicketPriority(input: { ticketId: "${ids.urgent}", priority: urgent }) { id } }`,
    agent,
  );
  await mutate(
    `mutation { assignTicket(input: { ticketId: "${ids.urgent}", agentId: "agent-export" }) { id } }`,
    agent,
  );
  await mutate(
    `mutation { addTicketTags(input: { ticketId: "${ids.urgent}", tags: ["outage", "vip"] }) { id } }`,
    agent,
  );
  nextMinute();
  // Three failed logins make a proactive suggestion; accepting it opens the third ticket.
  for (let i = 0; i < 3; i++)
    await mutate(
      `mutation { recordCustomerActivity(input: { customerId: "${CUSTOMER}", signalType: login_failed }) { id } }`,
      customer,
    );
  const suggestions = await mutate<{ suggestionId: string }[]>(
    `query { proactiveSuggestions(customerId: "${CUSTOMER}") { suggestionId } }`,
    customer,
  );
  suggestionId = suggestions[0]!.suggestionId;
  const accepted = await mutate<{ ticketId: string; consistencyToken: string }>(
    'mutation($c: ID!, $s: ID!) { acceptSuggestion(input: { customerId: $c, suggestionId: $s }) { ticketId consistencyToken } }',
    customer,
    { c: CUSTOMER, s: suggestionId },
  );
  ids.suggested = accepted.ticketId;
  // The export takes no consistency token: wait here until the read model holds the last change.
  await mutate('query($t: String) { tickets(consistencyToken: $t) { nextCursor } }', supervisor, {
    t: accepted.consistencyToken,
  });
});
afterAll(async () => h?.close());

describe('GET /reports/tickets.csv', () => {
  it('downloads every ticket, newest first, one row each under the read model’s columns, to supervisors and auditors', async () => {
    for (const token of [supervisor, await h.token('auditor', 'auditor-export')]) {
      const response = await download('', token);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="tickets.csv"');
      expect(response.body.split('\r\n')[0]).toBe(TICKETS_CSV_HEADER.join(','));
    }
    expect(TICKETS_CSV_HEADER).toEqual(expect.arrayContaining(['ticket_id', 'status', 'priority', 'suggestion_id']));
    const rows = await exported('');
    expect(rows.map((row) => row.ticket_id)).toEqual([ids.suggested, ids.urgent, ids.formula]);
    expect(rows[1]).toMatchObject({
      subject: 'Site down',
      status: 'in_progress',
      priority: 'urgent',
      assignee_id: 'agent-export',
      tags: 'outage vip',
      customer_id: CUSTOMER,
      suggestion_id: '',
    });
    expect(rows[1]!.opened_at).toBe(new Date(Date.parse('2025-03-03T09:01:00.000Z')).toISOString());
  });

  it('names the suggestion a ticket was opened from in its suggestion_id column, and filters on it', async () => {
    const rows = await exported(`suggestionId=${suggestionId}`);
    expect(rows.map((row) => [row.ticket_id, row.suggestion_id, row.proactive])).toEqual([
      [ids.suggested, suggestionId, 'true'],
    ]);
  });

  it('keeps the tickets the filter keeps, as the GraphQL list does', async () => {
    const idsOf = async (query: string) => (await exported(query)).map((row) => row.ticket_id);
    expect(await idsOf('priority=urgent')).toEqual([ids.urgent]);
    expect(await idsOf('priority=urgent,normal&status=new')).toEqual([ids.suggested, ids.formula]);
    expect(await idsOf('status=new&status=in_progress&assigneeId=agent-export')).toEqual([ids.urgent]);
    expect(await idsOf('unassigned=true')).toEqual([ids.suggested, ids.formula]);
    expect(await idsOf('tags=VIP')).toEqual([ids.urgent]);
    expect(await idsOf('search=HYPERLINK')).toEqual([ids.formula]);
    expect(await idsOf('customerId=someone-else')).toEqual([]);
  });

  it('quotes a cell holding quotes or commas, and writes a formula as text', async () => {
    const response = await download(`priority=normal&search=HYPERLINK`, supervisor);
    expect(response.body).toContain(`,"'=HYPERLINK(""http://evil.example""), click",`);
    expect((await exported('search=HYPERLINK'))[0]!.subject).toBe(`'${FORMULA}`);
  });

  it('refuses callers without a token, customers and agents', async () => {
    const refusal = async (token: string | undefined) => {
      const response = await download('', token);
      return [response.statusCode, response.json().errors[0].extensions.code];
    };
    expect(await refusal(undefined)).toEqual([401, 'UNAUTHENTICATED']);
    expect(await refusal(customer)).toEqual([403, 'FORBIDDEN']);
    expect(await refusal(agent)).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses an unknown filter or a bad value with BAD_USER_INPUT, naming it, and writes no CSV', async () => {
    for (const [query, path] of [
      ['status=stuck', 'status.0'],
      ['priority=high,asap', 'priority.1'],
      ['slaState=late', 'slaState.0'],
      ['unassigned=maybe', 'unassigned'],
      ['inStatusForMoreThan=-5', 'inStatusForMoreThan'],
      ['inStatusForMoreThan=soon', 'inStatusForMoreThan'],
      ['updatedSince=yesterday', 'updatedSince'],
      ['colour=red', ''],
    ] as const) {
      const response = await download(query, supervisor);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const error = response.json().errors[0];
      expect([query, response.statusCode, error.extensions.code]).toEqual([query, 400, 'BAD_USER_INPUT']);
      expect(error.extensions.issues.map((issue: { path: string }) => issue.path)).toEqual([path]);
    }
  });
});

describe('exportTickets', () => {
  it('reads every matching ticket once across batches, newest first, up to its bound', async () => {
    const all = async (options: Parameters<typeof exportTickets>[2]) => {
      const read: string[] = [];
      for await (const row of exportTickets(h.db, {}, options)) read.push(row.ticket_id);
      return read;
    };
    expect(await all({ batch: 1 })).toEqual([ids.suggested, ids.urgent, ids.formula]);
    expect(await all({ batch: 2 })).toEqual([ids.suggested, ids.urgent, ids.formula]);
    expect(await all({ batch: 2, atMost: 2 })).toEqual([ids.suggested, ids.urgent]);
    expect(await countTickets(h.db, {}, 2)).toBe(2);
    expect(await countTickets(h.db, { priority: ['urgent'] }, 10)).toBe(1);
  });
});
