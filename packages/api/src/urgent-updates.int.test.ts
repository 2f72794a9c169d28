import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field, T0 } from './testing/harness.fixture.js';

// An urgent ticket's customer is owed an update from the team every 2 hours: the ticket shows
// when the next one is due, from the read model, as the domain computes it.

let h: ApiHarness;
let lead: string;
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  h = await createApiHarness();
  lead = await h.token('supervisor', 'lead-1');
});
afterAll(async () => h?.close());

async function mutate(document: string) {
  const answer = await h.gql(document, {}, lead);
  expect(answer.errors).toBeUndefined();
  return Object.values(answer.data ?? {})[0] as { consistencyToken: string };
}

async function dueAt(ticketId: string, token: string) {
  const answer = await h.gql(
    'query($id: ID!, $t: String) { ticket(id: $id, consistencyToken: $t) { sla { customerUpdateDueAt } } }',
    { id: ticketId, t: token },
    lead,
  );
  return field<{ sla: { customerUpdateDueAt: string | null } }>(answer, 'ticket').sla.customerUpdateDueAt;
}

it('is 2 hours after the ticket became urgent, then after each public reply; none while waiting or once lowered', async () => {
  h.clock.now = at(0);
  let written = await mutate(
    'mutation { openTicket(input: { ticketId: "down", customerId: "c-1", subject: "Site down", description: "500s", channel: web, priority: urgent }) { consistencyToken } }',
  );
  expect(await dueAt('down', written.consistencyToken)).toBe(at(120).toISOString());

  h.clock.now = at(30);
  await mutate('mutation { changeTicketStatus(input: { ticketId: "down", to: in_progress }) { consistencyToken } }');
  h.clock.now = at(45);
  written = await mutate(
    'mutation { replyToTicket(input: { ticketId: "down", body: "Looking into it", visibility: internal }) { consistencyToken } }',
  );
  // A note is no update.
  expect(await dueAt('down', written.consistencyToken)).toBe(at(120).toISOString());
  h.clock.now = at(50);
  written = await mutate(
    'mutation { replyToTicket(input: { ticketId: "down", body: "We found the cause" }) { consistencyToken } }',
  );
  expect(await dueAt('down', written.consistencyToken)).toBe(at(170).toISOString());

  h.clock.now = at(60);
  written = await mutate(
    'mutation { changeTicketStatus(input: { ticketId: "down", to: waiting_customer }) { consistencyToken } }',
  );
  expect(await dueAt('down', written.consistencyToken)).toBeNull();

  h.clock.now = at(70);
  written = await mutate(
    'mutation { changeTicketStatus(input: { ticketId: "down", to: in_progress }) { consistencyToken } }',
  );
  expect(await dueAt('down', written.consistencyToken)).toBe(at(170).toISOString());
  h.clock.now = at(80);
  written = await mutate(
    'mutation { changeTicketPriority(input: { ticketId: "down", priority: high }) { consistencyToken } }',
  );
  expect(await dueAt('down', written.consistencyToken)).toBeNull();
});
