import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { runCommand } from '../shared/decider.js';
import { provenance } from '../shared/messages.js';
import { DAY_MS, HOUR_MS } from '../shared/time.js';
import { PREMIUM_POLICY } from '../sla/policy.js';
import { TicketCommand, type TicketCommandInput } from './commands.js';
import { type TicketDutySettings, ticketDuties } from './duties.js';
import type { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import { EMPTY_TICKET_TIMELINE, evolveTicketTimeline, type TicketTimeline, ticketSlaStatus } from './timeline.js';
import { DEFAULT_TICKET_TIMINGS } from './timings.js';

const T0 = Date.parse('2030-01-07T10:00:00.000Z');
const customer: Actor = { id: 'c', role: 'customer' };
const agent: Actor = { id: 'a', role: 'agent' };
// The premium policy without its callback target: these tests are about the other timers
// (callbacks.unit.test.ts has the callbacks').
const { callbackTargetMinutes: _callbacks, ...PREMIUM_WITHOUT_CALLBACKS } = PREMIUM_POLICY;
const settings: TicketDutySettings = { timings: DEFAULT_TICKET_TIMINGS, slaPolicy: PREMIUM_WITHOUT_CALLBACKS };

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
const system: Actor = { id: 'workflow', role: 'system' };
const iso = (offset: number) => new Date(T0 + offset).toISOString();
/** The customer-update duties due at `offset`, ignoring the SLA's (the premium policy fires early). */
const updatesDueAt = (fold: TicketTimeline, offset: number) =>
  ticketDuties(fold, settings, (purpose) => purpose.startsWith('sla-'), T0 + offset).due;

describe('ticketDuties', () => {
  it('plans nothing before the ticket exists', () => {
    expect(ticketDuties(EMPTY_TICKET_TIMELINE, settings, never, T0)).toEqual({
      due: [],
      next: null,
      sla: null,
      automation: null,
    });
  });

  it('schedules reminder 1 of the waiting period, due at day 3', () => {
    const fold = foldOf([
      [0, open, customer],
      [0, askCustomer, agent],
    ]);
    const early = ticketDuties(fold, settings, never, T0 + DAY_MS);
    expect(early.due).toEqual([]);
    expect(early.automation).toEqual({ kind: 'reminder', n: 1, dueAt: new Date(T0 + 3 * DAY_MS).toISOString() });
    expect(early.next).toEqual({ purpose: `reminder-1@${new Date(T0).toISOString()}`, at: T0 + 3 * DAY_MS });
    const due = ticketDuties(fold, settings, never, T0 + 3 * DAY_MS);
    expect(due.due.map((duty) => duty.command)).toEqual([
      { type: 'SendReminder', data: { ticketId: 't', n: 1, periodStart: new Date(T0).toISOString() } },
    ]);
  });

  it('does not fire a timer twice while the state has not moved on', () => {
    const fold = foldOf([
      [0, open, customer],
      [0, askCustomer, agent],
    ]);
    const plan = ticketDuties(fold, settings, (purpose) => purpose.startsWith('reminder-1'), T0 + 4 * DAY_MS);
    expect(plan.due).toEqual([]);
    expect(plan.next).toBeNull();
  });

  it('reports the first-response warning and breach, escalating only a recorded breach', () => {
    const fold = foldOf([[0, open, customer]]);
    // Urgent on the 24/7 premium policy: 15 minutes, warned at 80 % (12 minutes).
    const warned = ticketDuties(fold, settings, never, T0 + 12 * 60_000);
    expect(warned.due.map((duty) => duty.command)).toEqual([
      {
        type: 'RecordSlaWarning',
        data: { ticketId: 't', metric: 'first_response', dueAt: new Date(T0 + 15 * 60_000).toISOString() },
      },
    ]);
    const breached = ticketDuties(fold, settings, (p) => p.startsWith('sla-warning'), T0 + HOUR_MS);
    const [breach] = breached.due;
    expect(breach?.command).toMatchObject({ type: 'RecordSlaBreach', data: { metric: 'first_response' } });
    expect(breach?.onRecorded?.command).toMatchObject({ type: 'Escalate', data: { reason: 'sla_breach' } });
  });

  it("escalates a ticket still unresolved past the policy's escalation threshold", () => {
    const fold = foldOf([[0, open, customer]]);
    const withThreshold = { ...settings, slaPolicy: { ...PREMIUM_WITHOUT_CALLBACKS, escalationThresholdMinutes: 120 } };
    const isThreshold = (purpose: string) => purpose.startsWith('sla-escalation-threshold');
    const before = ticketDuties(fold, withThreshold, (p) => !isThreshold(p), T0 + HOUR_MS);
    expect(before.next).toEqual({ purpose: 'sla-escalation-resolution', at: T0 + 2 * HOUR_MS });
    const after = ticketDuties(fold, withThreshold, never, T0 + 2 * HOUR_MS);
    expect(after.due.find((duty) => isThreshold(duty.purpose))).toEqual({
      purpose: 'sla-escalation-threshold#1',
      command: {
        type: 'Escalate',
        data: { ticketId: 't', reason: 'sla_breach', note: 'unresolved past the escalation threshold' },
      },
    });
  });

  describe('customer updates of an urgent ticket', () => {
    it('flags the update due 2 hours after the opening when the team has not replied', () => {
      const fold = foldOf([[0, open, customer]]);
      expect(updatesDueAt(fold, 2 * HOUR_MS - 1)).toEqual([]);
      expect(updatesDueAt(fold, 2 * HOUR_MS)).toEqual([
        {
          purpose: `customer-update-due@${iso(2 * HOUR_MS)}`,
          command: { type: 'FlagCustomerUpdateDue', data: { ticketId: 't', dueAt: iso(2 * HOUR_MS) } },
        },
      ]);
      const plan = ticketDuties(fold, settings, never, T0 + HOUR_MS);
      expect(plan.next).toEqual({ purpose: `customer-update-due@${iso(2 * HOUR_MS)}`, at: T0 + 2 * HOUR_MS });
    });

    it('counts 2 hours from the last public reply of the team', () => {
      const reply: TicketCommandInput = { type: 'ReplyToTicket', data: { ticketId: 't', body: 'On it' } };
      const fold = foldOf([
        [0, open, customer],
        [HOUR_MS, reply, agent],
      ]);
      expect(updatesDueAt(fold, 2 * HOUR_MS)).toEqual([]);
      expect(updatesDueAt(fold, 3 * HOUR_MS).map((duty) => duty.purpose)).toEqual([
        `customer-update-due@${iso(3 * HOUR_MS)}`,
      ]);
    });

    it('owes no update once the priority is lowered', () => {
      const lower: TicketCommandInput = { type: 'ChangePriority', data: { ticketId: 't', priority: 'high' } };
      const fold = foldOf([
        [0, open, customer],
        [HOUR_MS, lower, agent],
      ]);
      expect(updatesDueAt(fold, 10 * HOUR_MS)).toEqual([]);
    });

    it('does not flag the same due time again, however the timer is counted', () => {
      const flag: TicketCommandInput = {
        type: 'FlagCustomerUpdateDue',
        data: { ticketId: 't', dueAt: iso(2 * HOUR_MS) },
      };
      const fold = foldOf([
        [0, open, customer],
        [2 * HOUR_MS, flag, system],
      ]);
      expect(fold.ticket?.customerUpdateFlaggedAt).toBe(iso(2 * HOUR_MS));
      // The domain still reports the flagged due time (until the team replies); the plan drops it.
      expect(updatesDueAt(fold, 5 * HOUR_MS)).toEqual([]);
    });
  });
});

describe("ticketDuties: a critical incident's callback", () => {
  /** The ticket opened urgent, then governed by `policy` as its configuration recorded it. */
  const governedBy = (policy: typeof PREMIUM_POLICY) => {
    const opened = foldOf([[0, open, customer]]);
    const applied = {
      type: 'TicketSlaPolicyApplied',
      data: {
        ...provenance({ now: new Date(T0), actor: system }),
        ticketId: 't',
        policyId: 'recorded',
        policyVersion: 1,
        policy,
        timings: {},
        key: 'recorded@1',
        requiredSkill: null,
        cause: 'opened',
      },
    } as TicketEvent;
    return evolveTicketTimeline(opened, applied);
  };
  const bookings = (fold: TicketTimeline, slaPolicy: typeof PREMIUM_POLICY) =>
    ticketDuties(fold, { ...settings, slaPolicy }, never, T0)
      .due.map((duty) => duty.command)
      .filter((command) => command.type === 'ScheduleCallback');

  it("follows the policy the ticket recorded, not the deployment's", () => {
    // Recorded premium (a 10-minute target) under a deployment policy without one: booked.
    expect(bookings(governedBy(PREMIUM_POLICY), PREMIUM_WITHOUT_CALLBACKS)).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ callbackId: `incident@${iso(0)}`, at: iso(10 * 60_000) }),
      }),
    ]);
    // Recorded without a target under a deployment policy with one: none.
    expect(bookings(governedBy(PREMIUM_WITHOUT_CALLBACKS), PREMIUM_POLICY)).toEqual([]);
  });
});

describe('ticketSlaStatus', () => {
  it('reads a folded ticket from its opening priority: raised to urgent an hour in, it is breached at the raise', () => {
    const lowOpen: TicketCommandInput = { ...open, data: { ...open.data, priority: 'low' } };
    const raise: TicketCommandInput = { type: 'ChangePriority', data: { ticketId: 't', priority: 'urgent' } };
    const timeline = foldOf([
      [0, lowOpen, customer],
      [HOUR_MS, raise, agent],
    ]);
    expect(timeline.ticket?.priority).toBe('urgent');
    // Urgent answers in 15 minutes (premium, 24/7): an hour had run, so the breach is the raise's.
    const status = ticketSlaStatus(timeline, PREMIUM_POLICY, T0 + 2 * HOUR_MS);
    expect(status?.metrics.first_response.breachedAt).toBe(T0 + HOUR_MS);
    expect(ticketSlaStatus(EMPTY_TICKET_TIMELINE, PREMIUM_POLICY, T0)).toBeNull();
  });
});
