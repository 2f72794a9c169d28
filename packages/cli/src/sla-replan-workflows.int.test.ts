import { randomUUID } from 'node:crypto';
import { createSlaReplanner, createWorkHandlers, migrateSlaReplanner } from '@support-engine/application';
import { type Actor, createDomainEventRegistry, DAY_MS, HOUR_MS, MINUTE_MS, streamId } from '@support-engine/domain';
import {
  createSlaConfigDecider,
  SLA_CONFIGURATION_ID,
  SLA_PRESETS,
  type SlaConfigCommand,
} from '@support-engine/domain/sla-config';
import { createCommandHandler } from '@support-engine/eventstore';
import { slaStatusQuery, ticketViewQuery } from '@support-engine/workflows';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentReplies, CUSTOMER, type Harness, startHarness } from '../../workflows/src/harness.fixture.js';

// The time-skipping scenario: a ticket opened under a policy with a 2 h first response;
// the policy is edited to 30 min; once the re-planner has recorded the new terms on the ticket,
// its workflow holds the new deadline: skipping 31 minutes records the breach at 30 min, where
// before the edit nothing was due before the 96-minute warning.

const ADMIN: Actor = { id: 'ada', role: 'admin' };
const registry = createDomainEventRegistry();
let harness: Harness;
const stop = new AbortController();
let replanner: Promise<void>;

async function configure(command: SlaConfigCommand): Promise<void> {
  await createCommandHandler({ store: harness.store, registry, decider: createSlaConfigDecider() }).handle({
    streamId: streamId('slaconfig', SLA_CONFIGURATION_ID),
    command,
    commandId: randomUUID(),
    context: { now: new Date(await harness.now()), actor: ADMIN },
  });
}

/** Opens ticket `id` as the customer, at `at` (the test server's now by default), under the configured terms. */
async function openTicket(id: string, subject: string, description: string, at?: number): Promise<void> {
  await createWorkHandlers(harness.store, registry).ticket.handle({
    streamId: streamId('ticket', id),
    command: {
      type: 'OpenTicket',
      data: { ticketId: id, customerId: CUSTOMER.id, subject, description, channel: 'web' },
    },
    commandId: randomUUID(),
    context: { now: new Date(at ?? (await harness.now())), actor: CUSTOMER },
  });
}

beforeAll(async () => {
  harness = await startHarness();
  await migrateSlaReplanner(harness.store.db);
  await harness.startWorker();
  await configure({ type: 'LoadSlaPresets', data: { presets: ['premium'] } });
  replanner = createSlaReplanner({
    store: harness.store,
    connectionString: harness.config.databaseUrl,
    registry,
    logger: pino({ level: 'silent' }),
    pollIntervalMs: 20,
    clock: () => new Date(),
  }).run(stop.signal);
});

afterAll(async () => {
  stop.abort();
  await replanner;
  await harness?.close();
});

