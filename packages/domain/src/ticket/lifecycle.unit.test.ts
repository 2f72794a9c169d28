import { describe, expect, it } from 'vitest';
import { canTransition, isReopen, TICKET_STATUSES, TICKET_TRANSITIONS, type TicketStatus } from './lifecycle.js';
import { AGENT, by, CUSTOMER, day, given, historyIn, TICKET_ID } from './ticket.fixture.js';

// docs/domain.md#ticket-transitions, copied by hand: the table in code must say exactly this.
const DOCUMENTED: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['in_progress', 'closed'],
  in_progress: ['waiting_customer', 'resolved', 'closed'],
  waiting_customer: ['in_progress', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: ['in_progress'],
};

const ALL_PAIRS = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.map((to) => [from, to] as const));
const ALLOWED = Object.entries(TICKET_TRANSITIONS).flatMap(([from, targets]) =>
  Object.keys(targets).map((to) => [from as TicketStatus, to as TicketStatus] as const),
);
const isAllowed = (from: TicketStatus, to: TicketStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const FORBIDDEN = ALL_PAIRS.filter(([from, to]) => !isAllowed(from, to));
// The one conditional edge: open to spam/invalid closes only.
const UNCONDITIONAL = ALLOWED.filter(([from, to]) => !(from === 'new' && to === 'closed'));

describe('the lifecycle table', () => {
  it('is the documented table', () => {
    for (const status of TICKET_STATUSES) {
      expect(Object.keys(TICKET_TRANSITIONS[status]).sort()).toEqual([...DOCUMENTED[status]].sort());
    }
  });

  it('covers the 25 status pairs as 11 allowed and 14 forbidden', () => {
    expect(ALL_PAIRS).toHaveLength(25);
    expect(ALLOWED).toHaveLength(11);
    expect(FORBIDDEN).toHaveLength(14);
  });

  it('opens new -> closed only for spam or invalid tickets', () => {
    expect(canTransition('new', 'closed')).toBe(false);
    expect(canTransition('new', 'closed', 'manual')).toBe(false);
    expect(canTransition('new', 'closed', 'customer_confirmed')).toBe(false);
    expect(canTransition('new', 'closed', 'spam')).toBe(true);
    expect(canTransition('new', 'closed', 'invalid')).toBe(true);
  });

  it.each(FORBIDDEN)('canTransition(%s, %s) is false for every close reason', (from, to) => {
    for (const reason of [undefined, 'manual', 'spam', 'invalid', 'customer_confirmed'] as const) {
      expect(canTransition(from, to, reason)).toBe(false);
    }
  });

  it('calls a move back to work from resolved or closed a reopen', () => {
    const reopens = ALL_PAIRS.filter(([from, to]) => isReopen(from, to));
    expect(reopens).toEqual([
      ['resolved', 'in_progress'],
      ['closed', 'in_progress'],
    ]);
  });
});

describe('ChangeStatus walks the table', () => {
  it.each(UNCONDITIONAL)('given %s, when an agent changes it to %s, then the status changes', (from, to) => {
    const state = given(historyIn(from))
      .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to, reason: 'because' } }, AGENT, day(1))
      .thenEmits([
        {
          type: 'TicketStatusChanged',
          data: {
            ...by(AGENT, day(1), 'because'),
            ticketId: TICKET_ID,
            from,
            to,
            reopen: isReopen(from, to),
            ...(to === 'closed' ? { closeReason: 'manual' as const } : {}),
          },
        },
      ]);
    expect(state?.status).toBe(to);
    expect(state?.statusSince).toBe(day(1).toISOString());
  });

  it.each(FORBIDDEN.filter(([from, to]) => from !== to))(
    'given %s, when an agent changes it to %s, then INVALID_TRANSITION names both',
    (from, to) => {
      const error = given(historyIn(from))
        .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to } }, AGENT)
        .thenFails('INVALID_TRANSITION');
      expect(error.details).toMatchObject({ from, to });
      expect(error.message).toContain(`from ${from} to ${to}`);
    },
  );

  it.each(TICKET_STATUSES)('given %s, when an agent changes it to the same status, then NO_CHANGE', (status) => {
    given(historyIn(status))
      .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: status } }, AGENT)
      .thenFails('NO_CHANGE');
  });

  it('given new, when an agent closes it by hand, then INVALID_TRANSITION explains spam/invalid', () => {
    const error = given(historyIn('new'))
      .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: 'closed' } }, AGENT)
      .thenFails('INVALID_TRANSITION');
    expect(error.message).toContain('only spam or invalid');
  });
});

