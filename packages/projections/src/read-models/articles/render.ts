import MarkdownIt, { type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in a body is shown as text, never interpreted: authors write Markdown. markdown-it's
// own link check already refuses `javascript:`/`vbscript:`/`file:`/`data:` targets; the
// sanitizer below is the second, independent wall.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

// What a help-center article needs and nothing that runs, styles or embeds.
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'em',
    's',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Articles link to third parties: the target gets neither our window nor our referrer, and no ranking credit.
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
  },
};

/**
 * An article's Markdown as HTML safe to put in a page: rendered by markdown-it with raw HTML
 * disabled, then passed through an allow-list sanitizer. Scripts, event handlers, styles and
 * `javascript:`/`data:` URLs never survive; links get `rel="noopener noreferrer nofollow"`.
 */
export function renderArticleBody(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE);
}

/** Private-use characters that mark highlights in search snippets: a body never holds them. */
export const SNIPPET_MARKS = { start: '\uE000', end: '\uE001' } as const;

/**
 * An article's Markdown as plain text (no markup, no link targets, no snippet marks), the text
 * that is indexed for search and cut into snippets. Blocks are separated by new lines. A `<`
 * that would open a tag is followed by a space: the text holds no HTML (the article shows it
 * literally), but PostgreSQL's text-search parser skips what looks like a tag, and all of a
 * `<script>` or `<style>` element, so the words a reader sees after "<your-email>" or "<script>"
 * could not be found.
 */
export function articleBodyText(source: string): string {
  const blocks: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'inline') blocks.push(inlineText(token.children ?? []));
    else if (token.type === 'fence' || token.type === 'code_block') blocks.push(token.content.trimEnd());
  }
  return blocks
    .filter((block) => block.length > 0)
    .join('\n')
    .replace(/[\uE000\uE001]/g, '')
    .replace(/<(?=[\p{L}/!?])/gu, '< ');
}

function inlineText(tokens: readonly Token[]): string {
  let text = '';
  for (const token of tokens) {
    if (token.type === 'text' || token.type === 'code_inline') text += token.content;
    else if (token.type === 'softbreak' || token.type === 'hardbreak') text += ' ';
    else if (token.type === 'image') text += inlineText(token.children ?? []);
  }
  return text;
}
