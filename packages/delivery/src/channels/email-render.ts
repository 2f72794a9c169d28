import { isConversationTemplate, quotedLines, type TemplateKey } from '@support-engine/domain/notification';
import escapeHtml from 'escape-html';
import type { MessagePayload } from './message.js';

/** The accent colour of each kind (the support guide's: orange warnings, green successes, blue information). */
const ACCENT: Record<MessagePayload['kind'], string> = {
  message: '#4b5563',
  warning: '#d97706',
  success: '#15803d',
  info: '#1d4ed8',
};

/**
 * The HTML and text bodies of a notification email: its text, then the reply it announces when
 * it carries one (`quote`). Every value is escaped: a ticket subject, a reply or a template
 * override is text, never markup, so nothing a user typed renders as HTML.
 */
export function renderEmail(message: MessagePayload): { subject: string; text: string; html: string } {
  if (isConversationTemplate(message.template as TemplateKey)) return renderConversation(message);
  const quote =
    message.quote === null || message.quote.trim() === ''
      ? ''
      : `<blockquote style="margin:0 0 12px;padding:0 0 0 12px;border-left:2px solid #d1d5db">${paragraphsOf(message.quote)}</blockquote>`;
  const html = `<!doctype html><html lang="${escapeHtml(message.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(message.title)}</title></head><body style="font-family:sans-serif;color:#111827"><div style="border-left:4px solid ${ACCENT[message.kind]};padding:8px 16px"><h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(message.title)}</h1>${paragraphsOf(message.text)}${quote}</div></body></html>`;
  const text = quote === '' ? message.text : `${message.text}\n\n${message.quote}`;
  return { subject: message.title, text, html };
}

/**
 * A mail of an email conversation: it reads as the next message, not an alert. The words first
 * (no heading, no colour), then what the reply quotes (`quote`), then the history it answers, in
 * the plain text as mail clients quote (`> `) and in the HTML as a block quote. Escaped as above.
 */
function renderConversation(message: MessagePayload): { subject: string; text: string; html: string } {
  const words = [message.text, message.quote ?? '']
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const history = message.mail?.history ?? null;
  const text =
    history === null || history.words.trim() === ''
      ? words
      : `${words}\n\n${history.intro}\n${quotedLines(history.words)}`;
  const quoted =
    history === null || history.words.trim() === ''
      ? ''
      : `<p style="margin:0 0 8px;color:#4b5563">${escapeHtml(history.intro)}</p><blockquote style="margin:0;padding:0 0 0 12px;border-left:2px solid #d1d5db;color:#4b5563">${paragraphsOf(history.words.trim())}</blockquote>`;
  const html = `<!doctype html><html lang="${escapeHtml(message.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(message.mail?.subject ?? message.title)}</title></head><body style="font-family:sans-serif;color:#111827">${paragraphsOf(words)}${quoted}</body></html>`;
  return { subject: message.mail?.subject ?? message.title, text, html };
}

/** Plain text as HTML paragraphs (a blank line between them), line breaks kept, web addresses linked. */
function paragraphsOf(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 12px">${linked(escapeHtml(paragraph)).replaceAll('\n', '<br>')}</p>`)
    .join('');
}

/** Each http(s) address of escaped text as a link (escaped text holds no quote or angle bracket to break out with). */
function linked(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`);
}
