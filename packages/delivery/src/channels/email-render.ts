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
  const quote =
    message.quote === null || message.quote.trim() === ''
      ? ''
      : `<blockquote style="margin:0 0 12px;padding:0 0 0 12px;border-left:2px solid #d1d5db">${paragraphsOf(message.quote)}</blockquote>`;
  const html = `<!doctype html><html lang="${escapeHtml(message.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(message.title)}</title></head><body style="font-family:sans-serif;color:#111827"><div style="border-left:4px solid ${ACCENT[message.kind]};padding:8px 16px"><h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(message.title)}</h1>${paragraphsOf(message.text)}${quote}</div></body></html>`;
  const text = quote === '' ? message.text : `${message.text}\n\n${message.quote}`;
  return { subject: message.title, text, html };
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
