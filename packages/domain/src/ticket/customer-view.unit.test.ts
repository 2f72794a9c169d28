import { describe, expect, it } from 'vitest';
import { chatEventShownToCustomer } from '../chat/customer-view.js';
import { ticketEventShownToCustomer } from './customer-view.js';

describe('what a customer is told of their ticket', () => {
  it('is what changes their view: replies, status, reminders, their rating and callbacks', () => {
    for (const type of [
      'TicketOpened',
      'TicketStatusChanged',
      'TicketReminderSent',
      'TicketRated',
      'TicketCallbackScheduled',
      // Every state of their call is in their view of the ticket, so in their feed too.
      'TicketCallbackDue',
      'TicketCallbackMissed',
    ])
      expect(ticketEventShownToCustomer({ type, data: {} }), type).toBe(true);
    expect(ticketEventShownToCustomer({ type: 'TicketAgentReplied', data: { visibility: 'public' } })).toBe(true);
  });

  it('is never an internal note, nor the team’s labels, escalations, SLA reports or follow-ups', () => {
    expect(ticketEventShownToCustomer({ type: 'TicketAgentReplied', data: { visibility: 'internal' } })).toBe(false);
    for (const type of [
      'TicketTagsAdded',
      'TicketTagsRemoved',
      'TicketEscalated',
      'TicketSlaBreached',
      'TicketFollowUpRequested',
    ])
      expect(ticketEventShownToCustomer({ type, data: {} }), type).toBe(false);
  });

  it('is nothing this version does not know, whatever its name', () => {
    for (const type of ['TicketSomethingNew', 'constructor', 'toString'])
      expect(ticketEventShownToCustomer({ type, data: {} })).toBe(false);
  });
});

describe('what a customer is told of their chat', () => {
  it('is every message but staff-only ones, and not the supervisors’ follow-up', () => {
    expect(chatEventShownToCustomer({ type: 'ChatMessageSent', data: { internal: false } })).toBe(true);
    expect(chatEventShownToCustomer({ type: 'ChatMessageSent', data: { internal: true } })).toBe(false);
    expect(chatEventShownToCustomer({ type: 'ChatTransferred', data: {} })).toBe(true);
    expect(chatEventShownToCustomer({ type: 'ChatFollowUpRequested', data: {} })).toBe(false);
    expect(chatEventShownToCustomer({ type: 'hasOwnProperty', data: {} })).toBe(false);
  });
});
