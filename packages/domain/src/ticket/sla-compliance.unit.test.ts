import { describe, expect, it } from 'vitest';
import { AutoCloseReason, CloseReason } from './lifecycle.js';
import { countsTowardSlaCompliance } from './sla-compliance.js';
import { AGENT, day, given, historyIn, TICKET_ID } from './ticket.fixture.js';

describe('countsTowardSlaCompliance', () => {
  it('leaves out only the tickets thrown away: closed as spam or invalid', () => {
    const reasons = [...CloseReason.options, ...AutoCloseReason.options];
    expect(reasons.filter((reason) => !countsTowardSlaCompliance(reason))).toEqual(['spam', 'invalid']);
  });

  it('counts a ticket that is not closed', () => {
    expect(countsTowardSlaCompliance(null)).toBe(true);
  });

  it('follows the close reason the ticket stands with: a spam close leaves it out, a reopen puts it back', () => {
    const spam = given(historyIn('in_progress'))
      .when({ type: 'CloseAsSpam', data: { ticketId: TICKET_ID } }, AGENT, day(1))
      .events();
    const closed = given([...historyIn('in_progress'), ...spam]);
    expect(closed.state).toMatchObject({ status: 'closed', closeReason: 'spam' });
    expect(countsTowardSlaCompliance(closed.state!.closeReason)).toBe(false);
    const reopen = closed
      .when({ type: 'ChangeStatus', data: { ticketId: TICKET_ID, to: 'in_progress' } }, AGENT, day(2))
      .events();
    const reopened = given([...historyIn('in_progress'), ...spam, ...reopen]).state;
    expect(reopened?.status).toBe('in_progress');
    expect(countsTowardSlaCompliance(reopened!.closeReason)).toBe(true);
  });
});