describe('a policy edit', () => {
  // First: the re-planner stamps its events with the wall clock, which the later tests' time skips run ahead of.
  it("clearing the default policy hands an open ticket back to the deployment's policy, clocks included", async () => {
    const id = 'default-cleared';
    const stream = streamId('ticket', id);
    await openTicket(id, 'Fallback', 'Which terms?');
    await harness.ticketApplied(id, 2);
    const handle = harness.env.client.workflow.getHandle(stream);
    expect((await handle.query(slaStatusQuery))?.policyId).toBe('premium');
    await configure({ type: 'SetDefaultSlaPolicy', data: { policyId: null } });
    await harness.ticketApplied(id, 3);
    const [applied] = (await harness.events(stream, 'TicketSlaPolicyApplied')).slice(1);
    expect(applied?.data).toMatchObject({ policyId: null, cause: 'configuration_changed' });
    // The workflow's clocks now count under the deployment's policy, not the one no longer default.
    expect((await handle.query(slaStatusQuery))?.policyId).not.toBe('premium');
    await configure({ type: 'SetDefaultSlaPolicy', data: { policyId: 'premium' } });
  });

  it('re-plans an open ticket: its workflow breaches at the new 30-minute deadline', async () => {
    const id = 'replanned';
    const openedAt = await harness.now();
    await openTicket(id, 'Slow', 'Pages crawl', openedAt);
    await harness.ticketApplied(id, 2);
    const handle = harness.env.client.workflow.getHandle(streamId('ticket', id));
    // Premium, normal priority: first response 2 h, warned at 80 %.
    expect((await handle.query(ticketViewQuery)).next).toEqual({
      purpose: 'sla-warning-first_response',
      at: openedAt + 96 * MINUTE_MS,
    });

    const premium = SLA_PRESETS.premium.policies.premium!;
    await configure({
      type: 'UpdateSlaPolicy',
      data: {
        policyId: 'premium',
        definition: {
          ...premium,
          targets: { ...premium.targets, normal: { ...premium.targets.normal, firstResponseMinutes: 30 } },
        },
      },
    });
    await harness.ticketApplied(id, 3);
    const [applied] = (await harness.events(streamId('ticket', id), 'TicketSlaPolicyApplied')).slice(1);
    expect(applied?.data).toMatchObject({ policyId: 'premium', policyVersion: 2, cause: 'configuration_changed' });
    expect((await handle.query(ticketViewQuery)).next).toEqual({
      purpose: 'sla-warning-first_response',
      at: openedAt + 24 * MINUTE_MS,
    });

    await harness.env.sleep(31 * MINUTE_MS);
    await expect
      .poll(async () => (await harness.events(streamId('ticket', id), 'TicketSlaBreached')).map((e) => e.data), {
        timeout: 30_000,
      })
      .toEqual([
        expect.objectContaining({ metric: 'first_response', dueAt: new Date(openedAt + 30 * MINUTE_MS).toISOString() }),
      ]);
  });

  it('shortening the waiting delays: one reminder at a time, each announcing a close still ahead', async () => {
    const id = 'shortened';
    const stream = streamId('ticket', id);
    await openTicket(id, 'Export', 'CSV empty');
    await agentReplies(harness, id, 'waiting_customer');
    // Waiting for a day under the 3-, 5- and 7-day schedule when the policy moves to 1, 2 and 3 hours.
    await harness.env.sleep(DAY_MS);
    const premium = SLA_PRESETS.premium.policies.premium!;
    const timings = {
      firstReminderAfterMs: HOUR_MS,
      secondReminderAfterMs: 2 * HOUR_MS,
      waitingAutoCloseAfterMs: 3 * HOUR_MS,
    };
    await configure({ type: 'UpdateSlaPolicy', data: { policyId: 'premium', definition: { ...premium, timings } } });
    const reminders = () => harness.events(stream, 'TicketReminderSent');
    await expect.poll(async () => (await reminders()).length, { timeout: 30_000 }).toBe(1);
    const [first] = await reminders();
    const firstAt = Date.parse(String(first!.data.at));
    // Overdue at once, it is sent; the close it announces keeps the schedule's spacing from now.
    expect(first!.data).toMatchObject({ n: 1, closesAt: new Date(firstAt + 2 * HOUR_MS).toISOString() });
    expect(await harness.events(stream, 'TicketAutoClosed')).toEqual([]);

    await harness.env.sleep(3 * HOUR_MS);
    await harness.completed(stream);
    const [, second] = await reminders();
    const secondAt = Date.parse(String(second!.data.at));
    expect(secondAt - firstAt).toBeGreaterThanOrEqual(HOUR_MS);
    expect(Date.parse(String(second!.data.closesAt))).toBeGreaterThan(secondAt);
    const [closed] = await harness.events(stream, 'TicketAutoClosed');
    expect(Date.parse(String(closed!.data.at)) - secondAt).toBeGreaterThanOrEqual(HOUR_MS);
  });
});
