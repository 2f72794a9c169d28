import { PREMIUM_POLICY } from '@support-engine/domain/sla';
import type { TicketEvent, TicketEventOf } from '@support-engine/domain/ticket';
import { describe, expect, it } from 'vitest';
import { TICKET_TABLE } from './columns.js';
import { applyTicketEvent, type ProjectedTicketEvent, type TicketRow } from './row.js';
import { withSla } from './sla.js';

const customer = { id: 'cust', role: 'customer' as const };
const agent = { id: 'agent-1', role: 'agent' as const };
const at = (minutes: number) => new Date(Date.parse('2025-03-03T09:00:00.000Z') + minutes * 60_000).toISOString();

const history: TicketEvent[] = [
  {
    type: 'TicketOpened',
    data: {
      at: at(0),
      actor: customer,
      ticketId: 't',
      customerId: 'cust',
      subject: 'S',
      description: 'D',
      priority: 'urgent',
      channel: 'web',
      proactive: true,
    },
  },
  {
    type: 'TicketStatusChanged',
    data: { at: at(5), actor: agent, ticketId: 't', from: 'new', to: 'in_progress', reopen: false },
  },
  {
    type: 'TicketAgentReplied',
    data: { at: at(10), actor: agent, ticketId: 't', body: 'note', visibility: 'internal' },
  },
  {
    type: 'TicketAgentReplied',
    data: { at: at(20), actor: agent, ticketId: 't', body: 'answer', visibility: 'public' },
  },
  {
    type: 'TicketStatusChanged',
    data: { at: at(90), actor: agent, ticketId: 't', from: 'in_progress', to: 'resolved', reopen: false },
  },
  { type: 'TicketCustomerReplied', data: { at: at(100), actor: customer, ticketId: 't', body: 'still broken' } },
  {
    type: 'TicketStatusChanged',
    data: { at: at(100), actor: customer, ticketId: 't', from: 'resolved', to: 'in_progress', reopen: true },
  },
];

function fold(events: readonly TicketEvent[]): { row: TicketRow; messages: number } {
  let row: TicketRow | undefined;
  let messages = 0;
  for (const [index, event] of events.entries()) {
    const change = applyTicketEvent(row, {
      ...event,
      log: {
        streamId: 'ticket-t',
        streamVersion: index + 1,
        checkpoint: { transactionId: 1n, globalPosition: BigInt(index + 1) },
        recordedAt: new Date(),
        metadata: {},
      },
    } as ProjectedTicketEvent);
    row = change.row;
    messages += change.messages.length;
  }
  return { row: row!, messages };
}

