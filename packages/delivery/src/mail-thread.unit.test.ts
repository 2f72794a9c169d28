import { subAddressTag } from '@support-engine/domain/inbound-mail';
import { describe, expect, it } from 'vitest';
import { Directory } from './directory.js';
import { foldIntoDirectory } from './fold.js';
import { type PlannedEvent, planDeliveries } from './plan.js';
import { readReplyToken, replyTokenIsFor } from './thread-keys.js';

// What planning puts on a mail's place in a conversation, by the ticket's channel and the alert.

const at = new Date('2026-03-02T10:00:00Z');
const key = Buffer.alloc(32, 7);
const threads = { key, mailbox: 'support@acme.test', attachFiles: true };
const actor = { id: 'sue', role: 'supervisor' };

function directoryOf(channel: string): Directory {
  const directory = new Directory();
  for (const event of [
    {
      type: 'TicketOpened',
      data: {
        ticketId: 't-1',
        customerId: 'ana',
        subject: 'Refund',
        priority: 'normal',
        channel,
        at: at.toISOString(),
      },
    },
    {
      type: 'CustomerRegistered',
      data: { customerId: 'ana', name: 'Ana', email: 'ana@customer.test', deliveryPreference: 'both' },
    },
    {
      type: 'StaffProfileSet',
      data: { staffId: 'al', name: 'Al', email: 'al@acme.test', channels: ['email'], groups: ['supervisors'] },
    },
  ])
    foldIntoDirectory(directory, event);
  return directory;
}

const event = (type: string, data: Record<string, unknown>, version: number): PlannedEvent => ({
  type,
  data: { ticketId: 't-1', at: at.toISOString(), actor, ...data },
  streamId: 'ticket-t-1',
  version,
  globalPosition: BigInt(version),
  recordedAt: at,
});
const mailsOf = (directory: Directory, planned: PlannedEvent) =>
  planDeliveries(planned, directory, { email: true, push: false, mailThreads: threads }).deliveries.filter(
    (delivery) => delivery.channel === 'email',
  );
const mailOf = (delivery: { payload: unknown } | undefined) =>
  (delivery?.payload as { mail?: unknown } | undefined)?.mail;

describe('planning mail into a conversation', () => {
  it('threads only the customer mails of a ticket that came by email; every one is answerable to its ticket', () => {
    const resolved = event('TicketStatusChanged', { from: 'in_progress', to: 'resolved', reopen: false }, 5);
    const [byMail] = mailsOf(directoryOf('email'), resolved);
    expect(byMail?.payload).toMatchObject({ template: 'mail.ticket.resolved' });
    expect(mailOf(byMail)).toMatchObject({ from: 'support@acme.test', subject: 'Re: Refund [#t-1]', automatic: true });
    const [byWeb] = mailsOf(directoryOf('web'), resolved);
    // A ticket opened on the web keeps its alert's form, but the customer's answer finds it.
    expect(byWeb?.payload).toMatchObject({ template: 'ticket.resolved' });
    const replyTo = (mailOf(byWeb) as { replyTo: string }).replyTo;
    expect(mailOf(byWeb)).toEqual({ replyTo });
    const claim = readReplyToken(subAddressTag(replyTo, 'support@acme.test') ?? '');
    expect(claim).toMatchObject({ kind: 'customer', ticketId: 't-1' });
    expect(replyTokenIsFor(claim!, 'ana', key)).toBe(true);
  });

  it('answers each mail to the one before it: every planned mail joins the thread', () => {
    const directory = directoryOf('email');
    const [first] = mailsOf(
      directory,
      event('TicketStatusChanged', { from: 'open', to: 'waiting_customer', reopen: false }, 3),
    );
    const [second] = mailsOf(directory, event('TicketAgentReplied', { body: 'Done.', visibility: 'public' }, 4));
    const firstId = (mailOf(first) as { messageId: string }).messageId;
    expect(mailOf(second)).toMatchObject({ references: [firstId], automatic: false });
  });

  it('gives a Reply-To to the assignment alert only', () => {
    const directory = directoryOf('web');
    const [assigned] = mailsOf(directory, event('TicketAssigned', { agentId: 'al' }, 6));
    expect(mailOf(assigned)).toEqual({ replyTo: expect.stringMatching(/^support\+s[a-z2-7]+@acme\.test$/) });
    const [escalated] = mailsOf(
      directory,
      event('TicketEscalatedToSupervisors', { fromTier: 3, reason: 'complexity' }, 7),
    );
    expect(escalated?.payload).toMatchObject({ mail: null });
  });
});
