import { streamId } from '@support-engine/domain';
import type { HeldMailCommand } from '@support-engine/domain/held-mail';
import type { PostgresEventStore } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandBus, createCommandBus } from './bus.js';
import { claimTestStore, outcomeOf } from './claims.fixture.js';
import { acceptHeldMail } from './held-mail.js';

// Accepting a held message writes to two streams: the held message's and its ticket's. Each write
// has its own deterministic command id, so retries (and a run that stopped between them) leave
// the ticket with the message once. On a real PostgreSQL store.

const clock = { now: new Date('2026-11-28T09:00:00.000Z') };
const CUSTOMER = { id: 'ada', role: 'customer' } as const;
const INGRESS = { id: 'mail-in', role: 'system' } as const;
const AGENT = { id: 'agent-1', role: 'agent' } as const;
let store: PostgresEventStore;
let bus: CommandBus;

const MAIL = {
  mailKey: 'mid:held@example.com',
  original: 'mail-raw',
  from: 'ada@example.com',
  mailbox: 'support@engine.example',
  authentication: { spf: 'fail', dkim: 'fail', dmarc: 'fail' },
} as const;

async function held(heldMailId: string, ticketId: string): Promise<void> {
  await bus.send(
    'ticket',
    ticketId,
    {
      type: 'OpenTicket',
      data: { ticketId, customerId: CUSTOMER.id, subject: 'My order', description: 'Where is it?', channel: 'email' },
    },
    CUSTOMER,
    `open:${ticketId}`,
  );
  const command: HeldMailCommand = {
    type: 'HoldMail',
    data: {
      heldMailId,
      ticketId,
      reason: 'dmarc-failed',
      content: {
        body: `Send the refund elsewhere (${heldMailId})`,
        mail: { ...MAIL, mailKey: `mid:${heldMailId}@example.com` },
        subject: `Re: [#${ticketId}] My order`,
        from: 'Ada <ada@example.com>',
        receivedAt: clock.now.toISOString(),
      },
    },
  };
  await bus.send('heldmail', heldMailId, command, INGRESS, `hold:${heldMailId}`);
}

const repliesOn = async (ticketId: string) =>
  (await store.readStream(streamId('ticket', ticketId))).filter((event) => event.type === 'TicketCustomerReplied');

beforeAll(async () => {
  store = await claimTestStore('held_mail', clock);
  bus = createCommandBus(store, () => clock.now);
});

afterAll(async () => {
  await store.close();
});

describe('accepting a held message', () => {
  it("adds it to its ticket as the customer's reply with its mail origin, once however often it is sent", async () => {
    await held('held-1', 'ticket-1');
    const first = await acceptHeldMail(bus, { heldMailId: 'held-1' }, AGENT, 'accept-1');
    expect(first.ticketId).toBe('ticket-1');
    const replies = await repliesOn('ticket-1');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.data).toMatchObject({
      body: 'Send the refund elsewhere (held-1)',
      mail: { mailKey: 'mid:held-1@example.com' },
      actor: CUSTOMER,
    });
    // The same command id answers with the first outcome; another is told it is decided.
    const again = await acceptHeldMail(bus, { heldMailId: 'held-1' }, AGENT, 'accept-1');
    expect(again.sent.version).toBe(first.sent.version);
    expect(await outcomeOf(acceptHeldMail(bus, { heldMailId: 'held-1' }, AGENT, 'accept-2'))).toBe('HELD_MAIL_DECIDED');
    expect(await repliesOn('ticket-1')).toHaveLength(1);
  });

  it('completes an acceptance that stopped before the ticket recorded the message, and still only once', async () => {
    await held('held-2', 'ticket-2');
    // The acceptance recorded, the process gone before the ticket's write.
    await bus.send('heldmail', 'held-2', { type: 'AcceptHeldMail', data: { heldMailId: 'held-2' } }, AGENT, 'lost');
    expect(await repliesOn('ticket-2')).toHaveLength(0);
    expect(await outcomeOf(acceptHeldMail(bus, { heldMailId: 'held-2' }, AGENT, 'retry-1'))).toBe('HELD_MAIL_DECIDED');
    expect(await repliesOn('ticket-2')).toHaveLength(1);
    await outcomeOf(acceptHeldMail(bus, { heldMailId: 'held-2' }, AGENT, 'retry-2'));
    expect(await repliesOn('ticket-2')).toHaveLength(1);
  });

  it('adds nothing to the ticket for a discarded message, which can no longer be accepted', async () => {
    await held('held-3', 'ticket-3');
    await bus.send('heldmail', 'held-3', { type: 'DiscardHeldMail', data: { heldMailId: 'held-3' } }, AGENT, 'drop');
    expect(await outcomeOf(acceptHeldMail(bus, { heldMailId: 'held-3' }, AGENT, 'accept-3'))).toBe('HELD_MAIL_DECIDED');
    expect(await repliesOn('ticket-3')).toHaveLength(0);
  });

  it('refuses a message never held (NOT_FOUND) and an auditor (FORBIDDEN), writing nothing', async () => {
    expect(await outcomeOf(acceptHeldMail(bus, { heldMailId: 'nowhere' }, AGENT, 'accept-4'))).toBe('NOT_FOUND');
    await held('held-5', 'ticket-5');
    const auditor = { id: 'auditor-1', role: 'auditor' } as const;
    expect(await outcomeOf(acceptHeldMail(bus, { heldMailId: 'held-5' }, auditor, 'accept-5'))).toBe('FORBIDDEN');
    expect(await repliesOn('ticket-5')).toHaveLength(0);
  });
});
