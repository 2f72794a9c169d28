import { TicketEvent } from '@support-engine/domain/ticket';
import { describe, expect, it } from 'vitest';
import { applyTicketEvent, type ProjectedTicketEvent, type TicketRow } from './row.js';

const customer = { id: 'cust', role: 'customer' as const };
const agent = { id: 'agent-1', role: 'agent' as const };
const system = { id: 'automation', role: 'system' as const };
const at = (minutes: number) => new Date(Date.parse('2025-03-03T09:00:00.000Z') + minutes * 60_000).toISOString();
const ticketId = 't';

// A life that sets every column the domain's state gives, several of them more than once.
const history = [
  [
    'TicketOpened',
    {
      actor: customer,
      customerId: 'cust',
      subject: 'S',
      description: 'D',
      priority: 'urgent',
      channel: 'web',
      proactive: false,
      category: 'billing',
      plan: 'pro',
    },
  ],
  [
    'TicketSlaPolicyApplied',
    { actor: system, policyId: 'policy-1', policyVersion: 2, policy: null, timings: {}, key: 'pro', cause: 'opened' },
  ],
  ['TicketAssigned', { actor: system, agentId: 'agent-1' }],
  ['TicketTagsAdded', { actor: agent, tags: ['refund', 'damaged', 'vip'] }],
  ['TicketStatusChanged', { actor: agent, from: 'new', to: 'in_progress', reopen: false }],
  ['TicketAgentReplied', { actor: agent, body: 'note', visibility: 'internal' }],
  ['TicketAgentReplied', { actor: agent, body: 'answer', visibility: 'public' }],
  ['TicketPriorityChanged', { actor: agent, from: 'urgent', to: 'high' }],
  ['TicketCategoryChanged', { actor: agent, from: 'billing', to: 'shipping' }],
  ['TicketTagsRemoved', { actor: agent, tags: ['damaged'] }],
  ['TicketEscalated', { actor: agent, fromTier: 1, toTier: 2, escalationReason: 'complexity' }],
  ['TicketEscalatedToSupervisors', { actor: agent, tier: 2, escalationReason: 'complexity' }],
  ['TicketUnassigned', { actor: agent, previousAgentId: 'agent-1' }],
  [
    'TicketCallbackScheduled',
    { actor: agent, callbackId: 'cb-1', callbackAt: at(600), timeZone: 'UTC', callbackReason: 'call' },
  ],
  ['TicketStatusChanged', { actor: agent, from: 'in_progress', to: 'waiting_customer', reopen: false }],
  ['TicketReminderSent', { actor: system, n: 1, waitingSince: at(14) }],
  ['TicketSlaWarning', { actor: system, metric: 'resolution', dueAt: at(100) }],
  ['TicketCustomerReplied', { actor: customer, body: 'still broken' }],
  ['TicketStatusChanged', { actor: customer, from: 'waiting_customer', to: 'in_progress', reopen: false }],
  ['TicketCallbackCompleted', { actor: agent, callbackId: 'cb-1', late: false }],
  ['TicketSlaBreached', { actor: system, metric: 'resolution', dueAt: at(200) }],
  ['TicketStatusChanged', { actor: agent, from: 'in_progress', to: 'resolved', reopen: false }],
  ['TicketRated', { actor: customer, score: 1, comment: 'slow' }],
  ['TicketFollowUpRequested', { actor: system, score: 1, comment: 'slow' }],
  ['TicketStatusChanged', { actor: customer, from: 'resolved', to: 'in_progress', reopen: true }],
  ['TicketAssigned', { actor: system, agentId: 'agent-2' }],
  ['TicketStatusChanged', { actor: agent, from: 'in_progress', to: 'waiting_customer', reopen: false }],
  [
    'TicketAutoClosed',
    { actor: system, from: 'waiting_customer', closeReason: 'no_customer_response', message: 'closed' },
  ],
  ['TicketFollowUpCompleted', { actor: agent, note: 'called back' }],
] as const;

const events: ProjectedTicketEvent[] = history.map(([type, data], index) => ({
  ...TicketEvent.parse({ type, data: { ...data, ticketId, at: at(index * 10) } }),
  log: {
    streamId: 'ticket-t',
    streamVersion: index + 1,
    checkpoint: { transactionId: 1n, globalPosition: BigInt(index + 1) },
    recordedAt: new Date(0),
    metadata: {},
  },
}));

/** The rows `events[from, ...)` fold `row` into, one per event, without their state. */
function rowsFrom(row: TicketRow | undefined, from: number): Omit<TicketRow, 'state'>[] {
  const rows: Omit<TicketRow, 'state'>[] = [];
  for (const event of events.slice(from)) {
    row = applyTicketEvent(row, event).row;
    const { state: _state, ...columns } = row;
    rows.push(columns);
  }
  return rows;
}

describe('a ticket row projected before it kept the domain state', () => {
  it('folds its later events into the state its columns hold, to the same columns', () => {
    const whole = rowsFrom(undefined, 0);
    expect(whole.at(-1)).toMatchObject({
      status: 'closed',
      follow_up_requested: true,
      tags: ['refund', 'vip'],
      tier: 2,
    });
    let row: TicketRow | undefined;
    for (const [upTo, event] of events.entries()) {
      row = applyTicketEvent(row, event).row;
      // As migration 0048 leaves it, read back from the database: every column, no state.
      const legacy: TicketRow = { ...JSON.parse(JSON.stringify(row)), state: null };
      expect(rowsFrom(legacy, upTo + 1), `the row as it stood after ${event.type}`).toEqual(whole.slice(upTo + 1));
    }
  });
});
