import { messageContent, type PlacedImage } from '../content/message-content.js';
import type { MailPart, ParsedMail } from './parse.js';

/** The text a received message adds to its ticket, and where its inline images go in it. */
export interface MessageText {
  readonly body: string;
  readonly fullText?: string;
  readonly placed: readonly PlacedImage<MailPart>[];
}

/**
 * The text a received message adds to its ticket: what the sender wrote this time (quoted text
 * and signatures left out, an HTML-only message read as text, and one showing its own images
 * read from its HTML), cut to what a message holds; the whole text when that is only part of it,
 * for the message's `MailOrigin.fullText`; and where the body shows each inline image.
 */
export function messageText(parsed: ParsedMail): MessageText {
  const { body, fullText, placed } = messageContent(parsed);
  return fullText === undefined ? { body, placed } : { body, fullText, placed };
}

/** The text a received message adds to its ticket ({@link messageText}'s body). */
export function messageBody(parsed: ParsedMail): string {
  return messageText(parsed).body;
}

/** A new ticket's description: the message's text (its {@link messageText} body), or a word saying it had none (its files say it all). */
export function ticketDescription(body: string): string {
  return body.length > 0 ? body : '(no text)';
}

/** The longest subject a ticket holds. */
const MAX_SUBJECT = 300;

/** A new ticket's subject: the message's on one line, or a word saying it had none. */
export function ticketSubject(parsed: ParsedMail): string {
  const subject = parsed.subject.replace(/\s+/g, ' ').trim();
  if (subject.length === 0) return '(no subject)';
  return subject.length <= MAX_SUBJECT ? subject : `${subject.slice(0, MAX_SUBJECT - 1).trimEnd()}…`;
}
