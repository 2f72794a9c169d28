import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { parseTicketCommand, type TicketCommandInput } from './commands.js';
import type { TicketEvent } from './events.js';
import { createTicketDecider, ticketDecider } from './index.js';
import { NO_RESPONSE_CLOSE_MESSAGE, nextAutomation, nextReminder } from './reminders.js';
import type { Ticket } from './state.js';
import { by, CUSTOMER, day, given, historyIn, hour, moved, SYSTEM, TICKET_ID } from './ticket.fixture.js';
import { DEFAULT_TICKET_TIMINGS, parseTicketTimings, type TicketTimings } from './timings.js';

const remind = (n: 1 | 2, periodStart?: Date): TicketCommandInput => ({
  type: 'SendReminder',
  data: { ticketId: TICKET_ID, n, ...(periodStart ? { periodStart: periodStart.toISOString() } : {}) },
});
const autoClose = (reason: 'no_customer_response' | 'resolved_timeout', periodStart?: Date): TicketCommandInput => ({
  type: 'AutoClose',
  data: { ticketId: TICKET_ID, reason, ...(periodStart ? { periodStart: periodStart.toISOString() } : {}) },
});
const stateOf = (history: readonly TicketEvent[]) => fold(ticketDecider, history) as Ticket;
/** Applies a command to a history and returns the longer history. */
const after = (history: TicketEvent[], command: TicketCommandInput, actor = SYSTEM, now = day(0)) => [
  ...history,
  ...given(history).when(command, actor, now).events(),
];

describe('timings', () => {
  it('default to reminders at 3 and 5 days, auto-close at 7 days waiting and 24 h resolved', () => {
    expect(DEFAULT_TICKET_TIMINGS).toEqual({
      firstReminderAfterMs: 3 * DAY_MS,
      secondReminderAfterMs: 5 * DAY_MS,
      waitingAutoCloseAfterMs: 7 * DAY_MS,
      resolvedAutoCloseAfterMs: 24 * HOUR_MS,
    });
    expect(parseTicketTimings(DEFAULT_TICKET_TIMINGS)).toEqual(DEFAULT_TICKET_TIMINGS);
  });

  it.each([23, 49])('refuse a resolved delay of %i h (documented range 24-48 h)', (hours) => {
    expect(() => parseTicketTimings({ ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: hours * HOUR_MS })).toThrow(
      /resolvedAutoCloseAfterMs/,
    );
  });

  it('accept any positive resolved delay where the deployment allows any duration, still in order', () => {
    const quick = { ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: 5_000 };
    expect(parseTicketTimings(quick, { anyDuration: true }).resolvedAutoCloseAfterMs).toBe(5_000);
    expect(() => parseTicketTimings({ ...quick, resolvedAutoCloseAfterMs: 0 }, { anyDuration: true })).toThrow(
      /resolvedAutoCloseAfterMs/,
    );
    expect(() => parseTicketTimings({ ...quick, secondReminderAfterMs: 8 * DAY_MS }, { anyDuration: true })).toThrow(
      /increase/,
    );
  });

  it('are checked when a decider is made from them, with the same refusals', () => {
    for (const bad of [
      { ...DEFAULT_TICKET_TIMINGS, firstReminderAfterMs: 5 * DAY_MS, secondReminderAfterMs: 3 * DAY_MS },
      { ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: -DAY_MS },
      { ...DEFAULT_TICKET_TIMINGS, firstReminderAfterMs: '3' },
    ])
      expect(() => createTicketDecider(bad as TicketTimings)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      );
    // Any positive resolved delay, as a demo's seconds.
    expect(() => createTicketDecider({ ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: 1000 })).not.toThrow();
  });

  it('accept 48 h and refuse waiting delays out of order', () => {
    expect(
      parseTicketTimings({ ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: 48 * HOUR_MS })
        .resolvedAutoCloseAfterMs,
    ).toBe(48 * HOUR_MS);
    expect(() => parseTicketTimings({ ...DEFAULT_TICKET_TIMINGS, secondReminderAfterMs: 8 * DAY_MS })).toThrow(
      /increase/,
    );
  });
});

