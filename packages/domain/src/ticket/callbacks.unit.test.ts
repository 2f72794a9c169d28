import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold, runCommand } from '../shared/decider.js';
import { type Instant, MINUTE_MS } from '../shared/time.js';
import { PREMIUM_POLICY } from '../sla/policy.js';
import { PhoneNumber, type TicketCallback } from './callback-values.js';
import {
  CALLBACK_GRACE_MS,
  callbackAsRead,
  callbackReadsProfile,
  INCIDENT_OVER_REASON,
  incidentCallbackId,
  requireNumberToCall,
} from './callbacks.js';
import { TicketCommand, type TicketCommandInput } from './commands.js';
import { ticketDuties } from './duties.js';
import type { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import { AGENT, by, CUSTOMER, given, hour, OTHER_CUSTOMER, opened, SYSTEM, T0, TICKET_ID } from './ticket.fixture.js';
import { EMPTY_TICKET_TIMELINE, evolveTicketTimeline } from './timeline.js';
import { DEFAULT_TICKET_TIMINGS } from './timings.js';

const AT = hour(2).toISOString();
const schedule = (overrides: Record<string, unknown> = {}): TicketCommandInput => ({
  type: 'ScheduleCallback',
  data: {
    ticketId: TICKET_ID,
    callbackId: 'cb-1',
    at: AT,
    timeZone: 'Europe/Paris',
    phone: '+33 (1) 23-45-67-89',
    reason: 'Walk me through the setup',
    ...overrides,
  },
});
const scheduled: TicketEvent = {
  type: 'TicketCallbackScheduled',
  data: {
    ...by(CUSTOMER),
    ticketId: TICKET_ID,
    callbackId: 'cb-1',
    callbackAt: AT,
    timeZone: 'Europe/Paris',
    phone: '+33123456789',
    callbackReason: 'Walk me through the setup',
  },
};
const due = { type: 'RecordCallbackDue', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } } as const;
const missed = { type: 'MarkCallbackMissed', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } } as const;
const complete = { type: 'CompleteCallback', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } } as const;
const cancel = { type: 'CancelCallback', data: { ticketId: TICKET_ID, callbackId: 'cb-1' } } as const;
const graceEnd = new Date(Date.parse(AT) + CALLBACK_GRACE_MS);

describe('booking a callback', () => {
  it('records the time, the time zone, the number in international form and the reason', () => {
    const state = given([opened()]).when(schedule(), CUSTOMER).thenEmits([scheduled]);
    expect(state?.callbacks).toEqual([
      {
        callbackId: 'cb-1',
        at: AT,
        timeZone: 'Europe/Paris',
        phone: '+33123456789',
        reason: 'Walk me through the setup',
        requestedBy: CUSTOMER,
        status: 'scheduled',
        endedAt: null,
        missedAt: null,
        outcome: null,
      },
    ]);
  });

  it('reads a number written with the trunk prefix "(0)" as it is dialled from abroad', () => {
    expect(PhoneNumber.parse('+33 (0)1 23 45 67 89')).toBe('+33123456789');
    expect(PhoneNumber.parse('+44 (0) 20 7946 0958')).toBe('+442079460958');
    expect(PhoneNumber.parse('+1 (415) 555-0100')).toBe('+14155550100');
  });

  it('records a time zone typed in another case as the time-zone database spells it', () => {
    given([opened()])
      .when(schedule({ timeZone: 'europe/PARIS' }), CUSTOMER)
      .thenEmits([scheduled]);
  });

  it('refuses a time in the past, too far ahead, an unknown time zone, a malformed number, another customer', () => {
    const ticket = given([opened()]);
    ticket.when(schedule({ at: T0.toISOString() }), CUSTOMER).thenFails('CALLBACK_IN_PAST');
    ticket.when(schedule({ at: hour(24 * 91).toISOString() }), AGENT).thenFails('VALIDATION_FAILED');
    ticket.when(schedule({ timeZone: 'Mars/Olympus' }), CUSTOMER).thenFails('UNKNOWN_TIME_ZONE');
    ticket.when(schedule({ phone: '01 23 45' }), CUSTOMER).thenFails('VALIDATION_FAILED');
    ticket.when(schedule({ phone: '+1 (0) ---' }), CUSTOMER).thenFails('VALIDATION_FAILED');
    ticket.when(schedule({ reason: ' ' }), CUSTOMER).thenFails('VALIDATION_FAILED');
    ticket.when(schedule(), OTHER_CUSTOMER).thenFails('FORBIDDEN');
  });

  it('refuses an id the ticket already used, and a closed ticket', () => {
    given([opened(), scheduled])
      .when(schedule({ at: hour(3).toISOString() }), AGENT)
      .thenFails('ALREADY_EXISTS');
    const closed: TicketEvent = {
      type: 'TicketStatusChanged',
      data: { ...by(AGENT), ticketId: TICKET_ID, from: 'new', to: 'closed', reopen: false, closeReason: 'manual' },
    };
    given([opened(), closed]).when(schedule(), CUSTOMER).thenFails('INVALID_TRANSITION');
  });

  it("refuses a person an id of the automation's incident calls, which the automation would call off as its own", () => {
    const incidentLike = schedule({ callbackId: incidentCallbackId(T0.toISOString()) });
    for (const actor of [AGENT, CUSTOMER]) given([opened()]).when(incidentLike, actor).thenFails('VALIDATION_FAILED');
    // In any case: a person's "INCIDENT@x" is no more theirs to take.
    given([opened()])
      .when(schedule({ callbackId: 'INCIDENT@x' }), AGENT)
      .thenFails('VALIDATION_FAILED');
  });
});

