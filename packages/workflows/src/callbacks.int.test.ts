import { HOUR_MS, MINUTE_MS, streamId, toInstant } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT, appliedAll, CALM_POLICY, CUSTOMER, type Harness, instantOf, startHarness } from './harness.fixture.js';

/** Calm SLA targets, and the support plan's 10-minute callback target. */
const INCIDENT_POLICY = { ...CALM_POLICY, id: 'incidents', callbackTargetMinutes: 10 };

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ SLA_POLICY: JSON.stringify(INCIDENT_POLICY) });
  await harness.startWorker();
});

afterAll(async () => {
  await harness?.close();
});

const stream = (id: string) => streamId('ticket', id);

const applied = (id: string) => appliedAll(harness, id);

async function openTicket(id: string, priority: 'normal' | 'urgent'): Promise<number> {
  const data = {
    ticketId: id,
    customerId: CUSTOMER.id,
    subject: `Ticket ${id}`,
    description: 'Please call me',
    channel: 'web' as const,
    priority,
  };
  await harness.ticket(id, { type: 'OpenTicket', data }, CUSTOMER);
  await applied(id);
  return instantOf((await harness.events(stream(id), 'TicketOpened'))[0]);
}

async function book(id: string, callbackId: string, at: number): Promise<void> {
  const data = { ticketId: id, callbackId, at: toInstant(at), timeZone: 'Europe/Paris', reason: 'Call me back' };
  await harness.ticket(id, { type: 'ScheduleCallback', data }, CUSTOMER);
  await applied(id);
}

const types = async (id: string) =>
  (await harness.store.readStream(stream(id)))
    .map((event) => event.type)
    .filter((type) => /Callback|Escalat/.test(type));

describe('ticket workflow: callbacks', () => {
  it('alerts when a booked call falls due, marks it missed 15 minutes later, and escalates the ticket', async () => {
    const openedAt = await openTicket('missed-call', 'normal');
    await book('missed-call', 'cb-1', openedAt + HOUR_MS);

    await harness.env.sleep(2 * HOUR_MS);

    const [due] = await harness.events(stream('missed-call'), 'TicketCallbackDue');
    expect(instantOf(due)).toBeGreaterThanOrEqual(openedAt + HOUR_MS);
    const [missed] = await harness.events(stream('missed-call'), 'TicketCallbackMissed');
    expect(instantOf(missed)).toBeGreaterThanOrEqual(openedAt + HOUR_MS + 15 * MINUTE_MS);
    const [escalated] = await harness.events(stream('missed-call'), 'TicketEscalated');
    expect(escalated?.data).toMatchObject({
      escalationReason: 'missed_callback',
      reason: 'callback cb-1 missed',
      toTier: 2,
    });
    expect(await types('missed-call')).toEqual([
      'TicketCallbackScheduled',
      'TicketCallbackDue',
      'TicketCallbackMissed',
      'TicketEscalated',
    ]);
  });

  it('stays quiet about a call made in time', async () => {
    const openedAt = await openTicket('made-call', 'normal');
    await book('made-call', 'cb-1', openedAt + HOUR_MS);
    await harness.env.sleep(HOUR_MS + 5 * MINUTE_MS);
    await harness.ticket(
      'made-call',
      { type: 'CompleteCallback', data: { ticketId: 'made-call', callbackId: 'cb-1', outcome: 'Fixed on the phone' } },
      AGENT,
    );
    await applied('made-call');

    await harness.env.sleep(2 * HOUR_MS);

    expect(await types('made-call')).toEqual([
      'TicketCallbackScheduled',
      'TicketCallbackDue',
      'TicketCallbackCompleted',
    ]);
  });

  it("books a critical incident's call within the policy's 10 minutes by itself", async () => {
    const openedAt = await openTicket('incident', 'urgent');
    await harness.env.sleep(MINUTE_MS);

    const [booked] = await harness.events(stream('incident'), 'TicketCallbackScheduled');
    expect(booked?.data).toMatchObject({
      callbackId: `incident@${toInstant(openedAt)}`,
      callbackAt: toInstant(openedAt + 10 * MINUTE_MS),
      actor: { role: 'system' },
    });

    await harness.env.sleep(HOUR_MS);
    expect(await types('incident')).toEqual([
      'TicketCallbackScheduled',
      'TicketCallbackDue',
      'TicketCallbackMissed',
      'TicketEscalated',
    ]);
  });

  it("calls off the incident's own call when the incident is resolved before it: no alert, no miss, no escalation", async () => {
    // Opened urgent: in progress at once.
    const openedAt = await openTicket('incident-over', 'urgent');
    await harness.env.sleep(MINUTE_MS);
    await harness.ticket(
      'incident-over',
      { type: 'ChangeStatus', data: { ticketId: 'incident-over', to: 'resolved' } },
      AGENT,
    );
    await applied('incident-over');

    await harness.env.sleep(HOUR_MS);
    expect(await types('incident-over')).toEqual(['TicketCallbackScheduled', 'TicketCallbackCancelled']);
    const [cancelled] = await harness.events(stream('incident-over'), 'TicketCallbackCancelled');
    expect(cancelled?.data).toMatchObject({
      callbackId: `incident@${toInstant(openedAt)}`,
      actor: { role: 'system' },
      reason: expect.stringContaining('incident is over'),
    });

    // The customer writes back: the ticket reopens, still urgent, and the incident books a new call.
    await harness.ticket(
      'incident-over',
      { type: 'CustomerReply', data: { ticketId: 'incident-over', body: 'It is broken again' } },
      CUSTOMER,
    );
    await applied('incident-over');
    await harness.env.sleep(MINUTE_MS);
    const reopenedAt = instantOf((await harness.events(stream('incident-over'), 'TicketStatusChanged')).at(-1));
    const calls = await harness.events(stream('incident-over'), 'TicketCallbackScheduled');
    expect(calls.map((call) => [call.data.callbackId, call.data.callbackAt])).toEqual([
      [`incident@${toInstant(openedAt)}`, toInstant(openedAt + 10 * MINUTE_MS)],
      [`incident@${toInstant(reopenedAt)}`, toInstant(reopenedAt + 10 * MINUTE_MS)],
    ]);
  });
});
