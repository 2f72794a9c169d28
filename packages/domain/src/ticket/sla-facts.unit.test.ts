import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.js';
import { slaStatus } from '../sla/calculator.js';
import { STANDARD_POLICY } from '../sla/policy.js';
import { type TicketCommandInput, type TicketEvent, ticketDecider } from './index.js';
import { slaFactOf } from './sla-facts.js';

const customer = { id: 'c-1', role: 'customer' } as const;
const agent = { id: 'a-1', role: 'agent' } as const;

function run(steps: Array<[TicketCommandInput, typeof agent | typeof customer, string]>): TicketEvent[] {
  const events: TicketEvent[] = [];
  for (const [command, actor, at] of steps) {
    events.push(...ticketDecider.decide(command, fold(ticketDecider, events), { now: new Date(at), actor }));
  }
  return events;
}

describe('slaFactOf', () => {
  const events = run([
    [
      {
        type: 'OpenTicket',
        data: { ticketId: 't', customerId: 'c-1', subject: 's', description: 'd', channel: 'web' },
      },
      customer,
      '2026-03-02T09:00:00.000Z',
    ],
    [
      { type: 'ReplyToTicket', data: { ticketId: 't', body: 'internal', visibility: 'internal' } },
      agent,
      '2026-03-02T09:10:00.000Z',
    ],
    [
      { type: 'ReplyToTicket', data: { ticketId: 't', body: 'hi', nextStatus: 'waiting_customer' } },
      agent,
      '2026-03-02T09:20:00.000Z',
    ],
    [{ type: 'CustomerReply', data: { ticketId: 't', body: 'here' } }, customer, '2026-03-02T10:00:00.000Z'],
    [{ type: 'AssignTicket', data: { ticketId: 't', agentId: 'a-1' } }, agent, '2026-03-02T10:05:00.000Z'],
  ]);
  const facts = events.map(slaFactOf);

  it('maps clock-relevant events and ignores the rest', () => {
    expect(facts.filter((f) => f !== null).map((f) => f.kind)).toEqual([
      'opened',
      'status_changed', // new -> in_progress with the first public reply
      'agent_replied',
      'status_changed', // -> waiting_customer
      'status_changed', // the customer's reply moves it back to in_progress
      'customer_messaged',
    ]);
    expect(facts.at(-1)).toBeNull(); // assignment
  });

  it('feeds the calculator: the first response was met, the internal note did not count', () => {
    const status = slaStatus({
      policy: STANDARD_POLICY,
      priority: 'normal',
      facts: facts.filter((f) => f !== null),
      now: Date.parse('2026-03-02T10:30:00.000Z'),
    });
    expect(status.metrics.first_response.state).toBe('met');
    expect(status.metrics.first_response.completedAt).toBe(Date.parse('2026-03-02T09:20:00.000Z'));
  });
});
