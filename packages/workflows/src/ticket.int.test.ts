import { DAY_MS, HOUR_MS, MINUTE_MS, streamId, toInstant } from '@support-engine/domain';
import type { SlaPolicy } from '@support-engine/domain/sla';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaStatusQuery, ticketViewQuery } from './contract.js';
import {
  AGENT,
  agentReplies,
  appliedAll,
  CUSTOMER,
  customerReplies,
  expectAtDueTimes,
  type Harness,
  instantOf,
  openTicket,
  startHarness,
} from './harness.fixture.js';

// Time-skipping moves the server's clock for every test of this file, so the SLA scenario's
// Friday lies weeks ahead: the tests before it skip well under that.
const FRIDAY_17H = nextFridayAt17Utc(Date.now() + 8 * 7 * DAY_MS);
const HOLIDAY_MONDAY = toInstant(FRIDAY_17H + 3 * DAY_MS).slice(0, 10);

const weekday = [{ start: '09:00', end: '18:00' }];
const targets = { firstResponseMinutes: 4 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 5 * 24 * 60 };
/** Weekdays 09:00-18:00 UTC, one holiday; first response 4 h with a warning at 3 h. */
const BUSINESS_HOURS_POLICY = {
  id: 'business-hours',
  name: 'Business hours',
  calendar: {
    kind: 'weekly',
    timeZone: 'UTC',
    weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
    holidays: [HOLIDAY_MONDAY],
  },
  targets: { low: targets, normal: targets, high: targets, urgent: targets },
  categoryTargets: {},
  warnAtFraction: 0.75,
} satisfies SlaPolicy;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ SLA_POLICY: JSON.stringify(BUSINESS_HOURS_POLICY) });
  await harness.startWorker();
});

afterAll(async () => {
  await harness?.close();
});

const stream = (id: string) => streamId('ticket', id);

/** Opens a ticket and has the agent ask the customer something; returns when it entered waiting_customer. */
async function waitingTicket(id: string): Promise<number> {
  await openTicket(harness, id);
  await agentReplies(harness, id, 'waiting_customer');
  await harness.ticketApplied(id, 4);
  const [, waiting] = await harness.events(stream(id), 'TicketStatusChanged');
  return instantOf(waiting);
}