describe('ticket row fold', () => {
  it('opens with the columns the domain state gives, the suggestion a ticket was opened from among them', () => {
    const [opening] = history as [TicketEventOf<'TicketOpened'>];
    const suggested = { ...opening, data: { ...opening.data, suggestionId: 'sug-1', language: 'fr' } };
    expect(fold([suggested]).row).toMatchObject({ suggestion_id: 'sug-1', language: 'fr', status: 'new', tier: 1 });
    expect(fold([opening]).row.suggestion_id).toBeNull();
  });

  it('opens every row with every column, in the table’s order (one shape for all rows)', () => {
    const [opening] = history as [TicketEventOf<'TicketOpened'>];
    expect(Object.keys(fold([opening]).row)).toEqual(Object.keys(TICKET_TABLE));
  });

  it('records first response from the first public reply and resolution from opening', () => {
    const { row, messages } = fold(history.slice(0, 5));
    expect(row).toMatchObject({
      status: 'resolved',
      first_response_ms: 20 * 60_000,
      resolution_ms: 90 * 60_000,
      message_count: 3,
      agent_reply_count: 1,
      resolved_once: true,
      proactive: true,
    });
    expect(messages).toBe(3);
  });

  it('clears the resolution on a reopen and counts it', () => {
    const { row } = fold(history);
    expect(row).toMatchObject({
      status: 'in_progress',
      resolved_at: null,
      resolution_ms: null,
      reopen_count: 1,
      resolved_once: true,
      version: 7,
    });
  });

  it('keeps the reminders of the last waiting period after it ends, and restarts them with the next one', () => {
    const system = { id: 'automation', role: 'system' as const };
    const waiting = (minutes: number, from: 'in_progress' | 'waiting_customer'): TicketEvent => ({
      type: 'TicketStatusChanged',
      data: { at: at(minutes), actor: agent, ticketId: 't', from, to: 'waiting_customer', reopen: false },
    });
    const reminder = (n: 1 | 2): TicketEvent => ({
      type: 'TicketReminderSent',
      data: { at: at(200 + n), actor: system, ticketId: 't', n, waitingSince: at(200) },
    });
    const silent = [...history, waiting(200, 'in_progress'), reminder(1), reminder(2)];
    const closed: TicketEvent = {
      type: 'TicketAutoClosed',
      data: {
        at: at(300),
        actor: system,
        ticketId: 't',
        from: 'waiting_customer',
        closeReason: 'no_customer_response',
        message: 'Closed for lack of response',
      },
    };
    expect(fold([...silent, closed]).row).toMatchObject({ status: 'closed', reminders_sent: 2 });
    const answered: TicketEvent = {
      type: 'TicketStatusChanged',
      data: { at: at(250), actor: customer, ticketId: 't', from: 'waiting_customer', to: 'in_progress', reopen: false },
    };
    expect(fold([...silent, answered]).row.reminders_sent).toBe(2);
    expect(fold([...silent, answered, waiting(260, 'in_progress')]).row.reminders_sent).toBe(0);
  });

  it("records the description as the customer's message when an agent opens the ticket for them", () => {
    const [first] = history as [TicketEventOf<'TicketOpened'>];
    const { messages } = applyTicketEvent(undefined, {
      ...first,
      data: { ...first.data, actor: agent, proactive: false },
      log: {
        streamId: 'ticket-t',
        streamVersion: 1,
        checkpoint: { transactionId: 1n, globalPosition: 1n },
        recordedAt: new Date(),
        metadata: {},
      },
    } as ProjectedTicketEvent);
    expect(messages).toMatchObject([{ source: 'description', author_kind: 'customer', author_id: 'cust' }]);
  });

  it('remembers an escalation to the supervisors after the resolution takes the ticket off their queue', () => {
    const toSupervisors: TicketEvent = {
      type: 'TicketEscalatedToSupervisors',
      data: { at: at(30), actor: agent, ticketId: 't', tier: 3, escalationReason: 'complexity' },
    };
    const escalated = fold([...history.slice(0, 4), toSupervisors]).row;
    expect(escalated).toMatchObject({ with_supervisors: true, escalated_to_supervisors: true });
    const resolved = fold([...history.slice(0, 4), toSupervisors, history[4]!]).row;
    expect(resolved).toMatchObject({ with_supervisors: false, escalated_to_supervisors: true, resolved_once: true });
  });

  it('keeps when the latest SLA breach fell due, whatever order the breaches are recorded in', () => {
    const breach = (metric: 'first_response' | 'resolution', dueAt: string): TicketEvent => ({
      type: 'TicketSlaBreached',
      data: { at: at(300), actor: { id: 'automation', role: 'system' }, ticketId: 't', metric, dueAt },
    });
    expect(fold(history.slice(0, 1)).row.last_sla_breach_at).toBeNull();
    const late = fold([...history.slice(0, 1), breach('resolution', at(240)), breach('first_response', at(15))]);
    expect(late.row).toMatchObject({ last_sla_breach_at: at(240), sla_breaches_recorded: 2 });
  });

  it('refuses events of a ticket that was never opened', () => {
    expect(() => fold(history.slice(1))).toThrow(/before TicketOpened/);
  });

  it('computes the SLA columns with the domain calculator at the last event', () => {
    const sla = withSla(fold(history.slice(0, 2)).row, PREMIUM_POLICY);
    // Urgent on the premium policy: first response due 15 minutes after opening.
    expect(sla).toMatchObject({
      sla_first_response: 'running',
      sla_state: 'running',
      sla_next_deadline_metric: 'first_response',
    });
    const answered = withSla(fold(history.slice(0, 4)).row, PREMIUM_POLICY);
    expect(answered.sla_first_response).toBe('breached');
    expect(answered.sla_state).toBe('breached');
  });
});