describe('a booked callback over time', () => {
  it('falls due at its time (once), then is missed after the grace period unless made', () => {
    const history = [opened(), scheduled];
    given(history).when(due, SYSTEM, hour(1)).thenFails('INVALID_TRANSITION');
    const dueEvent = given(history).when(due, SYSTEM, hour(2)).events();
    expect(dueEvent).toEqual([
      {
        type: 'TicketCallbackDue',
        // With what the alert shows: the number to call and the zone the call was booked in.
        data: {
          ...by(SYSTEM, hour(2)),
          ticketId: TICKET_ID,
          callbackId: 'cb-1',
          callbackAt: AT,
          phone: '+33123456789',
          timeZone: 'Europe/Paris',
        },
      },
    ]);
    const afterDue = [...history, ...dueEvent];
    given(afterDue).when(due, SYSTEM, hour(2)).thenEmits([]);
    given(afterDue).when(missed, SYSTEM, hour(2)).thenFails('INVALID_TRANSITION');
    const state = given(afterDue)
      .when(missed, SYSTEM, graceEnd)
      .thenEmits([
        {
          type: 'TicketCallbackMissed',
          data: { ...by(SYSTEM, graceEnd), ticketId: TICKET_ID, callbackId: 'cb-1', callbackAt: AT },
        },
      ]);
    expect(state?.callbacks[0]?.status).toBe('missed');
  });

  it('is made by staff (late when already missed), or called off; neither twice', () => {
    const made = given([opened(), scheduled]).when(complete, AGENT, hour(2)).events();
    expect(made[0]).toMatchObject({ type: 'TicketCallbackCompleted', data: { late: false } });
    given([opened(), scheduled, ...made])
      .when(complete, AGENT, hour(2))
      .thenFails('CALLBACK_NOT_OPEN');
    given([opened(), scheduled, ...made])
      .when(missed, SYSTEM, graceEnd)
      .thenEmits([]);
    given([opened(), scheduled]).when(complete, CUSTOMER, hour(2)).thenFails('FORBIDDEN');

    const lateHistory = [opened(), scheduled, ...given([opened(), scheduled]).when(missed, SYSTEM, graceEnd).events()];
    const madeLate = given(lateHistory).when(complete, AGENT, hour(3)).events();
    expect(madeLate[0]).toMatchObject({ data: { late: true } });
    // The miss stays on the record once the call is made: a late call is not an on-time one.
    const [lateCall] = fold(ticketDecider, [...lateHistory, ...madeLate])!.callbacks;
    expect(lateCall).toMatchObject({
      status: 'completed',
      missedAt: graceEnd.toISOString(),
      endedAt: hour(3).toISOString(),
    });
    expect(fold(ticketDecider, [opened(), scheduled, ...made])!.callbacks[0]).toMatchObject({ missedAt: null });

    const calledOff = given([opened(), scheduled]).when(cancel, CUSTOMER, hour(1)).events();
    expect(calledOff[0]).toMatchObject({ type: 'TicketCallbackCancelled' });
    given([opened(), scheduled, ...calledOff])
      .when(complete, AGENT, hour(2))
      .thenFails('CALLBACK_NOT_OPEN');
    given([opened(), scheduled, ...calledOff])
      .when(due, SYSTEM, hour(2))
      .thenEmits([]);
    given([opened()]).when(complete, AGENT).thenFails('NOT_FOUND');
  });

  it('is owed no more once the ticket is closed: no alert, no miss, no timer', () => {
    const closed: TicketEvent = {
      type: 'TicketStatusChanged',
      data: {
        ...by(AGENT, hour(1)),
        ticketId: TICKET_ID,
        from: 'new',
        to: 'closed',
        reopen: false,
        closeReason: 'manual',
      },
    };
    const history = [opened(), scheduled, closed];
    given(history).when(due, SYSTEM, hour(2)).thenEmits([]);
    given(history).when(missed, SYSTEM, graceEnd).thenEmits([]);
    const timeline = history.reduce(evolveTicketTimeline, EMPTY_TICKET_TIMELINE);
    const settings = { timings: DEFAULT_TICKET_TIMINGS, slaPolicy: PREMIUM_POLICY };
    const purposes = ticketDuties(timeline, settings, () => false, graceEnd.getTime()).due.map((d) => d.purpose);
    expect(purposes.filter((purpose) => purpose.startsWith('callback'))).toEqual([]);
  });
});