describe('CloseAsSpam', () => {
  it.each(['spam', 'invalid'] as const)('given new, when closed as %s, then it is closed unanswered', (kind) => {
    const state = given(historyIn('new'))
      .when({ type: 'CloseAsSpam', data: { ticketId: TICKET_ID, kind } }, AGENT)
      .thenEmits([
        {
          type: 'TicketStatusChanged',
          data: { ...by(AGENT), ticketId: TICKET_ID, from: 'new', to: 'closed', reopen: false, closeReason: kind },
        },
      ]);
    expect(state).toMatchObject({ status: 'closed', closeReason: kind, firstPublicAgentReplyAt: null });
  });

  it.each(['in_progress', 'waiting_customer', 'resolved'] as const)(
    'given %s, spam found later still closes',
    (from) => {
      const [event] = given(historyIn(from))
        .when({ type: 'CloseAsSpam', data: { ticketId: TICKET_ID } }, AGENT)
        .events();
      expect(event).toMatchObject({ type: 'TicketStatusChanged', data: { from, to: 'closed', closeReason: 'spam' } });
    },
  );

  it('given closed, then NO_CHANGE', () => {
    given(historyIn('closed'))
      .when({ type: 'CloseAsSpam', data: { ticketId: TICKET_ID } }, AGENT)
      .thenFails('NO_CHANGE');
  });

  it.each(['spam', 'invalid'] as const)(
    'refuses to throw away as %s a ticket the team answered publicly; an internal note does not count',
    (kind) => {
      const reply = (visibility: 'public' | 'internal') =>
        ({ type: 'ReplyToTicket', data: { ticketId: TICKET_ID, body: 'Looking', visibility } }) as const;
      const close = { type: 'CloseAsSpam', data: { ticketId: TICKET_ID, kind } } as const;
      const noted = [
        ...historyIn('in_progress'),
        ...given(historyIn('in_progress')).when(reply('internal'), AGENT).events(),
      ];
      expect(given(noted).when(close, AGENT).events()).toHaveLength(1);
      const answered = [...noted, ...given(noted).when(reply('public'), AGENT).events()];
      const error = given(answered).when(close, AGENT).thenFails('INVALID_TRANSITION');
      expect(error.message).toContain(`close it as done, not as ${kind}`);
      // Closing it as done still works.
      expect(
        given(answered)
          .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: 'closed' } }, AGENT)
          .events(),
      ).toMatchObject([{ data: { closeReason: 'manual' } }]);
    },
  );

  it('keeps the spammer writing again on record, the ticket closed; an invalid one reopens as usual', () => {
    const reply = { type: 'CustomerReply', data: { ticketId: TICKET_ID, body: 'Buy more' } } as const;
    const spam = given(historyIn('new'))
      .when({ type: 'CloseAsSpam', data: { ticketId: TICKET_ID } }, AGENT)
      .events();
    const [written, ...rest] = given([...historyIn('new'), ...spam])
      .when(reply, CUSTOMER)
      .events();
    expect(written).toMatchObject({ type: 'TicketCustomerReplied', data: { body: 'Buy more' } });
    expect(rest).toEqual([]);
    const invalid = given(historyIn('new'))
      .when({ type: 'CloseAsSpam', data: { ticketId: TICKET_ID, kind: 'invalid' } }, AGENT)
      .events();
    const [reopened] = given([...historyIn('new'), ...invalid])
      .when(reply, CUSTOMER)
      .events();
    expect(reopened).toMatchObject({
      type: 'TicketStatusChanged',
      data: { from: 'closed', to: 'in_progress', reopen: true },
    });
  });
});
