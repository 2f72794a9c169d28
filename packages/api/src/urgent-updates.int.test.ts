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

/** Runs `document` as a supervisor at `minutes` past T0, then reads the ticket's next update due. */
async function dueAfter(minutes: number, document: string) {
  h.clock.now = at(minutes);
  const answer = await h.gql(document, {}, lead);
  expect(answer.errors).toBeUndefined();
  const { consistencyToken } = Object.values(answer.data ?? {})[0] as { consistencyToken: string };
  const read = await h.gql(
    'query($t: String) { ticket(id: "down", consistencyToken: $t) { sla { customerUpdateDueAt } } }',
    { t: consistencyToken },
    lead,
  );
  return field<{ sla: { customerUpdateDueAt: string | null } }>(read, 'ticket').sla.customerUpdateDueAt;
}

const status = (to: string) =>
  `mutation { changeTicketStatus(input: { ticketId: "down", to: ${to} }) { consistencyToken } }`;
const reply = (body: string, visibility = 'public') =>
  `mutation { replyToTicket(input: { ticketId: "down", body: "${body}", visibility: ${visibility} }) { consistencyToken } }`;

it('is 2 hours after the ticket became urgent, then after each public reply; none while waiting or once lowered', async () => {
  const open =
    'mutation { openTicket(input: { ticketId: "down", customerId: "c-1", subject: "Site down", description: "500s", channel: web, priority: urgent }) { consistencyToken } }';
  // Opened urgent, it is in progress at once; the update is owed all the same.
  expect(await dueAfter(0, open)).toBe(at(120).toISOString());
  // A note is no update.
  expect(await dueAfter(45, reply('Looking into it', 'internal'))).toBe(at(120).toISOString());
  expect(await dueAfter(50, reply('We found the cause'))).toBe(at(170).toISOString());
  expect(await dueAfter(60, status('waiting_customer'))).toBeNull();
  expect(await dueAfter(70, status('in_progress'))).toBe(at(170).toISOString());
  const lower = 'mutation { changeTicketPriority(input: { ticketId: "down", priority: high }) { consistencyToken } }';
  expect(await dueAfter(80, lower)).toBeNull();
});