describe('callback timers in the ticket workflow', () => {
  const settings = { timings: DEFAULT_TICKET_TIMINGS, slaPolicy: PREMIUM_POLICY };
  const timelineOf = (history: readonly TicketEvent[]) => history.reduce(evolveTicketTimeline, EMPTY_TICKET_TIMELINE);
  const never = () => false;

  it('alert at the callback time and mark it missed after the grace, escalating once the miss is recorded', () => {
    const timeline = timelineOf([opened(), scheduled]);
    const callbacksDue = (at: Date) =>
      ticketDuties(timeline, settings, never, at.getTime())
        .due.filter((duty) => duty.purpose.startsWith('callback'))
        .map((duty) => duty.purpose);
    expect(callbacksDue(new Date(Date.parse(AT) - 1))).toEqual([]);
    expect(callbacksDue(hour(2))).toEqual(['callback-due-cb-1']);
    const late = ticketDuties(timeline, settings, never, graceEnd.getTime()).due.filter((duty) =>
      duty.purpose.startsWith('callback'),
    );
    expect(late.map((duty) => duty.purpose)).toEqual(['callback-due-cb-1', 'callback-missed-cb-1']);
    expect(late[1]?.onRecorded?.command).toEqual({
      type: 'Escalate',
      data: { ticketId: TICKET_ID, reason: 'missed_callback', note: 'callback cb-1 missed' },
    });
  });

  it("book a critical incident's callback within the policy's target, once per urgent period", () => {
    const urgent = [opened(T0, { priority: 'urgent' })];
    const [book] = ticketDuties(timelineOf(urgent), settings, never, T0.getTime()).due;
    const callbackId = incidentCallbackId(T0.toISOString());
    expect(book).toEqual({
      purpose: `callback-book-${callbackId}`,
      command: {
        type: 'ScheduleCallback',
        data: {
          ticketId: TICKET_ID,
          callbackId,
          at: new Date(T0.getTime() + 10 * MINUTE_MS).toISOString(),
          timeZone: 'UTC',
          reason: 'Critical incident: an expert calls you back',
        },
      },
    });
    const context = { now: T0, actor: SYSTEM };
    const booked = runCommand(ticketDecider, urgent, TicketCommand.parse(book!.command), context).events;
    const after = ticketDuties(timelineOf([...urgent, ...booked]), settings, never, T0.getTime());
    expect(after.due).toEqual([]);
    expect(after.next?.purpose).toBe(`callback-due-${callbackId}`);
    // A policy without a callback target books nothing.
    const { callbackTargetMinutes: _none, ...withoutTarget } = PREMIUM_POLICY;
    const plain = ticketDuties(timelineOf(urgent), { ...settings, slaPolicy: withoutTarget }, never, T0.getTime());
    expect(plain.due).toEqual([]);
  });

  it("calls off a critical incident's own call once the incident is over, before it could fall due or be missed", () => {
    const urgent = [opened(T0, { priority: 'urgent' })];
    const [book] = ticketDuties(timelineOf(urgent), settings, never, T0.getTime()).due;
    const booked = [
      ...urgent,
      ...runCommand(ticketDecider, urgent, TicketCommand.parse(book!.command), { now: T0, actor: SYSTEM }).events,
    ];
    const callbackId = incidentCallbackId(T0.toISOString());
    const at = new Date(T0.getTime() + 5 * MINUTE_MS);
    const change = (data: Record<string, unknown>): TicketEvent =>
      ({
        type: 'TicketStatusChanged',
        data: { ...by(AGENT, at), ticketId: TICKET_ID, reopen: false, ...data },
      }) as TicketEvent;
    const lowered: TicketEvent = {
      type: 'TicketPriorityChanged',
      data: { ...by(AGENT, at), ticketId: TICKET_ID, from: 'urgent', to: 'high' },
    } as TicketEvent;
    const over = [
      change({ from: 'new', to: 'resolved' }),
      change({ from: 'new', to: 'closed', closeReason: 'manual' }),
      lowered,
    ];
    for (const ending of over) {
      const history = [...booked, ending];
      const late = new Date(T0.getTime() + 40 * MINUTE_MS).getTime();
      const due = ticketDuties(timelineOf(history), settings, never, late).due.filter((d) =>
        d.purpose.startsWith('callback'),
      );
      expect(due[0]).toEqual({
        purpose: `callback-withdrawn-${callbackId}`,
        command: {
          type: 'CancelCallback',
          data: { ticketId: TICKET_ID, callbackId, reason: INCIDENT_OVER_REASON },
        },
      });
      const cancelled = runCommand(ticketDecider, history, TicketCommand.parse(due[0]!.command), {
        now: new Date(late),
        actor: SYSTEM,
      }).events;
      expect(cancelled).toMatchObject([
        { type: 'TicketCallbackCancelled', data: { callbackId, reason: INCIDENT_OVER_REASON } },
      ]);
      // Called off, it is neither due, missed nor escalated.
      const after = ticketDuties(timelineOf([...history, ...cancelled]), settings, never, late);
      expect(after.due.filter((d) => d.purpose.startsWith('callback'))).toEqual([]);
    }
    // While the incident lasts (waiting on the customer included), the call stands.
    const waiting = [...booked, change({ from: 'new', to: 'waiting_customer' })];
    const standing = ticketDuties(timelineOf(waiting), settings, never, at.getTime());
    expect(standing.due).toEqual([]);
    expect(standing.next?.purpose).toBe(`callback-due-${callbackId}`);
    // A call a person booked stays, whatever becomes of the incident.
    const personal = [...booked.slice(0, 1), scheduled, over[0]!];
    expect(
      ticketDuties(timelineOf(personal), settings, never, graceEnd.getTime()).due.map((d) => d.purpose),
    ).not.toContain('callback-withdrawn-cb-1');
  });

  it('books a new call when a resolved critical incident is reopened: the incident is back', () => {
    const urgent = [opened(T0, { priority: 'urgent' })];
    const run = (history: TicketEvent[], command: unknown, now: Date, actor = SYSTEM) => [
      ...history,
      ...runCommand(ticketDecider, history, TicketCommand.parse(command), { now, actor }).events,
    ];
    const [book] = ticketDuties(timelineOf(urgent), settings, never, T0.getTime()).due;
    const firstCall = incidentCallbackId(T0.toISOString());
    const resolvedAt = new Date(T0.getTime() + 5 * MINUTE_MS);
    const status = (to: string) => ({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to } });
    const working = run(run(urgent, book!.command, T0), status('in_progress'), T0, AGENT);
    const resolved = run(working, status('resolved'), resolvedAt, AGENT);
    const [withdraw] = ticketDuties(timelineOf(resolved), settings, never, resolvedAt.getTime()).due;
    expect(withdraw?.purpose).toBe(`callback-withdrawn-${firstCall}`);
    const withdrawn = run(resolved, withdraw!.command, resolvedAt);
    // The customer writes back: "broken again". The ticket is reopened, still urgent.
    const reopenedAt = new Date(T0.getTime() + 60 * MINUTE_MS);
    const reopened = run(
      withdrawn,
      { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'It is broken again' } },
      reopenedAt,
      CUSTOMER,
    );
    const secondCall = incidentCallbackId(reopenedAt.toISOString());
    const due = ticketDuties(timelineOf(reopened), settings, never, reopenedAt.getTime()).due;
    expect(due.map((duty) => duty.purpose)).toContain(`callback-book-${secondCall}`);
    const again = due.find((duty) => duty.purpose === `callback-book-${secondCall}`)!;
    expect(again.command).toMatchObject({
      data: { callbackId: secondCall, at: new Date(reopenedAt.getTime() + 10 * MINUTE_MS).toISOString() },
    });
    // Waiting on the customer and back is the same incident: no third call.
    const booked = run(reopened, again.command, reopenedAt);
    const later = new Date(reopenedAt.getTime() + MINUTE_MS);
    const bounced = run(
      run(
        booked,
        { type: 'ReplyToTicket', data: { ticketId: TICKET_ID, body: 'Which server?', nextStatus: 'waiting_customer' } },
        later,
        AGENT,
      ),
      { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'db-2' } },
      later,
      CUSTOMER,
    );
    const purposes = ticketDuties(timelineOf(bounced), settings, never, later.getTime()).due.map((d) => d.purpose);
    expect(purposes.filter((purpose) => purpose.startsWith('callback-book-'))).toEqual([]);
  });

  it("books a critical incident's call the target from now when its time has passed (the ticket came under the policy late)", () => {
    const urgent = [opened(T0, { priority: 'urgent' })];
    const [book] = ticketDuties(timelineOf(urgent), settings, never, T0.getTime()).due;
    const later = new Date(T0.getTime() + 26 * MINUTE_MS);
    const booked = runCommand(ticketDecider, urgent, TicketCommand.parse(book!.command), { now: later, actor: SYSTEM });
    expect(booked.events[0]).toMatchObject({
      type: 'TicketCallbackScheduled',
      data: { callbackAt: new Date(later.getTime() + 10 * MINUTE_MS).toISOString() },
    });
    // Booked a little late but still ahead of its time, it keeps the time the incident promised.
    const soon = new Date(T0.getTime() + 2 * MINUTE_MS);
    const onTime = runCommand(ticketDecider, urgent, TicketCommand.parse(book!.command), { now: soon, actor: SYSTEM });
    expect(onTime.events[0]).toMatchObject({
      data: { callbackAt: new Date(T0.getTime() + 10 * MINUTE_MS).toISOString() },
    });
  });
});