describe('nextAutomation', () => {
  it('is nothing for new, in_progress, closed or no ticket', () => {
    for (const status of ['new', 'in_progress', 'closed'] as const)
      expect(nextAutomation(stateOf(historyIn(status)))).toBeNull();
    expect(nextAutomation(null)).toBeNull();
  });

  it('walks reminder 1 (day 3), reminder 2 (day 5), auto-close (day 7) of a waiting period', () => {
    let history = historyIn('waiting_customer', day(1));
    expect(nextAutomation(stateOf(history))).toEqual({ kind: 'reminder', n: 1, dueAt: day(4).toISOString() });
    history = after(history, remind(1), SYSTEM, day(4));
    expect(nextReminder(stateOf(history))).toEqual({ kind: 'reminder', n: 2, dueAt: day(6).toISOString() });
    history = after(history, remind(2), SYSTEM, day(6));
    expect(nextReminder(stateOf(history))).toBeNull();
    expect(nextAutomation(stateOf(history))).toEqual({
      kind: 'auto_close',
      reason: 'no_customer_response',
      dueAt: day(8).toISOString(),
    });
  });

  it('restarts when waiting_customer is entered again and is cancelled on leaving it', () => {
    let history = after(historyIn('waiting_customer', day(0)), remind(1), SYSTEM, day(3));
    history = [...history, moved('waiting_customer', 'in_progress', day(3.5))];
    expect(nextAutomation(stateOf(history))).toBeNull();
    history = [...history, moved('in_progress', 'waiting_customer', day(4))];
    expect(stateOf(history)).toMatchObject({ waitingSince: day(4).toISOString(), remindersSent: 0 });
    expect(nextAutomation(stateOf(history))).toEqual({ kind: 'reminder', n: 1, dueAt: day(7).toISOString() });
  });

  it('auto-closes a resolved ticket after the configured delay', () => {
    const resolved = stateOf(historyIn('resolved', hour(5)));
    expect(nextAutomation(resolved)).toEqual({
      kind: 'auto_close',
      reason: 'resolved_timeout',
      dueAt: hour(29).toISOString(),
    });
    const slow = parseTicketTimings({ ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: 48 * HOUR_MS });
    expect(nextAutomation(resolved, slow)?.dueAt).toBe(hour(53).toISOString());
    const quick = parseTicketTimings(
      { ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: 5_000 },
      { anyDuration: true },
    );
    expect(nextAutomation(resolved, quick)?.dueAt).toBe(new Date(hour(5).getTime() + 5_000).toISOString());
  });
});

describe('SendReminder', () => {
  const waiting = historyIn('waiting_customer', day(0));

  it('given waiting for 3 days, reminder 1 is sent', () => {
    given(waiting)
      .when(remind(1), SYSTEM, day(3))
      .thenEmits([
        {
          type: 'TicketReminderSent',
          data: {
            ...by(SYSTEM, day(3)),
            reason: `reminder 1: no reply from the customer since ${day(0).toISOString()}`,
            ticketId: TICKET_ID,
            n: 1,
            waitingSince: day(0).toISOString(),
            // The customer is told when the ticket closes without a reply: day 7 of the wait.
            closesAt: day(7).toISOString(),
          },
        },
      ]);
  });

  it('refuses a reminder that is not due yet', () => {
    const error = given(waiting).when(remind(1), SYSTEM, day(2.9)).thenFails('INVALID_TRANSITION');
    expect(error.details).toMatchObject({ dueAt: day(3).toISOString() });
    given(after(waiting, remind(1), SYSTEM, day(3)))
      .when(remind(2), SYSTEM, day(4))
      .thenFails('INVALID_TRANSITION');
  });

  it('refuses a step fired out of turn: reminder 2 or the close before reminder 1 has gone out', () => {
    const skipped = given(waiting).when(remind(2), SYSTEM, day(5)).thenFails('INVALID_TRANSITION');
    expect(skipped.details).toMatchObject({ pendingReminder: 1 });
    given(waiting).when(autoClose('no_customer_response'), SYSTEM, day(7)).thenFails('INVALID_TRANSITION');
    const once = after(waiting, remind(1), SYSTEM, day(3));
    const close = given(once).when(autoClose('no_customer_response'), SYSTEM, day(8)).thenFails('INVALID_TRANSITION');
    expect(close.details).toMatchObject({ pendingReminder: 2 });
    // A new waiting period starts its reminders over.
    const again = [
      ...after(once, remind(2), SYSTEM, day(5)),
      moved('waiting_customer', 'in_progress', day(6)),
      moved('in_progress', 'waiting_customer', day(6)),
    ];
    given(again).when(remind(2), SYSTEM, day(11.1)).thenFails('INVALID_TRANSITION');
  });

  it('is idempotent: a retried reminder writes nothing', () => {
    const reminded = after(waiting, remind(1), SYSTEM, day(3));
    expect(given(reminded).when(remind(1), SYSTEM, day(3)).events()).toEqual([]);
    const both = after(reminded, remind(2), SYSTEM, day(5));
    expect(given(both).when(remind(2), SYSTEM, day(5.5)).events()).toEqual([]);
    expect(given(both).when(remind(1), SYSTEM, day(5.5)).events()).toEqual([]);
  });

  it.each(['new', 'in_progress', 'resolved', 'closed'] as const)(
    'a late reminder after the ticket left waiting (%s) writes nothing',
    (status) => {
      expect(given(historyIn(status)).when(remind(1), SYSTEM, day(3)).events()).toEqual([]);
    },
  );

  it('a timer of an earlier waiting period writes nothing, even when not due in the current one', () => {
    const again = [
      ...waiting,
      moved('waiting_customer', 'in_progress', day(2)),
      moved('in_progress', 'waiting_customer', day(2.5)),
    ];
    expect(
      given(again)
        .when(remind(1, day(0)), SYSTEM, day(3))
        .events(),
    ).toEqual([]);
    expect(
      given(again)
        .when(remind(1, day(2.5)), SYSTEM, day(5.5))
        .events(),
    ).toHaveLength(1);
  });
});

