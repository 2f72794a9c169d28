import { htmlToText } from '../content/html-to-text.js';
import type { ParsedMail } from './parse.js';

/** The longest text a ticket message holds; the whole mail stays readable as its original. */
const MAX_BODY = 20_000;

/**
 * The text a received message adds to its ticket: the plain-text part, else the HTML part as
 * text. Quoted text and signatures stay in (the content's `messageContent` strips them: this is
 * where it plugs in); cut to what a message holds.
 */
export function messageBody(parsed: ParsedMail): string {
  const text = parsed.text ?? (parsed.html === undefined ? '' : htmlToText(parsed.html));
  const body = text.replace(/\r\n?/g, '\n').trim();
  return body.length <= MAX_BODY ? body : `${body.slice(0, MAX_BODY - 1).trimEnd()}…`;
}

/** A new ticket's description: the message's text, or a word saying it had none (its files say it all). */
export function ticketDescription(parsed: ParsedMail): string {
  const body = messageBody(parsed);
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
