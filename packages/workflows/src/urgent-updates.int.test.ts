import { DAY_MS, HOUR_MS, streamId, toInstant } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketViewQuery } from './contract.js';
import {
  AGENT,
  agentReplies,
  appliedAll,
  CALM_POLICY,
  CUSTOMER,
  expectAtDueTimes,
  type Harness,
  instantOf,
  startHarness,
} from './harness.fixture.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ SLA_POLICY: JSON.stringify(CALM_POLICY) });
  await harness.startWorker();
});

afterAll(async () => {
  await harness?.close();
});

const stream = (id: string) => streamId('ticket', id);

const applied = (id: string) => appliedAll(harness, id);

/** The customer opens an urgent ticket; returns when it was opened (workflow time). */
async function urgentTicket(id: string): Promise<number> {
  const data = {
    ticketId: id,
    customerId: CUSTOMER.id,
    subject: `Ticket ${id}`,
    description: 'Everything is down',
    channel: 'web' as const,
    priority: 'urgent' as const,
  };
  await harness.ticket(id, { type: 'OpenTicket', data }, CUSTOMER);
  await applied(id);
  return instantOf((await harness.events(stream(id), 'TicketOpened'))[0]);
}

/** The team answers publicly, the ticket staying in progress; returns when (workflow time). */
async function teamReplies(id: string): Promise<number> {
  await agentReplies(harness, id);
  await applied(id);
  return instantOf((await harness.events(stream(id), 'TicketAgentReplied')).at(-1));
}

const flags = (id: string) => harness.events(stream(id), 'TicketCustomerUpdateDue');

describe('ticket workflow: customer updates of urgent tickets', () => {
  it('flags the update due 2 hours after the opening when the team stays silent, and shows the timer', async () => {
    const openedAt = await urgentTicket('silent-team');
    const handle = harness.env.client.workflow.getHandle(stream('silent-team'));
    const dueAt = toInstant(openedAt + 2 * HOUR_MS);
    expect((await handle.query(ticketViewQuery)).next).toEqual({
      purpose: `customer-update-due@${dueAt}`,
      at: openedAt + 2 * HOUR_MS,
    });
    // What the Temporal UI shows as the workflow's current details.
    const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
    expect(metadata.currentDetails).toBe(`Next: customer-update-due@${dueAt} at ${dueAt}`);

    await harness.env.sleep(3 * HOUR_MS);

    const flagged = await flags('silent-team');
    expectAtDueTimes(flagged, [openedAt + 2 * HOUR_MS]);
    expect(flagged[0]!.data).toMatchObject({ dueAt });
    expect(flagged[0]!.metadata.commandId).toBe(`ticket-silent-team:customer-update-due@${dueAt}`);
  });

  it('counts the 2 hours from the last public reply of the team', async () => {
    await urgentTicket('answered-team');
    await harness.env.sleep(HOUR_MS);
    const repliedAt = await teamReplies('answered-team');

    await harness.env.sleep(3 * HOUR_MS);

    const flagged = await flags('answered-team');
    expectAtDueTimes(flagged, [repliedAt + 2 * HOUR_MS]);
    expect(flagged[0]!.data).toMatchObject({ dueAt: toInstant(repliedAt + 2 * HOUR_MS) });
  });

  it('never flags a ticket whose priority was lowered', async () => {
    await urgentTicket('lowered');
    await harness.env.sleep(HOUR_MS);
    await harness.ticket('lowered', { type: 'ChangePriority', data: { ticketId: 'lowered', priority: 'high' } }, AGENT);
    await applied('lowered');

    await harness.env.sleep(6 * HOUR_MS);

    expect(await flags('lowered')).toEqual([]);
    const view = await harness.env.client.workflow.getHandle(stream('lowered')).query(ticketViewQuery);
    expect(view.next?.purpose).not.toMatch(/^customer-update-due/);
  });

  it('flags a due time once, and again only after the next reply of the team', async () => {
    const openedAt = await urgentTicket('flagged');
    await harness.env.sleep(5 * HOUR_MS);
    expectAtDueTimes(await flags('flagged'), [openedAt + 2 * HOUR_MS]);

    const repliedAt = await teamReplies('flagged');
    await harness.env.sleep(3 * HOUR_MS);

    const flagged = await flags('flagged');
    expectAtDueTimes(flagged, [openedAt + 2 * HOUR_MS, repliedAt + 2 * HOUR_MS]);
    expect(flagged.map((event) => event.data.dueAt)).toEqual([
      toInstant(openedAt + 2 * HOUR_MS),
      toInstant(repliedAt + 2 * HOUR_MS),
    ]);

    await agentReplies(harness, 'flagged', 'resolved');
    await applied('flagged');
    await harness.env.sleep(2 * DAY_MS);
    expect(await flags('flagged')).toHaveLength(2);
    await harness.completed(stream('flagged'));
    await harness.recordHistory(stream('flagged'));
  });
});