describe('a reminder that goes out late', () => {
  const waiting = historyIn('waiting_customer', day(0));
  const closesAtOf = (history: TicketEvent[]) =>
    history.findLast((event) => event.type === 'TicketReminderSent')?.data.closesAt;

  it('pushes the next steps back, so the customer keeps the notice the schedule gives', () => {
    // The worker was down: reminder 1 goes out at day 6 instead of day 3.
    const late = after(waiting, remind(1), SYSTEM, day(6));
    expect(closesAtOf(late)).toBe(day(10).toISOString());
    expect(nextAutomation(stateOf(late))).toEqual({ kind: 'reminder', n: 2, dueAt: day(8).toISOString() });
    const early = given(late).when(remind(2), SYSTEM, day(7.9)).thenFails('INVALID_TRANSITION');
    expect(early.details).toMatchObject({ dueAt: day(8).toISOString() });
    const second = after(late, remind(2), SYSTEM, day(8));
    expect(closesAtOf(second)).toBe(day(10).toISOString());
    given(second).when(autoClose('no_customer_response'), SYSTEM, day(9.9)).thenFails('INVALID_TRANSITION');
    expect(given(second).when(autoClose('no_customer_response'), SYSTEM, day(10)).events()).toHaveLength(1);
  });

  it('after shorter delays apply to a waiting ticket, sends one reminder at a time and never announces a past close', () => {
    // Waiting since day 0 when the policy moves to reminders at 1 h and 2 h and a close at 3 h.
    const quick = parseTicketTimings(
      {
        ...DEFAULT_TICKET_TIMINGS,
        firstReminderAfterMs: HOUR_MS,
        secondReminderAfterMs: 2 * HOUR_MS,
        waitingAutoCloseAfterMs: 3 * HOUR_MS,
      },
      { anyDuration: true },
    );
    const decider = createTicketDecider(quick);
    const now = day(1);
    const state = fold(decider, waiting);
    expect(nextAutomation(state as Ticket, quick)).toEqual({ kind: 'reminder', n: 1, dueAt: hour(1).toISOString() });
    const [first] = decider.decide(parseTicketCommand(remind(1)), state, { now, actor: SYSTEM });
    expect(first).toMatchObject({
      type: 'TicketReminderSent',
      data: { closesAt: new Date(now.getTime() + 2 * HOUR_MS).toISOString() },
    });
    const reminded = [...waiting, first!];
    expect(nextAutomation(fold(decider, reminded) as Ticket, quick)?.dueAt).toBe(
      new Date(now.getTime() + HOUR_MS).toISOString(),
    );
    expect(() =>
      decider.decide(parseTicketCommand(remind(2)), fold(decider, reminded), { now, actor: SYSTEM }),
    ).toThrow(/not due/);
  });

  it('on time, keeps the planned days: 3, 5 and 7', () => {
    const both = after(after(waiting, remind(1), SYSTEM, day(3)), remind(2), SYSTEM, day(5));
    expect(closesAtOf(both)).toBe(day(7).toISOString());
    expect(nextAutomation(stateOf(both))?.dueAt).toBe(day(7).toISOString());
  });
});

