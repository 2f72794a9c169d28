import { describe, expect, it } from 'vitest';
import type { Instant } from '../shared/time.js';
import { incidentCallbackId } from './callbacks.js';
import type { TicketEvent } from './events.js';
import type { CloseReason, TicketStatus } from './lifecycle.js';
import { customerNotifications, type DeliveryPreference, reachablePreference } from './notifications.js';
import { AGENT, by, CUSTOMER, opened, SYSTEM, TICKET_ID } from './ticket.fixture.js';

const ticket = { ticketId: TICKET_ID, subject: 'Cannot log in' };
const position = { streamId: `ticket-${TICKET_ID}`, eventIndex: 7 };
const moved = (from: TicketStatus, to: TicketStatus, closeReason?: CloseReason): TicketEvent => ({
  type: 'TicketStatusChanged',
  data: { ...by(AGENT), ticketId: TICKET_ID, from, to, reopen: false, ...(closeReason ? { closeReason } : {}) },
});
const agentReply = (visibility: 'public' | 'internal'): TicketEvent => ({
  type: 'TicketAgentReplied',
  data: { ...by(AGENT), ticketId: TICKET_ID, body: 'Hi', visibility },
});
const told = (event: TicketEvent, preference: DeliveryPreference = 'web_only') =>
  customerNotifications(event, ticket, preference, position).map(({ kind, text }) => ({ kind, text }));

/** When a reminded ticket closes without a reply. */
const CLOSES_AT = '2026-03-09T09:30:00.000Z';

