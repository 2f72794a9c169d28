import type { DeliveryPreference, TicketEvent } from '@support-engine/domain/ticket';
import { describe, expect, it } from 'vitest';
import type { ProjectedEvent } from '../../events.js';
import { inboxRowFor } from './inbox.js';

const ticket = { ticketId: 't-1', subject: 'Broken login', customerId: 'cust', language: null };
/** A customer's settings: with an email address on file unless said otherwise. */
const settings = (
  preference: DeliveryPreference,
  language: string | null = null,
  timeZone: string | null = null,
  hasEmail = true,
  hasPhone = true,
) => ({ preference, language, timeZone, hasEmail, bouncedEmail: null, hasPhone });
const agent = { id: 'agent-1', role: 'agent' as const };

function projected(event: TicketEvent, streamVersion: number): ProjectedEvent<TicketEvent> {
  return {
    ...event,
    log: {
      streamId: 'ticket-t-1',
      streamVersion,
      checkpoint: { transactionId: 10n, globalPosition: BigInt(streamVersion) },
      recordedAt: new Date(event.data.at),
      metadata: {},
    },
  };
}

const reply = projected(
  {
    type: 'TicketAgentReplied',
    data: { at: '2025-03-03T10:00:00.000Z', actor: agent, ticketId: 't-1', body: 'Try again', visibility: 'public' },
  },
  3,
);
const resolved = projected(
  {
    type: 'TicketStatusChanged',
    data: {
      at: '2025-03-03T11:00:00.000Z',
      actor: agent,
      ticketId: 't-1',
      from: 'in_progress',
      to: 'resolved',
      reopen: false,
    },
  },
  4,
);

describe('customer inbox rows', () => {
  it('gives an event the same row, with the same deterministic id, every time it is applied', () => {
    const first = inboxRowFor(reply, ticket, settings('both'));
    const again = inboxRowFor(structuredClone(reply), ticket, settings('both'));
    expect(first).toEqual(again);
    expect(first).toMatchObject({ notification_id: 'notification:ticket-t-1:3', kind: 'message', customer_id: 'cust' });
    // A set keyed by id (what ON CONFLICT DO NOTHING keeps) holds one row after a replay.
    const inbox = new Map(
      [first, again, inboxRowFor(resolved, ticket, settings('both'))].map((row) => [row!.notification_id, row]),
    );
    expect([...inbox.keys()]).toEqual(['notification:ticket-t-1:3', 'notification:ticket-t-1:4']);
  });

  it('respects the delivery preference: only notifications with the web channel reach the inbox', () => {
    expect(inboxRowFor(resolved, ticket, settings('web_only'))?.channels).toEqual(['web']);
    expect(inboxRowFor(resolved, ticket, settings('both'))?.channels).toEqual(['web', 'email', 'push']);
    expect(inboxRowFor(resolved, ticket, settings('email_only'))).toBeNull();
    // Email only, but no address on file: the inbox keeps what they would otherwise not hear.
    expect(inboxRowFor(resolved, ticket, settings('email_only', null, null, false))).not.toBeNull();
    expect(inboxRowFor(resolved, ticket, settings('none'))).toBeNull();
  });

  it('asks a customer with no number on file for one when a call is booked', () => {
    const booked = projected(
      {
        type: 'TicketCallbackScheduled',
        data: {
          at: '2025-03-03T10:00:00.000Z',
          actor: { id: 'router', role: 'system' },
          ticketId: 't-1',
          callbackId: 'cb-1',
          callbackAt: '2025-03-03T10:10:00.000Z',
          timeZone: 'UTC',
          callbackReason: 'Critical incident',
        },
      },
      6,
    );
    expect(inboxRowFor(booked, ticket, settings('web_only'))?.template).toBe('ticket.callback.scheduled');
    expect(inboxRowFor(booked, ticket, settings('web_only', null, null, true, false))?.template).toBe(
      'ticket.callback.scheduled.no_phone',
    );
  });

  it('never puts internal notes in the inbox', () => {
    const note = projected(
      {
        type: 'TicketAgentReplied',
        data: { at: '2025-03-03T10:30:00.000Z', actor: agent, ticketId: 't-1', body: 'VIP', visibility: 'internal' },
      },
      5,
    );
    expect(inboxRowFor(note, ticket, settings('both'))).toBeNull();
  });

  it("writes in the customer's language, else the ticket's, else English, with a title", () => {
    expect(inboxRowFor(resolved, ticket, settings('both', 'fr-CA'))).toMatchObject({
      title: 'Ticket de support : Résolu',
      text: "Votre ticket 'Broken login' est maintenant résolu.",
    });
    const frenchTicket = { ...ticket, language: 'fr' };
    expect(inboxRowFor(resolved, frenchTicket, settings('both'))?.title).toBe('Ticket de support : Résolu');
    expect(inboxRowFor(resolved, frenchTicket, settings('both', 'en'))).toMatchObject({
      title: 'Support ticket: Resolved',
      text: "Your ticket 'Broken login' is resolved",
    });
    expect(inboxRowFor(resolved, ticket, settings('both'))?.title).toBe('Support ticket: Resolved');
  });

  it("says what the deployment's own texts say, in the customer's language, where it has them", () => {
    const templates = { fr: { 'ticket.resolved': { title: 'Affaire classée', body: '« {subject} » est réglé.' } } };
    expect(inboxRowFor(resolved, ticket, settings('both', 'fr'), templates)).toMatchObject({
      title: 'Affaire classée',
      text: '« Broken login » est réglé.',
    });
    // Elsewhere, the shipped texts.
    expect(inboxRowFor(resolved, ticket, settings('both', 'en'), templates)?.title).not.toBe('Affaire classée');
  });

  it("dates the close a reminder announces in the customer's time zone, UTC without one", () => {
    const reminded = projected(
      {
        type: 'TicketReminderSent',
        data: {
          at: '2025-03-06T10:00:00.000Z',
          actor: { id: 'automation', role: 'system' },
          ticketId: 't-1',
          n: 1,
          waitingSince: '2025-03-03T10:00:00.000Z',
          closesAt: '2025-03-10T10:00:00.000Z',
        },
      },
      6,
    );
    expect(inboxRowFor(reminded, ticket, settings('both', 'fr', 'Europe/Paris'))?.text).toContain(
      '2025-03-10 11:00 (Europe/Paris)',
    );
    expect(inboxRowFor(reminded, ticket, settings('both', 'en'))?.text).toContain('2025-03-10 10:00 UTC');
  });
});
