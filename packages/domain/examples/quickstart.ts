import { runCommand } from '@support-engine/domain';
import { nextAutomation, ticketDecider } from '@support-engine/domain/ticket';

const customer = { id: 'c-1', role: 'customer' } as const;
const agent = { id: 'agent-7', role: 'agent' } as const;
const open = {
  type: 'OpenTicket',
  data: { ticketId: 't-1', customerId: 'c-1', subject: 'Cannot log in', description: 'No reset mail', channel: 'web' },
} as const;
const opened = runCommand(ticketDecider, [], open, { now: new Date('2026-03-02T09:00:00Z'), actor: customer });
const reply = {
  type: 'ReplyToTicket',
  data: { ticketId: 't-1', body: 'Which address do you use?', nextStatus: 'waiting_customer' },
} as const;
const { events, state } = runCommand(ticketDecider, opened.events, reply, {
  now: new Date('2026-03-02T09:30:00Z'),
  actor: agent,
});
console.log(events.map((e) => e.type)); // [ 'TicketStatusChanged', 'TicketAgentReplied', 'TicketStatusChanged' ]
console.log(state?.status, state && nextAutomation(state)); // waiting_customer { kind: 'reminder', n: 1, dueAt: '2026-03-05T09:30:00.000Z' }