describe('AutoClose', () => {
  // Waiting since day 0, reminded on days 3 and 5.
  const reminded = () =>
    after(after(historyIn('waiting_customer', day(0)), remind(1), SYSTEM, day(3)), remind(2), SYSTEM, day(5));

  it('given waiting for 7 days and reminded twice, closes "for lack of response"', () => {
    const state = given(reminded())
      .when(autoClose('no_customer_response'), SYSTEM, day(7))
      .thenEmits([
        {
          type: 'TicketAutoClosed',
          data: {
            ...by(SYSTEM, day(7), NO_RESPONSE_CLOSE_MESSAGE),
            ticketId: TICKET_ID,
            from: 'waiting_customer',
            closeReason: 'no_customer_response',
            message: 'closed for lack of response',
          },
        },
      ]);
    expect(state).toMatchObject({
      status: 'closed',
      closeReason: 'no_customer_response',
      closedAt: day(7).toISOString(),
      waitingSince: null,
    });
  });

  it('keeps the count of reminders sent once the waiting ends, and starts it again when the ticket waits anew', () => {
    const closed = after(reminded(), autoClose('no_customer_response'), SYSTEM, day(7));
    expect(stateOf(closed).remindersSent).toBe(2);
    const reopened = after(
      closed,
      { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'Back' } },
      CUSTOMER,
      day(8),
    );
    expect(stateOf(reopened)).toMatchObject({ status: 'in_progress', remindersSent: 2 });
    expect(stateOf([...reopened, moved('in_progress', 'waiting_customer', day(9))]).remindersSent).toBe(0);
  });

  it('given resolved for 24 h, closes with resolved_timeout', () => {
    const [event] = given(historyIn('resolved', hour(1)))
      .when(autoClose('resolved_timeout'), SYSTEM, hour(25))
      .events();
    expect(event).toMatchObject({
      type: 'TicketAutoClosed',
      data: { from: 'resolved', closeReason: 'resolved_timeout' },
    });
  });

  it('refuses an auto-close that is not due yet', () => {
    given(reminded()).when(autoClose('no_customer_response'), SYSTEM, day(6.9)).thenFails('INVALID_TRANSITION');
    given(historyIn('resolved', hour(1)))
      .when(autoClose('resolved_timeout'), SYSTEM, hour(24.9))
      .thenFails('INVALID_TRANSITION');
  });

  it('uses the decider’s own timings', () => {
    const slow = createTicketDecider(
      parseTicketTimings({ ...DEFAULT_TICKET_TIMINGS, resolvedAutoCloseAfterMs: 48 * HOUR_MS }),
    );
    const state = fold(slow, historyIn('resolved', hour(0)));
    const command = parseTicketCommand(autoClose('resolved_timeout'));
    expect(() => slow.decide(command, state, { now: hour(30), actor: SYSTEM })).toThrow(/not due/);
    expect(slow.decide(command, state, { now: hour(48), actor: SYSTEM })).toHaveLength(1);
  });

  it('is harmless when late, retried or from an earlier period', () => {
    const closed = after(reminded(), autoClose('no_customer_response'), SYSTEM, day(7));
    expect(given(closed).when(autoClose('no_customer_response'), SYSTEM, day(7)).events()).toEqual([]);
    const answered = after(
      historyIn('waiting_customer', day(0)),
      { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'Hi' } },
      CUSTOMER,
      day(6),
    );
    expect(given(answered).when(autoClose('no_customer_response'), SYSTEM, day(7)).events()).toEqual([]);
    const resolvedAgain = [
      ...historyIn('resolved', hour(1)),
      moved('resolved', 'in_progress', hour(2)),
      moved('in_progress', 'resolved', hour(3)),
    ];
    expect(
      given(resolvedAgain)
        .when(autoClose('resolved_timeout', hour(1)), SYSTEM, hour(25))
        .events(),
    ).toEqual([]);
    expect(given(resolvedAgain).when(autoClose('no_customer_response'), SYSTEM, day(9)).events()).toEqual([]);
  });

  it('a customer may still reopen an auto-closed ticket by replying', () => {
    const closed = after(reminded(), autoClose('no_customer_response'), SYSTEM, day(7));
    const events = given(closed)
      .when({ type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'Back!' } }, CUSTOMER, day(9))
      .events();
    expect(events[0]).toMatchObject({
      type: 'TicketStatusChanged',
      data: { from: 'closed', to: 'in_progress', reopen: true },
    });
  });
});