describe('a call as it is read', () => {
  const call = (callbackId: string, requestedBy: Actor, phone: string | null = null): TicketCallback => ({
    callbackId,
    at: AT as Instant,
    timeZone: 'UTC',
    phone,
    reason: 'Call me',
    requestedBy,
    status: 'scheduled',
    endedAt: null,
    outcome: null,
  });
  const onFile = { phone: '+33123456789', timeZone: 'Europe/Paris' };
  const incident = call(incidentCallbackId(T0.toISOString()), SYSTEM, '+15550100');

  it("shows a critical incident's own call in the customer's zone, the number on file for a call booked without one", () => {
    expect(callbackAsRead(incident, onFile)).toMatchObject({ timeZone: 'Europe/Paris', phone: '+15550100' });
    expect(callbackAsRead(incident, { phone: null, timeZone: null }).timeZone).toBe('UTC');
    expect(callbackAsRead(call('cb-1', CUSTOMER), onFile)).toMatchObject({ timeZone: 'UTC', phone: '+33123456789' });
  });

  it('leaves a call booked with a number, by anyone but the incident automation, as recorded', () => {
    for (const booked of [call('cb-2', CUSTOMER, '+15550100'), call('cb-3', SYSTEM, '+15550100')]) {
      expect(callbackReadsProfile(booked)).toBe(false);
      expect(callbackAsRead(booked, onFile)).toBe(booked);
    }
    expect([callbackReadsProfile(incident), callbackReadsProfile(call('cb-1', AGENT))]).toEqual([true, true]);
  });
});

describe('a number to call', () => {
  const person = { role: 'customer' } as const;
  it('is required of a person booking: given, or on file', () => {
    expect(() => requireNumberToCall(undefined, { phone: null, timeZone: null }, person)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path: 'data.phone', message: expect.any(String) }] },
      }),
    );
    expect(() => requireNumberToCall(undefined, null, { role: 'agent' })).toThrow(/no phone number on file/);
    expect(() => requireNumberToCall('+33612345678', null, person)).not.toThrow();
    expect(() => requireNumberToCall(undefined, { phone: '+33612345678', timeZone: null }, person)).not.toThrow();
  });

  it('is not required of the automation booking an incident call', () => {
    expect(() => requireNumberToCall(undefined, null, { role: 'system' })).not.toThrow();
  });
});
