import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CloseReason,
  isDiscardClose,
  isOpenStatus,
  isReopen,
  isResolvedOrClosed,
  isSpamClose,
  RESOLVED_OR_CLOSED,
  TICKET_STATUSES,
} from './lifecycle.js';

// docs/domain.md#ticket-statuses: the work on a ticket is done once it is resolved or closed.
describe('isResolvedOrClosed and isOpenStatus', () => {
  it('split the five statuses into three open and two finished', () => {
    expect(TICKET_STATUSES.filter(isResolvedOrClosed)).toEqual(['resolved', 'closed']);
    expect(TICKET_STATUSES.filter(isOpenStatus)).toEqual(['new', 'in_progress', 'waiting_customer']);
    expect(RESOLVED_OR_CLOSED).toEqual(['resolved', 'closed']);
  });

  it('are each other’s opposite, on any text a read model may hold', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...TICKET_STATUSES), fc.string()), (status) => {
        expect(isOpenStatus(status)).toBe(!isResolvedOrClosed(status));
      }),
    );
  });

  it('call a move to in_progress from a finished status, and only that, a reopen', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_STATUSES), fc.constantFrom(...TICKET_STATUSES), (from, to) => {
        expect(isReopen(from, to)).toBe(to === 'in_progress' && (from === 'resolved' || from === 'closed'));
      }),
    );
  });
});

describe('isSpamClose', () => {
  it('is the spam close alone: not invalid (both discard the ticket), not any other reason', () => {
    const reasons = [...CloseReason.options, 'no_response', 'resolved_timeout', null, undefined];
    expect(reasons.filter(isSpamClose)).toEqual(['spam']);
    expect(reasons.filter(isDiscardClose)).toEqual(['spam', 'invalid']);
  });
});
