import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderEmail } from './channels/email-render.js';
import { inertText } from './channels/inert-text.js';
import { Directory } from './directory.js';
import { emailConfirmationLink, readEmailConfirmation, signEmailConfirmation } from './email-confirmation.js';
import { foldIntoDirectory } from './fold.js';
import { type PlannedEvent, planDeliveries } from './plan.js';

// Address confirmation links (signed, read back, refused when forged), the one mail a pending
// address gets, and customer-written text made inert in mail.

const key = randomBytes(32);
const link = { customerId: 'cust-1', email: 'ana@new.example', expiresAt: '2026-03-03T10:00:00.000Z' };
const at = new Date('2026-03-02T10:00:00Z');
const actor = { id: 'cust-1', role: 'customer' };
const URL_TEMPLATE = 'https://support.example/confirm?token={token}';

const event = (type: string, data: Record<string, unknown>, version: number): PlannedEvent => ({
  type,
  data: { ...data, at: at.toISOString(), actor },
  streamId: 'customer-cust-1',
  version,
  globalPosition: BigInt(version),
  recordedAt: at,
});

describe('address confirmation links', () => {
  it('read back what was signed, in a token a URL query carries as it is', () => {
    const token = signEmailConfirmation(link, key);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(readEmailConfirmation(token, key)).toEqual(link);
    expect(emailConfirmationLink(URL_TEMPLATE, token)).toBe(`https://support.example/confirm?token=${token}`);
  });

  it('are refused when forged, altered, cut short or signed with another key', () => {
    const token = signEmailConfirmation(link, key);
    const [payload, signature] = token.split('.') as [string, string];
    const other = signEmailConfirmation({ ...link, customerId: 'cust-2' }, key).split('.')[0];
    for (const forged of [
      `${other}.${signature}`,
      `${payload}.${signature.slice(1)}`,
      payload,
      '',
      signEmailConfirmation(link, randomBytes(32)),
    ])
      expect(readEmailConfirmation(forged, key)).toBeNull();
  });
});

describe('a pending address', () => {
  const directory = new Directory();
  foldIntoDirectory(
    directory,
    event(
      'CustomerRegistered',
      { customerId: 'cust-1', name: 'Ana', email: 'ana@old.example', deliveryPreference: 'both' },
      1,
    ),
  );
  const requested = event('CustomerEmailChangeRequested', link, 2);
  foldIntoDirectory(directory, requested);
  const options = { email: true, push: false, emailConfirmation: { key, url: URL_TEMPLATE } };

  it('gets the confirmation link, and is not the address the customer is mailed at', () => {
    const plan = planDeliveries(requested, directory, options);
    expect(plan.deliveries.map((delivery) => [delivery.recipient, delivery.topic])).toEqual([
      ['ana@new.example', 'customer.email.confirm'],
    ]);
    const text = (plan.deliveries[0]!.payload as { text: string }).text;
    const token = decodeURIComponent(/token=(\S+)/.exec(text)?.[1] ?? '');
    expect(readEmailConfirmation(token, key)).toEqual(link);
    expect(directory.get('customer', 'cust-1')?.email).toBe('ana@old.example');
  });

  it('gets nothing when confirmation links are not configured', () => {
    expect(planDeliveries(requested, directory, { email: true, push: false }).deliveries).toEqual([]);
  });

  it('is the address mailed once confirmed', () => {
    const confirmed = new Directory();
    foldIntoDirectory(
      confirmed,
      event(
        'CustomerEmailConfirmed',
        { customerId: 'cust-1', email: 'ana@new.example', previous: 'ana@old.example' },
        3,
      ),
    );
    expect(confirmed.get('customer', 'cust-1')?.email).toBe('ana@new.example');
  });
});

describe('customer-written text in mail', () => {
  const written = 'Pay at https://evil.example/pay, www.evil.example or evil.example; mail boss@evil.example';

  it('keeps every character a reader sees, but no address a link finder recognises', () => {
    const inert = inertText(written);
    expect(inert.replaceAll('\u2060', '')).toBe(written);
    for (const address of [/https?:\/\//, /www\.evil/, /evil\.example/, /boss@evil/])
      expect(inert).not.toMatch(address);
  });

  it("renders as no link, where the team's own addresses still are", () => {
    const staffAlert = planDeliveries(
      { ...event('TicketCustomerReplied', { ticketId: 't-1', body: written }, 4), streamId: 'ticket-t-1' },
      (() => {
        const directory = new Directory();
        foldIntoDirectory(directory, {
          type: 'TicketOpened',
          data: {
            ticketId: 't-1',
            customerId: 'cust-1',
            subject: 'See https://evil.example/x',
            priority: 'normal',
            channel: 'web',
          },
        });
        foldIntoDirectory(directory, { type: 'TicketAssigned', data: { ticketId: 't-1', agentId: 'agent-1' } });
        foldIntoDirectory(directory, {
          type: 'StaffProfileSet',
          data: { staffId: 'agent-1', name: 'Al', email: 'al@example.com', channels: ['email'], groups: [] },
        });
        return directory;
      })(),
      { email: true, push: false },
    ).deliveries.find((delivery) => delivery.channel === 'email');
    expect(staffAlert).toBeDefined();
    const html = renderEmail(staffAlert!.payload as Parameters<typeof renderEmail>[0]).html;
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('evil.example');
    expect(
      renderEmail({
        title: 'Reply',
        text: 'See https://help.example.com/a',
        kind: 'message',
        locale: 'en',
        ticketId: 't-1',
        chatId: null,
        suggestionId: null,
        template: 'ticket.replied',
        quote: null,
        mail: null,
      }).html,
    ).toContain('<a href="https://help.example.com/a">');
  });
});
