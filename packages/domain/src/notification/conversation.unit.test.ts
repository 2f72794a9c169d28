import { describe, expect, it } from 'vitest';
import { ticketReferenceInSubject } from '../inbound-mail/threading.js';
import {
  conversationTemplate,
  historyIntro,
  isAutomaticMail,
  isConversationTemplate,
  MAX_REFERENCES,
  mailReferences,
  quotedLines,
  replySubject,
} from './conversation.js';
import { TemplateKey } from './templates.js';

describe('a ticket’s email conversation', () => {
  it('words the customer’s news as the next message where it has a conversation template', () => {
    expect(conversationTemplate('ticket.replied')).toBe('mail.ticket.replied');
    expect(conversationTemplate('ticket.reminder.1')).toBe('ticket.reminder.1');
    for (const key of TemplateKey.options) expect(isConversationTemplate(key)).toBe(key.startsWith('mail.'));
    const mapped = TemplateKey.options.filter((key) => conversationTemplate(key) !== key);
    expect(mapped.map(conversationTemplate).sort()).toEqual(TemplateKey.options.filter(isConversationTemplate).sort());
  });

  it('marks every mail automatic but the agent’s reply', () => {
    const automatic = TemplateKey.options.filter((key) => !isAutomaticMail(key));
    expect(automatic).toEqual(['mail.ticket.replied']);
  });

  it('answers the subject once and carries the ticket reference once', () => {
    expect(replySubject('Printer on fire', 't-1')).toBe('Re: Printer on fire [#t-1]');
    expect(replySubject('RE: Fwd: re: Printer on fire [#t-1]', 't-1')).toBe('Re: Printer on fire [#t-1]');
    expect(ticketReferenceInSubject(replySubject('Re:', 't-2'))).toBe('t-2');
  });

  it('references the whole thread, or its first and latest messages when long', () => {
    expect(mailReferences(['a', 'b', 'a', 'c'])).toEqual(['a', 'b', 'c']);
    const long = Array.from({ length: 50 }, (_, n) => `m${n}`);
    const kept = mailReferences(long);
    expect(kept).toHaveLength(MAX_REFERENCES);
    expect(kept[0]).toBe('m0');
    expect(kept.at(-1)).toBe('m49');
  });

  it('quotes the history as mail clients do, under a line in the reader’s words', () => {
    expect(quotedLines('Hello\n\nIt broke\n')).toBe('> Hello\n>\n> It broke');
    expect(historyIntro('2026-03-02T10:00:00.000Z', 'fr', 'Europe/Paris')).toBe(
      'Le 2026-03-02 11:00 (Europe/Paris), vous avez écrit :',
    );
    expect(historyIntro('2026-03-02T10:00:00.000Z', 'en', null)).toBe('On 2026-03-02 10:00 UTC, you wrote:');
  });
});
