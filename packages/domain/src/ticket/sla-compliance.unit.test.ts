import { describe, expect, it } from 'vitest';
import { AutoCloseReason, CloseReason } from './lifecycle.js';
import { countsTowardSlaCompliance, meetsComplianceGoal, sharedComplianceGoal } from './sla-compliance.js';
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

describe('compliance goals', () => {
  it('meets a goal at or above it, and says nothing without a rate or a goal', () => {
    expect(meetsComplianceGoal(0.8, 0.8)).toBe(true);
    expect(meetsComplianceGoal(0.95, 0.9)).toBe(true);
    expect(meetsComplianceGoal(0.79, 0.8)).toBe(false);
    expect(meetsComplianceGoal(null, 0.8)).toBeNull();
    expect(meetsComplianceGoal(1, null)).toBeNull();
  });

  it('holds a group to the one goal its policies share, and to none when they differ', () => {
    expect(sharedComplianceGoal([0.8])).toBe(0.8);
    expect(sharedComplianceGoal([0.8, 0.8])).toBe(0.8);
    expect(sharedComplianceGoal([0.8, 0.9])).toBeNull();
    expect(sharedComplianceGoal([0.8, null])).toBeNull();
    expect(sharedComplianceGoal([])).toBeNull();
  });
});
