import EmailReplyParser from 'email-reply-parser';
import { htmlToText, withoutControls } from './html-to-text.js';
import { quoteBlockStart } from './quote-headers.js';

/** A message's text as the agent reads it, and whole. */
export interface VisibleText {
  /** What the customer wrote this time: quoted earlier messages and the signature left out. */
  readonly visible: string;
  /** The message's whole text (its plain part, or its HTML as text when it had none). */
  readonly full: string;
  /** Whether anything was left out of `visible` (the desk then offers the full message). */
  readonly stripped: boolean;
}

/**
 * The part of a mail an agent needs: quoted earlier messages and signatures stripped, in the forms
 * English and French mail clients write them (Gmail, Outlook, Apple Mail, Thunderbird, phones),
 * whatever the mailbox's language (a French customer's mail client may write English). An
 * HTML-only message is read as text first. A message with words never reads empty: when stripping
 * would leave none, the whole text is shown.
 */
export function visibleText(message: {
  readonly text?: string | undefined;
  readonly html?: string | undefined;
}): VisibleText {
  const plain = message.text !== undefined && hasWords(message.text) ? message.text : undefined;
  const full = normalise(plain ?? (message.html === undefined ? (message.text ?? '') : htmlToText(message.html)));
  // Only the start is read for the reply (a message body holds 20,000 characters): the parser
  // takes seconds over a megabyte, and the whole text stays in `full`.
  const lines = full.slice(0, READ_MAX).split('\n');
  const reply = lines.slice(0, quoteBlockStart(lines)).join('\n');
  const visible = normalise(new EmailReplyParser().read(reply).getVisibleText());
  if (!hasWords(visible)) return { visible: full, full, stripped: false };
  return { visible, full, stripped: visible !== full };
}

/** The most of a message's text read for what the sender wrote this time. */
const READ_MAX = 100_000;

/** Whether `text` holds a letter or a digit. */
function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** Line breaks as `\n`, control characters dropped, line ends trimmed, at most one blank line in a row. */
function normalise(text: string): string {
  return withoutControls(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
