import { SNIPPET_MARKS } from '../read-models/articles/render.js';

/**
 * The `ts_headline` options that mark the matched words with {@link SNIPPET_MARKS}: private-use
 * characters, so the text around them can be escaped before the marks become `<mark>` elements.
 */
export const HEADLINE_MARKS = `StartSel=${SNIPPET_MARKS.start}, StopSel=${SNIPPET_MARKS.end}`;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * A headline marked with {@link HEADLINE_MARKS} as safe HTML: its text escaped, its marks turned
 * into `<mark>` elements. The headlined text must not hold the marks itself (strip them first).
 */
export function snippetHtml(headline: string): string {
  return headline
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
    .replaceAll(SNIPPET_MARKS.start, '<mark>')
    .replaceAll(SNIPPET_MARKS.end, '</mark>');
}