describe('ticket workflow: reminders and auto-close', () => {
  it('reminds the silent customer at day 3 and day 5 and closes the ticket at day 7', async () => {
    const since = await waitingTicket('silent');
    // The run that waits. A late delivery of the close may start a new run once this one has
    // completed (it reads the history and completes in turn): its history has no reminder.
    const { runId } = await harness.env.client.workflow.getHandle(stream('silent')).describe();

    await harness.env.sleep(8 * DAY_MS);

    const reminders = await harness.events(stream('silent'), 'TicketReminderSent');
    expect(reminders.map((event) => event.data.n)).toEqual([1, 2]);
    expectAtDueTimes(reminders, [since + 3 * DAY_MS, since + 5 * DAY_MS]);
    const closed = await harness.events(stream('silent'), 'TicketAutoClosed');
    expectAtDueTimes(closed, [since + 7 * DAY_MS]);
    expect(closed[0]!.data).toMatchObject({
      closeReason: 'no_customer_response',
      message: 'closed for lack of response',
    });
    await harness.completed(stream('silent'));
    await harness.recordHistory(stream('silent'));
    // Each timer says in the history (the Temporal UI) what it waits for.
    const history = await harness.env.client.workflow.getHandle(stream('silent'), runId).fetchHistory();
    const summaries = (history.events ?? [])
      .filter((event) => event.timerStartedEventAttributes)
      .map((event) => {
        const data = event.userMetadata?.summary?.data;
        return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as string) : null;
      });
    // (Which timers a run starts depends on when its signals arrive; it waits for a reminder at least once.)
    expect(summaries.some((summary) => summary?.startsWith('reminder-'))).toBe(true);
    expect(summaries).not.toContain(null);
  });

  it('reopens a ticket whose workflow completed in a new run that reads the history it missed', async () => {
    // The silent ticket's workflow completed after its close; the customer now writes again.
    await customerReplies(harness, 'silent');
    await harness.ticketApplied('silent', 9);
    const view = await harness.env.client.workflow.getHandle(stream('silent')).query(ticketViewQuery);
    // Its count of reminders is the last waiting period's, kept until it waits again.
    expect(view.ticket).toMatchObject({ status: 'in_progress', remindersSent: 2, closedAt: null, waitingSince: null });
    const history = await harness.env.client.workflow.getHandle(stream('silent')).fetchHistory();
    const signaled = (history.events ?? []).flatMap((event) =>
      (event.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []).map(
        (payload) => (JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as { version: number }).version,
      ),
    );
    // Started by the reopen's events: the history before the close came from the store, not from
    // signals. (The reactor delivers at least once, so a recent event may come twice.)
    expect(signaled.length).toBeGreaterThan(0);
    expect(signaled.every((version) => Number.isInteger(version) && version > 0)).toBe(true);
    expect(signaled.filter((version) => version < 7)).toEqual([]);
  });

  it('cancels the schedule when the customer replies on day 4', async () => {
    const since = await waitingTicket('answered');
    // What the automation will do next, as the SLA query tells the API.
    const next = async () =>
      (await harness.env.client.workflow.getHandle(stream('answered')).query(slaStatusQuery))?.automation;
    expect(await next()).toEqual({ kind: 'reminder', n: 1, dueAt: toInstant(since + 3 * DAY_MS) });
    await harness.env.sleep(4 * DAY_MS);
    await harness.ticketApplied('answered', 5); // reminder 1, folded
    // Day 5, or two days after reminder 1 went out if that was later (never less notice).
    const [first] = await harness.events(stream('answered'), 'TicketReminderSent');
    const secondDueAt = Math.max(since + 5 * DAY_MS, instantOf(first) + 2 * DAY_MS);
    expect(await next()).toEqual({ kind: 'reminder', n: 2, dueAt: toInstant(secondDueAt) });
    await customerReplies(harness, 'answered');
    await harness.ticketApplied('answered', 7);
    expect(await next()).toBeNull();

    await harness.env.sleep(10 * DAY_MS);

    const reminders = await harness.events(stream('answered'), 'TicketReminderSent');
    expectAtDueTimes(reminders, [since + 3 * DAY_MS]);
    expect(await harness.events(stream('answered'), 'TicketAutoClosed')).toEqual([]);
    const view = await harness.env.client.workflow.getHandle(stream('answered')).query(ticketViewQuery);
    expect(view.ticket?.status).toBe('in_progress');
  });

  it('restarts the schedule when the ticket enters waiting_customer again', async () => {
    const first = await waitingTicket('again');
    await harness.env.sleep(4 * DAY_MS);
    await customerReplies(harness, 'again');
    await agentReplies(harness, 'again', 'waiting_customer');
    await harness.ticketApplied('again', 9);
    const [, , , again] = await harness.events(stream('again'), 'TicketStatusChanged');
    const second = instantOf(again);

    await harness.env.sleep(8 * DAY_MS);

    const reminders = await harness.events(stream('again'), 'TicketReminderSent');
    expectAtDueTimes(reminders, [first + 3 * DAY_MS, second + 3 * DAY_MS, second + 5 * DAY_MS]);
    expect(reminders.map((event) => event.data.waitingSince)).toEqual([
      toInstant(first),
      toInstant(second),
      toInstant(second),
    ]);
    expectAtDueTimes(await harness.events(stream('again'), 'TicketAutoClosed'), [second + 7 * DAY_MS]);
  });

  it('completes a few minutes after the customer confirms the resolution, not an hour later', async () => {
    await openTicket(harness, 'confirmed');
    await agentReplies(harness, 'confirmed', 'resolved');
    await harness.ticket('confirmed', { type: 'ConfirmResolution', data: { ticketId: 'confirmed' } }, CUSTOMER);
    await harness.ticketApplied('confirmed', 5);
    // A closed ticket has nothing left to time: its run ends once the close linger passes.
    await harness.env.sleep(5 * MINUTE_MS);
    const handle = harness.env.client.workflow.getHandle(stream('confirmed'));
    await expect.poll(async () => (await handle.describe()).status.name, { timeout: 10_000 }).toBe('COMPLETED');
  });

  it('closes a resolved ticket after the resolved delay', async () => {
    await openTicket(harness, 'resolved');
    await agentReplies(harness, 'resolved', 'resolved');
    await harness.ticketApplied('resolved', 4);
    const [, resolved] = await harness.events(stream('resolved'), 'TicketStatusChanged');

    await harness.env.sleep(2 * DAY_MS);

    const closed = await harness.events(stream('resolved'), 'TicketAutoClosed');
    expectAtDueTimes(closed, [instantOf(resolved) + harness.config.ticket.timings.resolvedAutoCloseAfterMs]);
    expect(closed[0]!.data).toMatchObject({ from: 'resolved', closeReason: 'resolved_timeout' });
  });
});