describe('the notification policy (docs/domain.md#notifications)', () => {
  it.each([
    ['an agent public reply', agentReply('public'), 'message', "Your ticket 'Cannot log in' has a new reply"],
    [
      '-> waiting_customer',
      moved('in_progress', 'waiting_customer'),
      'warning',
      "Your ticket 'Cannot log in' is waiting for your reply",
    ],
    ['-> resolved', moved('in_progress', 'resolved'), 'success', "Your ticket 'Cannot log in' is resolved"],
    ['-> closed', moved('resolved', 'closed', 'manual'), 'info', "Your ticket 'Cannot log in' is closed"],
    ['-> closed as invalid', moved('new', 'closed', 'invalid'), 'info', "Your ticket 'Cannot log in' is closed"],
    [
      '-> closed by hand for lack of response',
      moved('waiting_customer', 'closed', 'no_customer_response'),
      'info',
      "Your ticket 'Cannot log in' is closed for lack of response",
    ],
    [
      'reminder 1',
      {
        type: 'TicketReminderSent',
        data: { ...by(SYSTEM), ticketId: TICKET_ID, n: 1, waitingSince: by(SYSTEM).at, closesAt: CLOSES_AT },
      },
      'warning',
      "Reminder: your ticket 'Cannot log in' is waiting for your reply. Without one, it closes on 2026-03-09 09:30 UTC.",
    ],
    [
      'reminder 2',
      {
        type: 'TicketReminderSent',
        data: { ...by(SYSTEM), ticketId: TICKET_ID, n: 2, waitingSince: by(SYSTEM).at, closesAt: CLOSES_AT },
      },
      'warning',
      "Second reminder: your ticket 'Cannot log in' is waiting for your reply. Without one, it closes on 2026-03-09 09:30 UTC.",
    ],
    [
      'auto-close for lack of response',
      {
        type: 'TicketAutoClosed',
        data: {
          ...by(SYSTEM),
          ticketId: TICKET_ID,
          from: 'waiting_customer',
          closeReason: 'no_customer_response',
          message: 'closed for lack of response',
        },
      },
      'info',
      "Your ticket 'Cannot log in' is closed for lack of response",
    ],
    [
      'auto-close after resolution',
      {
        type: 'TicketAutoClosed',
        data: {
          ...by(SYSTEM),
          ticketId: TICKET_ID,
          from: 'resolved',
          closeReason: 'resolved_timeout',
          message: 'closed automatically after resolution',
        },
      },
      'info',
      "Your ticket 'Cannot log in' is closed",
    ],
  ] as [string, TicketEvent, string, string][])('%s tells the customer', (_, event, kind, text) => {
    expect(told(event)).toEqual([{ kind, text }]);
  });

  it.each([
    ['an internal note', agentReply('internal')],
    ['new -> in_progress', moved('new', 'in_progress')],
    ['a reopen', { ...moved('closed', 'in_progress'), data: { ...moved('closed', 'in_progress').data, reopen: true } }],
    ['a spam close', moved('new', 'closed', 'spam')],
    ['an assignment', { type: 'TicketAssigned', data: { ...by(SYSTEM), ticketId: TICKET_ID, agentId: 'agent-1' } }],
    [
      'an escalation',
      {
        type: 'TicketEscalated',
        data: { ...by(SYSTEM), ticketId: TICKET_ID, fromTier: 1, toTier: 2, escalationReason: 'sla_breach' },
      },
    ],
    [
      'a priority change',
      { type: 'TicketPriorityChanged', data: { ...by(AGENT), ticketId: TICKET_ID, from: 'low', to: 'high' } },
    ],
    [
      'an SLA breach',
      {
        type: 'TicketSlaBreached',
        data: { ...by(SYSTEM), ticketId: TICKET_ID, metric: 'resolution', dueAt: by(SYSTEM).at },
      },
    ],
  ] as [string, TicketEvent][])('%s tells the customer nothing', (_, event) => {
    for (const preference of ['web_only', 'email_only', 'both', 'none'] as const)
      expect(told(event, preference)).toEqual([]);
  });

  it.each([
    ['web_only', ['web']],
    ['email_only', ['email']],
    ['both', ['web', 'email', 'push']],
  ] as const)('delivers to %s as %o', (preference, channels) => {
    expect(customerNotifications(agentReply('public'), ticket, preference, position)).toEqual([
      {
        id: 'notification:ticket-ticket-1:7',
        ticketId: TICKET_ID,
        kind: 'message',
        template: 'ticket.replied',
        params: { subject: 'Cannot log in', ticketId: TICKET_ID, message: 'Hi' },
        title: 'Support ticket: New reply',
        text: "Your ticket 'Cannot log in' has a new reply",
        channels,
      },
    ]);
  });

  it('lists the titles of the articles a reply links, one per line', () => {
    const reply = agentReply('public');
    const links = [
      { articleId: 'kb-1', locale: 'en', title: 'Reset your password' },
      { articleId: 'kb-2', locale: 'en' },
      { articleId: 'kb-3', locale: 'en', version: 2, title: 'Two-factor login' },
    ];
    const linked = { ...reply, data: { ...reply.data, articles: links } } as TicketEvent;
    expect(customerNotifications(linked, ticket, 'email_only', position)[0]?.params).toEqual({
      subject: 'Cannot log in',
      ticketId: TICKET_ID,
      message: 'Hi',
      articles: 'Reset your password\nTwo-factor login',
    });
  });

  it("names the files a reply sent, with their sizes, in the reader's words", () => {
    const reply = agentReply('public');
    const file = (fileName: string, size: number) => ({
      attachmentId: `a-${size}`,
      fileName,
      contentType: 'image/png',
      size,
      sha256: 'a'.repeat(64),
    });
    const withFiles = {
      ...reply,
      data: {
        ...reply.data,
        attachments: [file('screen.png', 12_800), file('invoice.pdf', 1_572_864), file('a.txt', 5)],
      },
    } as TicketEvent;
    expect(customerNotifications(withFiles, ticket, 'email_only', position)[0]?.params.files).toBe(
      'Files sent with this reply (open your ticket to download them):\n- screen.png (13 KB)\n- invoice.pdf (1.5 MB)\n- a.txt (5 bytes)',
    );
    expect(customerNotifications(withFiles, ticket, 'email_only', position, 'fr')[0]?.params.files).toBe(
      'Fichiers joints à cette réponse (à télécharger depuis votre ticket) :\n- screen.png (13 Ko)\n- invoice.pdf (1,5 Mo)\n- a.txt (5 octets)',
    );
  });

  it('sends nothing to a customer who chose none', () => {
    expect(customerNotifications(moved('in_progress', 'resolved'), ticket, 'none', position)).toEqual([]);
  });

  it('derives the same id for the same event and different ids for different events', () => {
    const event = moved('in_progress', 'resolved');
    const id = (eventIndex: number, streamId = position.streamId) =>
      customerNotifications(event, ticket, 'both', { streamId, eventIndex })[0]?.id;
    expect(id(7)).toBe(id(7));
    expect(new Set([id(7), id(8), id(7, 'ticket-other')]).size).toBe(3);
  });

  it('confirms an opened ticket', () => {
    expect(told(opened())).toEqual([{ kind: 'info', text: "Your ticket 'Cannot log in' is received" }]);
  });
});

describe("customer notifications in the customer's locale", () => {
  const inFrench = (event: TicketEvent) =>
    customerNotifications(event, ticket, 'web_only', position, 'fr').map(({ title, text }) => ({ title, text }));

  it.each([
    [
      moved('in_progress', 'waiting_customer'),
      'Ticket de support : En attente de votre réponse',
      "Votre ticket 'Cannot log in' est maintenant en attente de votre réponse.",
    ],
    [
      moved('in_progress', 'resolved'),
      'Ticket de support : Résolu',
      "Votre ticket 'Cannot log in' est maintenant résolu.",
    ],
    [
      moved('resolved', 'closed', 'manual'),
      'Ticket de support : Fermé',
      "Votre ticket 'Cannot log in' est maintenant fermé.",
    ],
  ] as [TicketEvent, string, string][])("uses the support guide's French texts (%#)", (event, title, text) => {
    expect(inFrench(event)).toEqual([{ title, text }]);
  });

  it("uses a deployment's own text when it overrides one", () => {
    const overrides = { en: { 'ticket.resolved': { body: 'Done: {subject} ({ticketId})' } } };
    const [notification] = customerNotifications(
      moved('in_progress', 'resolved'),
      ticket,
      'both',
      position,
      'en',
      overrides,
    );
    expect(notification).toMatchObject({ title: 'Support ticket: Resolved', text: 'Done: Cannot log in (ticket-1)' });
  });
});

