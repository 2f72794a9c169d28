import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.js';
import type { TicketEvent } from './events.js';
import { ticketDecider } from './index.js';
import { slaFactOf } from './sla-facts.js';
import type { Ticket } from './state.js';
import { AGENT, by, CUSTOMER, given, hour, moved, opened, SYSTEM, T0, TICKET_ID } from './ticket.fixture.js';
import { customerUpdateDueAt, customerUpdateDueFromFacts } from './urgent-updates.js';

const iso = (date: Date) => date.toISOString();
const urgent = (at: Date = T0) => opened(at, { priority: 'urgent' });
const reply = (at: Date, visibility: 'public' | 'internal' = 'public'): TicketEvent => ({
  type: 'TicketAgentReplied',
  data: { ...by(AGENT, at), ticketId: TICKET_ID, body: 'Working on it', visibility },
});
const customerReply = (at: Date): TicketEvent => ({
  type: 'TicketCustomerReplied',
  data: { ...by(CUSTOMER, at), ticketId: TICKET_ID, body: 'Any news?' },
});
const priority = (from: Ticket['priority'], to: Ticket['priority'], at: Date): TicketEvent => ({
  type: 'TicketPriorityChanged',
  data: { ...by(AGENT, at), ticketId: TICKET_ID, from, to },
});
const flagged = (dueAt: Date, at: Date = dueAt): TicketEvent => ({
  type: 'TicketCustomerUpdateDue',
  data: { ...by(SYSTEM, at), ticketId: TICKET_ID, dueAt: iso(dueAt) },
});
/**
 * The due time from the folded ticket, checked against the one a read model computes from the
 * ticket's SLA facts, so every case below holds for both.
 */
const dueAfter = (history: readonly TicketEvent[]) => {
  const ticket = fold(ticketDecider, history) as Ticket;
  const openedWith = history[0]?.type === 'TicketOpened' ? history[0].data.priority : undefined;
  const facts = history.flatMap((event) => slaFactOf(event) ?? []);
  const fromFacts = customerUpdateDueFromFacts({ ...ticket, openingPriority: openedWith ?? 'normal', facts });
  expect(fromFacts).toBe(customerUpdateDueAt(ticket));
  return fromFacts;
};
const flag = (dueAt: Date) =>
  ({ type: 'FlagCustomerUpdateDue', data: { ticketId: TICKET_ID, dueAt: iso(dueAt) } }) as const;

describe('customerUpdateDueAt (docs/domain.md#urgent-tickets)', () => {
  it('is 2 hours after an urgent ticket is opened', () => {
    expect(dueAfter([urgent()])).toBe(iso(hour(2)));
  });

  it('is 2 hours after the last public reply, not an internal note', () => {
    const history = [urgent(), moved('new', 'in_progress', hour(1)), reply(hour(1)), reply(hour(1.5), 'internal')];
    expect(dueAfter(history)).toBe(iso(hour(3)));
  });

  it('is 2 hours after the ticket became urgent when it was raised later', () => {
    expect(dueAfter([opened(), priority('normal', 'urgent', hour(5))])).toBe(iso(hour(7)));
    // A reply before the raise is older than the raise: the raise starts the clock.
    const history = [
      opened(),
      moved('new', 'in_progress', hour(1)),
      reply(hour(1)),
      priority('high', 'urgent', hour(5)),
    ];
    expect(dueAfter(history)).toBe(iso(hour(7)));
  });

  it('is 2 hours after an urgent ticket is reopened, however long ago the team last replied', () => {
    const resolved = [
      urgent(),
      moved('new', 'in_progress', hour(1)),
      reply(hour(1)),
      moved('in_progress', 'resolved', hour(1)),
    ];
    expect(dueAfter([...resolved, moved('resolved', 'in_progress', hour(30))])).toBe(iso(hour(32)));
    const closed = [...resolved, moved('resolved', 'closed', hour(2))];
    expect(dueAfter([...closed, moved('closed', 'in_progress', hour(50))])).toBe(iso(hour(52)));
  });

  it('ignores customer messages: only the team updates the customer', () => {
    expect(dueAfter([urgent(), customerReply(hour(1))])).toBe(iso(hour(2)));
  });

  it.each([
    ['a ticket that is not urgent', [opened()]],
    ['an urgent ticket lowered to high', [urgent(), priority('urgent', 'high', hour(1))]],
    [
      'an urgent ticket waiting for the customer',
      [urgent(), moved('new', 'in_progress', hour(1)), moved('in_progress', 'waiting_customer', hour(1))],
    ],
    [
      'a resolved urgent ticket',
      [urgent(), moved('new', 'in_progress', hour(1)), moved('in_progress', 'resolved', hour(1))],
    ],
  ] as [string, TicketEvent[]][])('is null for %s', (_, history) => {
    expect(dueAfter(history)).toBeNull();
  });
});

describe('FlagCustomerUpdateDue', () => {
  it('flags the update due, and the state remembers it', () => {
    const state = given([urgent()])
      .when(flag(hour(2)), SYSTEM, hour(2))
      .thenEmits([
        {
          type: 'TicketCustomerUpdateDue',
          data: {
            ...by(SYSTEM, hour(2)),
            reason: `urgent ticket: the customer is owed an update since ${iso(hour(2))}`,
            ticketId: TICKET_ID,
            dueAt: iso(hour(2)),
          },
        },
      ]);
    expect(state).toMatchObject({ customerUpdateFlaggedAt: iso(hour(2)) });
  });

  it('accepts a late timer', () => {
    expect(
      given([urgent()])
        .when(flag(hour(2)), SYSTEM, hour(9))
        .events(),
    ).toHaveLength(1);
  });

  it.each([
    ['the team replied since', [urgent(), moved('new', 'in_progress', hour(1)), reply(hour(1))]],
    ['the priority dropped', [urgent(), priority('urgent', 'high', hour(1))]],
    [
      'the ticket is resolved',
      [urgent(), moved('new', 'in_progress', hour(1)), moved('in_progress', 'resolved', hour(1))],
    ],
    [
      'the ticket waits for the customer',
      [urgent(), moved('new', 'in_progress', hour(1)), moved('in_progress', 'waiting_customer', hour(1))],
    ],
    ['that due time was already flagged', [urgent(), flagged(hour(2))]],
  ] as [string, TicketEvent[]][])('decides nothing when %s', (_, history) => {
    expect(
      given(history)
        .when(flag(hour(2)), SYSTEM, hour(2))
        .events(),
    ).toEqual([]);
  });

  it('flags again once a new due time is reached after a reply', () => {
    const history = [urgent(), flagged(hour(2)), moved('new', 'in_progress', hour(3)), reply(hour(3))];
    expect(
      given(history)
        .when(flag(hour(5)), SYSTEM, hour(5))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses a timer that fires before the due time', () => {
    given([urgent()])
      .when(flag(hour(2)), SYSTEM, hour(1))
      .thenFails('INVALID_TRANSITION');
  });
});
