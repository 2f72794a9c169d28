import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// Who did what, by name: an event's actor is named as the team knows them (an agent by the agents'
// list, a supervisor or an admin by their staff profile), and not at all when a customer or the
// system acted, or one who never named themself.

let h: ApiHarness;
const t = { ada: '', sue: '', sam: '', admin: '', portal: '', customer: '' };

async function write(query: string, as: string) {
  const response = await h.gql(query, {}, as);
  expect(response.errors).toBeUndefined();
  return response.data as Record<string, { id?: string; consistencyToken: string }>;
}

beforeAll(async () => {
  h = await createApiHarness();
  t.ada = await h.token('agent', 'ada');
  t.sue = await h.token('supervisor', 'sue');
  t.sam = await h.token('supervisor', 'sam');
  t.admin = await h.token('admin', 'admin-names');
  t.portal = await h.token('system', 'portal');
  t.customer = await h.token('customer', 'cust-names');
});
afterAll(async () => h?.close());

describe('Actor.name', () => {
  it('names agents by the agents list, leads by their profile; null for the system, a customer, one never named', async () => {
    await write('mutation { registerAgent(input: { agentId: "ada", name: "Ada Lovelace" }) { id } }', t.admin);
    // Her own profile names her otherwise: the team's list is what the desk shows, so it wins.
    await write('mutation { setStaffProfile(input: { name: "Ada L." }) { id } }', t.ada);
    await write('mutation { setStaffProfile(input: { name: "Sue Supervisor" }) { id } }', t.sue);
    const opened = await write(
      'mutation { openTicket(input: { customerId: "cust-names", subject: "Who?", description: "x", channel: web }) { id consistencyToken } }',
      t.customer,
    );
    const ticketId = opened.openTicket!.id!;
    await write(`mutation { assignTicket(input: { ticketId: "${ticketId}", agentId: "ada" }) { id } }`, t.sue);
    await write(`mutation { addTicketTags(input: { ticketId: "${ticketId}", tags: ["vip"] }) { id } }`, t.sam);
    const last = await write(
      `mutation { replyToTicket(input: { ticketId: "${ticketId}", body: "On it." }) { id consistencyToken } }`,
      t.ada,
    );
    const history = field<{ type: string; actor: { id: string; role: string; name: string | null } | null }[]>(
      await h.gql(
        'query($id: ID!, $t: String) { ticketHistory(ticketId: $id, consistencyToken: $t) { type actor { id role name } } }',
        { id: ticketId, t: last.replyToTicket!.consistencyToken },
        t.sue,
      ),
      'ticketHistory',
    );
    const names = new Map(history.flatMap((event) => (event.actor ? [[event.actor.id, event.actor.name]] : [])));
    expect(Object.fromEntries(names)).toEqual({
      'cust-names': null,
      sue: 'Sue Supervisor',
      sam: null,
      ada: 'Ada Lovelace',
    });
  });
});
