import { describe, expect, it } from 'vitest';
import { Directory } from './directory.js';
import { foldIntoDirectory } from './fold.js';
import { type PlannedEvent, planDeliveries } from './plan.js';

// Who is mailed what for one event, from the directory the notifier folds.

const at = new Date('2026-03-02T10:00:00Z');
const actor = { id: 'cust-1', role: 'customer' };

function directoryOf(events: readonly { type: string; data: Record<string, unknown> }[]): Directory {
  const directory = new Directory();
  for (const event of events) foldIntoDirectory(directory, event);
  return directory;
}

const supervisor = (staffId: string, email: string, language = 'en') => ({
  type: 'StaffProfileSet',
  data: { staffId, name: staffId, email, language, channels: ['web', 'email'], groups: ['supervisors'] },
});

const lowRating: PlannedEvent = {
  type: 'TicketFollowUpRequested',
  data: { ticketId: 't-1', score: 1, comment: 'Slow', at: at.toISOString(), actor },
  streamId: 'ticket-t-1',
  version: 9,
  globalPosition: 42n,
  recordedAt: at,
};

describe('staff alerts by mail', () => {
  it('mail a mailbox shared by several profiles once per alert, in the first recipient’s language', () => {
    const directory = directoryOf([
      {
        type: 'TicketOpened',
        data: { ticketId: 't-1', customerId: 'cust-1', subject: 'Refund', priority: 'normal', channel: 'web' },
      },
      supervisor('sup-a', 'Team@Example.com', 'fr'),
      supervisor('sup-b', 'team@example.com'),
      supervisor('sup-c', 'carol@example.com'),
    ]);
    const plan = planDeliveries(lowRating, directory, { email: true, push: false });
    const mails = plan.deliveries.filter((delivery) => delivery.channel === 'email');
    expect(mails.map((mail) => [mail.recipient, mail.person?.id])).toEqual([
      ['Team@Example.com', 'sup-a'],
      ['carol@example.com', 'sup-c'],
    ]);
    // Each still has the alert in their own inbox.
    expect(plan.inbox.map((row) => row.staffId)).toEqual(['sup-a', 'sup-b', 'sup-c']);
  });
});

describe('staff alerts no chosen channel reaches', () => {
  it('go to the inbox: push chosen before any device subscribed, mail without a mail server', () => {
    const directory = directoryOf([
      {
        type: 'TicketOpened',
        data: { ticketId: 't-1', customerId: 'cust-1', subject: 'Refund', priority: 'normal', channel: 'web' },
      },
      {
        type: 'StaffProfileSet',
        data: { staffId: 'sup-push', name: 'Ben', channels: ['push'], groups: ['supervisors'] },
      },
      {
        type: 'StaffProfileSet',
        data: {
          staffId: 'sup-mail',
          name: 'Mo',
          email: 'mo@example.com',
          channels: ['email'],
          groups: ['supervisors'],
        },
      },
    ]);
    const withMail = planDeliveries(lowRating, directory, { email: true, push: true });
    expect(withMail.inbox.map((row) => row.staffId)).toEqual(['sup-push']);
    expect(withMail.deliveries.map((delivery) => [delivery.channel, delivery.person?.id])).toEqual([
      ['email', 'sup-mail'],
    ]);
    // No mail server either: both in the inbox.
    expect(planDeliveries(lowRating, directory, { email: false, push: true }).inbox.map((row) => row.staffId)).toEqual([
      'sup-mail',
      'sup-push',
    ]);
  });
});

/** Ticket t-1 assigned to agent-m by `by`, its 12th event. */
const assignedToM = (by: { id: string; role: string }): PlannedEvent => ({
  type: 'TicketAssigned',
  data: { ticketId: 't-1', agentId: 'agent-m', at: at.toISOString(), actor: by },
  streamId: 'ticket-t-1',
  version: 12,
  globalPosition: 50n,
  recordedAt: at,
});

describe("an assignment's alert", () => {
  it('quotes what the customer wrote when the ticket comes with their words unanswered, and not once the team replied', () => {
    const ticketOpened = {
      type: 'TicketOpened',
      data: { ticketId: 't-1', customerId: 'cust-1', subject: 'Refund', priority: 'normal', channel: 'web' },
    };
    const agent = (staffId: string) => ({
      type: 'StaffProfileSet',
      data: { staffId, name: staffId, email: `${staffId}@example.com`, channels: ['email'], groups: [] },
    });
    const replied = { type: 'TicketCustomerReplied', data: { ticketId: 't-1', body: 'Refund not received' } };
    const assigned = assignedToM({ id: 'router', role: 'system' });
    const quoteOf = (directory: Directory) => {
      foldIntoDirectory(directory, assigned);
      const [mail] = planDeliveries(assigned, directory, { email: true, push: false }).deliveries;
      expect(mail?.channel).toBe('email');
      return (mail!.payload as { quote: string | null }).quote;
    };
    expect(quoteOf(directoryOf([ticketOpened, agent('agent-m'), replied]))).toBe('Refund not received');
    const answered = { type: 'TicketAgentReplied', data: { ticketId: 't-1', body: 'On it', visibility: 'public' } };
    expect(quoteOf(directoryOf([ticketOpened, agent('agent-m'), replied, answered]))).toBeNull();
    // A note is no answer to the customer.
    const note = { ...answered, data: { ...answered.data, visibility: 'internal' } };
    expect(quoteOf(directoryOf([ticketOpened, agent('agent-m'), replied, note]))).toBe('Refund not received');
  });
});

