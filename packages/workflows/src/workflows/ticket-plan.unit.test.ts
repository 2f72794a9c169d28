import {
  type Actor,
  DAY_MS,
  DEFAULT_TICKET_TIMINGS,
  EMPTY_TICKET_TIMELINE,
  evolveTicketTimeline,
  HOUR_MS,
  PREMIUM_POLICY,
  runCommand,
  TicketCommand,
  type TicketCommandInput,
  type TicketEvent,
  type TicketTimeline,
  ticketDecider,
} from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import type { TicketWorkflowSettings } from '../contract.js';
import { planTicket } from './ticket-plan.js';

const T0 = Date.parse('2030-01-07T10:00:00.000Z');
const customer: Actor = { id: 'c', role: 'customer' };
const agent: Actor = { id: 'a', role: 'agent' };
const settings: TicketWorkflowSettings = {
  timings: DEFAULT_TICKET_TIMINGS,
  slaPolicy: PREMIUM_POLICY,
  upsertSearchAttributes: false,
  maxHistoryEvents: 10_000,
  closedLingerMs: 60_000,
};

/** Folds the events the commands produce, each issued at its offset from T0. */
function foldOf(steps: ReadonlyArray<[number, TicketCommandInput, Actor]>): TicketTimeline {
  const history: TicketEvent[] = [];
  for (const [offset, command, actor] of steps) {
    const context = { now: new Date(T0 + offset), actor };
    history.push(...runCommand(ticketDecider, history, TicketCommand.parse(command), context).events);
  }
  return history.reduce(evolveTicketTimeline, EMPTY_TICKET_TIMELINE);
}

const open: TicketCommandInput = {
  type: 'OpenTicket',
  data: { ticketId: 't', customerId: 'c', subject: 'S', description: 'D', channel: 'web', priority: 'urgent' },
};
const askCustomer: TicketCommandInput = {
  type: 'ReplyToTicket',
  data: { ticketId: 't', body: 'Which one?', nextStatus: 'waiting_customer' },
};
const never = () => false;

describe('planTicket', () => {
  it('plans nothing before the ticket exists', () => {
    expect(planTicket(EMPTY_TICKET_TIMELINE, settings, never, T0)).toEqual({ due: [], next: null, sla: null });
  });

  it('schedules reminder 1 of the waiting period, due at day 3', () => {
    const fold = foldOf([
      [0, open, customer],
      [0, askCustomer, agent],
    ]);
    const early = planTicket(fold, settings, never, T0 + DAY_MS);
    expect(early.due).toEqual([]);
    expect(early.next).toEqual({ purpose: `reminder-1@${new Date(T0).toISOString()}`, at: T0 + 3 * DAY_MS });
    const due = planTicket(fold, settings, never, T0 + 3 * DAY_MS);
    expect(due.due.map((duty) => duty.command)).toEqual([
      { type: 'SendReminder', data: { ticketId: 't', n: 1, periodStart: new Date(T0).toISOString() } },
    ]);
  });

  it('does not fire a timer twice while the state has not moved on', () => {
    const fold = foldOf([
      [0, open, customer],
      [0, askCustomer, agent],
    ]);
    const plan = planTicket(fold, settings, (purpose) => purpose.startsWith('reminder-1'), T0 + 4 * DAY_MS);
    expect(plan.due).toEqual([]);
    expect(plan.next).toBeNull();
  });

  it('reports the first-response warning and breach, escalating only a recorded breach', () => {
    const fold = foldOf([[0, open, customer]]);
    // Urgent on the 24/7 premium policy: 15 minutes, warned at 80 % (12 minutes).
    const warned = planTicket(fold, settings, never, T0 + 12 * 60_000);
    expect(warned.due.map((duty) => duty.command)).toEqual([
      {
        type: 'RecordSlaWarning',
        data: { ticketId: 't', metric: 'first_response', dueAt: new Date(T0 + 15 * 60_000).toISOString() },
      },
    ]);
    const breached = planTicket(fold, settings, (p) => p.startsWith('sla-warning'), T0 + HOUR_MS);
    const [breach] = breached.due;
    expect(breach?.command).toMatchObject({ type: 'RecordSlaBreach', data: { metric: 'first_response' } });
    expect(breach?.onRecorded?.command).toMatchObject({ type: 'Escalate', data: { reason: 'sla_breach' } });
  });
});
