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
 * The HTML and text bodies of a notification email. Every value is escaped: a ticket subject or
 * a template override is text, never markup, so nothing a user typed renders as HTML.
 */
export function renderEmail(message: MessagePayload): { subject: string; text: string; html: string } {
  const paragraphs = message.text
    .split(/\n{2,}/)
    .map((paragraph) => `<p style="margin:0 0 12px">${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`)
    .join('');
  const html = `<!doctype html><html lang="${escapeHtml(message.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(message.title)}</title></head><body style="font-family:sans-serif;color:#111827"><div style="border-left:4px solid ${ACCENT[message.kind]};padding:8px 16px"><h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(message.title)}</h1>${paragraphs}</div></body></html>`;
  return { subject: message.title, text: message.text, html };
}