describe('a call due on a ticket handed over', () => {
  it('is told to the agent the ticket goes to, until the call is made, missed or called off', () => {
    const opened = {
      type: 'TicketOpened',
      data: { ticketId: 't-1', customerId: 'cust-1', subject: 'Outage', priority: 'urgent', channel: 'web' },
    };
    const agentM = {
      type: 'StaffProfileSet',
      data: { staffId: 'agent-m', name: 'M', email: 'agent-m@example.com', channels: ['email'], groups: [] },
    };
    const system = { id: 'automation', role: 'system' };
    const due = {
      type: 'TicketCallbackDue',
      data: { ticketId: 't-1', callbackId: 'cb-1', callbackAt: at.toISOString(), phone: '+33612345678', actor: system },
    };
    const assigned = assignedToM({ id: 'sup-1', role: 'supervisor' });
    const alertsTo = (before: { type: string; data: Record<string, unknown> }[]) => {
      const directory = directoryOf([opened, agentM, ...before]);
      foldIntoDirectory(directory, assigned);
      return planDeliveries(assigned, directory, { email: true, push: false }).deliveries.map(
        (delivery) => `${delivery.recipient}: ${delivery.messageId}`,
      );
    };
    expect(alertsTo([due])).toEqual([
      'agent-m@example.com: alert:ticket-t-1:12',
      'agent-m@example.com: alert:ticket-t-1:12:cb-1',
    ]);
    for (const type of ['TicketCallbackCompleted', 'TicketCallbackMissed', 'TicketCallbackCancelled'])
      expect(alertsTo([due, { type, data: { ticketId: 't-1', callbackId: 'cb-1' } }]), type).toEqual([
        'agent-m@example.com: alert:ticket-t-1:12',
      ]);
  });
});

describe('agents who left the team', () => {
  it("are not alerted with their tier of an escalation, nor of their old ticket's news", () => {
    const agent = (agentId: string, tier: number) => ({
      type: 'AgentRegistered',
      data: { agentId, name: agentId, tier, skills: [], languages: [], capacity: 3, performanceRating: 5 },
    });
    const directory = directoryOf([
      {
        type: 'TicketOpened',
        data: { ticketId: 't-1', customerId: 'cust-1', subject: 'Refund', priority: 'normal', channel: 'web' },
      },
      agent('ada', 2),
      agent('bob', 2),
      agent('cy', 1),
      { type: 'AgentDeactivated', data: { agentId: 'bob' } },
      agent('dee', 1),
      { type: 'AgentDeactivated', data: { agentId: 'dee' } },
      { type: 'AgentReactivated', data: { agentId: 'dee' } },
      { type: 'AgentTierChanged', data: { agentId: 'dee', tier: 2, previous: 1 } },
    ]);
    const escalated: PlannedEvent = {
      ...lowRating,
      type: 'TicketEscalated',
      data: { ticketId: 't-1', fromTier: 1, toTier: 2, escalationReason: 'complexity', at: at.toISOString(), actor },
    };
    const plan = planDeliveries(escalated, directory, { email: false, push: false });
    expect(plan.inbox.map((row) => row.staffId)).toEqual(['ada', 'dee']);
    // Nor is the one who left told of their old ticket's news (the reopen sends it back to the queue).
    directory.update('ticket', 't-1', (entry) => ({ ...entry, assigneeId: 'bob' }));
    const replied: PlannedEvent = {
      ...lowRating,
      type: 'TicketCustomerReplied',
      data: { ticketId: 't-1', body: 'Still broken', at: at.toISOString(), actor },
    };
    expect(planDeliveries(replied, directory, { email: false, push: false }).inbox).toEqual([]);
    directory.update('ticket', 't-1', (entry) => ({ ...entry, assigneeId: 'ada' }));
    expect(planDeliveries(replied, directory, { email: false, push: false }).inbox.map((row) => row.staffId)).toEqual([
      'ada',
    ]);
  });
});
