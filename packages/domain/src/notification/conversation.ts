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

/**
 * Whether a mail of `template` is written by a machine (`Auto-Submitted: auto-generated`, RFC
 * 3834): every notification, reminder, alert and confirmation is; the agent's own reply sent as
 * the next message of an email conversation is not (it is a person's answer, and the customer's
 * auto-responder may answer it).
 */
export function isAutomaticMail(template: TemplateKey): boolean {
  return template !== 'mail.ticket.replied';
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

/**
 * The history quoted under a reply in an email conversation: what the customer last wrote
 * (`words`, at `at`), each line after `> `, under a line in `locale`'s words saying when (in
 * their time zone; UTC without one). Empty when they wrote nothing.
 */
export function quotedHistory(words: string, at: string, locale: Locale, timeZone: string | null): string {
  if (words.trim() === '') return '';
  const lines = words
    .trim()
    .split(/\r?\n/)
    .map((line) => (line === '' ? '>' : `> ${line}`));
  return [WROTE[locale](readableTime(at, timeZone ?? 'UTC')), ...lines].join('\n');
}
