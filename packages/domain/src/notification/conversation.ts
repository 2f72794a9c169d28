import { subjectWithTicketReference } from '../inbound-mail/threading.js';
import type { Locale, TemplateKey } from './templates.js';
import { readableTime } from './time.js';

// A ticket that came by email is a conversation: what the engine mails its customer is the next
// message of that thread, not an alert about it.

const CONVERSATION: Readonly<Partial<Record<TemplateKey, TemplateKey>>> = {
  'ticket.opened': 'mail.ticket.opened',
  'ticket.replied': 'mail.ticket.replied',
  'ticket.waiting': 'mail.ticket.waiting',
  'ticket.resolved': 'mail.ticket.resolved',
  'ticket.closed': 'mail.ticket.closed',
};

/**
 * The template a customer's mail about a ticket that came by email uses: the conversation's
 * wording where there is one (`mail.ticket.*`), else the notification's own.
 */
export function conversationTemplate(template: TemplateKey): TemplateKey {
  return CONVERSATION[template] ?? template;
}

/** Whether `template` is one of a conversation's (`mail.ticket.*`): its mail reads as a message, not an alert. */
export function isConversationTemplate(template: TemplateKey): boolean {
  return Object.values(CONVERSATION).includes(template);
}

/**
 * Whether a mail of `template` is written by a machine (`Auto-Submitted: auto-generated`, RFC
 * 3834): every notification, reminder, alert and confirmation is; the agent's own reply sent as
 * the next message of an email conversation is not (it is a person's answer, and the customer's
 * auto-responder may answer it).
 */
export function isAutomaticMail(template: TemplateKey): boolean {
  return template !== 'mail.ticket.replied';
}

/**
 * The subject of the engine's mails in a ticket's conversation: the ticket's subject answered
 * (`Re: `, once, whatever prefixes the customer's client put), carrying `[#ticketId]` once so an
 * answer names its ticket even when every other mark is lost.
 */
export function replySubject(subject: string, ticketId: string): string {
  const bare = subject.replace(/^\s*((re|aw|sv|fwd?|tr)\s*:\s*)+/i, '').trim();
  return `Re: ${subjectWithTicketReference(bare === '' ? subject.trim() : bare, ticketId)}`;
}

/** Most Message-IDs a mail's `References` names: the thread's first and its latest. */
export const MAX_REFERENCES = 20;

/**
 * The `References` of the next mail in a thread whose messages (Message-IDs, oldest first) are
 * `thread`: all of them, or, in a long thread, the first and the latest (RFC 5322 §3.6.4 keeps the
 * first), without repeats. Its last is the `In-Reply-To`.
 */
export function mailReferences(thread: readonly string[], max = MAX_REFERENCES): string[] {
  const unique = [...new Set(thread)];
  if (unique.length <= max) return unique;
  return [unique[0] as string, ...unique.slice(unique.length - (max - 1))];
}

const WROTE: Readonly<Record<Locale, (time: string) => string>> = {
  en: (time) => `On ${time}, you wrote:`,
  fr: (time) => `Le ${time}, vous avez écrit :`,
};

/** The line above the history quoted under a reply: when the customer wrote it (their time zone; UTC without one). */
export function historyIntro(at: string, locale: Locale, timeZone: string | null): string {
  return WROTE[locale](readableTime(at, timeZone ?? 'UTC'));
}

/** Words quoted the way mail quotes them: each line after `> ` (a blank one as `>`). */
export function quotedLines(words: string): string {
  return words
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}