describe('ticket workflow: SLA', () => {
  it('warns and breaches the first response in business time, across a weekend and a holiday', async () => {
    const now = await harness.now();
    expect(now, 'the earlier tests skipped past the scenario Friday').toBeLessThan(FRIDAY_17H);
    await harness.env.sleep(FRIDAY_17H - now);
    await openTicket(harness, 'sla');
    await harness.ticketApplied('sla', 1);
    const openedAt = instantOf((await harness.events(stream('sla'), 'TicketOpened'))[0]);
    // 1 business hour on Friday; Saturday, Sunday and the holiday Monday do not count; the
    // remaining 2 h (warning at 3 h) and 3 h (breach at 4 h) run from Tuesday 09:00.
    const warningAt = openedAt + 3 * DAY_MS + 18 * HOUR_MS;
    const breachAt = openedAt + 3 * DAY_MS + 19 * HOUR_MS;

    await harness.env.sleep(5 * DAY_MS);

    const warnings = await harness.events(stream('sla'), 'TicketSlaWarning');
    expectAtDueTimes(warnings, [warningAt]);
    expect(warnings[0]!.data).toMatchObject({ metric: 'first_response', dueAt: toInstant(breachAt) });
    const breaches = await harness.events(stream('sla'), 'TicketSlaBreached');
    expectAtDueTimes(breaches, [breachAt]);
    expect(breaches[0]!.data).toMatchObject({ metric: 'first_response', dueAt: toInstant(breachAt) });
    const escalations = await harness.events(stream('sla'), 'TicketEscalated');
    expectAtDueTimes(escalations, [breachAt]);
    expect(escalations[0]!.data).toMatchObject({ escalationReason: 'sla_breach', fromTier: 1, toTier: 2 });
    expect(escalations[0]!.metadata.commandId).toBe('ticket-sla:sla-escalation-first_response#1');

    const sla = await harness.env.client.workflow.getHandle(stream('sla')).query(slaStatusQuery);
    expect(sla?.metrics.first_response).toMatchObject({ state: 'breached', breachedAt: breachAt });
    expect(sla?.metrics.resolution.state).toBe('running');
    // Asked for a later instant (the caller's clock), the running clock has run on since the
    // workflow last woke; an instant before the workflow's own time does not turn it back.
    const later = sla!.now + 2 * DAY_MS;
    const ahead = await harness.env.client.workflow.getHandle(stream('sla')).query(slaStatusQuery, later);
    expect(ahead?.now).toBe(later);
    expect(ahead!.metrics.resolution.elapsedBusinessMs).toBeGreaterThan(sla!.metrics.resolution.elapsedBusinessMs);
    expect(ahead!.metrics.resolution.remainingBusinessMs).toBeLessThan(sla!.metrics.resolution.remainingBusinessMs);
    // Not equal to `sla.now`: a late signal may wake the workflow at the server's current time
    // (where the 5-day sleep left it) between the two queries; still never before `sla.now`.
    const behind = await harness.env.client.workflow.getHandle(stream('sla')).query(slaStatusQuery, 0);
    expect(behind!.now).toBeGreaterThanOrEqual(sla!.now);
    expect(behind!.now).toBeLessThanOrEqual(openedAt + 5 * DAY_MS + MINUTE_MS);

    await agentReplies(harness, 'sla', 'resolved');
    await harness.ticketApplied('sla', 7);
    await harness.env.sleep(2 * DAY_MS);
    await harness.completed(stream('sla'));
    await harness.recordHistory(stream('sla'));
  });

  it('times the first response a spam close left unanswered once the ticket is reopened', async () => {
    const id = 'spam-reopened';
    await openTicket(harness, id);
    await harness.ticket(id, { type: 'CloseAsSpam', data: { ticketId: id, kind: 'spam' } }, AGENT);
    await harness.env.sleep(HOUR_MS);
    const supervisor = { id: 'supervisor-1', role: 'supervisor' } as const;
    await harness.ticket(id, { type: 'ChangeStatus', data: { ticketId: id, to: 'in_progress' } }, supervisor);
    await appliedAll(harness, id);

    await harness.env.sleep(5 * DAY_MS);

    await harness.recordHistory(stream(id));
    const breaches = await harness.events(stream(id), 'TicketSlaBreached');
    expect(breaches.map((event) => event.data.metric)).toContain('first_response');
  });
});

function nextFridayAt17Utc(fromMs: number): number {
  const day = new Date(fromMs);
  day.setUTCHours(17, 0, 0, 0);
  while (day.getUTCDay() !== 5) day.setUTCDate(day.getUTCDate() + 1);
  return day.getTime();
}