describe('a booked call', () => {
  /** The call a critical incident books, in UTC, with no number of its own. */
  const incident: TicketEvent = {
    type: 'TicketCallbackScheduled',
    data: {
      ...by(SYSTEM),
      ticketId: TICKET_ID,
      callbackId: incidentCallbackId('2025-03-04T09:20:00.000Z' as Instant),
      callbackAt: '2025-03-04T09:30:00.000Z',
      timeZone: 'UTC',
      callbackReason: 'Critical incident',
    },
  };

  it("is confirmed to the customer with its time in the customer's time zone", () => {
    const booked: TicketEvent = {
      type: 'TicketCallbackScheduled',
      data: {
        ...by(AGENT),
        ticketId: TICKET_ID,
        callbackId: 'cb-1',
        callbackAt: '2025-03-04T09:30:00.000Z',
        timeZone: 'Europe/Paris',
        callbackReason: 'Walk me through it',
      },
    };
    expect(told(booked)).toEqual([
      { kind: 'info', text: "We will call you about your ticket 'Cannot log in' at 2025-03-04 10:30 (Europe/Paris)." },
    ]);
    const [french] = customerNotifications(booked, ticket, 'email_only', position, 'fr');
    expect(french?.text).toBe(
      "Nous vous appellerons au sujet de votre ticket 'Cannot log in' le 2025-03-04 10:30 (Europe/Paris).",
    );
    // The zone it was booked in, whatever the customer's profile says.
    const [elsewhere] = customerNotifications(booked, ticket, 'both', position, 'en', undefined, 'America/New_York');
    expect(elsewhere?.text).toContain('2025-03-04 10:30 (Europe/Paris)');
  });

  it("booked by the automation (a critical incident's, in UTC), is announced in the customer's time zone", () => {
    const [local] = customerNotifications(incident, ticket, 'both', position, 'en', undefined, 'Asia/Dubai');
    expect(local?.text).toContain('2025-03-04 13:30 (Asia/Dubai)');
    expect(told(incident)[0]?.text).toContain('2025-03-04 09:30 UTC');
    // A call an integration booked as the system, in a zone of its choosing, keeps that zone.
    const booked = {
      ...incident,
      data: { ...incident.data, callbackId: 'cb-9', timeZone: 'Europe/Paris' },
    } as TicketEvent;
    const [asBooked] = customerNotifications(booked, ticket, 'both', position, 'en', undefined, 'Asia/Dubai');
    expect(asBooked?.text).toContain('2025-03-04 10:30 (Europe/Paris)');
  });

  it('asks a customer with no number on file for one, rather than promising a call nobody can make', () => {
    const noNumber = (event: TicketEvent, locale: 'en' | 'fr' = 'en') =>
      customerNotifications(event, ticket, 'both', position, locale, undefined, null, false)[0];
    expect(noNumber(incident)).toMatchObject({
      template: 'ticket.callback.scheduled.no_phone',
      text: "We will call you about your ticket 'Cannot log in' at 2025-03-04 09:30 UTC, but we have no phone number for you: please add one to your profile or reply with it.",
    });
    expect(noNumber(incident, 'fr')?.text).toContain("nous n'avons pas votre numéro de téléphone");
    // A number given with the booking is the one to call, whatever the profile holds.
    const withNumber = { ...incident, data: { ...incident.data, phone: '+33 1 23 45 67 89' } } as TicketEvent;
    expect(noNumber(withNumber)?.template).toBe('ticket.callback.scheduled');
    expect(told(incident)).toEqual([
      { kind: 'info', text: "We will call you about your ticket 'Cannot log in' at 2025-03-04 09:30 UTC." },
    ]);
  });

  it('is announced when staff or the automation call it off, not when the customer did', () => {
    const cancelled = (actor: typeof AGENT): TicketEvent => ({
      type: 'TicketCallbackCancelled',
      data: { ...by(actor), ticketId: TICKET_ID, callbackId: 'cb-1' },
    });
    const text = "The call we booked about your ticket 'Cannot log in' is cancelled: we will not call you for it.";
    expect(told(cancelled(AGENT))).toEqual([{ kind: 'info', text }]);
    expect(told(cancelled(SYSTEM))).toEqual([{ kind: 'info', text }]);
    expect(told(cancelled(CUSTOMER))).toEqual([]);
    const [french] = customerNotifications(cancelled(AGENT), ticket, 'email_only', position, 'fr');
    expect(french?.title).toBe('Ticket de support : Appel annulé');
  });
});

describe('the preference as it can be honoured', () => {
  it('tells a customer who chose email only in the inbox while no address is on file, and leaves the rest', () => {
    expect(reachablePreference('email_only', false)).toBe('web_only');
    expect(reachablePreference('email_only', true)).toBe('email_only');
    for (const preference of ['web_only', 'both', 'none'] as const)
      for (const hasEmail of [true, false]) expect(reachablePreference(preference, hasEmail)).toBe(preference);
  });
});
